"""One notice in the viewer's inbox."""

from __future__ import annotations

from datetime import datetime

import strawberry

from gql import ids
from gql.common import tokyo
from gql.context import Info
from gql.enums import NotificationKind
from models.entities import Notification as NotificationRow


@strawberry.type(description="A Qpost / MyQoo10 notice.")
class Notification:
    id: strawberry.ID
    kind: NotificationKind
    text: str
    created_at: datetime
    read_at: datetime | None
    row: strawberry.Private[NotificationRow]

    @strawberry.field
    def read(self) -> bool:
        return self.read_at is not None

    @strawberry.field(description="The order it is about, if any.")
    async def order_no(self, info: Info) -> str | None:
        if self.row.order_id is None:
            return None
        order = await info.context.loaders.order_by_id.load(self.row.order_id)
        return order.order_no if order else None

    @classmethod
    def from_model(cls, row: NotificationRow) -> Notification:
        return cls(
            id=strawberry.ID(ids.encode("Notification", row.id)),
            kind=NotificationKind(row.kind),
            text=row.text,
            created_at=tokyo(row.created_at),  # type: ignore[arg-type]
            read_at=tokyo(row.read_at),
            row=row,
        )
