"""Seller queries: the grid and the claim list (Relay connection)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import strawberry

from gql.claims.filters import ClaimFilterInput
from gql.claims.grid import ClaimStatusCounts
from gql.claims.types import Claim
from gql.common import PageInfo
from gql.context import Info
from models.clock import get_clock
from models.queries import claims_page, claims_total, encode_cursor, status_grid


@strawberry.type
class ClaimEdge:
    cursor: str
    node: Claim


@strawberry.type(description="A page of claims, newest request first.")
class ClaimConnection:
    edges: list[ClaimEdge]
    page_info: PageInfo
    #: Counted only when `totalCount` is selected (a COUNT over a million claims is the
    #: most expensive part of a page otherwise).
    _count: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="Matching claims in all pages.")
    async def total_count(self) -> int:
        return await self._count()


@strawberry.type
class ClaimQueries:
    @strawberry.field(
        description="The 状态类查询 grid (seller only). Never loads claim rows: the unfiltered "
        "grid reads the per-seller counters, a filtered one is one GROUP BY."
    )
    async def claim_status_counts(
        self, info: Info, filter: ClaimFilterInput | None = None
    ) -> ClaimStatusCounts:
        ctx = info.context
        seller = ctx.require_seller()
        flt = filter.to_domain() if filter else None
        await ctx.sweep_on_read()
        return ClaimStatusCounts.from_grid(await status_grid(seller.id, flt, get_clock().today()))

    @strawberry.field(description="The claim list (seller only); `first` defaults to 50, max 100.")
    async def claims(
        self,
        info: Info,
        filter: ClaimFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> ClaimConnection:
        ctx = info.context
        seller = ctx.require_seller()
        flt = filter.to_domain() if filter else None
        await ctx.sweep_on_read()
        today = get_clock().today()
        page = await claims_page(seller.id, flt, today, first, after, with_total=False)
        for row in page.claims:
            # claims_page joined the orders: hand them to the loader, no second query
            order = row.__dict__.get("_order")
            if order is not None:
                ctx.loaders.order_by_id.prime(order.id, order)
        edges = [
            ClaimEdge(cursor=encode_cursor(row.requested_on, row.id), node=Claim.from_model(row))
            for row in page.claims
        ]
        return ClaimConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next,
                has_previous_page=False,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            _count=lambda: claims_total(seller.id, flt, today),
        )
