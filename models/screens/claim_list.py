"""The claim list page (取消&未收取's list) as one read model: filter, order, keyset paging,
and the total when asked.

Why here: the portal's list fragment, its Excel export and the API's `claims` each read
the list themselves (their own sweep, page size, cursors and total). They now all read it
here, so the same filter gives the same rows in the same order, page by page.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date

from tortoise.expressions import Q

from models.clock import get_clock
from models.entities import Claim
from models.ops.sweep import sweep_seller
from models.queries import (
    ClaimFilter,
    claims_page,
    claims_queryset,
    claims_total,
    encode_cursor,
    ordered,
)

#: Rows per keyset batch when every matching row is read (the Excel export).
BATCH = 500


@dataclass(frozen=True)
class ListRow:
    """One claim of the list (its order joined) and the cursor that pages after it."""

    claim: Claim
    cursor: str


@dataclass(frozen=True)
class ClaimList:
    """One page, newest request first (id breaks ties)."""

    rows: list[ListRow]
    has_next: bool
    #: Matching claims in all pages; None unless asked for (a COUNT is the costly part).
    total: int | None
    seller_id: int
    filter: ClaimFilter | None
    today: date

    @property
    def next_cursor(self) -> str | None:
        return self.rows[-1].cursor if self.has_next and self.rows else None

    async def count(self) -> int:
        """The total, counted now if the page was read without it (no second sweep)."""
        if self.total is not None:
            return self.total
        return await claims_total(self.seller_id, self.filter, self.today)


def cursor_of(claim: Claim) -> str:
    return encode_cursor(claim.requested_on, claim.id)


async def load(
    seller_id: int,
    flt: ClaimFilter | None,
    first: int | None = None,
    after: str | None = None,
    *,
    with_total: bool = False,
) -> ClaimList:
    """Sweep the seller's overdue rounds once, then read one page (raises INVALID_INPUT for
    a bad cursor, size or filter)."""
    await sweep_seller(seller_id)
    today = get_clock().today()
    page = await claims_page(seller_id, flt, today, first, after, with_total=False)
    rows = [ListRow(claim, cursor_of(claim)) for claim in page.claims]
    total = await claims_total(seller_id, flt, today) if with_total else None
    return ClaimList(rows, page.has_next, total, seller_id, flt, today)


async def every_row(
    seller_id: int, flt: ClaimFilter | None, only_ids: list[int] | None = None
) -> AsyncIterator[Claim]:
    """Every matching claim (optionally only these ids) in list order, in keyset batches
    so a large export never holds more than one batch: sweeps once first."""
    await sweep_seller(seller_id)
    base = claims_queryset(seller_id, flt, get_clock().today())
    if only_ids:
        base = base.filter(id__in=only_ids)
    last: tuple[date, int] | None = None
    while True:
        qs = base
        if last is not None:
            qs = qs.filter(Q(requested_on__lt=last[0]) | Q(requested_on=last[0], id__lt=last[1]))
        batch = await ordered(qs).limit(BATCH).select_related("order")
        for claim in batch:
            yield claim
        if len(batch) < BATCH:
            return
        last = (batch[-1].requested_on, batch[-1].id)
