"""Read side: the claim filter shared by the grid and the list, keyset pages, and the grid.

The unfiltered grid is one range read of `SellerCounter` (kept in step in every claim
transaction, the delayed count included: docs/counters.md); a filtered grid is one GROUP BY.
Neither loads claim rows into Python.
"""

from __future__ import annotations

import base64
import binascii
from binascii import b2a_base64
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any

from tortoise import connections
from tortoise.expressions import Q, RawSQL
from tortoise.queryset import QuerySet, ValuesListQuery, ValuesQuery

from models import data_version, policy, statement_cache
from models import plain_rows as plain_values
from models.date_input import check_days
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
    #: Only claims whose open round's 客户回应期限 is at most this many days away (0 = today).
    deadline_within_days: int | None = None
    #: Only claims the buyer rejected (HELD): waiting for the seller to re-request or cancel.
    awaiting_rerequest: bool = False

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
        days = self.deadline_within_days
        if days is not None and not 0 <= days <= policy.DEADLINE_WITHIN_DAYS_MAX:
            raise input_refusal(
                "deadlineWithinDays",
                "deadline_days.range",
                max=str(policy.DEADLINE_WITHIN_DAYS_MAX),
            )
        check_days(dateFrom=self.date_from, dateTo=self.date_to)
        if self.date_from and self.date_to and self.date_from > self.date_to:
            raise input_refusal("dateFrom", "date_range.reversed")
        for name, column in _TEXT_FILTERS.items():
            value = (getattr(self, name) or "").strip()
            limit = Order._meta.fields_map[column.split("__", 1)[1]].max_length
            if value and not plausible_key(value, limit):
                raise input_refusal(name, "text.printable_max", max=str(limit))


def claim_terms(seller_id: int, flt: ClaimFilter | None, today: date) -> list[dict[str, Any]]:
    """The filter as Tortoise lookups, one `.filter()` call each, in order (checked
    first): `claims_queryset` applies them; the claims page binds them into a cached
    statement of their shape (`models/statement_cache.py`)."""
    flt = flt or ClaimFilter()
    flt.validate()
    terms: list[dict[str, Any]] = [{"seller_id": seller_id}]
    if flt.types:
        terms.append({"type__in": [ClaimType(t) for t in flt.types]})
    if flt.statuses:
        terms.append({"status__in": [ClaimStatus(s) for s in flt.statuses]})
    if flt.withdrawal_states:
        terms.append({"withdrawal_state__in": [WithdrawalState(s) for s in flt.withdrawal_states]})
    column = _DATE_COLUMNS[DateField(flt.date_field)]
    if flt.date_from:
        terms.append({f"{column}__gte": flt.date_from})
    if flt.date_to:
        terms.append({f"{column}__lte": flt.date_to})
    for name, column_name in _TEXT_FILTERS.items():
        value = (getattr(flt, name) or "").strip()
        if value:
            terms.append({column_name: value})
    if flt.delayed_only:
        terms.append(
            {
                "status__in": list(policy.FIRST_STATUSES),
                "requested_on__lt": policy.delayed_before(today),
            }
        )
    if flt.deadline_within_days is not None:
        # a range on (seller_id, response_deadline, id); overdue rounds are swept before
        # any read, the lower bound only keeps an unswept one out
        terms.append(
            {
                "response_deadline__gte": today,
                "response_deadline__lte": today + timedelta(days=flt.deadline_within_days),
            }
        )
    if flt.awaiting_rerequest:
        terms.append({"withdrawal_state": WithdrawalState.HELD})
    return terms


def filtered(terms: list[dict[str, Any]]) -> QuerySet[Claim]:
    """The claims matching `claim_terms`."""
    qs = Claim.filter(**terms[0])
    for term in terms[1:]:
        qs = qs.filter(**term)
    return qs


def claims_queryset(seller_id: int, flt: ClaimFilter | None, today: date) -> QuerySet[Claim]:
    return filtered(claim_terms(seller_id, flt, today))


# --- sort and keyset pagination (both directions, no OFFSET) ----------------------------------


class SortKey(StrEnum):
    """What the list can be sorted by; the id always breaks ties in the same direction."""

    REQUEST_DATE = "REQUEST_DATE"
    DEADLINE = "DEADLINE"
    ORDER_DATE = "ORDER_DATE"


class SortDirection(StrEnum):
    ASC = "ASC"
    DESC = "DESC"


