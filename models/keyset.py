"""Keyset paging both ways for every list sorted by one non-null column plus an id.

Why one helper: the memos, the notice inbox, the buyer's pending requests and the buyer's
conversations are each sorted by a time or a date with an id breaking ties, and each must
page forwards and backwards with exact `pageInfo`, cursors that name their sort and no
OFFSET. The claim list has its own walker (`models.queries.walk`) because its DEADLINE
and ORDER_DATE keys can be null (two segments); this helper reuses its page sizes, its
direction enum and its refusals (`cursor.foreign`, `cursor.other_sort`,
`page.both_directions`), so a client meets the same rules on every list.

The column may be an aggregate annotation (a conversation's latest memo): the filters
are then a HAVING clause, which Tortoise writes by itself.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Generic, TypeVar

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from models.messages import input_refusal
from models.queries import SortDirection, page_size

T = TypeVar("T")

#: A cursor longer than this was not given out here (refused before decoding).
CURSOR_MAX_LENGTH = 200


@dataclass(frozen=True)
class KeysetSort:
    """One sort of one list: its public key name (written into the cursor), direction,
    the column (or annotation) it orders by and the id column that breaks ties."""

    key: str
    direction: SortDirection
    column: str
    id_column: str = "id"
    #: What the column holds (the cursor's value is parsed back as this).
    kind: type[date] = datetime

    @property
    def ascending(self) -> bool:
        return self.direction == SortDirection.ASC


@dataclass(frozen=True)
class PageRequest:
    """Relay's four arguments: `first` after `after`, or `last` before `before`."""

    first: int | None = None
    after: str | None = None
    last: int | None = None
    before: str | None = None

    @property
    def backward(self) -> bool:
        return self.last is not None or self.before is not None


@dataclass(frozen=True)
class Position:
    """Where a row sits in a sort: its key value and its id."""

    value: date
    id: int


@dataclass(frozen=True)
class KeysetPage(Generic[T]):
    """One page in sort order, each row with its cursor; both flags are exact."""

    rows: list[T]
    cursors: list[str]
    has_next: bool
    has_previous: bool

    @property
    def start_cursor(self) -> str | None:
        return self.cursors[0] if self.cursors else None

    @property
    def end_cursor(self) -> str | None:
        return self.cursors[-1] if self.cursors else None


def _as_value(raw: Any, kind: type[date]) -> date:
    """A row's sort value as a date / datetime (an aggregate may come back as text)."""
    if isinstance(raw, str):
        return datetime.fromisoformat(raw) if kind is datetime else date.fromisoformat(raw)
    return raw  # type: ignore[no-any-return]


def encode_cursor(sort: KeysetSort, position: Position) -> str:
    """Opaque to clients; it names its key and direction so no other sort reads it."""
    raw = f"{sort.key}|{sort.direction}|{position.value.isoformat()}|{position.id}"
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str, sort: KeysetSort, field_name: str) -> Position:
    """A cursor of this sort, else INVALID_INPUT on `field_name` (never a 500)."""
    try:
        if len(cursor) > CURSOR_MAX_LENGTH:
            raise ValueError(cursor)
        padded = cursor + "=" * (-len(cursor) % 4)
        key, direction, value, row_id = (
            base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        )
        SortDirection(direction)
    except (ValueError, binascii.Error, UnicodeError):
        raise input_refusal(field_name, "cursor.foreign") from None
    # the sort first: another key's value may not even parse as this key's type
    if (key, direction) != (sort.key, str(sort.direction)):
        raise input_refusal(field_name, "cursor.other_sort")
    try:
        position = Position(_as_value(value, sort.kind), int(row_id))
        if isinstance(position.value, datetime) != (sort.kind is datetime):
            raise ValueError(value)
        if isinstance(position.value, datetime) and position.value.tzinfo is None:
            raise ValueError(value)
    except ValueError:
        raise input_refusal(field_name, "cursor.foreign") from None
    return position


def _beyond(sort: KeysetSort, start: Position, ascending: bool) -> Q:
    """Rows strictly after `start` when reading in `ascending` order."""
    cmp = "gt" if ascending else "lt"
    return Q(**{f"{sort.column}__{cmp}": start.value}) | Q(
        **{sort.column: start.value, f"{sort.id_column}__{cmp}": start.id}
    )


def walk(
    qs: QuerySet[Any], sort: KeysetSort, start: Position | None, *, backward: bool = False
) -> QuerySet[Any]:
    """`qs` strictly after `start` in `sort` order (before it, nearest first, when
    `backward`), ordered so: one index range, no OFFSET. The caller adds the limit."""
    ascending = sort.ascending != backward
    if start is not None:
        qs = qs.filter(_beyond(sort, start, ascending))
    sign = "" if ascending else "-"
    return qs.order_by(f"{sign}{sort.column}", f"{sign}{sort.id_column}")


Fetch = Callable[[QuerySet[Any]], Awaitable[list[Any]]]


async def _all(qs: QuerySet[Any]) -> list[Any]:
    return list(await qs)


def position_getter(sort: KeysetSort) -> Callable[[Any], Position]:
    """How to read a row's position: attributes of a model, keys of a `values()` dict."""

    def of(row: Any) -> Position:
        get = row.get if isinstance(row, dict) else lambda name: getattr(row, name)
        return Position(_as_value(get(sort.column), sort.kind), int(get(sort.id_column)))

    return of


async def page(
    qs: QuerySet[Any],
    sort: KeysetSort,
    request: PageRequest,
    *,
    fetch: Fetch = _all,
    holder: Callable[[Any], Any] = lambda row: row,
    max_size: int | None = None,
) -> KeysetPage[Any]:
    """One page of `qs` in `sort` order in Relay's terms (one direction per call; page
    sizes as the claim list's: 50 by default, at most 100 or `max_size`). `fetch` turns
    a limited queryset into rows (e.g. with `select_related`, or `values()`); `holder`
    gives the model or dict of a row that holds the sort columns."""
    backward = request.backward
    if backward and (request.first is not None or request.after is not None):
        raise input_refusal("last", "page.both_directions")
    size = page_size(request.last, "last") if backward else page_size(request.first)
    if max_size is not None:
        size = min(size, max_size)
    cursor = request.before if backward else request.after
    start = decode_cursor(cursor, sort, "before" if backward else "after") if cursor else None
    position = position_getter(sort)

    def of(row: Any) -> Position:
        return position(holder(row))

    found = await fetch(walk(qs, sort, start, backward=backward).limit(size + 1))
    more = len(found) > size
    rows = found[:size]
    if backward:
        rows.reverse()
    # the other direction: is there a row beyond this page's edge (or the cursor)?
    edge = (rows[-1] if backward else rows[0]) if rows else None
    anchor = of(edge) if edge is not None else start
    beyond = False
    if anchor is not None:
        beyond = bool(await fetch(walk(qs, sort, anchor, backward=not backward).limit(1)))
    cursors = [encode_cursor(sort, of(row)) for row in rows]
    if backward:
        return KeysetPage(rows, cursors, beyond, more)
    return KeysetPage(rows, cursors, more, beyond)
