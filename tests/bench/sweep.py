"""Goal: 100,000 due rounds expired by the sweep (`models.ops.sweep.expire_overdue()`, the
job engine's expiry job; `expire_due()` is it plus the reminders, timed apart here) in
≤ 1.2× the raw floor of the writes it makes, that floor ≤ 0.6× the old design's, with flat
memory.

Preparation (not timed): 100,000 claims of the other sellers get a REQUESTED round whose
deadline passed ten days ago (their claims back in the type's first status with that
deadline as their `response_deadline`, as a request leaves them; counters recomputed). Three such batches, one after the other on the same data:
- the OLD floor: one set-based raw transaction doing the writes of the design before
  issue 15 (rounds, claims, the open-claim flag on `customer_order`, counters, events,
  one notice INSERT per party);
- the NEW floor: the writes `expire_claims` makes now (no order row, the request day's
  first-status counter row, both parties' notices in the app's shape for the database:
  one INSERT per party on SQLite, one INSERT … SELECT for both on PostgreSQL);
- the app: `expire_overdue()` in a child process whose peak RSS growth is reported, then
  the reminders that are due in the data set (the other half of `expire_due()`, which the
  floors do not write), timed apart.

`python -m tests.bench.sweep` is that child: it prints {"seconds", "expired", "rss_*"}.
"""

from __future__ import annotations

import asyncio
import cProfile
import json
import os
import resource
import subprocess
import sys
import time
from datetime import timedelta
from typing import Any

from models import policy
from models.ops.expiry import NOTICE_TEXT
from models.ops.sweep import BATCH_SIZE
from tests.bench.context import Ctx
from tests.bench.db import Raw
from tests.bench.generate import QUICK, counter_sql
from tests.bench.mutations import counters_match
from tests.bench.report import Result

DUE = 100_000
MEMORY_BUDGET_MB = 50
#: The child stops after this long (so `make bench` stays under 10 minutes when the goal
#: is badly missed) and reports how many it expired; the full time is then projected.
TIME_BOX_S = 45.0


def _lit(raw: Raw, value: str, kind: str) -> str:
    """A literal date / timestamptz (PostgreSQL needs the cast inside INSERT … SELECT)."""
    return f"'{value}'::{kind}" if raw.is_pg else f"'{value}'"


async def prepare(raw: Raw, ctx: Ctx, n: int, after_id: int) -> int:
    """Give `n` claims (id > after_id, not the big seller's) an overdue REQUESTED round."""
    asked = ctx.today - timedelta(days=16)
    deadline = policy.response_deadline(asked)
    at = (ctx.anchor - timedelta(days=16)).isoformat(" ")
    first = " ".join(f"WHEN '{t}' THEN '{s}'" for t, s in policy.FIRST_STATUS.items())
    await raw.script(
        [
            "DROP TABLE IF EXISTS bench_due",
            'CREATE TEMP TABLE bench_due AS SELECT "id", "order_id" FROM "claim" '
            f'WHERE "withdrawal_state" IS NULL AND "seller_id" <> 1 AND "id" > {after_id} '
            f'ORDER BY "id" LIMIT {n}',
            f'UPDATE "claim" SET "status" = CASE "type" {first} END, '
            '"withdrawal_state" = \'REQUESTED\', "round_count" = "round_count" + 1, '
            # the open round's deadline day, copied to the claim as a request does
            # (models/ops/withdrawals.py): what the sweep-on-read probe finds and the
            # expiry clears
            f'"response_deadline" = {_lit(raw, deadline.isoformat(), "date")}, '
            '"completed_on" = NULL WHERE "id" IN (SELECT "id" FROM bench_due)',
            'INSERT INTO "withdrawal_round" ("claim_id", "round_no", "state", "seller_message", '
            '"requested_at", "requested_on", "deadline") SELECT "id", "round_count", '
            f"'REQUESTED', 'bench', {_lit(raw, at, 'timestamptz')}, "
            f"{_lit(raw, asked.isoformat(), 'date')}, {_lit(raw, deadline.isoformat(), 'date')} "
            'FROM "claim" WHERE "id" IN (SELECT "id" FROM bench_due)',
            *counter_sql(raw.is_pg),
        ]
    )
    if not raw.is_pg:
        # each measurement starts with an empty WAL: the old floor's clean-up (DROP COLUMN
        # rewrites the order table) must not leave the next one a checkpoint to pay
        await raw.fetch("PRAGMA wal_checkpoint(TRUNCATE)")
    return int(await raw.fetchval('SELECT max("id") FROM bench_due'))