#: The column each key sorts by, and whether it can be null (claims without an open round
#: have no 客户回应期限; `ordered_on` is a copy of the order's, null only for rows made
#: outside `file_claim`). Both copies live on `claim` so each sort is one index range.
_SORT_COLUMNS: dict[SortKey, tuple[str, bool]] = {
    SortKey.REQUEST_DATE: ("requested_on", False),
    SortKey.DEADLINE: ("response_deadline", True),
    SortKey.ORDER_DATE: ("ordered_on", True),
}


@dataclass(frozen=True)
class ClaimSort:
    """The list's order. Default: newest request first (the manual's list).

    A nullable key puts its nulls LAST in both directions (a claim without a deadline is
    never the urgent one): the list is read as two segments, the dated rows in key order
    then the undated ones by id, each from an index, identically on SQLite (nulls first)
    and PostgreSQL (nulls last), whose own NULL orders differ.
    """

    key: SortKey = SortKey.REQUEST_DATE
    direction: SortDirection = SortDirection.DESC

    @property
    def column(self) -> str:
        return _SORT_COLUMNS[self.key][0]

    @property
    def nullable(self) -> bool:
        return _SORT_COLUMNS[self.key][1]

    def value_of(self, claim: Claim | plain_values.PlainRow) -> date | None:
        return getattr(claim, self.column)


DEFAULT_SORT = ClaimSort()


@dataclass(frozen=True)
class Position:
    """Where a row sits in a sort: its key (None = the nulls segment) and its id."""

    value: date | None
    id: int


#: bytes.translate table of `base64.urlsafe_b64encode` (`+` → `-`, `/` → `_`).
_URLSAFE = bytes.maketrans(b"+/", b"-_")


def encode_cursor(sort: ClaimSort, value: date | None, claim_id: int) -> str:
    """Opaque to clients; it names its sort so it is never read against another one.

    What `base64.urlsafe_b64encode(raw).decode().rstrip("=")` gives, through `binascii`
    and one translate (the claims page encodes a cursor per row; the Python wrappers
    were half of its cost)."""
    day = value.isoformat() if value is not None else ""
    raw = f"{sort.key}|{sort.direction}|{day}|{claim_id}".encode()
    return b2a_base64(raw, newline=False).translate(_URLSAFE).decode("ascii").rstrip("=")


def decode_cursor(cursor: str, sort: ClaimSort, field_name: str = "after") -> Position:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key, direction, day, claim_id = (
            base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        )
        position = Position(date.fromisoformat(day) if day else None, int(claim_id))
        other = (SortKey(key), SortDirection(direction)) != (sort.key, sort.direction)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise input_refusal(field_name, "cursor.foreign") from None
    if other:
        raise input_refusal(field_name, "cursor.other_sort")
    if position.value is None and not sort.nullable:
        raise input_refusal(field_name, "cursor.foreign")
    return position


def position_of(sort: ClaimSort, claim: Claim | plain_values.PlainRow) -> Position:
    return Position(sort.value_of(claim), claim.id)  # type: ignore[union-attr]


def cursor_of(sort: ClaimSort, claim: Claim | plain_values.PlainRow) -> str:
    return encode_cursor(sort, sort.value_of(claim), claim.id)


def page_size(first: int | None, field_name: str = "first") -> int:
    if first is None:
        return DEFAULT_PAGE_SIZE
    if first < 0:
        raise input_refusal(field_name, "page_size.negative")
    return min(first, MAX_PAGE_SIZE)


def _segment(
    base: QuerySet[Claim], sort: ClaimSort, nulls: bool, ascending: bool, start: Position | None
) -> QuerySet[Claim]:
    """One segment of the order (the dated rows, or the nulls), after `start` if given."""
    column = sort.column
    cmp = "gt" if ascending else "lt"
    sign = "" if ascending else "-"
    qs = base
    if sort.nullable:
        # the dated rows as a range (>= the first day there is), not IS NOT NULL: SQLite
        # keeps its NULLs at the start of the index and would step over all of them
        where = {f"{column}__isnull": True} if nulls else {f"{column}__gte": date.min}
        qs = qs.filter(**where)
    if nulls:
        if start is not None:
            qs = qs.filter(**{f"id__{cmp}": start.id})
        return qs.order_by(f"{sign}id")
    if start is not None:
        # the OR alone is no index bound: each page would walk the index from the edge of
        # the list to `start` (an export of 100,000 rows, 200 batches, ~10 million index
        # entries); the range it implies (key <= start's, or >=) starts the walk at `start`
        qs = qs.filter(
            Q(**{f"{column}__{cmp}e": start.value})
            & (
                Q(**{f"{column}__{cmp}": start.value})
                | Q(**{column: start.value, f"id__{cmp}": start.id})
            )
        )
    return qs.order_by(f"{sign}{column}", f"{sign}id")


