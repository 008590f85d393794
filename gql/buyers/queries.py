"""Buyer-only queries: `buyerSummary` and `myWithdrawalRequests`."""

from __future__ import annotations

import strawberry
from tortoise.functions import Count

from gql.buyers.types import BuyerSummary
from gql.claims.types import Claim
from gql.context import Info
from models import policy
from models.entities import Claim as ClaimRow
from models.entities import Order as OrderRow
from models.enums import ClaimStatus, ClaimType, OrderStatus, WithdrawalState

#: A buyer answers their pending requests from one page; more than this is not realistic.
MAX_PENDING_REQUESTS = 100


def _open_statuses(claim_type: ClaimType) -> set[ClaimStatus]:
    return set(policy.STATUSES_BY_TYPE[claim_type]) - policy.CLOSED_STATUSES


@strawberry.type
class BuyerQueries:
    @strawberry.field(description="MyQoo10 counts (buyer only); two GROUP BY queries.")
    async def buyer_summary(self, info: Info) -> BuyerSummary:
        ctx = info.context
        buyer = ctx.require_buyer()
        await ctx.sweep_on_read()
        orders = {
            row["status"]: row["n"]
            for row in await OrderRow.filter(buyer_id=buyer.id)
            .annotate(n=Count("id"))
            .group_by("status")
            .values("status", "n")
        }
        by_status: dict[str, int] = {}
        requested = 0
        for row in (
            await ClaimRow.filter(buyer_id=buyer.id)
            .annotate(n=Count("id"))
            .group_by("status", "withdrawal_state")
            .values("status", "withdrawal_state", "n")
        ):
            by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
            if row["withdrawal_state"] == WithdrawalState.REQUESTED:
                requested += row["n"]

        def open_claims(claim_type: ClaimType) -> int:
            return sum(by_status.get(s, 0) for s in _open_statuses(claim_type))

        return BuyerSummary(
            withdrawal_requested=requested,
            awaiting_shipment=orders.get(OrderStatus.AWAITING_SHIPMENT, 0),
            shipping=orders.get(OrderStatus.SHIPPING, 0),
            delivered=orders.get(OrderStatus.DELIVERED, 0),
            cancelling=open_claims(ClaimType.CANCEL),
            returning=open_claims(ClaimType.RETURN),
            exchanging=open_claims(ClaimType.EXCHANGE),
            non_receipt=open_claims(ClaimType.NON_RECEIPT),
        )

    @strawberry.field(
        description="The buyer's claims with a withdrawal request waiting for an answer "
        "(buyer only), oldest request first; answer with claimWithdrawalRespond."
    )
    async def my_withdrawal_requests(self, info: Info) -> list[Claim]:
        ctx = info.context
        buyer = ctx.require_buyer()
        await ctx.sweep_on_read()
        rows = (
            await ClaimRow.filter(buyer_id=buyer.id, withdrawal_state=WithdrawalState.REQUESTED)
            .order_by("updated_at", "id")
            .limit(MAX_PENDING_REQUESTS)
        )
        return [Claim.from_model(r) for r in rows]
