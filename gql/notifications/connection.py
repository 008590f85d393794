"""The notice inbox as a Relay connection (`notificationConnection`): sort, keyset paging
both ways, the total and the unread count, over `models.screens.inbox.read_page`."""

from __future__ import annotations

import strawberry

from gql.claims.filters import SortDirection
from gql.common import PageInfo
from gql.notifications.types import Notification
from models.queries import SortDirection as Direction
from models.screens.inbox import NoticeSort, NoticeSortKey

NotificationSortKey = strawberry.enum(
    NoticeSortKey, name="NotificationSortKey", description="What notices can be sorted by."
)


@strawberry.input(
    name="NotificationSort",
    description="The notices' order (default CREATED_AT DESC, newest first); the id breaks "
    "ties in the same direction. A cursor only pages the sort it came from.",
)
class NotificationSortInput:
    key: NotificationSortKey = strawberry.field(  # type: ignore[valid-type]
        default=NoticeSortKey.CREATED_AT, description="CREATED_AT: when the notice was sent."
    )
    direction: SortDirection = strawberry.field(  # type: ignore[valid-type]
        default=Direction.DESC, description="The direction of the key."
    )

    def to_domain(self) -> NoticeSort:
        return NoticeSort(NoticeSortKey(self.key), Direction(self.direction))


@strawberry.type(description="A notice and its cursor.")
class NotificationEdge:
    cursor: str = strawberry.field(description="Page `after` / `before` this notice.")
    node: Notification


@strawberry.type(description="A page of the viewer's notices in the asked order.")
class NotificationConnection:
    edges: list[NotificationEdge]
    page_info: PageInfo
    total_count: int = strawberry.field(
        description="Notices in the list on all pages (unread ones only with `unreadOnly`)."
    )
    unread_count: int = strawberry.field(description="Unread notices in the whole inbox.")