def _fdue(today: str) -> list[str]:
    return [
        "DROP TABLE IF EXISTS bench_fdue",
        'CREATE TEMP TABLE bench_fdue AS SELECT c."id", c."seller_id", c."buyer_id", '
        'c."order_id", c."status", c."round_count", c."requested_on" FROM "withdrawal_round" r '
        'JOIN "claim" c ON c."id" = r."claim_id" WHERE r."state" = \'REQUESTED\' '
        f"AND r.\"deadline\" < '{today}' AND c.\"withdrawal_state\" = 'REQUESTED'",
    ]


def _counter(sign: str, key: str, group: str = "", where: str = "") -> str:
    return (
        f'UPDATE "seller_counter" SET "count" = "count" {sign} d.n FROM (SELECT "seller_id", '
        f'{key} AS k, count(*) AS n FROM bench_fdue {where} GROUP BY "seller_id"{group}) d '
        'WHERE "seller_counter"."seller_id" = d."seller_id" AND "seller_counter"."key" = d.k'
    )


def _common(raw: Raw, ctx: Ctx, ts: str) -> list[str]:
    """The writes both designs make: rounds, claims, counters, events."""
    today = ctx.today.isoformat()
    return [
        f'UPDATE "withdrawal_round" SET "state" = \'EXPIRED\', "expired_at" = {ts} '
        f"WHERE \"state\" = 'REQUESTED' AND \"deadline\" < '{today}'",
        'UPDATE "claim" SET "status" = \'WITHDRAWN\', "withdrawal_state" = \'EXPIRED\', '
        f'"response_deadline" = NULL, "completed_on" = \'{today}\', "updated_at" = {ts}, '
        '"version" = "version" + 1 '
        'WHERE "id" IN (SELECT "id" FROM bench_fdue)',
        _counter("-", "'status:' || \"status\"", ', "status"'),
        _counter("+", "'status:WITHDRAWN'"),
        _counter("-", "'withdrawal:REQUESTED'"),
        _counter("+", "'withdrawal:EXPIRED'"),
        'INSERT INTO "claim_event" ("claim_id", "actor_kind", "kind", "from_status", '
        '"to_status", "from_state", "to_state", "round_no", "message", "at") SELECT "id", '
        "'SYSTEM', 'WITHDRAWAL_EXPIRED', \"status\", 'WITHDRAWN', 'REQUESTED', 'EXPIRED', "
        f"\"round_count\", '', {ts} FROM bench_fdue",
    ]


def _notices(raw: Raw, ts: str, who: str) -> str:
    before, after = (f"'{part}'" for part in NOTICE_TEXT)
    params = "jsonb_build_object" if raw.is_pg else "json_object"
    return (
        f'INSERT INTO "notification" ("kind", "params", "text", "created_at", "{who}", '
        '"order_id", "claim_id") SELECT \'WITHDRAWAL_EXPIRED\', '
        f'{params}(\'order_no\', o."order_no"), {before} || o."order_no" || {after}, {ts}, '
        f'd."{who}", d."order_id", d."id" FROM bench_fdue d '
        'JOIN "customer_order" o ON o."id" = d."order_id"'
    )


async def old_floor_sweep(raw: Raw, ctx: Ctx) -> tuple[int, float, float]:
    """Everything the previous design wrote (main before issue 15 items 2-3), set-based:
    the open-claim flag on the wide `customer_order` table included. The column is put back
    for this measurement only (untimed) and removed afterwards."""
    now = ctx.anchor - timedelta(minutes=1)  # before the app sweep's clock starts
    ts = _lit(raw, now.isoformat(" "), "timestamptz")
    await raw.script(
        [
            'ALTER TABLE "customer_order" ADD COLUMN "has_open_claim" BOOLEAN NOT NULL '
            "DEFAULT FALSE",
            'UPDATE "customer_order" SET "has_open_claim" = TRUE WHERE "id" IN '
            '(SELECT "order_id" FROM "claim" WHERE "withdrawal_state" = \'REQUESTED\')',
        ]
    )
    t0, c0 = time.perf_counter(), time.process_time()
    await raw.script(
        [
            *_fdue(ctx.today.isoformat()),
            *_common(raw, ctx, ts),
            'UPDATE "customer_order" SET "has_open_claim" = FALSE '
            'WHERE "id" IN (SELECT "order_id" FROM bench_fdue)',
            _notices(raw, ts, "seller_id"),
            _notices(raw, ts, "buyer_id"),
        ]
    )
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    count = int(await raw.fetchval("SELECT count(*) FROM bench_fdue"))
    await raw.script(['ALTER TABLE "customer_order" DROP COLUMN "has_open_claim"'])
    return count, seconds, cpu


