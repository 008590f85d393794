"""`memoBox(filter)`: the memo box (纸条盒, 留言/其他) exactly as the portal shows it.

Why beside `memos`: the memos connection lists memo rows only, so its INQUIRY_RECORDS
channel could never show what the portal shows there (the seller's inquiries). This field
reads the one read model (`models.screens.memo_box`) and answers its rows as they are.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from gql import ids
from gql.common import PageInfo, tokyo
from gql.context import Info
from gql.enums import MemoType
from gql.memos.filters import MemoFilter, MemoSortInput
from gql.paging import page_info
from models import policy
from models.entities import Seller
from models.messages import input_refusal
from models.screens import memo_box as memo_box_screen
from models.screens.memo_box import MemoBoxRow as RowModel
from models.screens.memo_box import MemoSort as MemoSortModel
from models.screens.memo_box import Page, Party, RowSource

if TYPE_CHECKING:
    from gql.memos.types import Memo

MemoBoxSource = strawberry.enum(
    RowSource, description="A memo box row: a memo of an order, or one of the seller's inquiries."
)
MemoBoxParty = strawberry.enum(Party, description="发送方 / 接收方 as the memo box names them.")


@strawberry.type(description="One line of the memo box, in codes (the portal words them).")
class MemoBoxRow:
    id: strawberry.ID = strawberry.field(description="The memo's or the inquiry's ID.")
    source: MemoBoxSource  # type: ignore[valid-type]
    sent_at: datetime
    type: MemoType
    status: str = strawberry.field(
        description="A MemoStatus value for a memo, an InquiryStatus value for an inquiry."
    )
    sender: str = strawberry.field(description="The shop name or the buyer's masked id.")
    sent_from: MemoBoxParty  # type: ignore[valid-type]
    received_by: MemoBoxParty  # type: ignore[valid-type]
    category: str = strawberry.field(
        description="A MemoCategory value for a memo, the sub-category code for an inquiry."
    )
    recipient: str
    title: str
    order_no: str = strawberry.field(description="Empty for an inquiry about no order.")
    attachment_name: str | None
    unanswered: bool = strawberry.field(
        description="A memo to the viewer they have not answered yet (their red N)."
    )
    body: str = strawberry.field(description="The memo's or the inquiry's text.")
    cursor: str = strawberry.field(description="Page `after` / `before` this row.")
    row: strawberry.Private[RowModel]

    @classmethod
    def from_model(cls, row: RowModel) -> MemoBoxRow:
        kind = "Memo" if row.source == RowSource.MEMO else "Inquiry"
        return cls(
            id=strawberry.ID(ids.encode(kind, row.id)),
            source=row.source,
            sent_at=tokyo(row.sent_at),  # type: ignore[arg-type]
            type=row.type,
            status=row.status,
            sender=row.sender,
            sent_from=row.sent_from,
            received_by=row.received_by,
            category=row.category,
            recipient=row.recipient,
            title=row.title,
            order_no=row.order_no,
            attachment_name=row.attachment_name,
            unanswered=row.unanswered,
            body=row.body,
            cursor=row.cursor,
            row=row,
        )

    @strawberry.field(description="The memo itself (MEMO rows only).")
    async def memo(self, info: Info) -> Annotated[Memo, strawberry.lazy("gql.memos.types")] | None:
        from gql.memos.types import Memo
        from models.entities import Memo as MemoEntity

        if self.row.source != RowSource.MEMO:
            return None
        found = await MemoEntity.get_or_none(id=self.row.id)
        return Memo.from_model(found) if found else None


@strawberry.type(description="One page of the memo box on one channel, newest first.")
class MemoBox:
    rows: list[MemoBoxRow]
    limited: bool = strawberry.field(
        description="More (older) rows follow this page: the same as `hasNextPage`."
    )
    has_next_page: bool = strawberry.field(description="Older rows: `after: endCursor`.")
    has_previous_page: bool = strawberry.field(description="Newer rows: `before: startCursor`.")
    start_cursor: str | None
    end_cursor: str | None
    total_count: int = strawberry.field(description="Rows the filter matches on all pages.")
    page_info: PageInfo = strawberry.field(
        description="The flags and cursors above in Relay's shape, as every connection has."
    )


@strawberry.type
class MemoBoxQueries:
    @strawberry.field(
        description="The memo box (纸条盒) with every channel, as the portal's 留言/其他 shows "
        "it: on INQUIRY_RECORDS the seller's inquiries, else memos (default channel "
        "BUYER_SELLER). Pages both ways, newest first unless `sort` says otherwise: "
        "`first` rows after `after` (an `endCursor`), or the `last` rows before `before` "
        f"(a `startCursor`); at most {policy.MEMO_BOX_PAGE_SIZE} rows, the default. "
        "`first` with `before` is read as `last` (clients written before `last` existed). "
        "Keyset cursors name their sort: a cursor of another `sort` is refused."
    )
    async def memo_box(
        self,
        info: Info,
        filter: MemoFilter | None = None,
        first: int | None = None,
        after: str | None = None,
        before: str | None = None,
        last: int | None = None,
        sort: MemoSortInput | None = None,
    ) -> MemoBox:
        viewer = info.context.require_viewer()
        model_filter = (filter or MemoFilter()).to_model()
        if first is not None and last is not None:
            raise input_refusal("last", "page.both_directions")
        if last is not None and after:
            raise input_refusal("last", "page.both_directions")
        for name, size in (("first", first), ("last", last)):
            if size is not None and not 1 <= size <= policy.MEMO_BOX_PAGE_SIZE:
                raise input_refusal(name, "memo_box.page_size", max=str(policy.MEMO_BOX_PAGE_SIZE))
        page = Page(
            after=after,
            before=before,
            size=first or last or policy.MEMO_BOX_PAGE_SIZE,
            from_end=last is not None,
            sort=sort.to_domain() if sort else MemoSortModel(),
        )
        if isinstance(viewer, Seller):
            box = await memo_box_screen.load(model_filter, seller_id=viewer.id, page=page)
        else:
            box = await memo_box_screen.load(model_filter, buyer_id=viewer.id, page=page)
        return MemoBox(
            rows=[MemoBoxRow.from_model(r) for r in box.rows],
            limited=box.limited,
            has_next_page=box.has_next,
            has_previous_page=box.has_previous,
            start_cursor=box.start_cursor,
            end_cursor=box.end_cursor,
            total_count=box.total,
            page_info=page_info(
                [c for c in (box.start_cursor, box.end_cursor) if c], box.has_next, box.has_previous
            ),
        )
