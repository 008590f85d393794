"""Buyer-only queries: `buyerSummary`, `myWithdrawalRequests` and `myMemoThreads`."""

from __future__ import annotations

from dataclasses import asdict

import strawberry

from gql.buyers.connections import (
    MemoThreadConnection,
    MemoThreadEdge,
    MemoThreadSortInput,
    WithdrawalRequestConnection,
    WithdrawalRequestEdge,
    WithdrawalRequestSortInput,
)
from gql.buyers.types import BuyerSummary, MemoThread
from gql.claims.types import Claim
from gql.context import Info
from gql.paging import PAGING, page_info, page_request
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
        "(buyer only), oldest request first; answer with claimWithdrawalRespond.",
        deprecation_reason="A plain list capped at 100: use myWithdrawalRequestConnection, "
        "which pages both ways and sorts.",
    )
    async def my_withdrawal_requests(self, info: Info) -> list[Claim]:
        ctx = info.context
        buyer = ctx.require_buyer()
        await ctx.sweep_on_read()
        return [Claim.from_model(p.claim) for p in await myqoo10.pending_requests(buyer.id)]

    @strawberry.field(
        description="MyQoo10's 纸条 (buyer only): the buyer's conversations, the latest "
        f"activity first, at most {policy.MY_THREADS_MAX}; answer with memoReply.",
        deprecation_reason=f"A plain list capped at {policy.MY_THREADS_MAX}: use "
        "myMemoThreadConnection, which pages both ways and sorts.",
    )
    async def my_memo_threads(self, info: Info) -> list[MemoThread]:
        ctx = info.context
        buyer = ctx.require_buyer()
        await ctx.sweep_on_read()
        return [MemoThread(model=t) for t in await thread.buyer_threads(buyer.id)]

    @strawberry.field(
        description="The buyer's claims with a withdrawal request waiting for an answer "
        "(buyer only), oldest request first unless `sort` says otherwise; answer with "
        "claimWithdrawalRespond. " + PAGING
    )
    async def my_withdrawal_request_connection(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        sort: WithdrawalRequestSortInput | None = None,
    ) -> WithdrawalRequestConnection:
        ctx = info.context
        buyer = ctx.require_buyer()
        await ctx.sweep_on_read()
        page, total = await myqoo10.pending_page(
            buyer.id,
            sort.to_domain() if sort else None,
            page_request(first, after, last, before),
        )
        return WithdrawalRequestConnection(
            edges=[
                WithdrawalRequestEdge(cursor=c, node=Claim.from_model(p.claim))
                for p, c in zip(page.rows, page.cursors, strict=True)
            ],
            page_info=page_info(page.cursors, page.has_next, page.has_previous),
            total_count=total,
        )

    @strawberry.field(
        description="MyQoo10's 纸条 (buyer only): the buyer's conversations, the latest "
        "activity first unless `sort` says otherwise; answer with memoReply. " + PAGING
    )
    async def my_memo_thread_connection(
        self,
        info: Info,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        sort: MemoThreadSortInput | None = None,
    ) -> MemoThreadConnection:
        ctx = info.context
        buyer = ctx.require_buyer()
        await ctx.sweep_on_read()
        page = await thread.buyer_threads_page(
            buyer.id,
            sort.to_domain() if sort else None,
            page_request(first, after, last, before),
        )
        return MemoThreadConnection(
            edges=[
                MemoThreadEdge(cursor=c, node=MemoThread(model=t))
                for t, c in zip(page.threads, page.cursors, strict=True)
            ],
            page_info=page_info(page.cursors, page.has_next, page.has_previous),
            total_count=page.total,
        )
