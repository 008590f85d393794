"""§5.12: of racing callers exactly one wins; the loser gets a clear refusal.

On PostgreSQL these run on separate pooled connections (real concurrency, row locks); on
SQLite the client serialises transactions, and the version guard still decides.
"""

import asyncio

import pytest

from models import demo as d
from models.entities import ClaimEvent, WithdrawalRound
from models.enums import ClaimStatus, WithdrawalState
from models.errors import DomainError, ErrorCode
from models.ops import withdrawals
from models.ops.sweep import expire_due
from models.queries import counter_values, live_group_by
from tests.models.helpers import at, buyer, claim_of, rounds_of, seller

ATTEMPTS = 20


async def _gather(*calls):
    return await asyncio.gather(*calls, return_exceptions=True)


def _split(results):
    wins = [r for r in results if not isinstance(r, BaseException)]
    losses = [r for r in results if isinstance(r, BaseException)]
    for loss in losses:
        assert isinstance(loss, DomainError), repr(loss)
    return wins, losses


async def _assert_invariants(shop1_id: int) -> None:
    assert await counter_values(shop1_id) == await live_group_by(shop1_id)
    requested = await WithdrawalRound.filter(state=WithdrawalState.REQUESTED).values_list(
        "claim_id", flat=True
    )
    assert len(requested) == len(set(requested)), "at most one REQUESTED round per claim"


async def test_twenty_concurrent_requests_one_winner(demo):
    shop1 = await seller()
    claim = await claim_of(d.ORDER_RETURN)
    results = await _gather(
        *(withdrawals.request_withdrawal(shop1.id, claim.id, f"try {i}") for i in range(ATTEMPTS))
    )
    wins, losses = _split(results)
    assert len(wins) == 1
    assert {e.code for e in losses} == {ErrorCode.WITHDRAWAL_ALREADY_PENDING}
    assert len(await rounds_of(claim)) == 1
    assert await ClaimEvent.filter(claim_id=claim.id, kind="WITHDRAWAL_REQUESTED").count() == 1
    await _assert_invariants(shop1.id)


async def test_twenty_concurrent_accepts_one_winner(demo):
    shop1, buyer1 = await seller(), await buyer()
    claim = await claim_of(d.ORDER_RETURN)
    await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
    results = await _gather(
        *(withdrawals.respond_withdrawal(buyer1.id, claim.id, True) for _ in range(ATTEMPTS))
    )
    wins, losses = _split(results)
    assert len(wins) == 1
    assert {e.code for e in losses} == {ErrorCode.NO_PENDING_WITHDRAWAL}
    await _assert_invariants(shop1.id)


@pytest.mark.parametrize("round_", range(5))
async def test_accept_versus_cancel(demo, round_):
    shop1, buyer1 = await seller(), await buyer()
    claim = await claim_of(d.ORDER_RETURN)
    await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
    calls = [
        withdrawals.respond_withdrawal(buyer1.id, claim.id, True),
        withdrawals.cancel_withdrawal(shop1.id, claim.id),
    ]
    if round_ % 2:
        calls.reverse()
    wins, losses = _split(await _gather(*calls))
    assert len(wins) == 1 and len(losses) == 1
    assert losses[0].code == ErrorCode.NO_PENDING_WITHDRAWAL
    claim = await claim_of(d.ORDER_RETURN)
    (only,) = await rounds_of(claim)
    if only.state == WithdrawalState.ACCEPTED:
        assert claim.status == ClaimStatus.WITHDRAWN
    else:
        assert only.state == WithdrawalState.CANCELLED
        assert claim.status == ClaimStatus.RETURN_REQUESTED
    await _assert_invariants(shop1.id)


