"""Seller requests / cancels / re-requests a withdrawal; the buyer accepts or rejects."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum

from models import policy
from models.entities import Claim, Order, WithdrawalRound
from models.enums import (
    ActorKind,
    ClaimStatus,
    EventKind,
    NotificationKind,
    RejectionReason,
    WithdrawalAction,
    WithdrawalState,
)
from models.errors import DomainError, ErrorCode
from models.messages import input_refusal, refusal
from models.ops import audit, rules
from models.ops.idempotency import IdempotencyKey
from models.ops.runner import Actor, ClaimTx, run_claim_op


@dataclass(frozen=True)
class WithdrawalResult:
    claim: Claim
    withdrawal: WithdrawalRound | None
    #: True when an idempotency key replayed an earlier result (nothing changed).
    replayed: bool = False

    @classmethod
    def replay(cls, claim: Claim, withdrawal: WithdrawalRound | None) -> WithdrawalResult:
        return cls(claim, withdrawal, replayed=True)


class BuyerAnswer(StrEnum):
    """The buyer's answer as an idempotency record's action.

    Why not members of `WithdrawalAction`: that enum is the seller's buttons (the API's
    `withdrawalActions`, the panel, the labels); the buyer's keys live under `buyer:<id>`
    so these values can never be confused with a seller's.
    """

    ACCEPT = "RESPOND_ACCEPT"
    REJECT = "RESPOND_REJECT"


def _key(
    actor: Actor, key: str | None, action: WithdrawalAction | BuyerAnswer
) -> IdempotencyKey[WithdrawalResult]:
    """The operation's idempotency key for the runner, which replays and stores it."""
    return IdempotencyKey(actor, key, action.value, WithdrawalResult.replay)


def _check_seen(
    tx: ClaimTx,
    expected_round_id: int | None,
    expected_state: WithdrawalState | str | None,
    code: ErrorCode,
) -> None:
    """A caller that names the round (and state) it saw acts on exactly that: if another
    action changed it meanwhile (the buyer answered, a new round opened), this one is
    refused rather than applied to something the user never saw."""
    if expected_round_id is not None and (tx.latest is None or tx.latest.id != expected_round_id):
        raise rules.changed_meanwhile(code, tx.latest)
    if expected_state is not None and (tx.latest is None or tx.latest.state != expected_state):
        raise rules.changed_meanwhile(code, tx.latest)


async def _order_no(tx: ClaimTx) -> str:
    """The claim's order number: read with the claim's lock (`ClaimTx.order_no`)."""
    if tx.order_no is not None:
        return tx.order_no
    values = await Order.filter(id=tx.claim.order_id).values_list("order_no", flat=True)
    return values[0]


async def _open_round(tx: ClaimTx, actor: Actor, message: str, kind: EventKind) -> None:
    """Create the next round in REQUESTED and notify the buyer (shared by request/re-request)."""
    claim = tx.claim
    today = tx.today
    round_no = claim.round_count + 1
    previous_state = claim.withdrawal_state
    deadline_day = policy.response_deadline(today)
    await tx.change(
        withdrawal_state=WithdrawalState.REQUESTED,
        round_count=round_no,
        next_request_allowed_on=None,
        response_deadline=deadline_day,
    )
    tx.latest = await WithdrawalRound.create(
        claim_id=claim.id,
        seller_id=claim.seller_id,
        round_no=round_no,
        state=WithdrawalState.REQUESTED,
        seller_message=message,
        requested_at=tx.now,
        requested_on=today,
        deadline=deadline_day,
    )
    await tx.event(
        kind,
        actor,
        from_state=previous_state,
        to_state=WithdrawalState.REQUESTED,
        round_no=round_no,
        message=message,
    )
    order_no = await _order_no(tx)
    deadline = tx.latest.deadline.strftime("%Y/%m/%d")
    tx.notify(
        audit.Notice(
            NotificationKind.WITHDRAWAL_REQUESTED,
            {"order_no": order_no, "deadline": deadline, "message": message},
            buyer_id=claim.buyer_id,
            order_id=claim.order_id,
            claim_id=claim.id,
        ),
        # The manual: "提出撤销申请后系统会发通知消息至卖家Qpost" (on a re-request too).
        audit.Notice(
            NotificationKind.WITHDRAWAL_REQUEST_SENT,
            {"order_no": order_no, "deadline": deadline},
            seller_id=claim.seller_id,
            order_id=claim.order_id,
            claim_id=claim.id,
        ),
    )


