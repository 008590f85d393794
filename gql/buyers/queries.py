"""Buyer-only queries: `buyerSummary`, `myWithdrawalRequests` and `myMemoThreads`."""

from __future__ import annotations

from dataclasses import asdict

import strawberry

from gql.buyers.types import BuyerSummary, MemoThread
from gql.claims.types import Claim
from gql.context import Info
from models import policy
from models.buyer_summary import buyer_counts
from models.screens import myqoo10, thread


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

    @strawberry.field(
        description="MyQoo10's 纸条 (buyer only): the buyer's conversations, the latest "
        f"activity first, at most {policy.MY_THREADS_MAX}; answer with memoReply."
    )
    async def my_memo_threads(self, info: Info) -> list[MemoThread]:
        ctx = info.context
        buyer = ctx.require_buyer()
        await ctx.sweep_on_read()
        return [MemoThread(model=t) for t in await thread.buyer_threads(buyer.id)]
