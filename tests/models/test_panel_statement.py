"""The panel's rows read in one statement (models/screens/panel_statement.py) are exactly
what the querysets it replaced read: the same rows in the same order, every column with
the same Python type and repr (time zones included), the same joined shop and buyer,
memo text with escapes and emoji intact; a transaction's own rows are seen inside it."""

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
    # another seller's order answers like a missing one
    other = await Seller.get(login_id="shop2")
    assert await panel.read(other.id, numbers[0], today) is None
    # the API's read leaves the saved replies out; the portal's keeps them
    without = await panel.read(seller.id, numbers[0], today, saved_replies=False)
    assert without is not None and without.saved_replies is None
    found = await panel.read(seller.id, numbers[0], today)
    assert found is not None
    assert found.saved_replies == await panel.read_saved_replies(seller.id)


async def test_the_panel_read_inside_a_transaction_sees_its_rows(demo: None, clock: Clock) -> None:
    order = await Order.filter(memos__id__isnull=False).order_by("id").first()
    assert order is not None
    before = await panel.read_rows(order.seller_id, order.order_no)
    assert before is not None and before.memos

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
            inside = await panel.read_rows(order.seller_id, order.order_no)
            assert inside is not None
            assert [m.title for m in inside.memos] == [m.title for m in before.memos] + ["inside"]
            raise Rollback
    after = await panel.read_rows(order.seller_id, order.order_no)
    assert after is not None
    assert [m.id for m in after.memos] == [m.id for m in before.memos]