async def request_withdrawal(
    seller_id: int, claim_id: int, seller_message: str, idempotency_key: str | None = None
) -> WithdrawalResult:
    """Chapter 1: open round 1 (or a new round after a cancel) with the seller's message."""
    actor = Actor(ActorKind.SELLER, seller_id)
    message = rules.clean_message(seller_message)

    async def op(tx: ClaimTx) -> WithdrawalResult:
        rules.check_request(tx.claim, tx.today, tx.latest)
        await _open_round(tx, actor, message, EventKind.WITHDRAWAL_REQUESTED)
        return WithdrawalResult(tx.claim, tx.latest)

    key = _key(actor, idempotency_key, WithdrawalAction.REQUEST)
    return await run_claim_op(claim_id, op, seller_id=seller_id, idempotency=key)


async def rerequest_withdrawal(
    seller_id: int,
    claim_id: int,
    seller_message: str,
    idempotency_key: str | None = None,
    *,
    expected_round_id: int | None = None,
    expected_state: WithdrawalState | str | None = None,
) -> WithdrawalResult:
    """Chapter 4: after the buyer rejected (HELD), open the next round; unlimited times."""
    actor = Actor(ActorKind.SELLER, seller_id)
    message = rules.clean_message(seller_message)

    async def op(tx: ClaimTx) -> WithdrawalResult:
        _check_seen(tx, expected_round_id, expected_state, ErrorCode.WITHDRAWAL_NOT_ON_HOLD)
        rules.check_rerequest(tx.claim, tx.latest, tx.today)
        await _open_round(tx, actor, message, EventKind.WITHDRAWAL_REREQUESTED)
        return WithdrawalResult(tx.claim, tx.latest)

    key = _key(actor, idempotency_key, WithdrawalAction.REREQUEST)
    return await run_claim_op(claim_id, op, seller_id=seller_id, idempotency=key)


async def cancel_withdrawal(
    seller_id: int,
    claim_id: int,
    idempotency_key: str | None = None,
    *,
    expected_round_id: int | None = None,
    expected_state: WithdrawalState | str | None = None,
) -> WithdrawalResult:
    """Chapter 3: cancel a REQUESTED (or HELD) round; no new request for 5 days."""
    actor = Actor(ActorKind.SELLER, seller_id)

    async def op(tx: ClaimTx) -> WithdrawalResult:
        _check_seen(tx, expected_round_id, expected_state, ErrorCode.NO_PENDING_WITHDRAWAL)
        rules.check_cancel(tx.claim, tx.latest)
        assert tx.latest is not None
        previous = tx.latest.state
        await tx.set_round_state(WithdrawalState.CANCELLED, cancelled_at=tx.now)
        await tx.change(
            withdrawal_state=WithdrawalState.CANCELLED,
            next_request_allowed_on=policy.request_allowed_after_cancel(tx.today),
        )
        await tx.event(
            EventKind.WITHDRAWAL_CANCELLED,
            actor,
            from_state=previous,
            to_state=WithdrawalState.CANCELLED,
            round_no=tx.latest.round_no,
        )
        order_no = await _order_no(tx)
        allowed_on = tx.claim.next_request_allowed_on
        tx.notify(
            audit.Notice(
                NotificationKind.WITHDRAWAL_CANCELLED,
                {"order_no": order_no},
                buyer_id=tx.claim.buyer_id,
                order_id=tx.claim.order_id,
                claim_id=tx.claim.id,
            ),
            audit.Notice(
                NotificationKind.WITHDRAWAL_CANCEL_CONFIRMED,
                {"order_no": order_no, "allowed_on": allowed_on.strftime("%Y/%m/%d")},
                seller_id=tx.claim.seller_id,
                order_id=tx.claim.order_id,
                claim_id=tx.claim.id,
            ),
        )
        return WithdrawalResult(tx.claim, tx.latest)

    key = _key(actor, idempotency_key, WithdrawalAction.CANCEL)
    return await run_claim_op(claim_id, op, seller_id=seller_id, idempotency=key)


async def respond_withdrawal(
    buyer_id: int,
    claim_id: int,
    accept: bool,
    reason_code: RejectionReason | str | None = None,
    reason_text: str | None = None,
    idempotency_key: str | None = None,
    *,
    expected_round_id: int | None = None,
) -> WithdrawalResult:
    """The buyer's answer as one call (the API's `claimWithdrawalRespond` takes `accept`)."""
    if accept:
        return await accept_withdrawal(
            buyer_id, claim_id, idempotency_key, expected_round_id=expected_round_id
        )
    return await reject_withdrawal(
        buyer_id,
        claim_id,
        reason_code,
        reason_text,
        idempotency_key,
        expected_round_id=expected_round_id,
    )


