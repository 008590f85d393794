"""One notice in the viewer's inbox, rendered in the reader's language."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gql import ids
from gql.common import tokyo
from gql.context import Info
from gql.enums import Lang, NotificationKind
from gql.node_type import Node
from models.screens.inbox import InboxNotice


@strawberry.type(description="A Qpost / MyQoo10 notice.")
class Notification(Node):
    kind: NotificationKind
    created_at: datetime
    read_at: datetime | None
    order_no: str | None = strawberry.field(description="The order it is about, if any.")
    notice: strawberry.Private[InboxNotice]

    @strawberry.field(
        description="The notice's sentence in `lang`, else in the request's language "
        "(Accept-Language), else zh."
    )
    def text(self, info: Info, lang: Lang | None = None) -> str:
        return self.notice.text(lang or info.context.lang)

    @strawberry.field
    def read(self) -> bool:
        return self.read_at is not None

    @classmethod
    def from_notice(cls, notice: InboxNotice) -> Notification:
        return cls(
            id=strawberry.ID(ids.encode("Notification", notice.id)),
            kind=notice.kind,
            created_at=tokyo(notice.created_at),  # type: ignore[arg-type]
            read_at=tokyo(notice.read_at),
            order_no=notice.order_no,
            notice=notice,
        )
