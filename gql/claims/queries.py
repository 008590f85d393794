"""Seller queries: the grid and the claim list (Relay connection), thin adapters over the
screen read models (`models.screens.grid`, `models.screens.claim_list`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import strawberry

from gql.claims.filters import ClaimFilterInput, ClaimSortInput
from gql.claims.grid import ClaimStatusCounts
from gql.claims.types import Claim
from gql.common import PageInfo
from gql.context import Info
from models.screens import claim_list
from models.screens.grid import load as status_grid


@strawberry.type
class ClaimEdge:
    cursor: str
    node: Claim


@strawberry.type(
    description="A page of claims in the asked order (newest request first by default)."
)
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
        "grid reads the per-seller counters, a filtered one is one GROUP BY. Each cell "
        "carries the filter of the list it opens."
    )
    async def claim_status_counts(
        self, info: Info, filter: ClaimFilterInput | None = None
    ) -> ClaimStatusCounts:
        seller = info.context.require_seller()
        flt = filter.to_domain() if filter else None
        return ClaimStatusCounts.from_grid(await status_grid(seller.id, flt))

    @strawberry.field(
        description="The claim list (seller only), a Relay connection: `first` rows after "
        "`after`, or the `last` rows before `before` (50 by default, at most 100; one "
        "direction per call). Keyset paging: a cursor encodes its row's sort key and id, "
        "so pages stay exact while claims change, and it only pages the `sort` it came from."
    )
    async def claims(
        self,
        info: Info,
        filter: ClaimFilterInput | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        sort: ClaimSortInput | None = None,
    ) -> ClaimConnection:
        ctx = info.context
        seller = ctx.require_seller()
        flt = filter.to_domain() if filter else None
        page = await claim_list.load(
            seller.id,
            flt,
            first,
            after,
            last=last,
            before=before,
            sort=sort.to_domain() if sort else None,
        )
        # the rows are plain values with their orders joined: `Claim.order` answers from
        # the row (gql/fast_fields.py), no loader
        edges = [
            ClaimEdge(cursor=row.cursor, node=Claim.from_model(row.claim)) for row in page.rows
        ]
        return ClaimConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=page.has_next,
                has_previous_page=page.has_previous,
                start_cursor=page.start_cursor,
                end_cursor=page.end_cursor,
            ),
            _count=page.count,
        )
