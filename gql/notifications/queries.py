"""`notifications(unreadOnly)` and `unreadNotificationCount`: the viewer's notice inbox,
read through its read model (models/screens/inbox.py) like any future portal page."""

from __future__ import annotations

import strawberry

from gql.context import Info
from gql.notifications.connection import (
    NotificationConnection,
    NotificationEdge,
    NotificationSortInput,
)
from gql.notifications.types import Notification
from gql.paging import PAGING, page_info, page_request
from models.entities import Seller
from models.policy import INBOX_MAX_NOTICES
from models.screens import inbox


async def _inbox(info: Info, unread_only: bool = False) -> inbox.Inbox:
    """The viewer's inbox after the request's one sweep (shared by every root field)."""
    ctx = info.context
    viewer = ctx.require_viewer()
    await ctx.sweep_on_read()
    if isinstance(viewer, Seller):
        return await inbox.read(seller_id=viewer.id, unread_only=unread_only)
    return await inbox.read(buyer_id=viewer.id, unread_only=unread_only)


@strawberry.type
class NotificationQueries:
    @strawberry.field(
        description=f"The viewer's newest {INBOX_MAX_NOTICES} notices.",
        deprecation_reason="A plain list capped at 100: use notificationConnection, which "
        "pages the whole inbox both ways and sorts.",
    )
    async def notifications(self, info: Info, unread_only: bool = False) -> list[Notification]:
        screen = await _inbox(info, unread_only)
        return [Notification.from_notice(n) for n in screen.notices]

    @strawberry.field(
        description="The viewer's notice inbox (Qpost / MyQoo10 notices), newest first "
        "unless `sort` says otherwise, with the total and the unread count. " + PAGING
    )
    async def notification_connection(
        self,
        info: Info,
        unread_only: bool = False,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
        sort: NotificationSortInput | None = None,
    ) -> NotificationConnection:
        ctx = info.context
        viewer = ctx.require_viewer()
        await ctx.sweep_on_read()
        scope = {"seller_id": viewer.id} if isinstance(viewer, Seller) else {"buyer_id": viewer.id}
        page = await inbox.read_page(
            **scope,
            unread_only=unread_only,
            sort=sort.to_domain() if sort else None,
            request=page_request(first, after, last, before),
        )
        return NotificationConnection(
            edges=[
                NotificationEdge(cursor=c, node=Notification.from_notice(n))
                for n, c in zip(page.notices, page.cursors, strict=True)
            ],
            page_info=page_info(page.cursors, page.has_next, page.has_previous),
            total_count=page.total,
            unread_count=page.unread,
        )

    @strawberry.field(description="How many of the viewer's notices are unread.")
    async def unread_notification_count(self, info: Info) -> int:
        return (await _inbox(info, unread_only=True)).unread
