"""Read helper for the buyer's MyQoo10 page: the counts of the manual's screenshot and the
withdrawal requests waiting for this buyer's answer.

Which statuses feed which count (the manual shows the numbers but not their definition):
配送要請 / 配送中 = the buyer's orders in that order status without an open claim;
受取確認 = delivered orders; キャンセル中 = cancel claims requested or in progress;
返品中 = return claims requested, returning or on hold; 払い戻し待ち = a return received
for refund or a non-receipt report confirmed by the seller; 払い戻し完了 = completed
cancels / returns and (partially) refunded non-receipts; 撤回要請 = claims whose latest
withdrawal round is REQUESTED. 決済待ち stays 0: payments are outside this system.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.functions import Count

from models.entities import Claim, Order, WithdrawalRound
from models.enums import ClaimStatus, OrderStatus, WithdrawalState
from models.ops.sweep import sweep_buyer

S = ClaimStatus
CLAIM_COUNTS: dict[str, tuple[ClaimStatus, ...]] = {
    "cancelling": (S.CANCEL_REQUESTED, S.CANCELLING),
    "returning": (S.RETURN_REQUESTED, S.RETURNING, S.RETURN_HELD),
    "refund_waiting": (S.RETURN_RECEIVED, S.NR_SELLER_CONFIRMED),
    "refunded": (S.CANCEL_COMPLETED, S.RETURN_COMPLETED, S.NR_REFUNDED, S.NR_PARTIALLY_REFUNDED),
}


@dataclass
class PendingRequest:
    claim: Claim
    round: WithdrawalRound


@dataclass
class MyQoo10:
    counts: dict[str, int]
    pending: list[PendingRequest]


async def load_myqoo10(buyer_id: int, today: date) -> MyQoo10:
    await sweep_buyer(buyer_id)
    counts = {"payment_waiting": 0, "payment_processing": 0}
    order_rows = await (
        Order.filter(buyer_id=buyer_id)
        .annotate(n=Count("id"))
        .group_by("status", "has_open_claim")
        .values("status", "has_open_claim", "n")
    )
    by_order = {(OrderStatus(r["status"]), bool(r["has_open_claim"])): r["n"] for r in order_rows}
    counts["awaiting_shipment"] = by_order.get((OrderStatus.AWAITING_SHIPMENT, False), 0)
    counts["shipping"] = by_order.get((OrderStatus.SHIPPING, False), 0)
    counts["delivered"] = sum(n for (s, _), n in by_order.items() if s == OrderStatus.DELIVERED)
    claim_rows = await (
        Claim.filter(buyer_id=buyer_id)
        .annotate(n=Count("id"))
        .group_by("status")
        .values("status", "n")
    )
    by_status = {ClaimStatus(r["status"]): r["n"] for r in claim_rows}
    for key, statuses in CLAIM_COUNTS.items():
        counts[key] = sum(by_status.get(s, 0) for s in statuses)
    claims = await (
        Claim.filter(buyer_id=buyer_id, withdrawal_state=WithdrawalState.REQUESTED)
        .order_by("id")
        .select_related("order", "seller")
    )
    counts["withdrawal_requested"] = len(claims)
    rounds = {
        r.claim_id: r
        for r in await WithdrawalRound.filter(
            claim_id__in=[c.id for c in claims], state=WithdrawalState.REQUESTED
        )
    }
    pending = [PendingRequest(c, rounds[c.id]) for c in claims if c.id in rounds]
    return MyQoo10(counts, pending)
