"""Goals 3 and 4: the claims page (50 rows), the order detail and `viewer` through
/graphql under uvicorn, against the raw routes of `floors.py` on the same data.

Each scenario: first a correctness check (the raw route's JSON equals the GraphQL answer),
then `runs` alternating load runs (raw, graphql, raw, graphql …) of `duration` seconds with
32 connections; the medians are compared.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from tests.bench import scenarios
from tests.bench.context import Ctx
from tests.bench.db import Raw
from tests.bench.http_load import load
from tests.bench.report import Result, median

CONNECTIONS = 32
#: What the polling GETs send besides the credentials (the ETag varies on Accept).
GET_HEADERS = {"Accept": "application/json"}


def _same_json(ctx: Ctx, raw_path: str, bodies: list[dict[str, Any]]) -> None:
    """The floor must answer exactly what /graphql answers, or the ratio means nothing."""
    assert ctx.app and ctx.raw
    for body in bodies[:3]:
        a = httpx.post(f"{ctx.app.base}/graphql", json=body, headers=ctx.auth, timeout=30).json()
        # the query's price (gql/cost.py) is the API's own addition, a few bytes: not data
        a.pop("extensions", None)
        b = httpx.post(f"{ctx.raw.base}{raw_path}", json=body, headers=ctx.auth, timeout=30).json()
        if a != b:
            raise AssertionError(
                f"raw route {raw_path} differs from /graphql at {_first_difference(a, b)}"
            )


def _first_difference(a: Any, b: Any, path: str = "") -> str:
    """Where two JSON values first differ, and the two values there (not 3 KB of both)."""
    if isinstance(a, dict) and isinstance(b, dict):
        for key in sorted(set(a) | set(b)):
            if a.get(key, "<missing>") != b.get(key, "<missing>"):
                return _first_difference(
                    a.get(key, "<missing>"), b.get(key, "<missing>"), f"{path}.{key}"
                )
    if isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            if x != y:
                return _first_difference(x, y, f"{path}[{i}]")
    return f"{path or '<root>'}: graphql {json.dumps(a)[:300]} != raw {json.dumps(b)[:300]}"


def _etag_of(ctx: Ctx, page_get: str) -> tuple[str | None, str]:
    """The page's ETag, after checking that a repeat with it really answers 304; else
    None and why (the goal is then a MISS, the other goals still run)."""
    assert ctx.app
    # the headers the load client sends (the tag varies on Accept: httpx's default is */*)
    first = httpx.get(f"{ctx.app.base}{page_get}", headers={**ctx.auth, **GET_HEADERS}, timeout=30)
    etag = first.headers.get("etag")
    if first.status_code != 200 or not etag:
        return None, f"GET of the page answered {first.status_code} without an ETag"
    repeat = httpx.get(
        f"{ctx.app.base}{page_get}",
        headers={**ctx.auth, **GET_HEADERS, "If-None-Match": etag},
        timeout=30,
    )
    if repeat.status_code != 304:
        return None, f"the repeated page answered {repeat.status_code}, not 304"
    return etag, ""


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process so far, all its threads (aiosqlite's included)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _compare(
    ctx: Ctx,
    raw_path: str,
    bodies: list[dict[str, Any]],
    *,
    gets: list[str] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Alternating load runs of the raw route and /graphql (POST `bodies`, or the GraphQL
    side as GETs when `gets` is given, 304 counting as an answer); medians, and the
    server's CPU per request on each side (from /proc, so the load client is not in it)."""
    assert ctx.app and ctx.raw
    runs: dict[str, list[dict[str, Any]]] = {"raw": [], "graphql": []}
    for _ in range(ctx.runs):
        for side, server, path in (
            ("raw", ctx.raw, raw_path),
            ("graphql", ctx.app, "/graphql"),
        ):
            spec: dict[str, Any] = {
                "port": server.port,
                "path": path,
                "headers": ctx.auth,
                "bodies": bodies,
                "connections": CONNECTIONS,
                "duration": ctx.duration,
            }
            if side == "graphql" and gets is not None:
                spec |= {"bodies": [], "gets": gets, "ok_statuses": [304]}
                spec["headers"] = {**ctx.auth, **(headers or {})}
            cpu0 = _cpu_seconds(server.proc.pid)
            res = load(spec)
            cpu = _cpu_seconds(server.proc.pid) - cpu0
            if res["errors"] or res["http_errors"]:
                raise RuntimeError(f"{side} {path}: {res}")
            res["cpu_ms"] = cpu * 1000 / res["requests"] if res["requests"] else 0.0
            runs[side].append(res)
    out: dict[str, Any] = {"runs": runs}
    for side in ("raw", "graphql"):
        out[side] = {
            k: median([r[k] for r in runs[side]])
            for k in ("rps", "p50_ms", "p99_ms", "mean_ms", "cpu_ms")
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
    # the same page without totalCount (what the list shows while paging): issue 15's goal
    no_total = [{"query": scenarios.CLAIMS.replace("totalCount", ""), "variables": {"first": 50}}]
    _same_json(ctx, "/raw/claims?total=0", no_total)
    cmp_nt = _compare(ctx, "/raw/claims?total=0", no_total)
    results.append(
        _throughput_result(
            "claims page without totalCount",
            cmp_nt,
            0.6 if ctx.target.is_pg else 0.25,
            "50 rows, 32 conns; the goal is 0.25× on SQLite, 0.6× on PostgreSQL",
        )
    )
    g_cpu, r_cpu = cmp_nt["graphql"]["cpu_ms"], cmp_nt["raw"]["cpu_ms"]
    cpu_ratio = g_cpu / r_cpu if r_cpu else 0.0
    results.append(
        Result(
            "claims page: server CPU per request",
            f"{g_cpu:.2f} ms",
            f"{r_cpu:.2f} ms",
            cpu_ratio,
            "≤ 4× raw",
            cpu_ratio <= 4,
            "user+system CPU of the server process (/proc) ÷ requests, same runs as above",
        )
    )
    # a client polling the unchanged page with its ETag: GET, If-None-Match, 304
    page_get = "/graphql?" + urlencode(
        {"query": no_total[0]["query"], "variables": json.dumps(no_total[0]["variables"])}
    )
    etag, why = _etag_of(ctx, page_get)
    goal = "claims page repeated, unchanged (ETag → 304)"
    if etag is None:
        results.append(Result(goal, "no 304", "—", None, "≥ 1.0× raw", False, why))
    else:
        cmp_304 = _compare(
            ctx,
            "/raw/claims?total=0",
            no_total,
            gets=[page_get],
            headers={**GET_HEADERS, "If-None-Match": etag},
        )
        results.append(
            _throughput_result(
                goal, cmp_304, 1.0, "GET with If-None-Match vs the raw route running the page's SQL"
            )
        )
    order_bodies = [{"query": scenarios.ORDER, "variables": {"orderNo": n}} for n in order_nos]
    _same_json(ctx, "/raw/order", order_bodies)
    results.append(
        _throughput_result(
            "order detail (交易信息)",
            _compare(ctx, "/raw/order", order_bodies),
            0.5,
            f"{len(order_bodies)} different orders with rounds, events and memos",
        )
    )
    viewer = [{"query": scenarios.VIEWER}]
    _same_json(ctx, "/raw/viewer", viewer)
    results.append(
        _throughput_result(
            "small query: viewer", _compare(ctx, "/raw/viewer", viewer), 0.5, "32 conns"
        )
    )
    return results
