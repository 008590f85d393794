"""Goal 7: a 100,000-row xlsx in bounded memory (peak RSS ≤ 250 MB).

Measured: `web.portal.excel.build_workbook` (the portal's [Excel] download: keyset pages through
the ORM, openpyxl write-only) for the big seller with a request-date range that matches
≥ 100,000 claims. Floor: the same rows through one raw-driver query written with openpyxl
write-only (same 12 texts per row, no styling). Each side runs in its own child process
(`python -m tests.bench.export app|floor <from> <to>`), which reports its peak RSS.
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
RSS_BUDGET_MB = 250


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
    return [
        Result(
            f"export: {count:,}-row xlsx (web/portal/excel.py)",
            f"{app['seconds']:.1f} s, peak RSS {app['rss_peak_mb']:.0f} MB",
            f"{floor['seconds']:.1f} s, peak RSS {floor['rss_peak_mb']:.0f} MB",
            ratio,
            f"RSS ≤ {RSS_BUDGET_MB} MB",
            app["rss_peak_mb"] <= RSS_BUDGET_MB and app["rows"] == count,
            f"{app['bytes'] / 1e6:.1f} MB file; ratio = time vs raw query + openpyxl",
            {"app": app, "floor": floor, "rows": count},
        )
    ]


# --- the children -----------------------------------------------------------------------------


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _app(start: date, end: date) -> dict[str, Any]:
    from tortoise import Tortoise

    from models.clock import get_clock
    from models.config import tortoise_config
    from models.queries import ClaimFilter
    from web.portal.excel import build_workbook

    await Tortoise.init(config=tortoise_config())
    try:
        rss_start = _rss_mb()
        t0 = time.perf_counter()
        flt = ClaimFilter(date_from=start, date_to=end)
        spool = await build_workbook(1, flt, get_clock().today(), [], "zh")
        spool.seek(0, 2)
        size = spool.tell()
        spool.close()
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

    from openpyxl import Workbook

    from models.screens.claim_rows import COLUMNS

    url = os.environ["DATABASE_URL"]
    rss_start = _rss_mb()
    t0 = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("claims")
    ws.append(list(COLUMNS))
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
                ws.append([f"{r[0]} {r[1]}", *(fmt(v) for v in r[3:])])
                rows += 1
    else:
        import asyncpg

        conn = await asyncpg.connect(url)
        try:
            async with conn.transaction():
                async for r in conn.cursor(sql, 1, start, end, prefetch=500):
                    ws.append([f"{r[0]} {r[1]}", *(fmt(v) for v in list(r)[3:])])
                    rows += 1
        finally:
            await conn.close()
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    wb.save(spool)
    size = spool.tell()
    spool.close()
    return _out(time.perf_counter() - t0, size, rss_start, rows)


if __name__ == "__main__":
    side, a, b = sys.argv[1], date.fromisoformat(sys.argv[2]), date.fromisoformat(sys.argv[3])
    result = asyncio.run((_app if side == "app" else _floor)(a, b))
    print(json.dumps(result))