async def walk(
    base: QuerySet[Claim],
    sort: ClaimSort,
    start: Position | None,
    limit: int,
    *,
    backward: bool = False,
) -> list[Claim]:
    """Up to `limit` rows strictly after `start` in `sort` order (before it, nearest
    first, when `backward`), orders joined. Keyset only: each segment is an index range."""

    async def fetch(qs: QuerySet[Claim], n: int) -> list[Claim]:
        return await qs.limit(n).select_related("order")

    return await _walk(sort, start, limit, backward, _on(base, sort, fetch))


async def walk_values(
    base: QuerySet[Claim],
    sort: ClaimSort,
    start: Position | None,
    limit: int,
    fields: Sequence[str],
) -> list[Sequence[Any]]:
    """`walk` forward as plain rows: the values of `fields` (`order__…` joined in the same
    query), then the sort column and the id, exactly as the driver returns them (dates
    are ISO text on SQLite, dates on PostgreSQL; `position_of_values` reads them back).
    No model objects: for the export, where building them was most of the time."""

    async def fetch(qs: QuerySet[Claim], n: int) -> list[Sequence[Any]]:
        return await plain_rows(qs.limit(n).values_list(*fields, sort.column, "id"))

    return await _walk(sort, start, limit, False, _on(base, sort, fetch))


def position_of_values(row: Sequence[Any]) -> Position:
    """The position of a `walk_values` row (its last two values: sort column, id)."""
    value = row[-2]
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return Position(value, int(row[-1]))


async def plain_rows(query: ValuesListQuery[Any]) -> list[Sequence[Any]]:
    """Run a `values_list` query and return the driver's rows unconverted, as tuples in
    the selected order (`plain_values.driver_rows`)."""
    _, rows = await plain_values.driver_rows(query)
    return list(map(tuple, rows))


def _joined_rows(sql: str, found: list[Any]) -> list[plain_values.PlainRow]:
    """Driver rows of a claim statement with its order joined as claim rows, each with
    its order row as `.order`."""
    # built on first use, once Tortoise has set the models up (foreign-key columns are
    # known only then)
    claim_reader = plain_values.reader(Claim, ("order",))
    order_reader = plain_values.reader(Order)
    rows = []
    for claim, order in plain_values.split_joined(sql, found, claim_reader, order_reader):
        claim.order = order  # type: ignore[attr-defined]
        rows.append(claim)
    return rows


async def walk_plain(
    base: QuerySet[Claim],
    sort: ClaimSort,
    start: Position | None,
    limit: int,
    *,
    backward: bool = False,
) -> list[plain_values.PlainRow]:
    """`walk`'s rows as plain values (`models/plain_rows.py`): a claim row with the
    model's attributes and its order row as `.order`, from the same statements, each
    built by Tortoise (`walk_terms` is the same from cached statements)."""

    async def fetch(qs: QuerySet[Claim], n: int) -> list[plain_values.PlainRow]:
        return _joined_rows(*await plain_values.driver_rows(qs.limit(n).select_related("order")))

    return await _walk(sort, start, limit, backward, _on(base, sort, fetch))


async def walk_terms(
    terms: list[dict[str, Any]],
    sort: ClaimSort,
    start: Position | None,
    limit: int,
    *,
    backward: bool = False,
) -> list[plain_values.PlainRow]:
    """`walk_plain(filtered(terms), …)` with each segment's statement built once per shape
    and its values bound (`models/statement_cache.py`): the claims page's read."""

    async def fetch(
        nulls: bool, ascending: bool, after: Position | None, n: int
    ) -> list[plain_values.PlainRow]:
        built = segment_statement(terms, sort, nulls, ascending, after, n)
        return _joined_rows(*await plain_values.run_statement(Claim, built))

    return await _walk(sort, start, limit, backward, fetch)