def _new_notices(raw: Raw, ts: str) -> list[str]:
    """Both parties' notices in the shape `expire_claims` writes them on this database
    (models/ops/expiry.py `_write_notices`): one INSERT per party on SQLite, one
    INSERT … SELECT … CROSS JOIN for both on PostgreSQL."""
    if not raw.is_pg:
        return [_notices(raw, ts, "seller_id"), _notices(raw, ts, "buyer_id")]
    before, after = (f"'{part}'" for part in NOTICE_TEXT)
    return [
        'INSERT INTO "notification" ("kind", "params", "text", "created_at", "seller_id", '
        '"buyer_id", "order_id", "claim_id") SELECT \'WITHDRAWAL_EXPIRED\', '
        f'jsonb_build_object(\'order_no\', o."order_no"), {before} || o."order_no" || {after}, '
        f'{ts}, CASE WHEN w.who = 1 THEN d."seller_id" END, '
        'CASE WHEN w.who = 2 THEN d."buyer_id" END, d."order_id", d."id" FROM bench_fdue d '
        'JOIN "customer_order" o ON o."id" = d."order_id" '
        "CROSS JOIN (SELECT 1 AS who UNION ALL SELECT 2) AS w"
    ]


async def floor_sweep(raw: Raw, ctx: Ctx) -> tuple[int, float, float]:
    """Everything `expire_claims` writes now, as a handful of set-based statements in one
    transaction: no order row (the open-claim flag is derived), the request day's
    first-status row, both parties' notices in the app's shape for this database."""
    now = ctx.anchor - timedelta(minutes=1)
    ts = _lit(raw, now.isoformat(" "), "timestamptz")
    day = "to_char(\"requested_on\", 'YYYY-MM-DD')" if raw.is_pg else '"requested_on"'
    first = ", ".join(f"'{s.value}'" for s in sorted(policy.FIRST_STATUSES))
    t0, c0 = time.perf_counter(), time.process_time()
    await raw.script(
        [
            *_fdue(ctx.today.isoformat()),
            *_common(raw, ctx, ts),
            _counter(
                "-",
                f"'first:' || {day} || ':' || \"status\"",
                ', "requested_on", "status"',
                f'WHERE "status" IN ({first})',
            ),
            *_new_notices(raw, ts),
        ]
    )
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    return int(await raw.fetchval("SELECT count(*) FROM bench_fdue")), seconds, cpu


def _app_sweep(ctx: Ctx) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-m", "tests.bench.sweep"],
        env=ctx.env,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"sweep child failed: {proc.stderr[-3000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


