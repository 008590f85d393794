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


def apply_memo_filter(flt: MemoFilter | None, **scope: Any) -> QuerySet[Memo]:
    """The viewer's memos narrowed by the filter (the domain's memo-box filter)."""
    if flt is None:
        return memos_queryset(None, **scope)
    return memos_queryset(
        MemoBoxFilter(
            date_from=flt.date_from,
            date_to=flt.date_to,
            status=flt.status,
            type=flt.type,
            channel=flt.channel,
            item_code=flt.item_code,
            order_no=flt.order_no,
        ),
        **scope,
    )
