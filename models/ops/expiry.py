"""Expiry of overdue withdrawal rounds (§5.8), set-based: one code path for the periodic
sweep, `qsm sweep`, sweep-on-read and the expiry an operation performs before its rule.

A batch locks its claims first (the order every operation uses: claim, then round, so no
deadlocks on PostgreSQL) and every UPDATE is guarded by the state it expects.
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from models.clock import business_date
from models.entities import Claim, ClaimEvent, Notification, Order, WithdrawalRound
from models.enums import ActorKind, ClaimStatus, EventKind, NotificationKind, WithdrawalState
from models.ops import counters
from models.ops.retry import VersionConflict

REQUESTED = WithdrawalState.REQUESTED


async def expire_claims(claim_ids: list[int], now: datetime) -> int:
    """Expire the due rounds of these claims in one transaction; returns how many."""
    today = business_date(now)
    async with in_transaction():
        # Model rows, not .values(): Tortoise silently drops FOR UPDATE from values queries.
        locked = await Claim.filter(
            id__in=claim_ids, withdrawal_state=REQUESTED
        ).select_for_update()
        claims = [
            {
                "id": c.id,
                "seller_id": c.seller_id,
                "buyer_id": c.buyer_id,
                "order_id": c.order_id,
                "status": c.status,
                "round_count": c.round_count,
            }
            for c in locked
        ]
        due_ids = set(
            await WithdrawalRound.filter(
                claim_id__in=[c["id"] for c in claims], state=REQUESTED, deadline__lt=today
            ).values_list("claim_id", flat=True)
        )
        claims = [c for c in claims if c["id"] in due_ids]
        if not claims:
            return 0
        ids = [c["id"] for c in claims]
        rounds = await WithdrawalRound.filter(claim_id__in=ids, state=REQUESTED).update(
            state=WithdrawalState.EXPIRED, expired_at=now
        )
        updated = await Claim.filter(id__in=ids, withdrawal_state=REQUESTED).update(
            status=ClaimStatus.WITHDRAWN,
            withdrawal_state=WithdrawalState.EXPIRED,
            completed_on=today,
            updated_at=now,
            version=F("version") + 1,
        )
        if rounds != len(ids) or updated != len(ids):
            raise VersionConflict  # somebody changed them meanwhile: roll back, look again
        await Order.filter(id__in=[c["order_id"] for c in claims]).update(has_open_claim=False)
        await _move_counters(claims)
        await _write_history(claims, now)
        return len(ids)


async def _move_counters(claims: list[dict]) -> None:
    moves = Counter((c["seller_id"], c["status"]) for c in claims)
    per_seller = Counter(c["seller_id"] for c in claims)
    for (seller_id, status), n in moves.items():
        await counters.add(seller_id, counters.status_key(status), -n)
    for seller_id, n in per_seller.items():
        await counters.add(seller_id, counters.status_key(ClaimStatus.WITHDRAWN), n)
        await counters.add(seller_id, counters.withdrawal_key(REQUESTED), -n)
        await counters.add(seller_id, counters.withdrawal_key(WithdrawalState.EXPIRED), n)


async def _write_history(claims: list[dict], now: datetime) -> None:
    order_nos = dict(
        await Order.filter(id__in=[c["order_id"] for c in claims]).values_list("id", "order_no")
    )
    events, notices = [], []
    for c in claims:
        events.append(
            ClaimEvent(
                claim_id=c["id"],
                kind=EventKind.WITHDRAWAL_EXPIRED,
                actor_kind=ActorKind.SYSTEM,
                from_status=c["status"],
                to_status=ClaimStatus.WITHDRAWN,
                from_state=REQUESTED,
                to_state=WithdrawalState.EXPIRED,
                round_no=c["round_count"],
                message="",
                at=now,
            )
        )
        text = f"订单 {order_nos[c['order_id']]} 的撤回要请已过客户回应期限，投诉已自动撤回。"
        for recipient in ({"seller_id": c["seller_id"]}, {"buyer_id": c["buyer_id"]}):
            notices.append(
                Notification(
                    kind=NotificationKind.WITHDRAWAL_EXPIRED,
                    text=text,
                    created_at=now,
                    order_id=c["order_id"],
                    claim_id=c["id"],
                    **recipient,
                )
            )
    await ClaimEvent.bulk_create(events)
    await Notification.bulk_create(notices)
