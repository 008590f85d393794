"""`make bench` / `python -m tests.bench [--quick] [--only grid,pages,…] [--regenerate]`.

SQLite by default; PostgreSQL when DATABASE_URL is a postgres:// URL. Generates (or reuses)
the cached data set, copies it to a run database, starts the app and the raw floor server
under uvicorn, runs each goal, prints the table and writes bench-results/latest.json
(plus latest-<backend>.json).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import time
from datetime import datetime
from typing import Any

from tests.bench import db, generate, report, scenarios
from tests.bench.context import Ctx
from tests.bench.http_load import uvicorn_server
from web.cli import run_migrations

PARTS = ("grid", "pages", "mutations", "sweep", "export", "login_flood", "triage", "workers")
SERVER_PARTS = {"grid", "pages", "mutations", "login_flood"}
#: Parts on a data set of their own (they need neither the main one nor its servers).
STANDALONE = {"triage"}


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m tests.bench", description=__doc__)
    p.add_argument("--quick", action="store_true", help="10× smaller data set, shorter runs")
    p.add_argument("--only", default="", help=f"comma-separated subset of {','.join(PARTS)}")
    p.add_argument("--regenerate", action="store_true", help="rebuild the cached data set")
    p.add_argument("--runs", type=int, default=3, help="runs per measurement (median)")
    p.add_argument("--duration", type=float, default=0, help="seconds per load run")
    return p.parse_args(argv)


async def _prepare(args: argparse.Namespace) -> tuple[db.Target, dict[str, Any]]:
    target = db.target_for(os.environ.get("DATABASE_URL"), generate.VERSION, args.quick)
    timings: dict[str, Any] = {}
    if args.regenerate or not await db.pristine_exists(target):
        print(f"generating the {'quick ' if args.quick else ''}data set ({target.kind}) …")
        t0 = time.perf_counter()
        sizes = generate.QUICK if args.quick else generate.FULL
        timings["generated"] = await generate.generate(target, sizes)
        timings["generate_s"] = time.perf_counter() - t0
    else:
        # a cached data set predating a new migration (e.g. an index) is brought up to date
        # once, so every run measures the schema the application really has
        await run_migrations(target.pristine_url)
    t0 = time.perf_counter()
    await db.fresh_run_copy(target)
    timings["copy_s"] = time.perf_counter() - t0
    return target, timings


async def _anchor(target: db.Target) -> datetime:
    async with db.Raw(target.run_url) as raw:
        return datetime.fromisoformat(
            await raw.fetchval("SELECT v FROM bench_meta WHERE k = 'anchor'")
        )


async def main(argv: list[str] | None = None) -> int:
    args = _parse(argv)
    only = [p for p in args.only.split(",") if p] or list(PARTS)
    if unknown := set(only) - set(PARTS):
        print(f"unknown part(s): {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    if set(only) - STANDALONE:
        target, timings = await _prepare(args)
        anchor = await _anchor(target)
    else:  # only parts with their own data set: the main one is neither built nor copied
        target = db.target_for(os.environ.get("DATABASE_URL"), generate.VERSION, args.quick)
        timings, anchor = {}, generate.anchor_instant()
    # every process of this run (this one included) sees the data set's own "now"
    os.environ["QSM_CLOCK"] = anchor.isoformat()
    from models.clock import Clock, set_clock
    from models.policy import BUSINESS_TZ

    set_clock(Clock(anchor))
    env = db.env_for(target.run_url) | {
        "QSM_ENV": "production",
        "QSM_SWEEP_INTERVAL": "0",
        "QSM_CLOCK": anchor.isoformat(),
        "QSM_SECRET_KEY": "bench-secret-key",
        "LOG_LEVEL": "warning",
    }
    ctx = Ctx(
        target=target,
        quick=args.quick,
        anchor=anchor,
        today=anchor.astimezone(BUSINESS_TZ).date(),
        env=env,
        runs=args.runs,
        duration=args.duration or (2.0 if args.quick else 4.0),
    )
    results: list[report.Result] = []

    async def part(name: str) -> None:
        from importlib import import_module

        t0 = time.perf_counter()
        print(f"== {name}", flush=True)
        module = import_module(f"tests.bench.{name}")
        try:
            results.extend(await module.run(ctx))
        except Exception as exc:  # report the failure as a MISS, keep the other goals
            results.append(report.Result(name, "failed", "—", None, "—", False, repr(exc)[:300]))
            import traceback

            traceback.print_exc()
        timings[f"{name}_s"] = time.perf_counter() - t0

    try:
        if SERVER_PARTS & set(only):
            with (
                uvicorn_server("web.asgi:app", env) as app,
                uvicorn_server("tests.bench.floors:app", env) as raw,
            ):
                ctx.app, ctx.raw, ctx.token = app, raw, scenarios.login_token(app.base)
                for name in PARTS:
                    if name in only and name in SERVER_PARTS:
                        await part(name)
        for name in PARTS:
            if name in only and name not in SERVER_PARTS:
                await part(name)
    finally:
        await db.drop(target, target.run_url)
    timings["total_s"] = time.perf_counter() - started
    text = report.table(results)
    machine = report.machine()
    if target.is_pg:
        async with db.Raw(target.admin_url) as raw:
            machine["postgresql"] = await raw.fetchval("SHOW server_version")
    print()
    print(f"backend: {target.kind}{' (quick)' if args.quick else ''}; machine: {machine}")
    print(text)
    print(f"total {timings['total_s']:.0f} s")
    payload = {
        "backend": target.kind,
        "quick": args.quick,
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": machine,
        "timings": timings,
        "table": text,
    }
    report.write_json(db.RESULTS_DIR / "latest.json", payload, results)
    report.write_json(db.RESULTS_DIR / f"latest-{target.kind}.json", payload, results)
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
