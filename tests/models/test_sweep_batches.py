"""The sweep expires every due round exactly once however its batches are cut (they are
regrouped by seller, `models/ops/sweep.py`), and what each person reads is what it was:
one expiry notice per party per claim, each inbox in claim order, one event per claim,
counters equal to a recount."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from access.live import feed
from models import live
from models.entities import Claim, ClaimEvent, Notification
from models.enums import ClaimStatus, EventKind, NotificationKind, WithdrawalState
from models.errors import DomainError
from models.ops import withdrawals
from models.ops.sweep import _by_seller, expire_due
from models.queries import counter_values, live_group_by
from models.screens import inbox
from tests.models.helpers import seller

WAIT = 5.0


async def _request_every_claim() -> dict[int, tuple[int, int]]:
    """Open a round on every claim of both demo shops that allows one; the claims with an
    open round then (the demo's own included): {claim: (seller, buyer)}."""
    for login in ("shop1", "shop2"):
        shop = await seller(login)
        for claim_id in await Claim.filter(seller_id=shop.id).values_list("id", flat=True):
            try:
                await withdrawals.request_withdrawal(shop.id, claim_id, "please withdraw")
            except DomainError:
                continue
    return {
        c.id: (c.seller_id, c.buyer_id)
        for c in await Claim.filter(withdrawal_state=WithdrawalState.REQUESTED)
    }


@pytest.mark.parametrize("batch_size", [1, 2, 5000])
async def test_every_due_round_expires_once_whatever_the_batch_size(demo, clock, batch_size):
    requested = await _request_every_claim()
    sellers = {s for s, _ in requested.values()}
    assert len(requested) >= 3 and len(sellers) == 2, "claims of both shops are due"
    clock.advance(20)

    assert await expire_due(batch_size) == len(requested)
    assert await expire_due(batch_size) == 0, "nothing is expired twice"

    for claim in await Claim.filter(id__in=list(requested)):
        assert claim.status == ClaimStatus.WITHDRAWN
        assert claim.withdrawal_state == WithdrawalState.EXPIRED
        assert claim.response_deadline is None
    events = await ClaimEvent.filter(kind=EventKind.WITHDRAWAL_EXPIRED).values_list(
        "claim_id", flat=True
    )
    assert sorted(events) == sorted(requested)
    notices = await Notification.filter(kind=NotificationKind.WITHDRAWAL_EXPIRED).values_list(
        "claim_id", "seller_id", "buyer_id"
    )
    expected = [(c, s, None) for c, (s, _) in requested.items()]
    expected += [(c, None, b) for c, (_, b) in requested.items()]
    assert sorted(notices, key=str) == sorted(expected, key=str)
    for seller_id in sellers:
        assert await counter_values(seller_id) == await live_group_by(seller_id)


async def test_each_inbox_lists_the_expiry_notices_newest_claim_first(demo, clock):
    """Each party reads only its own notices, so the order a reader can see is the order
    among one recipient's notices: by claim, whichever way a batch writes them."""
    requested = await _request_every_claim()
    clock.advance(20)
    await expire_due()

    parties = {("seller", s) for s, _ in requested.values()}
    parties |= {("buyer", b) for _, b in requested.values()}
    assert len(parties) >= 4, "two shops and at least two buyers"
    for kind, party in parties:
        box = await inbox.read(**{f"{kind}_id": party})
        listed = [n.claim_id for n in box.notices if n.kind == NotificationKind.WITHDRAWAL_EXPIRED]
        theirs = [c for c, pair in requested.items() if pair[0 if kind == "seller" else 1] == party]
        assert listed == sorted(theirs, reverse=True), (kind, party)


def test_a_window_of_due_claims_is_cut_into_batches_of_whole_sellers_runs():
    due = [(10, 2), (11, 3), (12, 2), (13, 4), (14, 3), (15, 2)]  # (claim, seller)
    assert _by_seller(due, 2) == [[10, 12], [15, 11], [14, 13]]
    assert _by_seller(due, 5000) == [[10, 12, 15, 11, 14, 13]]
    assert _by_seller([], 3) == []


@pytest.fixture
async def listening(demo, database_url: str) -> AsyncIterator[None]:
    """The feed as a server hears it: PostgreSQL's LISTEN connection (access/live.py);
    on SQLite changes reach `live.HUB` in-process after commit."""
    async with feed(database_url) as listener:
        if listener is not None:
            await asyncio.wait_for(listener.listening.wait(), WAIT)
        yield


async def _heard_until(sub: live.Subscription, marker: live.Change) -> list[live.Change]:
    """What `sub` heard before `marker` (announced after the sweep, so it comes last)."""
    heard = []
    while (change := await asyncio.wait_for(sub.next(), WAIT)) != marker:
        heard.append(change)
    return heard


async def test_the_change_feed_announces_each_claim_and_each_partys_new_notices(listening, clock):
    requested = await _request_every_claim()
    seller_id, buyer_id = next(iter(requested.values()))
    clock.advance(20)
    markers = {
        "seller": live.Change("claim", seller_id=seller_id, claim_id=-1),
        "buyer": live.Change("claim", buyer_id=buyer_id, claim_id=-1),
    }
    with (
        live.HUB.subscribe(seller_id=seller_id) as seller_sub,
        live.HUB.subscribe(buyer_id=buyer_id) as buyer_sub,
    ):
        await expire_due()
        async with live.transaction():
            await live.publish(*markers.values())
        seen = {
            "seller": await _heard_until(seller_sub, markers["seller"]),
            "buyer": await _heard_until(buyer_sub, markers["buyer"]),
        }
    for kind, party in (("seller", seller_id), ("buyer", buyer_id)):
        theirs = sorted(c for c, pair in requested.items() if pair[kind == "buyer"] == party)
        changes = seen[kind]
        assert sorted(c.claim_id for c in changes if c.kind == "claim") == theirs, kind
        assert [c for c in changes if c.kind == "notice"] == [
            live.notice_for(**{f"{kind}_id": party})
        ], kind
