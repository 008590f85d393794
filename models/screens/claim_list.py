"""The claim list page (取消&未收取's list) as one read model: filter, sort, keyset paging
both ways, and the total when asked.

Why here: the portal's list fragment, its Excel export and the API's `claims` each read
the list themselves (their own sweep, page size, cursors and total). They now all read it
here, so the same filter and sort give the same rows in the same order, page by page, in
either direction.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from models.clock import get_clock
from models.entities import Claim
from models.ops.sweep import sweep_seller
from models.plain_rows import PlainRow
from models.queries import (
    DEFAULT_SORT,
    ClaimFilter,
    ClaimSort,
    claims_page,
    claims_queryset,
    claims_total,
    cursor_of,
    position_of_values,
    walk_values,
)

#: Rows per keyset batch when every matching row is read (the Excel export).
BATCH = 500


@dataclass(frozen=True)
class ListRow:
    """One claim of the list and the cursor of its place in the sort. The claim is a plain
    row (`models/plain_rows.py`): the model's attributes and types, its order row as
    `.order`, no model instance (what the page reads, a tenth of the building cost)."""

    claim: PlainRow
    cursor: str


@dataclass(frozen=True)
class ClaimList:
    """One page in the asked order (newest request first by default; id breaks ties)."""

    rows: list[ListRow]
    has_next: bool
    has_previous: bool
    #: Matching claims in all pages; None unless asked for (a COUNT is the costly part).
    total: int | None
    seller_id: int
    filter: ClaimFilter | None
    today: date
    sort: ClaimSort = DEFAULT_SORT

    @property
    def start_cursor(self) -> str | None:
        return self.rows[0].cursor if self.rows else None

    @property
    def end_cursor(self) -> str | None:
        return self.rows[-1].cursor if self.rows else None

    @property
    def next_cursor(self) -> str | None:
        """`after` of the next page, when there is one."""
        return self.end_cursor if self.has_next else None

    @property
    def previous_cursor(self) -> str | None:
        """`before` of the previous page, when there is one."""
        return self.start_cursor if self.has_previous else None

    async def count(self) -> int:
        """The total, counted now if the page was read without it (no second sweep)."""
        if self.total is not None:
            return self.total
        return await claims_total(self.seller_id, self.filter, self.today)


async def load(
    seller_id: int,
    flt: ClaimFilter | None,
    first: int | None = None,
    after: str | None = None,
    *,
    last: int | None = None,
    before: str | None = None,
    sort: ClaimSort | None = None,
    with_total: bool = False,
) -> ClaimList:
    """Sweep the seller's overdue rounds once, then read one page: `first` after `after`,
    or `last` before `before` (raises INVALID_INPUT for a bad cursor, size or filter, a
    cursor of another sort, or both directions at once)."""
    sort = sort or DEFAULT_SORT
    await sweep_seller(seller_id)
    today = get_clock().today()
    page = await claims_page(
        seller_id,
        flt,
        today,
        first,
        after,
        last=last,
        before=before,
        sort=sort,
        with_total=False,
    )
    rows = [ListRow(claim, cursor_of(sort, claim)) for claim in page.claims]
    total = await claims_total(seller_id, flt, today) if with_total else None
    return ClaimList(rows, page.has_next, page.has_previous, total, seller_id, flt, today, sort)


async def every_row(
    seller_id: int,
    flt: ClaimFilter | None,
    fields: Sequence[str],
    only_ids: list[int] | None = None,
    sort: ClaimSort | None = None,
    today: date | None = None,
) -> AsyncIterator[Sequence[Any]]:
    """Every matching claim (optionally only these ids) in list order as plain values of
    `fields` (then the sort column and the id, as the driver returns them: see
    `queries.walk_values`), in keyset batches of one query each, the order joined, so a
    large export never holds more than one batch and never builds a model object: sweeps
    once first. `today` is the business day the list was asked on (an export job runs
    later, maybe elsewhere)."""
    sort = sort or DEFAULT_SORT
    await sweep_seller(seller_id)
    base = claims_queryset(seller_id, flt, today or get_clock().today())
    if only_ids:
        base = base.filter(id__in=only_ids)
    start = None
    while True:
        batch = await walk_values(base, sort, start, BATCH, fields)
        for row in batch:
            yield row
        if len(batch) < BATCH:
            return
        start = position_of_values(batch[-1])


async def one(
    claim_id: int, *, seller_id: int | None = None, buyer_id: int | None = None
) -> Claim | None:
    """One claim as its seller or its buyer may see it (anyone else's is None, exactly as
    a missing one), its order joined: what a live subscriber re-reads when the change feed
    names a claim."""
    assert (seller_id is None) != (buyer_id is None), "exactly one viewer"
    scope = {"seller_id": seller_id} if seller_id is not None else {"buyer_id": buyer_id}
    return await Claim.filter(id=claim_id, **scope).select_related("order").first()
