"""`memos(filter, first, after)`: the viewer's memos as a Relay connection (cursors as `memoBox`'s)."""

from __future__ import annotations

import strawberry
from tortoise.expressions import Q

from gql.common import PageInfo
from gql.context import Info
from gql.enums import MemoChannel
from gql.memos.filters import MemoFilter, apply_memo_filter
from gql.memos.types import Memo, MemoConnection, MemoEdge
from models.entities import Seller
from models.messages import input_refusal
from models.queries import page_size
from models.screens.memo_box import decode_cursor, encode_cursor


@strawberry.type
class MemoQueries:
    @strawberry.field(
        description="The viewer's memos (纸条), newest first. Channel INQUIRY_RECORDS holds "
        "the seller's inquiries, not memos: it is refused (INVALID_INPUT on `channel`); "
        "`memoBox` shows that channel as the portal does."
    )
    async def memos(
        self,
        info: Info,
        filter: MemoFilter | None = None,
        first: int | None = None,
        after: str | None = None,
    ) -> MemoConnection:
        ctx = info.context
        viewer = ctx.require_viewer()
        if filter is not None and filter.channel == MemoChannel.INQUIRY_RECORDS:
            raise input_refusal("channel", "memos.inquiry_channel")
        size = page_size(first)
        scope = {"seller_id": viewer.id} if isinstance(viewer, Seller) else {"buyer_id": viewer.id}
        base = apply_memo_filter(filter, **scope)
        qs = base
        if after:
            at, memo_id = decode_cursor(after, "after")
            qs = qs.filter(Q(sent_at__lt=at) | Q(sent_at=at, id__lt=memo_id))
        rows = await qs.order_by("-sent_at", "-id").limit(size + 1)
        page = rows[:size]
        edges = [
            MemoEdge(cursor=encode_cursor(r.sent_at, r.id), node=Memo.from_model(r)) for r in page
        ]
        return MemoConnection(
            edges=edges,
            page_info=PageInfo(
                has_next_page=len(rows) > size,
                has_previous_page=False,
                start_cursor=edges[0].cursor if edges else None,
                end_cursor=edges[-1].cursor if edges else None,
            ),
            total_count=await base.count(),
        )
