"""On SQLite the filtered grid seeks the filter's own index (models/queries.py,
`_GRID_GROUPS`). Without statistics SQLite's planner grouped through the
(seller_id, withdrawal_state) index for its half-sorted order and read every claim of the
seller, whatever the filter: a type and status filter took 178 ms for the
1,000,000-claim seller of the bench, 10 ms once it seeks. The planner decides without
looking at the table's size, so the demo database gets the plan the big one gets."""

from __future__ import annotations

import os
from datetime import timedelta

import pytest
from tortoise import connections

from models import queries
from models.clock import get_clock
from models.config import is_postgres
from models.enums import ClaimStatus, ClaimType
from tests.models.helpers import seller

pytestmark = pytest.mark.skipif(
    is_postgres(os.environ.get("DATABASE_URL", "")),
    reason="SQLite's planner (PostgreSQL plans by statistics; its plans are in docs/benchmarks.md)",
)

FILTERS = {
    "type and status": lambda today: queries.ClaimFilter(
        types=[ClaimType.EXCHANGE], statuses=[ClaimStatus.EXCHANGE_CONFIRMED]
    ),
    "type and 90 request days": lambda today: queries.ClaimFilter(
        types=[ClaimType.RETURN], date_from=today - timedelta(days=89), date_to=today
    ),
}


async def _plan(name: str) -> list[str]:
    shop = await seller()
    today = get_clock().today()
    statement = queries.grid_statement(shop.id, FILTERS[name](today), today)
    _, rows = await connections.get("default").execute_query(
        "EXPLAIN QUERY PLAN " + statement.sql(params_inline=True)
    )
    return [row["detail"] for row in rows]


@pytest.mark.parametrize("name", sorted(FILTERS))
async def test_the_filtered_grid_seeks_by_the_filters_type(demo, name):
    plan = await _plan(name)
    searches = [step for step in plan if step.startswith("SEARCH claim")]
    assert searches, plan
    assert all("type=?" in step for step in searches), plan
