"""The buyer's MyQoo10 counts, one definition for the portal page and the API.

The manual shows the numbers but not their definition, so (binding for both surfaces):
配送要請 / 配送中 = the buyer's orders in that order status without an open claim;
受取確認 = delivered orders; キャンセル中 = cancel claims requested or in progress;
返品中 = return claims requested, returning or on hold; 払い戻し待ち = a return received
for refund or a non-receipt report the seller confirmed; 払い戻し完了 = completed cancels /
returns and (partially) refunded non-receipts; 交換中 / 未受取申告中 = open exchange /
non-receipt claims; 撤回要請 = claims whose latest withdrawal round is REQUESTED.
Three GROUP BY queries; no claim rows are loaded.
"""

from __future__ import annotations

from dataclasses import dataclass

from models import policy
from models.entities import Claim, Order
from models.enums import ClaimStatus, ClaimType, OrderStatus, WithdrawalState
from models.queries import count_rows

S = ClaimStatus
_BY_CLAIM_STATUS: dict[str, tuple[ClaimStatus, ...]] = {
    "cancelling": (S.CANCEL_REQUESTED, S.CANCELLING),
    "returning": (S.RETURN_REQUESTED, S.RETURNING, S.RETURN_HELD),
    "refund_waiting": (S.RETURN_RECEIVED, S.NR_SELLER_CONFIRMED),
    "refunded": (S.CANCEL_COMPLETED, S.RETURN_COMPLETED, S.NR_REFUNDED, S.NR_PARTIALLY_REFUNDED),
    "exchanging": tuple(
        s for s in policy.STATUSES_BY_TYPE[ClaimType.EXCHANGE] if s not in policy.CLOSED_STATUSES
    ),
    "non_receipt": tuple(
        s for s in policy.STATUSES_BY_TYPE[ClaimType.NON_RECEIPT] if s not in policy.CLOSED_STATUSES
    ),
}


@dataclass(frozen=True)
class BuyerCounts:
    awaiting_shipment: int
    shipping: int
    delivered: int
    cancelling: int
    returning: int
    refund_waiting: int
    refunded: int
    exchanging: int
    non_receipt: int
    withdrawal_requested: int


def _without(orders: dict, with_open_claim: dict, status: OrderStatus) -> int:
    return orders.get(status, 0) - with_open_claim.get(status, 0)


async def buyer_counts(buyer_id: int) -> BuyerCounts:
    """MyQoo10's counts (call the buyer's sweep first so nothing overdue counts)."""
    orders = {
        OrderStatus(row["status"]): row["n"]
        for row in await Order.filter(buyer_id=buyer_id)
        .annotate(n=count_rows())
        .group_by("status")
        .values("status", "n")
    }
    # Orders with an open claim, by order status (at most one open claim per order), read
    # from the claims: the order table keeps no flag of its own (models.ops.lookups).
    with_open_claim = {
        OrderStatus(row["order__status"]): row["n"]
        for row in await Claim.filter(buyer_id=buyer_id)
        .exclude(status__in=list(policy.CLOSED_STATUSES))
        .annotate(n=count_rows())
        .group_by("order__status")
        .values("order__status", "n")
    }
    by_status: dict[ClaimStatus, int] = {}
    requested = 0
    for row in (
        await Claim.filter(buyer_id=buyer_id)
        .annotate(n=count_rows())
        .group_by("status", "withdrawal_state")
        .values("status", "withdrawal_state", "n")
    ):
        status = ClaimStatus(row["status"])
        by_status[status] = by_status.get(status, 0) + row["n"]
        if row["withdrawal_state"] == WithdrawalState.REQUESTED:
            requested += row["n"]
    claims = {
        key: sum(by_status.get(s, 0) for s in statuses)
        for key, statuses in _BY_CLAIM_STATUS.items()
    }
    return BuyerCounts(
        awaiting_shipment=_without(orders, with_open_claim, OrderStatus.AWAITING_SHIPMENT),
        shipping=_without(orders, with_open_claim, OrderStatus.SHIPPING),
        delivered=orders.get(OrderStatus.DELIVERED, 0),
        withdrawal_requested=requested,
        **claims,
    )
