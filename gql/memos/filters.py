"""The memo box's filters (留言/其他): date range, status, type, channel, item / order no."""

from __future__ import annotations

from datetime import date
from typing import Any

import strawberry
from tortoise.queryset import QuerySet

from gql.enums import MemoChannel, MemoStatus, MemoType
from models.entities import Memo
from models.memo_box import MemoBoxFilter, memos_queryset


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
