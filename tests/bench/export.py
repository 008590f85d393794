"""Exports (issue 14 item 4, issue 15 item 6; docs/exports.md): a 100,000-row xlsx.

Row 1, time and memory: `models.screens.claim_sheet.write_sheet` (what the export job
and the direct download run: keyset pages through the ORM, XlsxWriter constant_memory)
for the big seller with a request-date range that matches ≥ 100,000 claims, against the
chosen writer's raw floor: the same rows through one raw-driver query written with
XlsxWriter constant_memory (same texts, no styling). Each side runs in its own child
process (`python -m tests.bench.export app|floor <from> <to>`), which reports its peak
RSS. Goals: ≤ 1.5× the floor's time, peak RSS ≤ 100 MB.

Row 2, the stall: a server (`qsm serve`-like uvicorn, inline jobs) answers a small
GraphQL query (`viewer`) one after another while it runs the same export as a job
(`exportCreate`), then as many again once it is idle, sampled the same way: p99 during ÷
p99 idle, goal ≤ 1.5×.
"""

from __future__ import annotations

import asyncio
import json
import resource
import subprocess
import sys
import time
from datetime import date
from typing import Any

from tests.bench.context import Ctx
from tests.bench.db import Raw
from tests.bench.report import Result

ROWS = 100_000
RSS_BUDGET_MB = 100
TIME_GOAL = 1.5
STALL_GOAL = 1.5


async def _date_range(ctx: Ctx, rows: int) -> tuple[date, date, int]:
    """The newest `rows` claims of the big seller by request date (whole days)."""
    async with Raw(ctx.url) as raw:
        day = await raw.fetchval(
            'SELECT "requested_on" FROM "claim" WHERE "seller_id" = $1 '
            'ORDER BY "requested_on" DESC, "id" DESC LIMIT 1 OFFSET $2',
            1,
            rows - 1,
        )
        start = date.fromisoformat(day) if isinstance(day, str) else day
        d = start if raw.is_pg else start.isoformat()
        count = await raw.fetchval(
            'SELECT count(*) FROM "claim" WHERE "seller_id" = $1 AND "requested_on" >= $2', 1, d
        )
    return start, ctx.today, int(count)


def _child(ctx: Ctx, side: str, start: date, end: date) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "tests.bench.export", side, start.isoformat(), end.isoformat()],
        env=ctx.env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"export child failed: {proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


async def run(ctx: Ctx) -> list[Result]:
    start, end, count = await _date_range(ctx, ROWS // 10 if ctx.quick else ROWS)
    floor = _child(ctx, "floor", start, end)
    app = _child(ctx, "app", start, end)
    ratio = app["seconds"] / floor["seconds"] if floor["seconds"] else None
    results = [
        Result(
            f"export: {count:,}-row xlsx (models/screens/claim_sheet.py)",
            f"{app['seconds']:.1f} s, peak RSS {app['rss_peak_mb']:.0f} MB",
            f"{floor['seconds']:.1f} s, peak RSS {floor['rss_peak_mb']:.0f} MB",
            ratio,
            f"≤ {TIME_GOAL}× raw query + XlsxWriter, RSS ≤ {RSS_BUDGET_MB} MB",
            ratio is not None
            and ratio <= TIME_GOAL
            and app["rss_peak_mb"] <= RSS_BUDGET_MB
            and app["rows"] == count,
            f"{app['bytes'] / 1e6:.1f} MB file",
            {"app": app, "floor": floor, "rows": count},
        )
    ]
    results.append(await asyncio.to_thread(_stall, ctx, start, end, count))
    return results


#: Queries per sample batch; each batch is followed by one status poll (of the export
#: during the job, of the same query idle), so both samples are taken the same way.
STALL_BATCH = 20
#: Idle queries before the export, to warm the server (not counted).
STALL_WARMUP = 200


def _stall(ctx: Ctx, start: date, end: date, count: int) -> Result:
    """p99 of `viewer` one after another while the server runs the export, against the
    p99 of as many queries, sampled the same way (batches of STALL_BATCH, each followed
    by one status poll), once the job is done and the server idle again."""
    import tempfile

    import httpx

    from tests.bench import scenarios
    from tests.bench.generate import BIG_SELLER_LOGIN, PASSWORD
    from tests.bench.http_load import sequential_graphql, uvicorn_server

    def p99(values: list[float]) -> float:
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]

    with tempfile.TemporaryDirectory() as folder:
        env = {**ctx.env, "QSM_EXPORT_DIR": folder, "QSM_JOBS": "inline"}
        with uvicorn_server("web.asgi:app", env) as server:

            def post(auth: dict[str, str], query: str, variables: dict[str, Any]) -> Any:
                answer = httpx.post(
                    f"{server.base}/graphql",
                    headers=auth,
                    json={"query": query, "variables": variables},
                    timeout=60,
                )
                return answer.json()["data"]

            login = post({}, scenarios.LOGIN, {"loginId": BIG_SELLER_LOGIN, "password": PASSWORD})
            auth = {"Authorization": f"Bearer {login['login']['token']}"}
            sequential_graphql(server.port, auth, scenarios.VIEWER, {}, STALL_WARMUP)
            created = post(
                auth,
                "mutation($input: ExportCreateInput!) { exportCreate(input: "
                "$input) { export { id } userErrors { message } } }",
                {"input": {"filter": {"dateFrom": start.isoformat(), "dateTo": end.isoformat()}}},
            )["exportCreate"]
            if created["userErrors"]:
                raise RuntimeError(created["userErrors"])
            status_query = "query($id: ID!) { export(id: $id) { status } }"
            status_of = {"id": created["export"]["id"]}
            during: list[float] = []
            t0 = time.perf_counter()
            status = ""
            while status not in ("DONE", "FAILED") and time.perf_counter() - t0 < 600:
                batch, _ = sequential_graphql(server.port, auth, scenarios.VIEWER, {}, STALL_BATCH)
                during += batch
                status = post(auth, status_query, status_of)["export"]["status"]
            seconds = time.perf_counter() - t0
            idle: list[float] = []
            while len(idle) < len(during):
                batch, _ = sequential_graphql(server.port, auth, scenarios.VIEWER, {}, STALL_BATCH)
                idle += batch
                post(auth, status_query, status_of)
    idle_p99, during_p99 = p99(idle), p99(during)
    ratio = during_p99 / idle_p99 if idle_p99 else None
    return Result(
        f"export stall: p99 of `viewer` during a {count:,}-row export job",
        f"{during_p99:.1f} ms ({len(during)} queries, job {status} in {seconds:.1f} s)",
        f"{idle_p99:.1f} ms idle ({len(idle)} queries)",
        ratio,
        f"≤ {STALL_GOAL}× idle p99",
        ratio is not None and ratio <= STALL_GOAL and status == "DONE",
        "the job runs in the server's process pool (inline jobs, SCHED_IDLE), not on its loop",
        {"idle_ms": idle, "during_ms": during, "status": status},
    )


