"""Who sweeps: `qsm worker` processes on PostgreSQL (QSM_JOBS=worker), or the serving
process itself (QSM_JOBS=inline, the SQLite default that `make run` uses)."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import httpx
import pytest

from models.config import is_postgres
from tests.cli_helpers import (
    QSM,
    ROOT,
    qsm,
    run_with_db,
    running_server,
    seed_with_every_claim_requested,
)
from tests.web.db_failure_helpers import CLAIMS_QUERY

LOGIN = "mutation($i: String!, $p: String!) { login(input: {loginId: $i, password: $p}) { token } }"

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


class Traffic:
    """Sellers reading their claims through every server until stopped (each read also
    sweeps that seller's overdue rounds, so reads race the workers' sweep jobs)."""

    def __init__(self, bases: list[str]) -> None:
        self.bases, self.stop = bases, threading.Event()
        self.answers: dict[str, list[int]] = {base: [] for base in bases}
        self.failures: list[str] = []
        self.threads = [
            threading.Thread(target=self._read, args=(base, seller))
            for base in bases
            for seller in ("shop1", "shop2")
        ]

    def _read(self, base: str, seller: str) -> None:
        try:
            with httpx.Client(timeout=60) as client:  # one keep-alive connection per reader
                signed_in = client.post(
                    f"{base}/graphql",
                    json={"query": LOGIN, "variables": {"i": seller, "p": f"{seller}-pass"}},
                )
                headers = {"Authorization": f"Bearer {signed_in.json()['data']['login']['token']}"}
                while not self.stop.is_set():
                    response = client.post(
                        f"{base}/graphql", json={"query": CLAIMS_QUERY}, headers=headers
                    )
                    ok = response.status_code == 200 and "errors" not in response.json()
                    self.answers[base].append(response.status_code if ok else -1)
                    time.sleep(0.05)
        except Exception as error:  # reported by the test, not lost in a thread
            self.failures.append(f"{base} {seller}: {error!r}")


@contextmanager
def serving_with_traffic(env: dict[str, str], clock: str, count: int) -> Iterator[Traffic]:
    """`count` `qsm serve` processes (QSM_JOBS=worker: they never sweep by themselves)
    on the database at `clock`, each read by both sellers all along."""
    at = {**env, "QSM_CLOCK": clock, "QSM_JOBS": "worker", "LOG_LEVEL": "warning"}
    with ExitStack() as stack:
        bases = [stack.enter_context(running_server(at)) for _ in range(count)]
        traffic = Traffic(bases)
        for thread in traffic.threads:
            thread.start()
        try:
            yield traffic
        finally:
            traffic.stop.set()
            for thread in traffic.threads:
                thread.join(timeout=60)


@pytest.mark.skipif(
    not is_postgres(os.environ.get("DATABASE_URL", "")), reason="job workers need PostgreSQL"
)
def test_two_servers_and_two_workers_expire_each_round_once(scratch_env):
    """Issue 14, "done when" 1: 2 server processes serving requests all along and 2
    workers, 4 sweep periods: each expiry exactly once (events = rounds expired)."""
    rounds = seed_with_every_claim_requested(scratch_env)

    with serving_with_traffic(scratch_env, AFTER_DEADLINE, 2) as traffic:
        periods = _workers_for(scratch_env, AFTER_DEADLINE, 2)

    assert len(periods["qsm.sweep"]) >= PERIODS
    assert set(periods["qsm.sweep"][:-1]) == {1}, periods  # one job per period, succeeded
    assert traffic.failures == []
    for base, answers in traffic.answers.items():
        assert answers and set(answers) == {200}, (base, answers)  # served all along
    result = _check(scratch_env, AFTER_DEADLINE)
    assert result["expired"] == result["events"] == result["distinct_events"] == rounds, result
    assert result["due"] == result["distinct_due"], result  # a reminder at most once, too
    assert result["consistent"] is True


@pytest.mark.skipif(
    not is_postgres(os.environ.get("DATABASE_URL", "")), reason="job workers need PostgreSQL"
)
def test_finished_jobs_are_deleted_after_their_retention(scratch_env):
    from models import policy

    assert qsm("migrate", env=scratch_env).returncode == 0
    url = scratch_env["DATABASE_URL"]
    _workers_for(scratch_env, REMINDER_DAY, 1)  # some succeeded jobs, all recent

    async def age() -> dict[str, int]:
        """Make three finished jobs look old: one succeeded past its retention, one
        succeeded within it, one failed past the succeeded retention but within its own."""
        conn = await _pg(url)
        try:
            ids = await conn.fetch(
                "SELECT id FROM procrastinate_jobs WHERE status = 'succeeded' ORDER BY id LIMIT 3"
            )
            old, recent, failed = (row["id"] for row in ids)
            await conn.execute(
                "UPDATE procrastinate_jobs SET status = 'failed' WHERE id = $1", failed
            )
            for job, hours in (
                (old, policy.JOB_RETENTION_HOURS + 1),
                (recent, policy.JOB_RETENTION_HOURS - 1),
                (failed, policy.JOB_RETENTION_HOURS + 1),
            ):
                await conn.execute(
                    "UPDATE procrastinate_events SET at = now() - make_interval(hours => $2)"
                    " WHERE job_id = $1",
                    job,
                    hours,
                )
            total = await conn.fetchval("SELECT count(*) FROM procrastinate_jobs")
            return {"old": old, "recent": recent, "failed": failed, "total": total}
        finally:
            await conn.close()

    async def present(ids: list[int]) -> set[int]:
        conn = await _pg(url)
        try:
            rows = await conn.fetch("SELECT id FROM procrastinate_jobs WHERE id = ANY($1)", ids)
            return {row["id"] for row in rows}
        finally:
            await conn.close()

    jobs = asyncio.run(age())
    watched = [jobs["old"], jobs["recent"], jobs["failed"]]
    env = {**scratch_env, "QSM_JOB_CLEANUP_INTERVAL": "1"}
    at = {**os.environ, **env, "QSM_CLOCK": REMINDER_DAY, "QSM_SWEEP_INTERVAL": "1"}
    worker = subprocess.Popen([*QSM, "worker"], cwd=ROOT, env=at, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and jobs["old"] in asyncio.run(present(watched)):
            assert worker.poll() is None, worker.stderr.read() if worker.stderr else ""
            time.sleep(0.3)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.communicate(timeout=30)
    assert asyncio.run(present(watched)) == {jobs["recent"], jobs["failed"]}
    cleanups = _job_periods(url)["qsm.delete_old_jobs"]
    assert cleanups and all(n == 1 for n in cleanups[:-1]), cleanups  # succeeded, once a period


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


async def _pg(url: str):  # noqa: ANN202 - an asyncpg connection
    import asyncpg

    return await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))


@pytest.mark.skipif(
    not is_postgres(os.environ.get("DATABASE_URL", "")), reason="job workers need PostgreSQL"
)
def test_a_sweep_killed_mid_job_is_retried_and_completed_by_another_worker(scratch_env):
    rounds = seed_with_every_claim_requested(scratch_env)
    url = scratch_env["DATABASE_URL"]
    at = {
        **os.environ,
        **scratch_env,
        "QSM_CLOCK": AFTER_DEADLINE,
        "QSM_SWEEP_INTERVAL": "1",
        "QSM_JOB_STALLED_AFTER": "3",
        "QSM_LOCK_TIMEOUT_MS": "0",  # the first sweep waits on our lock until killed
    }

    async def scenario() -> tuple[str, int]:
        holder = await _pg(url)
        tx = holder.transaction()
        await tx.start()
        # Hold the due claims, so the first worker's sweep job stops in the middle.
        await holder.execute("SELECT id FROM claim WHERE withdrawal_state = 'REQUESTED' FOR UPDATE")
        first = await asyncio.create_subprocess_exec(*QSM, "worker", cwd=ROOT, env=at)
        watcher = await _pg(url)
        try:
            job_id = None
            for _ in range(200):
                job_id = await watcher.fetchval(
                    "SELECT id FROM procrastinate_jobs WHERE task_name = 'qsm.sweep' "
                    "AND status = 'doing'"
                )
                if job_id:
                    break
                await asyncio.sleep(0.1)
            assert job_id, "the first worker never started a sweep"
            await asyncio.sleep(0.5)  # inside expire_claims, waiting on our lock
            first.send_signal(signal.SIGKILL)
            await asyncio.wait_for(first.wait(), 10)
            await tx.rollback()
            second = await asyncio.create_subprocess_exec(*QSM, "worker", cwd=ROOT, env=at)
            try:
                status = ""
                for _ in range(300):
                    status = await watcher.fetchval(
                        "SELECT status FROM procrastinate_jobs WHERE id = $1", job_id
                    )
                    if status == "succeeded":
                        break
                    await asyncio.sleep(0.1)
                attempts = await watcher.fetchval(
                    "SELECT attempts FROM procrastinate_jobs WHERE id = $1", job_id
                )
            finally:
                second.send_signal(signal.SIGTERM)
                await asyncio.wait_for(second.wait(), 30)
            return status, attempts
        finally:
            await watcher.close()
            await holder.close()
            if first.returncode is None:
                first.kill()

    status, attempts = asyncio.run(scenario())
    assert status == "succeeded"
    assert attempts >= 2  # run by the killed worker, then again by the other
    result = _check(scratch_env, AFTER_DEADLINE)
    assert result["expired"] == result["events"] == result["distinct_events"] == rounds
    assert result["consistent"] is True