def segment_statement(
    terms: list[dict[str, Any]],
    sort: ClaimSort,
    nulls: bool,
    ascending: bool,
    after: Position | None,
    n: int,
) -> tuple[str, list[Any]]:
    """The SQL and parameters of `_segment(filtered(terms), …).limit(n)` with the order
    joined, from the shape's cached statement (`models/statement_cache.py`)."""
    shape, values = _flatten(terms)
    has_start = after is not None

    def build(args: tuple[Any, ...]) -> QuerySet[Claim]:
        found, at = _unflatten(shape, args)
        begin = None
        if has_start:
            if nulls:
                begin, at = Position(None, args[at]), at + 1
            else:
                begin, at = Position(args[at], args[at + 1]), at + 2
        qs = _segment(filtered(found), sort, nulls, ascending, begin)
        return qs.limit(args[at]).select_related("order")

    keyset: tuple[Any, ...] = ()
    if after is not None:
        keyset = (after.id,) if nulls else (after.value, after.id)
    dialect = Claim._choose_db().capabilities.dialect
    key = ("claims", dialect, shape, sort.column, sort.nullable, nulls, ascending, has_start)
    return statement_cache.statement(key, build, values + keyset + (n,))


Shape = tuple[tuple[tuple[str, int | None], ...], ...]


def _flatten(terms: list[dict[str, Any]]) -> tuple[Shape, tuple[Any, ...]]:
    """The terms' shape (lookups, and each list's length) and their values in order."""
    shape = tuple(
        tuple((lookup, len(v) if isinstance(v, list) else None) for lookup, v in term.items())
        for term in terms
    )
    values: list[Any] = []
    for term in terms:
        for v in term.values():
            if isinstance(v, list):
                values.extend(v)
            else:
                values.append(v)
    return shape, tuple(values)


def _unflatten(shape: Shape, values: tuple[Any, ...]) -> tuple[list[dict[str, Any]], int]:
    """The terms `_flatten` took apart, and where their values end in `values`."""
    terms: list[dict[str, Any]] = []
    at = 0
    for term_shape in shape:
        term: dict[str, Any] = {}
        for lookup, length in term_shape:
            if length is None:
                term[lookup], at = values[at], at + 1
            else:
                term[lookup], at = list(values[at : at + length]), at + length
        terms.append(term)
    return terms, at


Fetch = Callable[[bool, bool, Position | None, int], Awaitable[list[Any]]]


def _on(
    base: QuerySet[Claim],
    sort: ClaimSort,
    fetch: Callable[[QuerySet[Claim], int], Awaitable[list[Any]]],
) -> Fetch:
    """A segment fetch that runs `fetch` on `base`'s segment queryset."""

    async def segment(nulls: bool, ascending: bool, after: Position | None, n: int) -> list[Any]:
        return await fetch(_segment(base, sort, nulls, ascending, after), n)

    return segment


async def _walk(
    sort: ClaimSort,
    start: Position | None,
    limit: int,
    backward: bool,
    fetch: Fetch,
) -> list[Any]:
    ascending = (sort.direction == SortDirection.ASC) != backward
    segments = [False, True] if sort.nullable else [False]
    if backward:
        segments.reverse()
    if start is not None and sort.nullable:
        segments = segments[segments.index(start.value is None) :]
    rows: list[Any] = []
    for i, nulls in enumerate(segments):
        if len(rows) >= limit:
            break
        after = start if i == 0 else None
        rows += await fetch(nulls, ascending, after, limit - len(rows))
    return rows


def ordered(qs: QuerySet[Claim]) -> QuerySet[Claim]:
    """The default order (newest request first, id breaks ties) on any claim queryset."""
    return qs.order_by("-requested_on", "-id")


@dataclass
class ClaimPage:
    #: plain claim rows (`walk_plain`), each with its order row as `.order`
    claims: list[plain_values.PlainRow]
    has_next: bool
    has_previous: bool
    total: int


