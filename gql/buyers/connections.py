"""The buyer's two MyQoo10 lists as Relay connections with a sort:
`myWithdrawalRequestConnection` (`models.screens.myqoo10.pending_page`) and
`myMemoThreadConnection` (`models.screens.thread.buyer_threads_page`)."""

from __future__ import annotations

import strawberry

from gql.buyers.types import MemoThread
from gql.claims.filters import SortDirection
from gql.claims.types import Claim
from gql.common import PageInfo
from models.queries import SortDirection as Direction
from models.screens.myqoo10 import RequestSort, RequestSortKey
from models.screens.thread import ThreadSort, ThreadSortKey

WithdrawalRequestSortKey = strawberry.enum(
    RequestSortKey,
    name="WithdrawalRequestSortKey",
    description="What the buyer's pending withdrawal requests can be sorted by: "
    "REQUEST_DATE (when the seller asked), DEADLINE (the last day to answer, 客户回应期限).",
)


@strawberry.input(
    name="WithdrawalRequestSort",
    description="The pending requests' order (default REQUEST_DATE ASC, oldest first, as "
    "MyQoo10); the round's id breaks ties in the same direction. A cursor only pages the "
    "sort it came from.",
)
class WithdrawalRequestSortInput:
    key: WithdrawalRequestSortKey = strawberry.field(  # type: ignore[valid-type]
        default=RequestSortKey.REQUEST_DATE, description="The sort key."
    )
    direction: SortDirection = strawberry.field(  # type: ignore[valid-type]
        default=Direction.ASC, description="The direction of the key."
    )

    def to_domain(self) -> RequestSort:
        return RequestSort(RequestSortKey(self.key), Direction(self.direction))


@strawberry.type(description="A claim whose withdrawal request waits for the buyer.")
class WithdrawalRequestEdge:
    cursor: str = strawberry.field(description="Page `after` / `before` this row.")
    node: Claim


@strawberry.type(description="A page of the buyer's pending withdrawal requests.")
class WithdrawalRequestConnection:
    edges: list[WithdrawalRequestEdge]
    page_info: PageInfo
    total_count: int = strawberry.field(description="Pending requests on all pages.")


MemoThreadSortKey = strawberry.enum(
    ThreadSortKey,
    name="MemoThreadSortKey",
    description="What the buyer's conversations can be sorted by: LAST_ACTIVITY (the time "
    "of the conversation's latest memo).",
)


@strawberry.input(
    name="MemoThreadSort",
    description="The conversations' order (default LAST_ACTIVITY DESC, as MyQoo10); the "
    "latest memo's id breaks ties. A cursor only pages the sort it came from.",
)
class MemoThreadSortInput:
    key: MemoThreadSortKey = strawberry.field(  # type: ignore[valid-type]
        default=ThreadSortKey.LAST_ACTIVITY, description="The sort key."
    )
    direction: SortDirection = strawberry.field(  # type: ignore[valid-type]
        default=Direction.DESC, description="The direction of the key."
    )

    def to_domain(self) -> ThreadSort:
        return ThreadSort(ThreadSortKey(self.key), Direction(self.direction))


@strawberry.type(description="A conversation and its cursor.")
class MemoThreadEdge:
    cursor: str = strawberry.field(description="Page `after` / `before` this conversation.")
    node: MemoThread


@strawberry.type(description="A page of the buyer's conversations.")
class MemoThreadConnection:
    edges: list[MemoThreadEdge]
    page_info: PageInfo
    total_count: int = strawberry.field(description="Conversations on all pages.")
