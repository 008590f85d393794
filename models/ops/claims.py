"""Claims change outside the withdrawal flow: a buyer files one, the seller or the
operator moves it on (which voids a pending withdrawal round, §5.11)."""

from __future__ import annotations

from datetime import date

from models import live, policy
from models.clock import business_date, get_clock
from models.entities import Claim, Order
from models.enums import (
    ActorKind,
    ClaimStatus,
    ClaimType,
    EventKind,
    NotificationKind,
    WithdrawalState,
)
from models.errors import ErrorCode
from models.messages import input_refusal, keyed_refusal, refusal
from models.ops import audit, counters, rules
from models.ops.lookups import find_order, has_open_claim
from models.ops.retry import with_retry
from models.ops.runner import Actor, ClaimTx, run_claim_op


async def file_claim(
    buyer_id: int,
    order_no: str,
    claim_type: ClaimType | str,
    reason: str,
    *,
    requested_on: date | None = None,
    collection_method: str = "",
    non_receipt_reason: str = "",
    non_receipt_type: str = "",
    partner_name: str = "",
) -> Claim:
    """A buyer files a claim on their own order; at most one open claim per order."""
    try:
        kind = ClaimType(claim_type)
    except ValueError:
        raise rules.reject_unknown(claim_type, "type") from None
    reason = rules.clean_text(reason, "reason", 200)
    now = get_clock().now()

    async def attempt() -> Claim:
        # Lock order as everywhere: the order row, then the seller's counter last. The
        # order's row lock (PostgreSQL; SQLite serialises writers, a stale reader's write
        # is retried) makes "no open claim yet" hold until this claim is committed.
        async with live.transaction():
            order = await find_order(order_no, for_update=True, buyer_id=buyer_id)
            if await has_open_claim(order.id):
                raise refusal(ErrorCode.OPEN_CLAIM_EXISTS, order_no=order.order_no)
            status = policy.FIRST_STATUS[kind]
            claim = await Claim.create(
                order_id=order.id,
                seller_id=order.seller_id,
                buyer_id=buyer_id,
                type=kind,
                status=status,
                reason=reason,
                requested_on=requested_on or business_date(now),
                ordered_on=order.ordered_on,
                collection_method=collection_method,
                non_receipt_reason=non_receipt_reason,
                non_receipt_type=non_receipt_type,
                partner_name=partner_name,
                created_at=now,
                updated_at=now,
            )
            await audit.record_event(
                claim,
                EventKind.CLAIM_FILED,
                ActorKind.BUYER,
                buyer_id,
                now,
                to_status=status,
                message=reason,
            )
            await counters.add_claim(
                order.seller_id, counters.claim_keys(status, claim.requested_on, None)
            )
            await live.publish(live.claim_changed(claim.id, order.seller_id, buyer_id))
            return claim

    return await with_retry(attempt)


async def void_active_round(tx: ClaimTx, actor: Actor) -> None:
    """§5.11: a claim that leaves the withdrawable statuses takes its open round with it."""
    latest = tx.latest
    if latest is None or latest.state not in policy.OPEN_ROUND_STATES:
        return
    previous = latest.state
    await tx.set_round_state(WithdrawalState.VOID, voided_at=tx.now)
    await tx.change(withdrawal_state=WithdrawalState.VOID)
    await tx.event(
        EventKind.WITHDRAWAL_VOIDED,
        actor,
        from_state=previous,
        to_state=WithdrawalState.VOID,
        round_no=latest.round_no,
    )
    order_no = (await Order.filter(id=tx.claim.order_id).values_list("order_no", flat=True))[0]
    # Both parties: the buyer's request is gone, and so is the seller's pending round.
    for recipient in ({"seller_id": tx.claim.seller_id}, {"buyer_id": tx.claim.buyer_id}):
        await audit.notify(
            NotificationKind.WITHDRAWAL_VOIDED,
            {"order_no": order_no},
            tx.now,
            order_id=tx.claim.order_id,
            claim_id=tx.claim.id,
            **recipient,
        )


async def _move_status(tx: ClaimTx, to_status: ClaimStatus, actor: Actor) -> None:
    claim = tx.claim
    old_status = ClaimStatus(claim.status)
    if to_status not in policy.STATUSES_BY_TYPE[ClaimType(claim.type)]:
        raise keyed_refusal(
            ErrorCode.INVALID_TRANSITION, "transition.unreachable", "status", status=to_status
        )
    if old_status in policy.CLOSED_STATUSES:
        raise keyed_refusal(
            ErrorCode.INVALID_TRANSITION, "transition.closed", "status", status=old_status
        )
    if to_status not in policy.WITHDRAWABLE_STATUSES:
        await void_active_round(tx, actor)
    changes: dict[str, object] = {"status": to_status}
    if to_status in policy.CLOSED_STATUSES:
        changes["completed_on"] = tx.today
    await tx.change(**changes)
    await tx.event(
        EventKind.CLAIM_STATUS_CHANGED, actor, from_status=old_status, to_status=to_status
    )


async def change_claim_status(
    claim_id: int, to_status: ClaimStatus | str, actor: Actor, *, seller_id: int | None = None
) -> Claim:
    """Move a claim along its own type's statuses (operator or seller processing)."""
    try:
        target = ClaimStatus(to_status)
    except ValueError:
        raise rules.reject_unknown(to_status, "status") from None
    if target == ClaimStatus.WITHDRAWN:
        raise input_refusal("status", "claim.withdraw_via_flow")

    async def op(tx: ClaimTx) -> Claim:
        await _move_status(tx, target, actor)
        return tx.claim

    return await run_claim_op(claim_id, op, seller_id=seller_id)


async def complete_cancel(seller_id: int, claim_id: int) -> Claim:
    """The seller gives up and accepts the cancellation (FAQ): CANCEL_REQUESTED → CANCELLING."""
    actor = Actor(ActorKind.SELLER, seller_id)

    async def op(tx: ClaimTx) -> Claim:
        rules.check_complete_cancel(tx.claim)  # the panel's button asks the same check
        await _move_status(tx, ClaimStatus.CANCELLING, actor)
        return tx.claim

    return await run_claim_op(claim_id, op, seller_id=seller_id)


async def refund_cancel(claim_id: int) -> Claim:
    """The operator's refund finishes a cancellation: CANCELLING → CANCEL_COMPLETED."""
    actor = Actor(ActorKind.OPERATOR)

    async def op(tx: ClaimTx) -> Claim:
        if tx.claim.status != ClaimStatus.CANCELLING:
            raise keyed_refusal(
                ErrorCode.INVALID_TRANSITION,
                "transition.refund_not_cancelling",
                status=tx.claim.status,
            )
        await _move_status(tx, ClaimStatus.CANCEL_COMPLETED, actor)
        return tx.claim

    return await run_claim_op(claim_id, op)


async def open_claim_for_order(order_id: int) -> Claim | None:
    """The open claim of an order, else its latest one (what the panel shows)."""
    return await Claim.filter(order_id=order_id).order_by("-created_at", "-id").first()
