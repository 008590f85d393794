"""Every conflicting pair of §5.12, 200 rounds each: exactly one winner, a clear refusal
for the loser, and the invariants afterwards (one REQUESTED round at most per claim; a
claim is WITHDRAWN iff its last round is ACCEPTED or EXPIRED; counts table = GROUP BY;
one event per change). On PostgreSQL the two sides run on separate pooled connections."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import date, timedelta

import pytest

from models.entities import Buyer, Claim, ClaimEvent, Order, Seller, WithdrawalRound
from models.enums import ClaimStatus, WithdrawalState
from models.errors import DomainError, ErrorCode
from models.ops import claims as claim_ops
from models.ops import withdrawals
from models.ops.sweep import expire_due
from models.queries import counter_values, live_group_by
from tests.models.helpers import at

ROUNDS = 200
W = WithdrawalState


async def _fresh_claims(n: int) -> list[Claim]:
    """n new return claims of shop1, each on its own order of buyer1."""
    shop1 = await Seller.get(login_id="shop1")
    buyer1 = await Buyer.get(login_id="buyer1")
    base = await Order.all().count()
    await Order.bulk_create(
        [
            Order(
                seller_id=shop1.id,
                buyer_id=buyer1.id,
                order_no=f"9{base + i:08d}",
                cart_no="1",
                item_code="1",
                ordered_on=date(2021, 7, 1),
            )
            for i in range(n)
        ]
    )
    orders = await Order.filter(order_no__startswith="9").order_by("id")
    return [
        await claim_ops.file_claim(buyer1.id, o.order_no, "RETURN", "race") for o in orders[-n:]
    ]


async def _one_winner(first: Awaitable, second: Awaitable, loser_codes: set[ErrorCode]) -> None:
    results = await asyncio.gather(first, second, return_exceptions=True)
    losses = [r for r in results if isinstance(r, BaseException)]
    assert len(losses) == 1, results
    assert isinstance(losses[0], DomainError), repr(losses[0])
    assert losses[0].code in loser_codes, losses[0]


async def _invariants(claim_ids: list[int]) -> None:
    shop1 = await Seller.get(login_id="shop1")
    assert await counter_values(shop1.id) == await live_group_by(shop1.id)
    for claim in await Claim.filter(id__in=claim_ids):
        rounds = await WithdrawalRound.filter(claim_id=claim.id).order_by("round_no")
        assert sum(r.state == W.REQUESTED for r in rounds) <= 1
        last = rounds[-1] if rounds else None
        withdrawn = last is not None and last.state in (W.ACCEPTED, W.EXPIRED)
        assert (claim.status == ClaimStatus.WITHDRAWN) == withdrawn, claim.id
        assert claim.withdrawal_state == (last.state if last else None)
        events = await ClaimEvent.filter(claim_id=claim.id).count()
        # filed, then per round: opened, left REQUESTED, and left HELD when it was held
        changes = 1 + sum(
            1 + (r.state != W.REQUESTED) + (r.held_at is not None and r.state != W.HELD)
            for r in rounds
        )
        assert events == changes, (claim.id, events, changes)


Race = Callable[[Claim, int, int], Awaitable[None]]


async def _request_vs_request(claim: Claim, shop: int, buyer: int) -> None:
    await _one_winner(
        withdrawals.request_withdrawal(shop, claim.id, "a"),
        withdrawals.request_withdrawal(shop, claim.id, "b"),
        {ErrorCode.WITHDRAWAL_ALREADY_PENDING},
    )


async def _cancel_vs_accept(claim: Claim, shop: int, buyer: int) -> None:
    seen = (await withdrawals.request_withdrawal(shop, claim.id, "a")).withdrawal.id
    await _one_winner(
        withdrawals.cancel_withdrawal(
            shop, claim.id, expected_round_id=seen, expected_state=W.REQUESTED
        ),
        withdrawals.respond_withdrawal(buyer, claim.id, True, expected_round_id=seen),
        {ErrorCode.NO_PENDING_WITHDRAWAL},
    )


async def _cancel_vs_reject(claim: Claim, shop: int, buyer: int) -> None:
    seen = (await withdrawals.request_withdrawal(shop, claim.id, "a")).withdrawal.id
    await _one_winner(
        withdrawals.cancel_withdrawal(
            shop, claim.id, expected_round_id=seen, expected_state=W.REQUESTED
        ),
        withdrawals.respond_withdrawal(
            buyer, claim.id, False, "OTHER", "no", expected_round_id=seen
        ),
        {ErrorCode.NO_PENDING_WITHDRAWAL},
    )


async def _rerequest_vs_cancel(claim: Claim, shop: int, buyer: int) -> None:
    await withdrawals.request_withdrawal(shop, claim.id, "a")
    seen = (
        await withdrawals.respond_withdrawal(buyer, claim.id, False, "OTHER", "no")
    ).withdrawal.id
    await _one_winner(
        withdrawals.rerequest_withdrawal(shop, claim.id, "b", expected_round_id=seen),
        withdrawals.cancel_withdrawal(
            shop, claim.id, expected_round_id=seen, expected_state=W.HELD
        ),
        {ErrorCode.NO_PENDING_WITHDRAWAL, ErrorCode.WITHDRAWAL_NOT_ON_HOLD},
    )


@pytest.mark.parametrize(
    "race",
    [_request_vs_request, _cancel_vs_accept, _cancel_vs_reject, _rerequest_vs_cancel],
    ids=lambda f: f.__name__.strip("_"),
)
async def test_pair_has_exactly_one_winner(demo, race: Race):
    shop1 = await Seller.get(login_id="shop1")
    buyer1 = await Buyer.get(login_id="buyer1")
    claims = await _fresh_claims(ROUNDS)
    for claim in claims:
        await race(claim, shop1.id, buyer1.id)
    await _invariants([c.id for c in claims])


async def test_accept_vs_sweep_at_the_deadline_boundary(demo, clock):
    """Until the end of the deadline day the buyer wins; from the next moment the sweep
    does, and exactly one expiry is written whoever noticed first."""
    shop1 = await Seller.get(login_id="shop1")
    buyer1 = await Buyer.get(login_id="buyer1")
    claims = await _fresh_claims(ROUNDS)
    at(clock, "2021-07-29T12:00:00+09:00")
    for claim in claims:
        await withdrawals.request_withdrawal(shop1.id, claim.id, "a")
    half = ROUNDS // 2
    at(clock, "2021-08-04T23:59:59+09:00")
    for claim in claims[:half]:
        swept, answer = await asyncio.gather(
            expire_due(), withdrawals.respond_withdrawal(buyer1.id, claim.id, True)
        )
        assert swept == 0 and answer.withdrawal.state == W.ACCEPTED
    clock.set(clock.now() + timedelta(seconds=1))  # 2021-08-05 00:00:00 Tokyo
    for claim in claims[half:]:
        swept, answer = await asyncio.gather(
            expire_due(),
            withdrawals.respond_withdrawal(buyer1.id, claim.id, True),
            return_exceptions=True,
        )
        assert isinstance(answer, DomainError)
        assert answer.code == ErrorCode.RESPONSE_WINDOW_CLOSED
    await _invariants([c.id for c in claims])
    expired = await WithdrawalRound.filter(
        claim_id__in=[c.id for c in claims], state=W.EXPIRED
    ).count()
    assert expired == ROUNDS - half
