"""Who sweeps: `qsm worker` processes on PostgreSQL (QSM_JOBS=worker), or the serving
process itself (QSM_JOBS=inline, the SQLite default that `make run` uses)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import time

import pytest

from models.config import is_postgres
from tests.cli_helpers import (
    QSM,
    ROOT,
    run_with_db,
    running_server,
    seed_with_every_claim_requested,
)

REMINDER_DAY = "2021-08-07T09:00:00+09:00"
AFTER_DEADLINE = "2021-08-12T09:00:00+09:00"
PERIODS = 4

CHECK = """
import json
from models.entities import ClaimEvent, Notification, Seller, WithdrawalRound
from models.queries import counter_values, live_group_by

async def main():
    events = await ClaimEvent.filter(kind="WITHDRAWAL_EXPIRED").values_list("claim_id", flat=True)
    due = await Notification.filter(kind="WITHDRAWAL_ANSWER_DUE").values_list("claim_id", flat=True)
    consistent = all(
        [await counter_values(s.id) == await live_group_by(s.id) for s in await Seller.all()]
    )
    print(json.dumps({
        "expired": await WithdrawalRound.filter(state="EXPIRED").count(),
        "events": len(events), "distinct_events": len(set(events)),
        "reminded": await WithdrawalRound.filter(reminded_at__isnull=False).count(),
        "due": len(due), "distinct_due": len(set(due)), "consistent": consistent,
    }))
"""


def _check(env: dict[str, str], clock: str) -> dict[str, object]:
    done = run_with_db(CHECK, {**env, "QSM_CLOCK": clock})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _job_periods(url: str) -> dict[str, list[int]]:
    """For each job of the engine: how many jobs each period got (the period's timestamp)."""
    import asyncpg

    async def read() -> dict[str, list[int]]:
        conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
        try:
            rows = await conn.fetch(
                "SELECT task_name, args->>'timestamp' AS period, COUNT(*) AS n, "
                "bool_and(status = 'succeeded') AS ok FROM procrastinate_jobs "
                "GROUP BY task_name, period ORDER BY task_name, period"
            )
        finally:
            await conn.close()
        result: dict[str, list[int]] = {}
        for row in rows:
            result.setdefault(row["task_name"], []).append(row["n"] if row["ok"] else -row["n"])
        return result

    return asyncio.run(read())


def _workers_for(env: dict[str, str], clock: str, count: int) -> dict[str, list[int]]:
    """Run `count` workers at `clock` until PERIODS more sweep periods succeeded; stop them
    (SIGTERM) and return the jobs per period."""
    url = env["DATABASE_URL"]
    before = len(_job_periods(url).get("qsm.sweep", []))
    at = {**os.environ, **env, "QSM_CLOCK": clock, "QSM_SWEEP_INTERVAL": "1"}
    workers = [
        subprocess.Popen([*QSM, "worker"], cwd=ROOT, env=at, stderr=subprocess.PIPE, text=True)
        for _ in range(count)
    ]
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            periods = _job_periods(url)
            done = [n for n in periods.get("qsm.sweep", []) if n > 0]
            if len(done) >= before + PERIODS:
                break
            assert all(w.poll() is None for w in workers), [w.stderr.read() for w in workers]
            time.sleep(0.3)
    finally:
        for w in workers:
            w.send_signal(signal.SIGTERM)
        errors = [w.communicate(timeout=30)[1] for w in workers]
    assert all(w.returncode == 0 for w in workers), errors
    return _job_periods(url)


@pytest.mark.skipif(
    not is_postgres(os.environ.get("DATABASE_URL", "")), reason="job workers need PostgreSQL"
)
def test_two_workers_remind_and_expire_each_round_once_per_period(scratch_env):
    rounds = seed_with_every_claim_requested(scratch_env)

    periods = _workers_for(scratch_env, REMINDER_DAY, 2)
    assert len(periods["qsm.sweep"]) >= PERIODS
    for task in ("qsm.sweep", "qsm.reminders"):
        # one job per period (however many workers), and every one succeeded
        assert set(periods[task][:-1]) == {1}, periods
    after_reminders = _check(scratch_env, REMINDER_DAY)
    assert after_reminders["reminded"] == rounds
    assert after_reminders["due"] == after_reminders["distinct_due"] == rounds
    assert after_reminders["expired"] == after_reminders["events"] == 0

    periods = _workers_for(scratch_env, AFTER_DEADLINE, 2)
    assert set(periods["qsm.sweep"][:-1]) == {1}, periods
    assert _check(scratch_env, AFTER_DEADLINE) == {
        "expired": rounds,
        "events": rounds,
        "distinct_events": rounds,
        "reminded": rounds,
        "due": rounds,
        "distinct_due": rounds,
        "consistent": True,
    }


@pytest.mark.parametrize(("jobs", "sweeps"), [("inline", True), ("worker", False)])
def test_the_serving_process_sweeps_only_when_jobs_are_inline(scratch_env, jobs, sweeps):
    rounds = seed_with_every_claim_requested(scratch_env)
    env = {**scratch_env, "QSM_CLOCK": AFTER_DEADLINE, "QSM_SWEEP_INTERVAL": "0.2"}
    with running_server({**env, "QSM_JOBS": jobs}):
        deadline = time.monotonic() + 6
        while time.monotonic() < deadline:
            if _check(scratch_env, AFTER_DEADLINE)["events"] == rounds:
                break
            time.sleep(0.3)
    result = _check(scratch_env, AFTER_DEADLINE)
    assert result["events"] == (rounds if sweeps else 0), result
    assert result["distinct_events"] == result["expired"] == result["events"]
