"""Goals 3 and 4: the claims page (50 rows), the order detail and `viewer` through
/graphql under uvicorn, against the raw routes of `floors.py` on the same data.

Each scenario: first a correctness check (the raw route's JSON equals the GraphQL answer),
then `runs` alternating load runs (raw, graphql, raw, graphql …) of `duration` seconds with
32 connections; the medians are compared.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from tests.bench import scenarios
from tests.bench.context import Ctx
from tests.bench.db import Raw
from tests.bench.http_load import load
from tests.bench.report import Result, median

CONNECTIONS = 32


def _same_json(ctx: Ctx, raw_path: str, bodies: list[dict[str, Any]]) -> None:
    """The floor must answer exactly what /graphql answers, or the ratio means nothing."""
    assert ctx.app and ctx.raw
    for body in bodies[:3]:
        a = httpx.post(f"{ctx.app.base}/graphql", json=body, headers=ctx.auth, timeout=30).json()
        b = httpx.post(f"{ctx.raw.base}{raw_path}", json=body, headers=ctx.auth, timeout=30).json()
        if a != b:
            raise AssertionError(
                f"raw route {raw_path} differs from /graphql:\n{json.dumps(a)[:1500]}\n"
                f"{json.dumps(b)[:1500]}"
            )


def _compare(ctx: Ctx, raw_path: str, bodies: list[dict[str, Any]]) -> dict[str, Any]:
    assert ctx.app and ctx.raw
    runs: dict[str, list[dict[str, Any]]] = {"raw": [], "graphql": []}
    for _ in range(ctx.runs):
        for side, port, path in (
            ("raw", ctx.raw.port, raw_path),
            ("graphql", ctx.app.port, "/graphql"),
        ):
            res = load(
                {
                    "port": port,
                    "path": path,
                    "headers": ctx.auth,
                    "bodies": bodies,
                    "connections": CONNECTIONS,
                    "duration": ctx.duration,
                }
            )
            if res["errors"] or res["http_errors"]:
                raise RuntimeError(f"{side} {path}: {res}")
            runs[side].append(res)
    out: dict[str, Any] = {"runs": runs}
    for side in ("raw", "graphql"):
        out[side] = {
            k: median([r[k] for r in runs[side]]) for k in ("rps", "p50_ms", "p99_ms", "mean_ms")
        }
    return out


def _throughput_result(goal: str, cmp: dict[str, Any], target: float | None, notes: str) -> Result:
    g, r = cmp["graphql"], cmp["raw"]
    ratio = g["rps"] / r["rps"] if r["rps"] else 0.0
    return Result(
        goal,
        f"{g['rps']:.0f} req/s (p50 {g['p50_ms']:.1f} ms)",
        f"{r['rps']:.0f} req/s (p50 {r['p50_ms']:.1f} ms)",
        ratio,
        f"≥ {target}× raw" if target is not None else "report",
        (ratio >= target) if target is not None else None,
        notes,
        cmp,
    )


async def run(ctx: Ctx) -> list[Result]:
    results: list[Result] = []
    async with Raw(ctx.url) as raw:
        # orders of the big seller that have withdrawal rounds and memos: a full panel
        order_nos = [
            r[0]
            for r in await raw.fetch(
                'SELECT o."order_no" FROM "customer_order" o JOIN "claim" c ON c."order_id" = o."id" '
                'WHERE o."seller_id" = $1 AND c."round_count" > 0 AND EXISTS (SELECT 1 FROM "memo" m '
                'WHERE m."order_id" = o."id") ORDER BY o."id" LIMIT $2',
                1,
                200,
            )
        ]
    page = [{"query": scenarios.CLAIMS, "variables": {"first": 50}}]
    _same_json(ctx, "/raw/claims", page)
    cmp = _compare(ctx, "/raw/claims", page)
    results.append(
        _throughput_result(
            "claims page: 50 rows via /graphql",
            cmp,
            0.25,
            "32 conns; both sides run the same SQL incl. COUNT(*) for totalCount",
        )
    )
    g = cmp["graphql"]
    tail = g["p99_ms"] / g["p50_ms"] if g["p50_ms"] else 0.0
    results.append(
        Result(
            "claims page: p99 / p50 latency",
            f"p99 {g['p99_ms']:.1f} ms",
            f"p50 {g['p50_ms']:.1f} ms",
            tail,
            "p99 ≤ 3× p50",
            tail <= 3,
            "graphql side, 32 connections (closed loop)",
        )
    )
    # the same page without totalCount: the raw route skips the COUNT, GraphQL cannot
    no_total = [{"query": scenarios.CLAIMS.replace("totalCount", ""), "variables": {"first": 50}}]
    _same_json(ctx, "/raw/claims?total=0", no_total)
    cmp_nt = _compare(ctx, "/raw/claims?total=0", no_total)
    results.append(
        _throughput_result(
            "claims page without totalCount",
            cmp_nt,
            None,
            "resolver still runs COUNT(*) over the seller's claims",
        )
    )
    order_bodies = [{"query": scenarios.ORDER, "variables": {"orderNo": n}} for n in order_nos]
    _same_json(ctx, "/raw/order", order_bodies)
    results.append(
        _throughput_result(
            "order detail (交易信息)",
            _compare(ctx, "/raw/order", order_bodies),
            None,
            f"{len(order_bodies)} different orders with rounds, events and memos",
        )
    )
    viewer = [{"query": scenarios.VIEWER}]
    _same_json(ctx, "/raw/viewer", viewer)
    results.append(
        _throughput_result(
            "small query: viewer", _compare(ctx, "/raw/viewer", viewer), 0.15, "32 conns"
        )
    )
    return results