async def claims_page(
    seller_id: int,
    flt: ClaimFilter | None,
    today: date,
    first: int | None = None,
    after: str | None = None,
    *,
    last: int | None = None,
    before: str | None = None,
    sort: ClaimSort = DEFAULT_SORT,
    with_total: bool = True,
) -> ClaimPage:
    """One page in Relay's terms: `first` rows after `after`, or the `last` rows before
    `before`; both page flags are exact (one extra row each way, from the index)."""
    backward = last is not None or before is not None
    if backward and (first is not None or after is not None):
        raise input_refusal("last", "page.both_directions")
    size = page_size(last, "last") if backward else page_size(first)
    cursor_field = "before" if backward else "after"
    cursor = after or before
    start = decode_cursor(cursor, sort, cursor_field) if cursor else None
    terms = claim_terms(seller_id, flt, today)
    rows = await walk_terms(terms, sort, start, size + 1, backward=backward)
    more = len(rows) > size
    rows = rows[:size]
    if backward:
        rows.reverse()
    # the other direction: is there a row beyond this page's edge (or the cursor)? Without
    # a cursor the page starts at the list's own edge: nothing lies beyond, and the probe
    # (an OR of two ranges, which SQLite walks as a scan of the seller's index) is skipped
    edge = (rows[-1] if backward else rows[0]) if rows else None
    anchor = position_of(sort, edge) if edge is not None else start
    beyond = (
        start is not None
        and anchor is not None
        and bool(await walk_terms(terms, sort, anchor, 1, backward=not backward))
    )
    total = await filtered(terms).count() if with_total else -1
    if backward:
        return ClaimPage(rows, beyond, more, total)
    return ClaimPage(rows, more, beyond, total)


async def claims_total(seller_id: int, flt: ClaimFilter | None, today: date) -> int:
    """How many claims match: the counts table for no filter, else one COUNT."""
    if flt is None or flt.is_empty():
        rows = await SellerCounter.filter(
            seller_id=seller_id, key__startswith="status:"
        ).values_list("count", flat=True)
        return sum(rows)
    return await claims_queryset(seller_id, flt, today).count()


# --- the grid ---------------------------------------------------------------------------------


#: The filtered grid's GROUP BY columns per dialect. SQLite's planner (no statistics) took
#: the (seller_id, withdrawal_state) index for its half-sorted order and read every claim
#: of the seller through it, whatever the filter (a type and status filter: 178 ms for the
#: 1,000,000-claim seller). Grouped by `+column` (the same value, no index order) it seeks
#: the filter's own index and groups in a temporary b-tree: 9–13 ms. A request-date range
#: already makes it seek that range (the bench's filtered grid), and there the plain
#: columns group a little faster (12.3 against 15.8 ms): kept. PostgreSQL has no unary
#: plus for text and plans by statistics: plain columns there.
_GRID_GROUPS = {
    "sqlite": {"s": RawSQL('+"claim"."status"'), "w": RawSQL('+"claim"."withdrawal_state"')},
}


def grid_statement(seller_id: int, flt: ClaimFilter, today: date) -> ValuesQuery[Any]:
    """The filtered grid's one GROUP BY (`status_grid`): rows of status `s`, withdrawal
    state `w`, count `n` and, when the request dates straddle the delayed cut-off, the
    delayed count `d`."""
    qs = claims_queryset(seller_id, flt, today)
    # One GROUP BY, delayed claims summed beside the counts: with a type and request-date
    # filter the (seller, type, requested_on, status, withdrawal_state) index answers it
    # alone. The cut-off is a date we computed (never input), bound as a literal.
    cutoff = policy.delayed_before(today)
    side = _side_of_cutoff(flt, cutoff)
    annotations: dict[str, RawSQL] = {"n": count_rows()}
    if side is None:  # the request dates straddle the cut-off: decided row by row
        first = ", ".join(f"'{s.value}'" for s in sorted(policy.FIRST_STATUSES))
        annotations["d"] = RawSQL(
            f'SUM(CASE WHEN "claim"."status" IN ({first}) AND '
            f'"claim"."requested_on" < \'{cutoff.isoformat()}\' THEN 1 ELSE 0 END)'
        )
    ranged = DateField(flt.date_field) is DateField.REQUEST and (flt.date_from or flt.date_to)
    groups = None if ranged else _GRID_GROUPS.get(connections.get("default").capabilities.dialect)
    if groups is None:
        return (
            qs.annotate(**annotations)
            .group_by("status", "withdrawal_state")
            .values(*annotations, s="status", w="withdrawal_state")
        )
    return qs.annotate(**annotations, **groups).group_by(*groups).values(*annotations, *groups)


