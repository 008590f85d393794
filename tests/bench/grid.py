"""Goal 2: the status grid (`claimStatusCounts`) of the 1M-claim seller, and the same grid
of a 1,000-claim seller (the scale row: the unfiltered grid must not grow with claims).

Measured: median latency of sequential POST /graphql requests (one keep-alive connection,
so the figure is what a user waits for, HTTP, sign-in lookup and sweep-on-read included).
Floor: median time of the raw `SELECT type, status, count(*) … GROUP BY type, status` for
the same seller and filter, through the raw driver; the existing index
(seller_id, type, status, requested_on) covers it.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx

from tests.bench import generate, scenarios
from tests.bench.context import Ctx
from tests.bench.db import Raw
from tests.bench.http_load import sequential_graphql
from tests.bench.report import Result, median, timed_runs

FLOOR_SQL = 'SELECT "type", "status", count(*) FROM "claim" WHERE "seller_id" = $1 GROUP BY "type", "status"'
FILTERED_FLOOR_SQL = (
    'SELECT "type", "status", count(*) FROM "claim" WHERE "seller_id" = $1 AND "type" = $2 '
    'AND "requested_on" >= $3 AND "requested_on" <= $4 GROUP BY "type", "status"'
)


SMALL_SELLER_LOGIN = "bench-s2"  # one of the other sellers: ~1,000 claims (100 in --quick)


def _graphql_latencies(
    ctx: Ctx, variables: dict[str, Any], runs: int, auth: dict[str, str] | None = None
) -> tuple[list[float], Any]:
    assert ctx.app is not None
    return sequential_graphql(ctx.app.port, auth or ctx.auth, scenarios.GRID, variables, runs)


def _small_seller_auth(ctx: Ctx) -> dict[str, str]:
    assert ctx.app is not None
    r = httpx.post(
        f"{ctx.app.base}/graphql",
        json={
            "query": scenarios.LOGIN,
            "variables": {"loginId": SMALL_SELLER_LOGIN, "password": generate.PASSWORD},
        },
        timeout=30,
    )
    return {"Authorization": f"Bearer {r.json()['data']['login']['token']}"}


async def run(ctx: Ctx) -> list[Result]:
    runs = max(ctx.runs * 2, 5)
    date_to = ctx.today - timedelta(days=30)
    date_from = date_to - timedelta(days=89)
    flt = {
        "types": ["RETURN"],
        "dateFrom": date_from.isoformat(),
        "dateTo": date_to.isoformat(),
    }
    async with Raw(ctx.url) as raw:
        d = (lambda v: v) if raw.is_pg else (lambda v: v.isoformat())
        floor = await timed_runs(lambda: raw.fetch(FLOOR_SQL, 1), runs)
        floor_f = await timed_runs(
            lambda: raw.fetch(FILTERED_FLOOR_SQL, 1, "RETURN", d(date_from), d(date_to)), runs
        )
        total = sum(r[2] for r in await raw.fetch(FLOOR_SQL, 1))
        small_id = await raw.fetchval(
            'SELECT "id" FROM "seller" WHERE "login_id" = $1', SMALL_SELLER_LOGIN
        )
        small_total = sum(r[2] for r in await raw.fetch(FLOOR_SQL, small_id))
        ret = list(await raw.fetch(FILTERED_FLOOR_SQL, 1, "RETURN", d(date_from), d(date_to)))
    # big and small seller interleaved, so a change of machine load hits both alike
    small_auth = _small_seller_auth(ctx)
    grid: list[float] = []
    grid_small: list[float] = []
    for _ in range(3):
        big_ms, data = _graphql_latencies(ctx, {}, runs)
        small_ms, _ = _graphql_latencies(ctx, {}, runs, small_auth)
        grid += big_ms
        grid_small += small_ms
    grid_f, data_f = _graphql_latencies(ctx, {"filter": flt}, runs)
    cells = {c["status"]: c["count"] for c in data["claimStatusCounts"]["cells"]}
    cells_f = {c["status"]: c["count"] for c in data_f["claimStatusCounts"]["cells"]}
    m, f, mf, ff = median(grid), median(floor), median(grid_f), median(floor_f)
    ms = median(grid_small)
    return [
        Result(
            f"grid: claimStatusCounts, unfiltered ({total:,} claims)",
            f"{m:.1f} ms",
            f"{f:.1f} ms",
            f / m if m else None,
            "≥ 20× faster",
            f / m >= 20 if m else False,
            f"HTTP p50 of {runs} sequential requests vs raw GROUP BY (ratio = floor / measured)",
            {
                "graphql_ms": grid,
                "floor_ms": floor,
                "claims": total,
                "cells": cells,
            },
        ),
        Result(
            f"grid: unfiltered at {total:,} vs {small_total:,} claims (scale)",
            f"{m:.1f} ms",
            f"{ms:.1f} ms",
            m / ms if ms else None,
            "≤ 1.5×",
            m / ms <= 1.5 if ms else False,
            f"HTTP p50, the big seller vs {SMALL_SELLER_LOGIN} (same data set, same server)",
            {"big_ms": grid, "small_ms": grid_small, "small_claims": small_total},
        ),
        Result(
            "grid: claimStatusCounts, filtered (RETURN, 90 days)",
            f"{mf:.1f} ms",
            f"{ff:.1f} ms",
            mf / ff if ff else None,
            "≤ 1.0× floor",
            mf / ff <= 1.0 if ff else False,
            "same filter on both sides; HTTP p50 vs the raw GROUP BY alone",
            {
                "graphql_ms": grid_f,
                "floor_ms": floor_f,
                "filter": flt,
                "floor_rows": [list(r) for r in ret],
                "cells": cells_f,
            },
        ),
    ]
