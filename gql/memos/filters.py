"""The memo box's filters (留言/其他): date range, status, type, channel, item / order no."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import strawberry
from tortoise.queryset import QuerySet

from gql.enums import MemoChannel, MemoStatus, MemoType
from models.entities import Memo
from models.errors import invalid
from models.policy import BUSINESS_TZ

MAX_CODE_LENGTH = 50


@strawberry.input(description="Empty fields do not filter. Dates are Tokyo days of `sentAt`.")
class MemoFilter:
    date_from: date | None = None
    date_to: date | None = None
    status: MemoStatus | None = None
    type: MemoType | None = None
    channel: MemoChannel | None = None
    item_code: str | None = None
    order_no: str | None = None


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), BUSINESS_TZ)


def apply_memo_filter(qs: QuerySet[Memo], flt: MemoFilter | None) -> QuerySet[Memo]:
    """Narrow `qs` (already scoped to the viewer) by the filter; bad input is INVALID_INPUT."""
    if flt is None:
        return qs
    if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
        raise invalid("dateFrom", "The start date is after the end date.")
    if flt.date_from:
        qs = qs.filter(sent_at__gte=_day_start(flt.date_from))
    if flt.date_to:
        qs = qs.filter(sent_at__lt=_day_start(flt.date_to + timedelta(days=1)))
    if flt.status:
        qs = qs.filter(status=flt.status)
    if flt.type:
        qs = qs.filter(type=flt.type)
    if flt.channel:
        qs = qs.filter(channel=flt.channel)
    for name, column in (("item_code", "order__item_code"), ("order_no", "order__order_no")):
        value = (getattr(flt, name) or "").strip()
        if len(value) > MAX_CODE_LENGTH:
            raise invalid(name, f"At most {MAX_CODE_LENGTH} characters.")
        if value:
            qs = qs.filter(**{column: value})
    return qs
