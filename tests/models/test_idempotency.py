"""Issue 11, point 6: idempotency lives in the transaction runner, so every withdrawal
operation replays a repeated key the same way and none can forget to."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import pytest

from models import demo as d
from models.entities import Claim, ClaimEvent, IdempotencyRecord, Notification
from models.enums import ActorKind
from models.errors import DomainError, ErrorCode
from models.ops import withdrawals
from models.ops.idempotency import IdempotencyKey
from models.ops.runner import Actor, ClaimTx, run_claim_op
from models.ops.withdrawals import WithdrawalResult
from tests.models.helpers import buyer, claim_of, seller

Op = Callable[[str | None], Awaitable[WithdrawalResult]]


async def _ops(claim: Claim) -> dict[str, tuple[Callable[[], Awaitable[object]], Op]]:
    """Each operation with what puts the claim in a state where it may run."""
    shop1, buyer1 = await seller(), await buyer()

    async def request() -> None:
        await withdrawals.request_withdrawal(shop1.id, claim.id, "please")

    async def reject() -> None:
        await request()
        await withdrawals.reject_withdrawal(buyer1.id, claim.id, "OTHER", "no")

    async def nothing() -> None:
        return None

    return {
        "request": (
            nothing,
            lambda k: withdrawals.request_withdrawal(shop1.id, claim.id, "please", k),
        ),
        "rerequest": (
            reject,
            lambda k: withdrawals.rerequest_withdrawal(shop1.id, claim.id, "again", k),
        ),
        "cancel": (request, lambda k: withdrawals.cancel_withdrawal(shop1.id, claim.id, k)),
        "accept": (request, lambda k: withdrawals.accept_withdrawal(buyer1.id, claim.id, k)),
        "reject": (
            request,
            lambda k: withdrawals.reject_withdrawal(buyer1.id, claim.id, "OTHER", "no", k),
        ),
    }


async def _writes(claim: Claim) -> tuple[int, int, int]:
    return (
        await ClaimEvent.filter(claim_id=claim.id).count(),
        await Notification.filter(claim_id=claim.id).count(),
        (await Claim.get(id=claim.id)).version,
    )


@pytest.mark.parametrize("name", ["request", "rerequest", "cancel", "accept", "reject"])
async def test_every_withdrawal_operation_replays_a_repeated_key(demo, name: str) -> None:
    claim = await claim_of(d.ORDER_RETURN)
    prepare, run = (await _ops(claim))[name]
    await prepare()
    first = await run(f"{name}-key")
    writes = await _writes(claim)

    again = await run(f"{name}-key")

    assert not first.replayed and again.replayed
    assert again.claim.id == first.claim.id
    assert again.withdrawal.id == first.withdrawal.id
    assert again.withdrawal.state == first.withdrawal.state
    assert await _writes(claim) == writes  # nothing written a second time
    # Without the key the same call is evaluated again (and refused: already done).
    with pytest.raises(DomainError):
        await run(None)


async def test_a_key_used_by_one_operation_is_refused_for_another(demo) -> None:
    """IDEMPOTENCY_KEY_REUSED before any rule runs: the refused call changes nothing, even
    where it would otherwise have succeeded."""
    shop1, buyer1 = await seller(), await buyer()
    claim = await claim_of(d.ORDER_RETURN)

    async def refused(call: Awaitable[WithdrawalResult]) -> None:
        writes = await _writes(claim)
        with pytest.raises(DomainError) as err:
            await call
        assert err.value.code == ErrorCode.IDEMPOTENCY_KEY_REUSED
        assert await _writes(claim) == writes

    await withdrawals.request_withdrawal(shop1.id, claim.id, "please", "s")
    await refused(withdrawals.cancel_withdrawal(shop1.id, claim.id, "s"))
    await withdrawals.reject_withdrawal(buyer1.id, claim.id, "OTHER", "no", "b")
    await refused(withdrawals.rerequest_withdrawal(shop1.id, claim.id, "again", "s"))
    await withdrawals.rerequest_withdrawal(shop1.id, claim.id, "again", "s2")
    await refused(withdrawals.accept_withdrawal(buyer1.id, claim.id, "b"))
    await refused(withdrawals.cancel_withdrawal(shop1.id, claim.id, "s2"))
    accepted = await withdrawals.accept_withdrawal(buyer1.id, claim.id, "a")
    assert accepted.claim.status == "WITHDRAWN"


async def test_a_key_is_refused_on_another_claim_and_when_blank(demo) -> None:
    shop1 = await seller()
    claim, other = await claim_of(d.ORDER_RETURN), await claim_of(d.ORDER_FAQ_CANCEL)
    await withdrawals.request_withdrawal(shop1.id, claim.id, "please", "k")
    with pytest.raises(DomainError) as err:
        await withdrawals.request_withdrawal(shop1.id, other.id, "please", "k")
    assert err.value.code == ErrorCode.IDEMPOTENCY_KEY_REUSED
    for bad in (" ", "x" * 101):
        with pytest.raises(DomainError) as err:
            await withdrawals.cancel_withdrawal(shop1.id, claim.id, bad)
        assert (err.value.code, err.value.field) == (ErrorCode.INVALID_INPUT, "idempotencyKey")


async def test_the_runner_replays_without_running_the_operation(demo) -> None:
    """The replay is the runner's: a repeated key never reaches the operation's body."""
    shop1 = await seller()
    claim = await claim_of(d.ORDER_RETURN)
    calls: list[int] = []

    async def op(tx: ClaimTx) -> str:
        calls.append(tx.claim.id)
        return "ran"

    key = IdempotencyKey(
        Actor(ActorKind.SELLER, shop1.id), "runner-key", "TEST", lambda c, r: "replayed"
    )
    assert await run_claim_op(claim.id, op, seller_id=shop1.id, idempotency=key) == "ran"
    assert await run_claim_op(claim.id, op, seller_id=shop1.id, idempotency=key) == "replayed"
    assert calls == [claim.id]
    record = await IdempotencyRecord.get(actor=f"seller:{shop1.id}", key="runner-key")
    assert (record.action, record.claim_id) == ("TEST", claim.id)