async def test_sweep_versus_accept_on_the_first_overdue_moment(demo, clock):
    shop1, buyer1 = await seller(), await buyer()
    claim = await claim_of(d.ORDER_RETURN)
    at(clock, "2021-07-29T12:00:00+09:00")
    await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
    at(clock, "2021-08-05T00:00:01+09:00")
    results = await _gather(
        expire_due(),
        expire_due(),
        withdrawals.respond_withdrawal(buyer1.id, claim.id, True),
    )
    sweeps, answer = results[:2], results[2]
    assert isinstance(answer, DomainError)
    assert answer.code == ErrorCode.RESPONSE_WINDOW_CLOSED
    assert sorted(sweeps) in ([0, 0], [0, 1]), "one expiry, whoever did it"
    (only,) = await rounds_of(claim)
    assert only.state == WithdrawalState.EXPIRED
    assert await ClaimEvent.filter(claim_id=claim.id, kind="WITHDRAWAL_EXPIRED").count() == 1
    await _assert_invariants(shop1.id)


async def test_sweep_versus_accept_before_the_deadline_ends(demo, clock):
    shop1, buyer1 = await seller(), await buyer()
    claim = await claim_of(d.ORDER_RETURN)
    at(clock, "2021-07-29T12:00:00+09:00")
    await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
    at(clock, "2021-08-04T23:59:00+09:00")
    results = await _gather(expire_due(), withdrawals.respond_withdrawal(buyer1.id, claim.id, True))
    assert results[0] == 0
    assert results[1].withdrawal.state == WithdrawalState.ACCEPTED
    await _assert_invariants(shop1.id)


async def test_rerequest_versus_cancel(demo):
    shop1, buyer1 = await seller(), await buyer()
    claim = await claim_of(d.ORDER_RETURN)
    await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
    held = await withdrawals.respond_withdrawal(buyer1.id, claim.id, False, "OTHER", "no")
    seen = held.withdrawal.id
    wins, losses = _split(
        await _gather(
            withdrawals.rerequest_withdrawal(shop1.id, claim.id, "again", expected_round_id=seen),
            withdrawals.cancel_withdrawal(shop1.id, claim.id, expected_round_id=seen),
        )
    )
    assert len(wins) == 1 and len(losses) == 1
    assert losses[0].code in (ErrorCode.NO_PENDING_WITHDRAWAL, ErrorCode.WITHDRAWAL_NOT_ON_HOLD)
    states = [r.state for r in await rounds_of(claim)]
    assert states in (
        [WithdrawalState.HELD, WithdrawalState.REQUESTED],
        [WithdrawalState.CANCELLED],
    )
    await _assert_invariants(shop1.id)


async def test_buyer_answer_to_a_round_that_was_replaced_is_refused(demo):
    """The buyer accepts the message they read; if the seller cancelled and asked again
    meanwhile, that accept must not withdraw the claim on the new message."""
    shop1, buyer1 = await seller(), await buyer()
    claim = await claim_of(d.ORDER_RETURN)
    first = await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
    await withdrawals.respond_withdrawal(buyer1.id, claim.id, False, "OTHER", "no")
    await withdrawals.rerequest_withdrawal(shop1.id, claim.id, "new terms")
    with pytest.raises(DomainError) as err:
        await withdrawals.respond_withdrawal(
            buyer1.id, claim.id, True, expected_round_id=first.withdrawal.id
        )
    assert err.value.code == ErrorCode.NO_PENDING_WITHDRAWAL
    assert (await claim_of(d.ORDER_RETURN)).status == ClaimStatus.RETURN_REQUESTED


async def test_concurrent_same_idempotency_key_gives_one_round(demo):
    shop1 = await seller()
    claim = await claim_of(d.ORDER_RETURN)
    results = await _gather(
        *(
            withdrawals.request_withdrawal(shop1.id, claim.id, "please", "same-key")
            for _ in range(10)
        )
    )
    wins, losses = _split(results)
    assert not losses
    assert len({w.withdrawal.id for w in wins}) == 1
    assert sum(not w.replayed for w in wins) == 1
    assert len(await rounds_of(claim)) == 1