async def status_grid(seller_id: int, flt: ClaimFilter | None, today: date) -> StatusGrid:
    """Counts for the 状态类查询 grid; the same filter as the list."""
    if flt is None or flt.is_empty():
        return await _grid_from_counters(seller_id, today)
    cutoff = policy.delayed_before(today)
    side = _side_of_cutoff(flt, cutoff)
    rows = await grid_statement(seller_id, flt, today)
    by_status: dict[ClaimStatus, int] = {}
    by_state: dict[WithdrawalState, int] = {}
    delayed: dict[ClaimStatus, int] = {}
    for row in rows:
        status = ClaimStatus(row["s"])
        by_status[status] = by_status.get(status, 0) + row["n"]
        if side is None:
            late = int(row["d"] or 0)
        else:
            late = row["n"] if side and status in policy.FIRST_STATUSES else 0
        if late:
            delayed[status] = delayed.get(status, 0) + late
        if row["w"]:
            state = WithdrawalState(row["w"])
            by_state[state] = by_state.get(state, 0) + row["n"]
    return StatusGrid(by_status, delayed, by_state)


def _side_of_cutoff(flt: ClaimFilter, cutoff: date) -> bool | None:
    """Whether every claim the filter matches was requested before the delayed cut-off
    (True) or none was (False); None when it depends on the row. A request-date range
    wholly on one side (the usual "last 90 days" or "last month" of a report) makes each
    first-status count its own delayed count, or zero, so the grid's GROUP BY skips the
    per-row CASE (docs/benchmarks.md, the filtered grid)."""
    if flt.delayed_only:  # its own terms: first statuses requested before the cut-off
        return True
    if DateField(flt.date_field) is not DateField.REQUEST:
        return None
    if flt.date_to is not None and flt.date_to < cutoff:
        return True
    if flt.date_from is not None and flt.date_from >= cutoff:
        return False
    return None


#: The seller's counter rows from a key on ((seller_id, key) index); [SQLite, PostgreSQL].
_COUNTER_RANGE_SQL = tuple(
    f'SELECT "key", "count" FROM "{SellerCounter._meta.db_table}" '
    f'WHERE "seller_id" = {a} AND "key" >= {b}'
    for a, b in (("?", "?"), ("$1", "$2"))
)
_STATUS_KEYS = {counters.status_key(s): s for s in ClaimStatus}


@lru_cache(maxsize=4096)
def _first_day_status(key: str) -> ClaimStatus:
    """The status of a `first:<day>:<status>` key (the same few hundred keys every read)."""
    return counters.parse_first_day_key(key)[1]


_STATE_KEYS = {counters.withdrawal_key(s): s for s in WithdrawalState}


async def _grid_from_counters(seller_id: int, today: date) -> StatusGrid:
    """One range read of the seller's counter rows: every `status:` / `withdrawal:` row and
    the first-status rows of the request days that are not delayed yet (models.ops.counters).
    Delayed = in a first status − requested on or after the cut-off."""
    cutoff = policy.delayed_before(today)
    # the statement Tortoise builds for filter(seller_id=, key__gte=).values_list("key",
    # "count"), written once: its query builder was a fifth of the grid request's calls
    conn = connections.get("default")
    _, rows = await conn.execute_query(
        _COUNTER_RANGE_SQL[conn.capabilities.dialect == "postgres"],
        [seller_id, counters.first_day_from(cutoff)],
    )
    by_status: dict[ClaimStatus, int] = {}
    by_state: dict[WithdrawalState, int] = {}
    recent: dict[ClaimStatus, int] = {}
    status_keys, state_keys = _STATUS_KEYS, _STATE_KEYS
    for key, count in rows:
        if key in status_keys:
            by_status[status_keys[key]] = count
        elif key in state_keys:
            by_state[state_keys[key]] = count
        elif key.startswith(counters.FIRST_PREFIX):
            status = _first_day_status(key)
            recent[status] = recent.get(status, 0) + count
    delayed = {
        s: by_status.get(s, 0) - recent.get(s, 0)
        for s in policy.FIRST_STATUSES
        if by_status.get(s, 0) - recent.get(s, 0)
    }
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
    days = await (
        Claim.filter(seller_id=seller_id, status__in=list(policy.FIRST_STATUSES))
        .annotate(n=count_rows())
        .group_by("status", "requested_on")
        .values("status", "requested_on", "n")
    )
    for row in days:
        day_key = counters.first_day_key(row["status"], row["requested_on"])
        assert day_key is not None
        result[day_key] = result.get(day_key, 0) + row["n"]
    return result


async def counter_values(seller_id: int) -> dict[str, int]:
    rows = await SellerCounter.filter(seller_id=seller_id).values_list("key", "count")
    return {key: count for key, count in rows if count and key != data_version.KEY}
