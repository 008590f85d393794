"""`notificationsMarkRead`: mark some of the viewer's notices read, or all of them.

The same operation as the portal's inbox forms (`models.ops.notices.mark_read`): a list
naming a notice the viewer cannot see is refused whole with NOT_FOUND, exactly like an id
that does not exist.
"""

from __future__ import annotations

import strawberry

from gql import ids
from gql.context import Info
from gql.errors import UserError, user_errors
from models.entities import Seller
from models.errors import DomainError
from models.ops import notices
from models.policy import INBOX_MAX_NOTICES


@strawberry.input
class NotificationsMarkReadInput:
    ids: list[strawberry.ID] | None = strawberry.field(
        default=None,
        description=f"Notices to mark read (`Notification.id`, at most {INBOX_MAX_NOTICES}).",
    )
    all: bool | None = strawberry.field(
        default=None, description="Mark every notice of the viewer read (instead of `ids`)."
    )


@strawberry.type
class NotificationsMarkReadPayload:
    unread_notification_count: int | None = strawberry.field(
        default=None,
        description="The viewer's unread notices after the change; null when refused.",
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class NotificationMutations:
    @strawberry.mutation(description="Mark notices read: the ones in `ids`, or `all` of them.")
    async def notifications_mark_read(
        self, info: Info, input: NotificationsMarkReadInput
    ) -> NotificationsMarkReadPayload:
        ctx = info.context
        try:
            viewer = ctx.require_viewer()
            row_ids = [ids.decode(i, "Notification", "ids") for i in input.ids or []]
            scope = (
                {"seller_id": viewer.id} if isinstance(viewer, Seller) else {"buyer_id": viewer.id}
            )
            unread = await notices.mark_read(**scope, ids=row_ids, all=bool(input.all))
        except DomainError as exc:
            return NotificationsMarkReadPayload(user_errors=user_errors(exc, ctx.lang, "ids"))
        return NotificationsMarkReadPayload(unread_notification_count=unread)