# --- the children -----------------------------------------------------------------------------


def _rss_mb() -> float:
    """This process's peak RSS. VmHWM, not ru_maxrss: on Linux a child started by fork +
    exec keeps the parent's ru_maxrss (the bench's own 280 MB), VmHWM starts afresh."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _app(start: date, end: date) -> dict[str, Any]:
    import tempfile
    from pathlib import Path

    from tortoise import Tortoise

    from models.clock import get_clock
    from models.config import tortoise_config
    from models.queries import ClaimFilter
    from models.screens.claim_sheet import SheetSpec, write_sheet

    await Tortoise.init(config=tortoise_config())
    try:
        rss_start = _rss_mb()
        t0 = time.perf_counter()
        flt = ClaimFilter(date_from=start, date_to=end)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "app.xlsx"
            await write_sheet(path, SheetSpec(1, flt, get_clock().today(), "zh"))
            size = path.stat().st_size
        seconds = time.perf_counter() - t0
    finally:
        await Tortoise.close_connections()
    return _out(seconds, size, rss_start, await _rows_in(start))


async def _rows_in(start: date) -> int:
    import os

    async with Raw(os.environ["DATABASE_URL"]) as raw:
        d = start if raw.is_pg else start.isoformat()
        return int(
            await raw.fetchval(
                'SELECT count(*) FROM "claim" WHERE "seller_id" = $1 AND "requested_on" >= $2',
                1,
                d,
            )
        )


def _out(seconds: float, size: int, rss_start: float, rows: int) -> dict[str, Any]:
    return {
        "seconds": seconds,
        "bytes": size,
        "rows": rows,
        "rss_start_mb": rss_start,
        "rss_peak_mb": _rss_mb(),
    }


async def _floor(start: date, end: date) -> dict[str, Any]:
    import os
    import tempfile

    import xlsxwriter

    from models.screens.claim_rows import COLUMNS

    url = os.environ["DATABASE_URL"]
    rss_start = _rss_mb()
    t0 = time.perf_counter()
    folder = tempfile.TemporaryDirectory()
    path = os.path.join(folder.name, "floor.xlsx")
    wb = xlsxwriter.Workbook(path, {"constant_memory": True, "strings_to_numbers": False})
    ws = wb.add_worksheet("claims")
    ws.write_row(0, 0, list(COLUMNS))
    sql = (
        'SELECT c."type", c."status", c."withdrawal_state", c."completed_on", c."reason", '
        'c."non_receipt_reason", c."requested_on", c."collection_method", o."ordered_on", '
        'o."shipped_on", o."order_no", o."cart_no", o."item_code", o."seller_item_code" '
        'FROM "claim" c JOIN "customer_order" o ON o."id" = c."order_id" '
        'WHERE c."seller_id" = $1 AND c."requested_on" >= $2 AND c."requested_on" <= $3 '
        'ORDER BY c."requested_on" DESC, c."id" DESC'
    )
    rows = 0

    def fmt(v: Any) -> str:
        if v is None:
            return ""
        text = v if isinstance(v, str) else v.isoformat()
        return text.replace("-", "/") if len(text) == 10 and text[4] == "-" else text

    if url.startswith("sqlite"):
        import aiosqlite

        async with (
            aiosqlite.connect(url.removeprefix("sqlite://").split("?")[0]) as conn,
            conn.execute(
                sql.replace("$1", "?").replace("$2", "?").replace("$3", "?"),
                (1, start.isoformat(), end.isoformat()),
            ) as cur,
        ):
            async for r in cur:
                rows += 1
                ws.write_row(rows, 0, [f"{r[0]} {r[1]}", *(fmt(v) for v in r[3:])])
    else:
        import asyncpg

        conn = await asyncpg.connect(url)
        try:
            async with conn.transaction():
                async for r in conn.cursor(sql, 1, start, end, prefetch=500):
                    rows += 1
                    ws.write_row(rows, 0, [f"{r[0]} {r[1]}", *(fmt(v) for v in list(r)[3:])])
        finally:
            await conn.close()
    wb.close()
    size = os.path.getsize(path)  # noqa: ASYNC240 - once, after the timing
    folder.cleanup()
    return _out(time.perf_counter() - t0, size, rss_start, rows)


if __name__ == "__main__":
    side, a, b = sys.argv[1], date.fromisoformat(sys.argv[2]), date.fromisoformat(sys.argv[3])
    result = asyncio.run((_app if side == "app" else _floor)(a, b))
    print(json.dumps(result))
