"""The panel's statements rendered once (models/screens/statements.py) give exactly what
awaiting their querysets gives: the same rows, the same values and Python types, the
same joined shop and buyer; the panel read through them equals the panel read through
the querysets; a transaction's own rows are seen inside it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tortoise.models import Model
from tortoise.transactions import in_transaction

from models.clock import Clock
from models.entities import Claim, ClaimEvent, Memo, Order, Seller, WithdrawalRound
from models.enums import ActorKind, MemoStatus
from models.ops import withdrawals
from models.ops.claims import open_claim_for_order
from models.screens import panel
from models.screens.statements import Statement
from models.screens.thread import read_thread


def _values(row: Model | None) -> dict[str, tuple[type, str]] | None:
    """Every column's type and repr (an instant's time zone included)."""
    if row is None:
        return None
    names = row._meta.fields_db_projection
    return {name: (type(getattr(row, name)), repr(getattr(row, name))) for name in names}


async def _golden(seller_id: int, order_no: str, today: date) -> dict[str, Any] | None:
    """The panel as `panel.read` assembled it before its statements were prepared."""
    order = await Order.get_or_none(order_no=order_no, seller_id=seller_id).select_related(
        "buyer", "seller"
    )
    if order is None:
        return None
    claim = await open_claim_for_order(order.id)
    rounds = await WithdrawalRound.filter(claim_id=claim.id).order_by("round_no") if claim else []
    events = await ClaimEvent.filter(claim_id=claim.id).order_by("at", "id") if claim else []
    thread = await read_thread(order, ActorKind.SELLER)
    return {
        "order": _values(order),
        "buyer": _values(order.buyer),
        "seller": _values(order.seller),
        "claim": _values(claim),
        "rounds": [_values(r) for r in rounds],
        "events": [_values(e) for e in events],
        "thread": [(_values(m.memo), m.mine) for m in thread.memos],
    }


def _rows(rows: panel.PanelRows | None) -> dict[str, Any] | None:
    if rows is None:
        return None
    return {
        "order": _values(rows.order),
        "buyer": _values(rows.order.buyer),
        "seller": _values(rows.order.seller),
        "claim": _values(rows.claim),
        "rounds": [_values(r) for r in rows.rounds],
        "events": [_values(e) for e in rows.events],
        "memos": [_values(m) for m in rows.memos],
    }


def _shown(found: panel.TransactionPanel | None) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "order": _values(found.order),
        "buyer": _values(found.order.buyer),
        "seller": _values(found.order.seller),
        "claim": _values(found.claim),
        "rounds": [_values(r) for r in found.rounds],
        "events": [_values(e) for e in found.events],
        "thread": [(_values(m.memo), m.mine) for m in found.thread.memos] if found.thread else None,
    }


async def test_the_panel_reads_what_its_querysets_read(demo: None, clock: Clock) -> None:
    seller = await Seller.get(login_id="shop1")
    today = clock.today()
    # a requested round with its events, and a memo from each side, on the first claim
    first = await Claim.filter(seller_id=seller.id).order_by("id").first()
    assert first is not None
    await withdrawals.request_withdrawal(seller.id, first.id, 'line 1\n"quoted" \\ \t 😀 é')
    order = await Order.get(id=first.order_id)
    await Memo.create(
        order_id=order.id,
        seller_id=order.seller_id,
        buyer_id=order.buyer_id,
        sender_kind=ActorKind.BUYER,
        title='tab\tquote"emoji😀',
        body="x\u2028y\\z\n",
        attachment_name="名前.pdf",
        status=MemoStatus.UNANSWERED,
        sent_at=clock.now(),
    )
    numbers = [o.order_no for o in await Order.filter(seller_id=seller.id).order_by("id")]
    assert len(numbers) > 3
    compared = 0
    for number in [*numbers, "no-such-order"]:
        expected = await _golden(seller.id, number, today)
        found = await panel.read(seller.id, number, today)
        assert _shown(found) == expected, number
        compared += expected is not None and bool(expected["rounds"])
    assert compared >= 1  # a panel with rounds and events was among them
    # `read` takes the one-statement path: the general path reads the same rows
    for number in [*numbers, "no-such-order"]:
        general = await panel.read_rows_by_statements(seller.id, number)
        assert _rows(await panel.read_rows(seller.id, number)) == _rows(general), number
    # another seller's order answers like a missing one
    other = await Seller.get(login_id="shop2")
    assert await panel.read(other.id, numbers[0], today) is None
    # the API's read leaves the saved replies out; the portal's keeps them
    without = await panel.read(seller.id, numbers[0], today, saved_replies=False)
    assert without is not None and without.saved_replies is None
    found = await panel.read(seller.id, numbers[0], today)
    assert found is not None
    assert found.saved_replies == await panel.read_saved_replies(seller.id)


async def test_a_statement_runs_on_the_transaction_connection(demo: None, clock: Clock) -> None:
    order = await Order.all().order_by("id").first()
    assert order is not None
    memos: Statement[Memo] = Statement(
        lambda order_id: Memo.filter(order_id=order_id).order_by("sent_at", "id"),
        order_id=-1,
    )
    before = await memos.fetch(order_id=order.id)

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback):
        async with in_transaction():
            await Memo.create(
                order_id=order.id,
                seller_id=order.seller_id,
                buyer_id=order.buyer_id,
                sender_kind=ActorKind.BUYER,
                title="inside",
                body="b",
                status=MemoStatus.UNANSWERED,
                sent_at=clock.now(),
            )
            inside = await memos.fetch(order_id=order.id)
            assert [m.title for m in inside] == [m.title for m in before] + ["inside"]
            raise Rollback
    assert [m.id for m in await memos.fetch(order_id=order.id)] == [m.id for m in before]


async def test_a_sentinel_must_be_rendered_exactly_once(demo: None) -> None:
    twice: Statement[Order] = Statement(lambda n: Order.filter(id=n, buyer_id=n), n=-5)
    with pytest.raises(ValueError, match="2 times"):
        await twice.fetch(n=1)
