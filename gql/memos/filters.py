"""The memo box's filters (留言/其他): date range, status, type, channel, item / order no."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from tortoise.queryset import QuerySet

from gql.claims.filters import SortDirection
from gql.enums import MemoChannel, MemoStatus, MemoType
from models.entities import Memo
from models.memo_box import MemoBoxFilter, memos_queryset
from models.queries import SortDirection as Direction
from models.screens.memo_box import MemoSort as MemoSortModel
from models.screens.memo_box import MemoSortKey as Key


@strawberry.input(description="Empty fields do not filter. Dates are Tokyo days of `sentAt`.")
class MemoFilter:
    date_from: date | None = None
    date_to: date | None = None
    status: MemoStatus | None = None
    type: MemoType | None = None
    channel: MemoChannel | None = None
    item_code: str | None = None
    order_no: str | None = None

    def to_model(self) -> MemoBoxFilter:
        """The domain's memo-box filter (one conversion for `memos` and `memoBox`)."""
        return MemoBoxFilter(
            date_from=self.date_from,
            date_to=self.date_to,
            status=self.status,
            type=self.type,
            channel=self.channel,
            item_code=self.item_code,
            order_no=self.order_no,
        )


def apply_memo_filter(flt: MemoFilter | None, **scope: Any) -> QuerySet[Memo]:
    """The viewer's memos narrowed by the filter (the domain's memo-box filter)."""
    return memos_queryset(flt.to_model() if flt is not None else None, **scope)


MemoSortKey = strawberry.enum(
    Key, name="MemoSortKey", description="What the memo list can be sorted by."
)


@strawberry.input(
    name="MemoSort",
    description="The memo list's order (default SENT_AT DESC, newest first); the id breaks "
    "ties in the same direction. A cursor only pages the sort it came from.",
)
class MemoSortInput:
    key: MemoSortKey = strawberry.field(  # type: ignore[valid-type]
        default=Key.SENT_AT, description="SENT_AT: when the memo was sent."
    )
    direction: SortDirection = strawberry.field(  # type: ignore[valid-type]
        default=Direction.DESC, description="The direction of the key."
    )

    def to_domain(self) -> MemoSortModel:
        return MemoSortModel(Key(self.key), Direction(self.direction))