async def run(ctx: Ctx) -> list[Result]:
    n = QUICK.other_claims // 5 if ctx.quick else DUE
    async with Raw(ctx.url) as raw:
        if not raw.is_pg:
            # the app's SQLite connections check foreign keys (models/config.py): so do the
            # floors, or they would skip work the app cannot
            await raw.execute("PRAGMA foreign_keys=ON")
        last = await prepare(raw, ctx, n, 0)
        old_n, old_s, old_cpu = await old_floor_sweep(raw, ctx)
        last = await prepare(raw, ctx, n, last)
        floor_n, floor_s, floor_cpu = await floor_sweep(raw, ctx)
        await prepare(raw, ctx, n, last)
        app = _app_sweep(ctx)
        ok = await counters_match(raw, 2) and await counters_match(raw, 3)
        left = await raw.fetchval(
            'SELECT count(*) FROM "withdrawal_round" WHERE "state" = \'REQUESTED\' '
            f"AND \"deadline\" < '{ctx.today.isoformat()}'"
        )
    growth = app["rss_peak_mb"] - app["rss_start_mb"]
    secs = app["seconds"]
    if not app["finished"]:  # time-boxed: project the full run from the rate so far
        secs = secs * n / max(app["expired"], 1)
    complete = app["finished"] and app["expired"] == n and left == 0 and ok
    # SQLite runs in the measuring process (the floors in this one, the app in its child),
    # so their CPU time is a load-independent second reading of the same work; on
    # PostgreSQL the work is in the server's backend, which these processes do not see
    sq = not ctx.target.is_pg
    app_cpu = f", CPU {app['cpu_seconds']:.2f} s" if sq else ""
    floor_cpu_s = f", CPU {floor_cpu:.2f} s" if sq else ""
    old_cpu_s = f", CPU {old_cpu:.2f} s" if sq else ""
    return [
        Result(
            f"sweep: expire_overdue(), {n:,} due rounds",
            f"{secs:.2f} s ({app['expired']:,} expired"
            + ("" if app["finished"] else f" in {app['seconds']:.0f} s, projected")
            + f"{app_cpu})",
            f"{floor_s:.2f} s (new raw floor, {floor_n:,}{floor_cpu_s})",
            secs / floor_s if floor_s else None,
            "≤ 1.2× new floor",
            secs <= 1.2 * floor_s and complete,
            f"batches of {BATCH_SIZE}; counters {'match' if ok else 'DIFFER'}; {left} left due",
            app
            | {
                "floor_seconds": floor_s,
                "old_floor_seconds": old_s,
                "floor_cpu_seconds": floor_cpu,
                "old_floor_cpu_seconds": old_cpu,
            },
        ),
        Result(
            f"sweep: new raw floor vs old raw floor, {n:,} due rounds",
            f"{floor_s:.2f} s (no order row, the app's notice shape{floor_cpu_s})",
            f"{old_s:.2f} s (old design, {old_n:,}{old_cpu_s})",
            floor_s / old_s if old_s else None,
            "≤ 0.6× old floor",
            floor_s <= 0.6 * old_s,
            "same run, same data, separate batches of due rounds",
        ),
        Result(
            "sweep: memory (peak RSS growth)",
            f"{growth:.1f} MB",
            f"{app['rss_start_mb']:.0f} MB at start",
            None,
            f"≤ {MEMORY_BUDGET_MB} MB",
            growth <= MEMORY_BUDGET_MB,
            "child process: RSS after Tortoise init vs peak during the sweep",
        ),
    ]


def _profiler() -> cProfile.Profile | None:
    """`PROFILE_DUMP=file`: the child profiles its `expire_overdue()` into that file (what
    the app's sweep spends beyond the floor's statements)."""
    if not os.environ.get("PROFILE_DUMP"):
        return None
    profile = cProfile.Profile()
    profile.enable()
    return profile


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def _child() -> dict[str, Any]:
    from tortoise import Tortoise

    from models.clock import get_clock
    from models.config import tortoise_config
    from models.entities import WithdrawalRound
    from models.ops.reminders import send_due_reminders
    from models.ops.sweep import expire_overdue

    await Tortoise.init(config=tortoise_config())
    try:
        start = _rss_mb()
        began = get_clock().now()
        t0, c0 = time.perf_counter(), time.process_time()
        done = True
        profile = _profiler()
        try:
            expired = await asyncio.wait_for(expire_overdue(), TIME_BOX_S)
        except TimeoutError:  # batches commit one by one: count what is done
            done = False
            expired = await WithdrawalRound.filter(state="EXPIRED", expired_at__gte=began).count()
        seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
        if profile is not None:
            profile.disable()
            profile.dump_stats(os.environ["PROFILE_DUMP"])
        # the other half of `expire_due()`: the data set's reminders that are due anyway
        # (~1,500 on the full set), not part of the expiry the floors write
        t1 = time.perf_counter()
        reminded = await send_due_reminders()
        return {
            "reminders": reminded,
            "reminders_seconds": time.perf_counter() - t1,
            "seconds": seconds,
            "cpu_seconds": cpu,
            "finished": done,
            "expired": expired,
            "rss_start_mb": start,
            "rss_peak_mb": _rss_mb(),
        }
    finally:
        await Tortoise.close_connections()


if __name__ == "__main__":
    print(json.dumps(asyncio.run(_child())))
