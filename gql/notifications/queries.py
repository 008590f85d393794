"""`notifications(unreadOnly)`: the viewer's newest notices."""

from __future__ import annotations

import strawberry

from gql.context import Info
from gql.notifications.types import Notification
from models.entities import Notification as NotificationRow
from models.entities import Seller

#: The inbox shows the newest notices only; older ones stay in the database.
MAX_NOTIFICATIONS = 100


@strawberry.type
class NotificationQueries:
    @strawberry.field(description=f"The viewer's newest {MAX_NOTIFICATIONS} notices.")
    async def notifications(self, info: Info, unread_only: bool = False) -> list[Notification]:
        ctx = info.context
        viewer = ctx.require_viewer()
        await ctx.sweep_on_read()
        scope = {"seller_id": viewer.id} if isinstance(viewer, Seller) else {"buyer_id": viewer.id}
        qs = NotificationRow.filter(**scope)
        if unread_only:
            qs = qs.filter(read_at__isnull=True)
        rows = await qs.order_by("-created_at", "-id").limit(MAX_NOTIFICATIONS)
        return [Notification.from_model(r) for r in rows]
