"""The Procrastinate app: its connector, its schema, its periodic tasks.

Procrastinate speaks psycopg 3 (it has no asyncpg connector), so a worker holds two small
pools: Tortoise's asyncpg one for the operations, Procrastinate's psycopg one for the queue.
"""

from __future__ import annotations

import logging
import os
from urllib.parse import urlsplit, urlunsplit

import procrastinate

from models import policy
from models.config import database_url

log = logging.getLogger("qsm.jobs")


def conninfo(url: str | None = None) -> str:
    """The Tortoise URL as a libpq URI (scheme `postgresql`, no Tortoise query options)."""
    parts = urlsplit(url or database_url())
    return urlunsplit(parts._replace(scheme="postgresql", query=""))


def sweep_interval() -> int:
    """Seconds between periodic sweeps (QSM_SWEEP_INTERVAL, the in-server loop's setting)."""
    raw = os.environ.get("QSM_SWEEP_INTERVAL", "").strip()
    seconds = int(float(raw)) if raw else 0
    return seconds if seconds > 0 else policy.SWEEP_INTERVAL_SECONDS  # 0 stops only the loop


def stalled_after() -> float:
    """Seconds of heartbeat silence after which a worker counts as dead (policy; tests
    shorten it with QSM_JOB_STALLED_AFTER)."""
    raw = os.environ.get("QSM_JOB_STALLED_AFTER", "").strip()
    return float(raw) if raw else float(policy.JOB_STALLED_AFTER_SECONDS)


def heartbeat_every() -> float:
    """How often a worker writes its heartbeat: well inside the stalled threshold."""
    return min(float(policy.JOB_HEARTBEAT_SECONDS), stalled_after() / 3)


def cleanup_interval() -> int:
    """Seconds between deletions of old finished jobs (policy; tests shorten it with
    QSM_JOB_CLEANUP_INTERVAL)."""
    raw = os.environ.get("QSM_JOB_CLEANUP_INTERVAL", "").strip()
    seconds = int(float(raw)) if raw else 0
    return seconds if seconds > 0 else policy.JOB_CLEANUP_INTERVAL_SECONDS


def cron_every(seconds: int) -> str:
    """A cron line firing every `seconds` (croniter's optional 6th field is seconds)."""
    if seconds < 60:
        return f"* * * * * */{seconds}"
    if seconds < 3600:
        return f"*/{max(1, seconds // 60)} * * * *"
    return f"0 */{min(24, seconds // 3600)} * * *"


def build_app(url: str | None = None) -> procrastinate.App:
    """A fresh app on this database with the periodic tasks registered (models/jobs/tasks)."""
    from models.jobs import tasks

    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo(url)))
    tasks.register(app, cron_every(sweep_interval()), cron_every(cleanup_interval()))
    return app


async def install_schema(url: str | None = None) -> bool:
    """Create Procrastinate's tables once (`qsm migrate`); False when already there."""
    app = procrastinate.App(connector=procrastinate.PsycopgConnector(conninfo=conninfo(url)))
    async with app.open_async():
        rows = await app.connector.execute_query_all_async(
            "SELECT to_regclass('procrastinate_jobs') IS NOT NULL AS present"
        )
        if rows[0]["present"]:
            return False
        await app.schema_manager.apply_schema_async()
        return True


async def defer_export(export_id: int, url: str | None = None) -> None:
    """Queue the export job `qsm.export` (a serving process asks; a worker runs it)."""
    app = build_app(url)
    async with app.open_async():
        await app.configure_task("qsm.export").defer_async(export_id=export_id)
