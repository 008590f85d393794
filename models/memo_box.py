"""The memo box's filter (留言/其他), shared by the portal and the API.

Empty fields do not filter; dates are Tokyo days of `sent_at`; item and order numbers must
fit their columns (Tortoise refuses longer lookup values), else INVALID_INPUT.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from tortoise.queryset import QuerySet

from models.date_input import check_days
from models.entities import Memo, Order
from models.enums import MemoChannel, MemoStatus, MemoType
from models.messages import input_refusal
from models.ops.lookups import plausible_key
from models.policy import BUSINESS_TZ

#: Filter field -> the order column it matches exactly.
_CODE_FILTERS = {"item_code": "item_code", "order_no": "order_no"}


@dataclass
class MemoBoxFilter:
    date_from: date | None = None
    date_to: date | None = None
    status: MemoStatus | None = None
    type: MemoType | None = None
    channel: MemoChannel | None = None
    item_code: str | None = None
    order_no: str | None = None


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, BUSINESS_TZ)


def day_bounds(day_from: date | None, day_to: date | None) -> dict[str, datetime]:
    """Lookup arguments (`gte` / `lt`) for the Tokyo days `day_from` … `day_to`.

    Why a function: the calendar's ends are valid input (a date picker can send
    9999-12-31 or 0001-01-01), but "the day after 9999-12-31" overflows and 0001-01-01 in
    Tokyo is before year 1 in UTC; such a bound cuts nothing off, so it is left out.
    """
    bounds: dict[str, datetime] = {}
    if day_from and day_from > date.min:
        bounds["gte"] = _day_start(day_from)
    if day_to and day_to < date.max:
        bounds["lt"] = _day_start(day_to + timedelta(days=1))
    return bounds


def memos_queryset(flt: MemoBoxFilter | None, **scope: Any) -> QuerySet[Memo]:
    """The viewer's memos (`scope`: seller_id= or buyer_id=) narrowed by the filter."""
    qs = Memo.filter(**scope)
    if flt is None:
        return qs
    check_days(dateFrom=flt.date_from, dateTo=flt.date_to)
    if flt.date_from and flt.date_to and flt.date_from > flt.date_to:
        raise input_refusal("dateFrom", "date_range.reversed")
    for op, bound in day_bounds(flt.date_from, flt.date_to).items():
        qs = qs.filter(**{f"sent_at__{op}": bound})
    if flt.status:
        qs = qs.filter(status=flt.status)
    if flt.type:
        qs = qs.filter(type=flt.type)
    if flt.channel:
        qs = qs.filter(channel=flt.channel)
    for name, column in _CODE_FILTERS.items():
        value = (getattr(flt, name) or "").strip()
        if not value:
            continue
        limit = Order._meta.fields_map[column].max_length
        if not plausible_key(value, limit):
            raise input_refusal(name, "text.printable_max", max=str(limit))
        qs = qs.filter(**{f"order__{column}": value})
    return qs
