"""Where the sweep's two raw floors spend their time, statement by statement, and what a
schema change would move: `python -m tests.bench.profile_sweep_floors [--variant NAME …]`.

Uses the bench's cached (full) data set on a fresh run copy, applies the variants' DDL
(untimed), then runs the OLD and the NEW floor of `tests/bench/sweep.py` on 100,000 due
rounds each, exactly as `make bench` does, timing every statement. The variants are
what-ifs for docs/benchmarks.md ("What limits each MISS"), none is in the schema:

- `no_tsr`: without the claim's (seller, type, status, requested_on) index;
- `notice_no_fk`: without the notice's foreign keys to its order and claim;
- `notice_partial`: the notice's two recipient indexes partial (`… IS NOT NULL`).

SQLite by default; PostgreSQL when DATABASE_URL is a postgres:// URL.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from tests.bench import db, generate, sweep
from tests.bench.context import Ctx

#: Each variant's DDL; `{name}` fields are the schema's own index / constraint names.
VARIANTS: dict[str, list[str]] = {
    "no_tsr": ["DROP INDEX {claim_tsr}"],
    "notice_no_fk": [
        'ALTER TABLE "notification" DROP CONSTRAINT {notice_order_fk}',
        'ALTER TABLE "notification" DROP CONSTRAINT {notice_claim_fk}',
    ],
    "notice_partial": [
        "DROP INDEX {notice_seller}",
        "DROP INDEX {notice_buyer}",
        'CREATE INDEX "bench_notice_seller" ON "notification" ("seller_id", "created_at") '
        'WHERE "seller_id" IS NOT NULL',
        'CREATE INDEX "bench_notice_buyer" ON "notification" ("buyer_id", "created_at") '
        'WHERE "buyer_id" IS NOT NULL',
    ],
}


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m tests.bench.profile_sweep_floors")
    p.add_argument("--variant", action="append", choices=sorted(VARIANTS), default=[])
    return p.parse_args(argv)


async def _names(raw: db.Raw) -> dict[str, str]:
    """The schema's index and constraint names the variants name (quoted)."""
    fks = []
    if raw.is_pg:  # SQLite cannot drop a constraint (refused in `main`)
        fks = await raw.fetch(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'notification'::regclass AND contype = 'f'"
        )

    async def index(table: str, columns: str) -> str:
        return f'"{await raw.index_on(table, columns)}"'

    def fk(target: str) -> str:
        for name, definition in fks:
            if f"REFERENCES {target}(" in definition.replace('"', ""):
                return f'"{name}"'
        return ""

    return {
        "claim_tsr": await index("claim", "seller_id, type, status, requested_on"),
        "notice_seller": await index("notification", "seller_id, created_at"),
        "notice_buyer": await index("notification", "buyer_id, created_at"),
        "notice_order_fk": fk("customer_order"),
        "notice_claim_fk": fk("claim"),
    }


Timings = list[list[tuple[float, str]]]


def _timed_script(raw: db.Raw, calls: Timings) -> Callable[..., Awaitable[None]]:
    """`raw.script`, timing each statement (and SQLite's COMMIT): one list per call."""

    async def script(statements: list[str]) -> None:
        conn: Any = raw._conn
        into: list[tuple[float, str]] = []
        calls.append(into)
        if raw.is_pg:
            async with conn.transaction():
                for sql in statements:
                    t0 = time.perf_counter()
                    await conn.execute(sql)
                    into.append((time.perf_counter() - t0, sql))
            return
        for sql in statements:
            t0 = time.perf_counter()
            await conn.execute(sql)
            into.append((time.perf_counter() - t0, sql))
        t0 = time.perf_counter()
        await conn.commit()
        into.append((time.perf_counter() - t0, "COMMIT"))

    return script


async def main(argv: list[str] | None = None) -> None:
    args = _parse(argv)
    target = db.target_for(os.environ.get("DATABASE_URL"), generate.VERSION, False)
    if "notice_no_fk" in args.variant and not target.is_pg:
        raise SystemExit("notice_no_fk needs PostgreSQL: SQLite cannot drop a constraint")
    await db.fresh_run_copy(target)
    try:
        async with db.Raw(target.run_url) as raw:
            anchor = datetime.fromisoformat(
                await raw.fetchval("SELECT v FROM bench_meta WHERE k = 'anchor'")
            )
            from models.policy import BUSINESS_TZ

            ctx = Ctx(target, False, anchor, anchor.astimezone(BUSINESS_TZ).date(), {}, 1, 1)
            if not raw.is_pg:
                await raw.execute("PRAGMA foreign_keys=ON")  # as the app and the bench
            names = await _names(raw)
            ddl = [sql.format(**names) for v in args.variant for sql in VARIANTS[v]]
            if ddl:
                await raw.script(ddl)
            plain = raw.script
            old: Timings = []
            new: Timings = []
            last = await sweep.prepare(raw, ctx, sweep.DUE, 0)
            raw.script = _timed_script(raw, old)  # type: ignore[method-assign]
            _, old_s, _ = await sweep.old_floor_sweep(raw, ctx)
            raw.script = plain  # type: ignore[method-assign]
            await sweep.prepare(raw, ctx, sweep.DUE, last)
            raw.script = _timed_script(raw, new)  # type: ignore[method-assign]
            _, new_s, _ = await sweep.floor_sweep(raw, ctx)
    finally:
        await db.drop(target, target.run_url)
    print(f"{target.kind}, variants: {', '.join(args.variant) or 'none (the schema as is)'}")
    print(f"old floor {old_s:.2f} s, new floor {new_s:.2f} s, new / old {new_s / old_s:.3f}")
    # the old floor's first and last calls put its column back and take it away (untimed)
    for label, timings in (("old", old[1]), ("new", new[0])):
        for seconds, sql in timings:
            if seconds >= 0.05:
                print(f"  {label} {seconds:6.2f} s  {' '.join(sql.split())[:96]}")


if __name__ == "__main__":
    asyncio.run(main())
