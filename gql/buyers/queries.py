"""Buyer-only queries: `buyerSummary` and `myWithdrawalRequests`."""

from __future__ import annotations

from dataclasses import asdict

import strawberry

from gql.buyers.types import BuyerSummary
from gql.claims.types import Claim
from gql.context import Info
from models.buyer_summary import buyer_counts
from models.screens import myqoo10


@strawberry.type
class BuyerQueries:
    @strawberry.field(
        description="MyQoo10 counts (buyer only), the same numbers as the MyQoo10 page."
    )
    async def buyer_summary(self, info: Info) -> BuyerSummary:
        ctx = info.context
        buyer = ctx.require_buyer()
        await ctx.sweep_on_read()
        return BuyerSummary(**asdict(await buyer_counts(buyer.id)))

    @strawberry.field(
        description="The buyer's claims with a withdrawal request waiting for an answer "
        "(buyer only), oldest request first; answer with claimWithdrawalRespond."
    )
    async def my_withdrawal_requests(self, info: Info) -> list[Claim]:
        ctx = info.context
        buyer = ctx.require_buyer()
        await ctx.sweep_on_read()
        return [Claim.from_model(p.claim) for p in await myqoo10.pending_requests(buyer.id)]
