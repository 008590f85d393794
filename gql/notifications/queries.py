"""`notifications(unreadOnly)` and `unreadNotificationCount`: the viewer's notice inbox,
read through its read model (models/screens/inbox.py) like any future portal page."""

from __future__ import annotations

import strawberry

from gql.context import Info
from gql.notifications.types import Notification
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
    @strawberry.field(description=f"The viewer's newest {INBOX_MAX_NOTICES} notices.")
    async def notifications(self, info: Info, unread_only: bool = False) -> list[Notification]:
        screen = await _inbox(info, unread_only)
        return [Notification.from_notice(n) for n in screen.notices]

    @strawberry.field(description="How many of the viewer's notices are unread.")
    async def unread_notification_count(self, info: Info) -> int:
        return (await _inbox(info, unread_only=True)).unread