async def accept_withdrawal(
    buyer_id: int,
    claim_id: int,
    idempotency_key: str | None = None,
    *,
    expected_round_id: int | None = None,
) -> WithdrawalResult:
    """The buyer accepts: the claim is WITHDRAWN and the seller is told."""
    actor = Actor(ActorKind.BUYER, buyer_id)

    async def answer(tx: ClaimTx, order_no: str) -> tuple[NotificationKind, dict[str, str]]:
        assert tx.latest is not None
        old_status = tx.claim.status
        await tx.set_round_state(WithdrawalState.ACCEPTED, responded_at=tx.now)
        await tx.change(
            status=ClaimStatus.WITHDRAWN,
            withdrawal_state=WithdrawalState.ACCEPTED,
            completed_on=tx.today,
        )
        await tx.event(
            EventKind.WITHDRAWAL_ACCEPTED,
            actor,
            from_status=old_status,
            to_status=ClaimStatus.WITHDRAWN,
            from_state=WithdrawalState.REQUESTED,
            to_state=WithdrawalState.ACCEPTED,
            round_no=tx.latest.round_no,
        )
        return NotificationKind.WITHDRAWAL_ACCEPTED, {"order_no": order_no}

    return await _answer(
        actor, claim_id, BuyerAnswer.ACCEPT, answer, idempotency_key, expected_round_id
    )


async def reject_withdrawal(
    buyer_id: int,
    claim_id: int,
    reason_code: RejectionReason | str | None,
    reason_text: str | None = None,
    idempotency_key: str | None = None,
    *,
    expected_round_id: int | None = None,
) -> WithdrawalResult:
    """The buyer rejects with a reason (text required for OTHER): the round is HELD."""
    actor = Actor(ActorKind.BUYER, buyer_id)
    if reason_code is None or reason_code == "":
        raise input_refusal("reasonCode", "rejection.reason_required")
    try:
        code = RejectionReason(reason_code)
    except ValueError:
        raise rules.reject_unknown(reason_code, "reasonCode") from None
    text = rules.clean_text(
        reason_text,
        "reasonText",
        policy.REJECTION_TEXT_MAX_LENGTH,
        required=code == RejectionReason.OTHER,
    )

    async def answer(tx: ClaimTx, order_no: str) -> tuple[NotificationKind, dict[str, str]]:
        assert tx.latest is not None
        await tx.set_round_state(
            WithdrawalState.HELD,
            responded_at=tx.now,
            held_at=tx.now,
            rejection_code=code,
            rejection_text=text,
        )
        await tx.change(withdrawal_state=WithdrawalState.HELD)
        await tx.event(
            EventKind.WITHDRAWAL_REJECTED,
            actor,
            from_state=WithdrawalState.REQUESTED,
            to_state=WithdrawalState.HELD,
            round_no=tx.latest.round_no,
            message=f"[{code.value}] {text}",
        )
        return NotificationKind.WITHDRAWAL_REJECTED, {"order_no": order_no}

    return await _answer(
        actor, claim_id, BuyerAnswer.REJECT, answer, idempotency_key, expected_round_id
    )


async def _answer(
    actor: Actor,
    claim_id: int,
    action: BuyerAnswer,
    answer: Callable[[ClaimTx, str], Awaitable[tuple[NotificationKind, dict[str, str]]]],
    idempotency_key: str | None,
    expected_round_id: int | None,
) -> WithdrawalResult:
    """What accepting and rejecting share: the key, the deadline, the round the buyer saw,
    the rule, the seller's notice and the buyer's own copy."""

    async def op(tx: ClaimTx) -> WithdrawalResult:
        if tx.latest is not None and tx.latest.state == WithdrawalState.EXPIRED:
            raise _window_closed(tx.latest)
        _check_seen(tx, expected_round_id, None, ErrorCode.NO_PENDING_WITHDRAWAL)
        rules.check_respond(tx.claim)
        kind, notice = await answer(tx, await _order_no(tx))
        c = tx.claim
        tx.notify(
            audit.Notice(kind, notice, seller_id=c.seller_id, order_id=c.order_id, claim_id=c.id),
            audit.Notice(
                _BUYER_COPY[kind],
                notice,
                buyer_id=c.buyer_id,
                order_id=c.order_id,
                claim_id=c.id,
            ),
        )
        return WithdrawalResult(tx.claim, tx.latest)

    key = _key(actor, idempotency_key, action)
    return await run_claim_op(claim_id, op, buyer_id=actor.id, idempotency=key)


#: The buyer's own copy of the answer the seller is told about.
_BUYER_COPY = {
    NotificationKind.WITHDRAWAL_ACCEPTED: NotificationKind.WITHDRAWAL_ACCEPT_CONFIRMED,
    NotificationKind.WITHDRAWAL_REJECTED: NotificationKind.WITHDRAWAL_REJECT_CONFIRMED,
}


def _window_closed(latest: WithdrawalRound) -> DomainError:
    return refusal(ErrorCode.RESPONSE_WINDOW_CLOSED, deadline=latest.deadline.strftime("%Y/%m/%d"))
