"""Read side: the claim filter shared by the grid and the list, keyset pages, and the grid.

The unfiltered grid reads `SellerCounter` (kept in step in every claim transaction) plus
one indexed count of delayed claims; a filtered grid is one GROUP BY. Neither loads claim
rows into Python.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field, fields
from datetime import date
from enum import StrEnum

from tortoise.expressions import Q, RawSQL
from tortoise.queryset import QuerySet

from models import policy
from models.entities import Claim, Order, SellerCounter
from models.enums import ClaimStatus, ClaimType, WithdrawalState
from models.grid import StatusGrid
from models.messages import input_refusal
from models.ops import counters
from models.ops.lookups import plausible_key


#: COUNT(*), not Count("id"): counting a column PostgreSQL must fetch from the table, where
#: COUNT(*) is answered from the covering index alone (filtered grid: 105 ms -> 19 ms).
def count_rows() -> RawSQL:
    return RawSQL("COUNT(*)")


MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 50
MAX_FILTER_LIST = 100


class DateField(StrEnum):
    ORDER = "ORDER"
    REQUEST = "REQUEST"
    COMPLETE = "COMPLETE"


#: Text filters of the detail query and the order column each one matches exactly.
_TEXT_FILTERS = {
    "order_no": "order__order_no",
    "cart_no": "order__cart_no",
    "item_code": "order__item_code",
    "seller_item_code": "order__seller_item_code",
}
_DATE_COLUMNS = {
    DateField.ORDER: "order__ordered_on",
    DateField.REQUEST: "requested_on",
    DateField.COMPLETE: "completed_on",
}


@dataclass
class ClaimFilter:
    """The detail query (详情查询); empty fields do not filter."""

    types: list[ClaimType] = field(default_factory=list)
    statuses: list[ClaimStatus] = field(default_factory=list)
    withdrawal_states: list[WithdrawalState] = field(default_factory=list)
    date_field: DateField = DateField.REQUEST
    date_from: date | None = None
    date_to: date | None = None
    order_no: str | None = None
    cart_no: str | None = None
    item_code: str | None = None
    seller_item_code: str | None = None
    delayed_only: bool = False

    def is_empty(self) -> bool:
        defaults = ClaimFilter()
        return all(
            getattr(self, f.name) == getattr(defaults, f.name)
            for f in fields(self)
            if f.name != "date_field"
        )

    def validate(self) -> None:
        for name in ("types", "statuses", "withdrawal_states"):
            if len(getattr(self, name)) > MAX_FILTER_LIST:
                raise input_refusal(name, "values.too_many", max=str(MAX_FILTER_LIST))
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise input_refusal("dateFrom", "date_range.reversed")
        for name, column in _TEXT_FILTERS.items():
            value = (getattr(self, name) or "").strip()
            limit = Order._meta.fields_map[column.split("__", 1)[1]].max_length
            if value and not plausible_key(value, limit):
                raise input_refusal(name, "text.printable_max", max=str(limit))


def claims_queryset(seller_id: int, flt: ClaimFilter | None, today: date) -> QuerySet[Claim]:
    flt = flt or ClaimFilter()
    flt.validate()
    qs = Claim.filter(seller_id=seller_id)
    if flt.types:
        qs = qs.filter(type__in=[ClaimType(t) for t in flt.types])
    if flt.statuses:
        qs = qs.filter(status__in=[ClaimStatus(s) for s in flt.statuses])
    if flt.withdrawal_states:
        qs = qs.filter(withdrawal_state__in=[WithdrawalState(s) for s in flt.withdrawal_states])
    column = _DATE_COLUMNS[DateField(flt.date_field)]
    if flt.date_from:
        qs = qs.filter(**{f"{column}__gte": flt.date_from})
    if flt.date_to:
        qs = qs.filter(**{f"{column}__lte": flt.date_to})
    for name, column_name in _TEXT_FILTERS.items():
        value = (getattr(flt, name) or "").strip()
        if value:
            qs = qs.filter(**{column_name: value})
    if flt.delayed_only:
        qs = qs.filter(
            status__in=list(policy.FIRST_STATUSES), requested_on__lt=policy.delayed_before(today)
        )
    return qs


# --- keyset pagination: newest request first, id breaks ties -------------------------------


def encode_cursor(requested_on: date, claim_id: int) -> str:
    raw = f"{requested_on.isoformat()}|{claim_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[date, int]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        day, claim_id = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        return date.fromisoformat(day), int(claim_id)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise input_refusal("after", "cursor.foreign") from None


def page_size(first: int | None) -> int:
    if first is None:
        return DEFAULT_PAGE_SIZE
    if first < 0:
        raise input_refusal("first", "page_size.negative")
    return min(first, MAX_PAGE_SIZE)


@dataclass
class ClaimPage:
    claims: list[Claim]
    has_next: bool
    total: int


def ordered(qs: QuerySet[Claim]) -> QuerySet[Claim]:
    return qs.order_by("-requested_on", "-id")


async def claims_page(
    seller_id: int,
    flt: ClaimFilter | None,
    today: date,
    first: int | None = None,
    after: str | None = None,
    *,
    with_total: bool = True,
) -> ClaimPage:
    size = page_size(first)
    base = claims_queryset(seller_id, flt, today)
    qs = base
    if after:
        day, claim_id = decode_cursor(after)
        qs = qs.filter(Q(requested_on__lt=day) | Q(requested_on=day, id__lt=claim_id))
    rows = await ordered(qs).limit(size + 1).select_related("order")
    total = await base.count() if with_total else -1
    return ClaimPage(rows[:size], len(rows) > size, total)


async def claims_total(seller_id: int, flt: ClaimFilter | None, today: date) -> int:
    """How many claims match: the counts table for no filter, else one COUNT."""
    if flt is None or flt.is_empty():
        rows = await SellerCounter.filter(
            seller_id=seller_id, key__startswith="status:"
        ).values_list("count", flat=True)
        return sum(rows)
    return await claims_queryset(seller_id, flt, today).count()


# --- the grid ---------------------------------------------------------------------------------


async def status_grid(seller_id: int, flt: ClaimFilter | None, today: date) -> StatusGrid:
    """Counts for the 状态类查询 grid; the same filter as the list."""
    if flt is None or flt.is_empty():
        return await _grid_from_counters(seller_id, today)
    qs = claims_queryset(seller_id, flt, today)
    rows = await (
        qs.annotate(n=count_rows())
        .group_by("status", "withdrawal_state")
        .values("status", "withdrawal_state", "n")
    )
    by_status: dict[ClaimStatus, int] = {}
    by_state: dict[WithdrawalState, int] = {}
    for row in rows:
        status = ClaimStatus(row["status"])
        by_status[status] = by_status.get(status, 0) + row["n"]
        if row["withdrawal_state"]:
            state = WithdrawalState(row["withdrawal_state"])
            by_state[state] = by_state.get(state, 0) + row["n"]
    delayed = await _delayed_counts(qs, today)
    return StatusGrid(by_status, delayed, by_state)


async def _delayed_counts(qs: QuerySet[Claim], today: date) -> dict[ClaimStatus, int]:
    """Delayed claims per first status. The type condition is implied by the statuses but
    lets the (seller, type, status, requested_on) index answer it: 2.2 s → 6 ms at 1M claims."""
    rows = await (
        qs.filter(
            type__in=list(policy.FIRST_STATUS),
            status__in=list(policy.FIRST_STATUSES),
            requested_on__lt=policy.delayed_before(today),
        )
        .annotate(n=count_rows())
        .group_by("status")
        .values("status", "n")
    )
    return {ClaimStatus(row["status"]): row["n"] for row in rows}


async def _grid_from_counters(seller_id: int, today: date) -> StatusGrid:
    rows = await SellerCounter.filter(seller_id=seller_id).values_list("key", "count")
    by_status: dict[ClaimStatus, int] = {}
    by_state: dict[WithdrawalState, int] = {}
    status_keys = {counters.status_key(s): s for s in ClaimStatus}
    state_keys = {counters.withdrawal_key(s): s for s in WithdrawalState}
    for key, count in rows:
        if key in status_keys:
            by_status[status_keys[key]] = count
        elif key in state_keys:
            by_state[state_keys[key]] = count
    delayed = await _delayed_counts(Claim.filter(seller_id=seller_id), today)
    return StatusGrid(by_status, delayed, by_state)


async def live_group_by(seller_id: int) -> dict[str, int]:
    """The counts straight from the claims (what the counters must always equal)."""
    result: dict[str, int] = {}
    rows = await (
        Claim.filter(seller_id=seller_id)
        .annotate(n=count_rows())
        .group_by("status", "withdrawal_state")
        .values("status", "withdrawal_state", "n")
    )
    for row in rows:
        key = counters.status_key(row["status"])
        result[key] = result.get(key, 0) + row["n"]
        if row["withdrawal_state"]:
            wkey = counters.withdrawal_key(row["withdrawal_state"])
            result[wkey] = result.get(wkey, 0) + row["n"]
    return result


async def counter_values(seller_id: int) -> dict[str, int]:
    rows = await SellerCounter.filter(seller_id=seller_id).values_list("key", "count")
    return {key: count for key, count in rows if count}
