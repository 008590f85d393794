"""A memo as the memo box (纸条盒) and the transaction panel show it."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry

from gql import ids
from gql.common import PageInfo, tokyo
from gql.context import Info
from gql.enums import ActorKind, Lang, MemoCategory, MemoChannel, MemoStatus, MemoType
from gql.node_type import Node
from models.entities import Memo as MemoEntity
from models.entities import Seller
from models.enums import ActorKind as ActorKindModel
from models.labels import label
from models.screens.thread import attachment_url

if TYPE_CHECKING:
    from gql.orders.types import Order


@strawberry.type(description="A message between the buyer and the seller of an order.")
class Memo(Node):
    sender: ActorKind = strawberry.field(description="Who wrote it (SELLER or BUYER).")
    title: str
    body: str
    status: MemoStatus
    type: MemoType
    category: MemoCategory
    channel: MemoChannel
    sent_at: datetime
    attachment_name: str | None = strawberry.field(description="The file name as uploaded.")
    attachment_type: str | None = strawberry.field(description="Its content type (sniffed).")
    row: strawberry.Private[MemoEntity]

    @classmethod
    def from_model(cls, row: MemoEntity) -> Memo:
        return cls(
            id=strawberry.ID(ids.encode("Memo", row.id)),
            sender=ActorKind(row.sender_kind),
            title=row.title,
            body=row.body,
            status=MemoStatus(row.status),
            type=MemoType(row.type),
            category=MemoCategory(row.category),
            channel=MemoChannel(row.channel),
            sent_at=tokyo(row.sent_at),  # type: ignore[arg-type]
            attachment_name=row.attachment_name,
            attachment_type=row.attachment_type,
            row=row,
        )

    @strawberry.field(
        description="Download path of the attachment (GET, with the session cookie or "
        "bearer token); only the order's seller and buyer get the file, anyone else 404."
    )
    def attachment_url(self) -> str | None:
        return attachment_url(self.row.id) if self.row.attachment_path else None

    @strawberry.field(description="The signed-in viewer wrote this memo.")
    def sent_by_viewer(self, info: Info) -> bool:
        viewer = info.context.viewer
        kind = ActorKindModel.SELLER if isinstance(viewer, Seller) else ActorKindModel.BUYER
        return viewer is not None and self.row.sender_kind == kind

    @strawberry.field(
        description="Sent to the viewer and not answered by them yet (their red N). `status` "
        "is the recipient's view: UNANSWERED until the recipient writes on the order."
    )
    def awaiting_viewer(self, info: Info) -> bool:
        return not self.sent_by_viewer(info) and self.status == MemoStatus.UNANSWERED

    @strawberry.field
    def sender_label(self, lang: Lang = Lang.ZH) -> str:
        return label(self.sender, lang.value)

    @strawberry.field
    def status_label(self, lang: Lang = Lang.ZH) -> str:
        return label(self.status, lang.value)

    @strawberry.field
    def type_label(self, lang: Lang = Lang.ZH) -> str:
        return label(self.type, lang.value)

    @strawberry.field
    def category_label(self, lang: Lang = Lang.ZH) -> str:
        return label(self.category, lang.value)

    @strawberry.field
    def channel_label(self, lang: Lang = Lang.ZH) -> str:
        return label(self.channel, lang.value)

    @strawberry.field
    async def order(self, info: Info) -> Annotated[Order, strawberry.lazy("gql.orders.types")]:
        from gql.orders.types import Order

        row = await info.context.loaders.order_by_id.load(self.row.order_id)
        assert row is not None
        return Order.from_model(row)


@strawberry.type
class MemoEdge:
    cursor: str
    node: Memo


@strawberry.type(description="A page of the viewer's memos in the asked order.")
class MemoConnection:
    edges: list[MemoEdge]
    page_info: PageInfo
    total_count: int
