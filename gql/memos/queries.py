"""`memos(filter, sort, first, after, last, before)`: the viewer's memos as a Relay
connection over the memo list read model (`models.screens.memo_box.memo_list`)."""

from __future__ import annotations

import strawberry

from gql.context import Info
from gql.memos.filters import MemoFilter, MemoSortInput
from gql.memos.types import Memo, MemoConnection, MemoEdge
from gql.paging import PAGING, page_info, page_request
from models.entities import Seller
from models.screens.memo_box import memo_list


@strawberry.type
class MemoQueries:
    @strawberry.field(
        description="The viewer's memos (纸条), newest first unless `sort` says otherwise. "
        "Channel INQUIRY_RECORDS holds the seller's inquiries, not memos: it is refused "
        "(INVALID_INPUT on `channel`); `memoBox` shows that channel as the portal does. " + PAGING
    )
    async def memos(
        self,
        info: Info,
        filter: MemoFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        sort: MemoSortInput | None = None,
    ) -> MemoConnection:
        viewer = info.context.require_viewer()
        scope = {"seller_id": viewer.id} if isinstance(viewer, Seller) else {"buyer_id": viewer.id}
        found = await memo_list(
            filter.to_model() if filter is not None else None,
            **scope,
            sort=sort.to_domain() if sort else None,
            request=page_request(first, after, last, before),
        )
        page = found.page
        return MemoConnection(
            edges=[
                MemoEdge(cursor=c, node=Memo.from_model(r))
                for r, c in zip(page.rows, page.cursors, strict=True)
            ],
            page_info=page_info(page.cursors, page.has_next, page.has_previous),
            total_count=found.total,
        )
