"""The change feed (models/live.py) on the test database: a committed change is announced to
the parties it concerns, a rolled-back or refused one never is. On PostgreSQL through a
real LISTEN connection (access/live.py), on SQLite in-process after commit.

Absence is shown by order, not by waiting: after the change that must stay silent comes one
that is announced, and the first thing heard must be that one.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from access.live import feed
from models import demo as d
from models import live
from models.errors import DomainError
from models.ops import withdrawals
from tests.models.helpers import buyer, claim_of, seller

WAIT = 5.0


@pytest.fixture
async def listening(demo, database_url: str) -> AsyncIterator[None]:
    async with feed(database_url) as listener:
        if listener is not None:
            await asyncio.wait_for(listener.listening.wait(), WAIT)
        yield


async def heard(sub: live.Subscription) -> live.Change:
    return await asyncio.wait_for(sub.next(), WAIT)


async def test_a_request_is_announced_to_its_seller_and_buyer(listening) -> None:
    shop1, buyer1 = await seller(), await buyer()
    claim = await claim_of(d.ORDER_RETURN)
    with (
        live.HUB.subscribe(seller_id=shop1.id) as seller_sub,
        live.HUB.subscribe(buyer_id=buyer1.id) as buyer_sub,
        live.HUB.subscribe(seller_id=shop1.id + 1000, buyer_id=buyer1.id + 1000) as nobody,
    ):
        await withdrawals.request_withdrawal(shop1.id, claim.id, "请撤回")
        for sub in (seller_sub, buyer_sub):
            changes = {await heard(sub), await heard(sub)}
            mine = {"seller_id": shop1.id} if sub is seller_sub else {"buyer_id": buyer1.id}
            assert changes == {
                live.claim_changed(claim.id, shop1.id, buyer1.id),
                live.notice_for(**mine),  # type: ignore[arg-type]
            }
        assert nobody.drain() == []


async def test_a_rolled_back_change_is_never_announced(listening) -> None:
    shop1 = await seller()
    silent = live.Change("claim", seller_id=shop1.id, claim_id=-1)
    spoken = live.Change("claim", seller_id=shop1.id, claim_id=-2)
    with live.HUB.subscribe(seller_id=shop1.id) as sub:
        with pytest.raises(RuntimeError):
            async with live.transaction():
                await live.publish(silent)
                raise RuntimeError("roll back")
        async with live.transaction():
            await live.publish(spoken)
        assert await heard(sub) == spoken


async def test_a_refused_operation_announces_nothing(listening) -> None:
    shop1 = await seller()
    claim = await claim_of(d.ORDER_RETURN)
    other = await claim_of(d.ORDER_FAQ_CANCEL)
    await withdrawals.request_withdrawal(shop1.id, claim.id, "请撤回")
    with live.HUB.subscribe(seller_id=shop1.id, kinds=("claim",)) as sub:
        await asyncio.sleep(0.2)  # the request's own announcement, delivered and dropped
        sub.drain()
        with pytest.raises(DomainError):
            await withdrawals.request_withdrawal(shop1.id, claim.id, "again")
        await withdrawals.request_withdrawal(shop1.id, other.id, "请撤回")
        assert (await heard(sub)).claim_id == other.id


def test_a_notify_payload_round_trips_and_anything_else_is_ignored() -> None:
    change = live.claim_changed(7, 1, 2)
    assert live.Change.parse(change.payload()) == change
    for junk in ("", "null", "[]", '{"k": "drop"}', '{"k": "claim", "s": "1"}'):
        assert live.Change.parse(junk) is None
