"""The receiving end of the change feed on PostgreSQL: one dedicated LISTEN connection per
server process, fanned out in-process by `models.live.HUB`.

Why a connection of its own and not one from Tortoise's pool: a LISTEN lasts as long as
its connection, and a pooled connection goes back to the pool (and to other queries)
after every use. Why asyncpg's `add_listener`: asyncpg is already the driver, and it
delivers notifications as callbacks without polling.

If the connection drops (a database restart), the listener reconnects with a growing
pause; changes committed while it was away are not replayed (subscribers re-read on the
next one). On SQLite nothing is started: `models.live` delivers in-process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import asyncpg
from tortoise.backends.base.config_generator import expand_db_url

from models import live
from models.config import CONNECT_TIMEOUT_S, is_postgres

log = logging.getLogger("qsm.live")

#: Pauses between reconnection attempts (seconds), the last one repeated.
RECONNECT_PAUSES = (0.5, 1.0, 2.0, 5.0)


def _connect_args(url: str) -> dict[str, Any]:
    creds = expand_db_url(url)["credentials"]
    return {
        "host": creds.get("host"),
        "port": int(creds.get("port") or 5432),
        "user": creds.get("user"),
        "password": creds.get("password"),
        "database": creds.get("database"),
        "timeout": CONNECT_TIMEOUT_S,
    }


class Listener:
    """LISTENs on `models.live.CHANNEL` and hands every change to `models.live.HUB`."""

    def __init__(self, url: str) -> None:
        self.args = _connect_args(url)
        self._task: asyncio.Task[None] | None = None
        self._lost = asyncio.Event()
        #: Set once the first LISTEN is in place (tests and readiness can wait on it).
        self.listening = asyncio.Event()

    def _on_notify(self, conn: Any, pid: int, channel: str, payload: str) -> None:
        change = live.Change.parse(payload)
        if change is not None:
            live.HUB.deliver(change)

    def _on_lost(self, conn: Any) -> None:
        self._lost.set()

    async def _run(self) -> None:
        failures = 0
        while True:
            conn = None
            try:
                conn = await asyncpg.connect(**self.args)
                conn.add_termination_listener(self._on_lost)
                await conn.add_listener(live.CHANNEL, self._on_notify)
                failures = 0
                self.listening.set()
                self._lost.clear()
                await self._lost.wait()
                log.warning("live feed: LISTEN connection lost; reconnecting")
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # noqa: BLE001 - any failure means "try again"
                log.warning("live feed: cannot LISTEN (%r); retrying", exc)
            finally:
                if conn is not None and not conn.is_closed():
                    with contextlib.suppress(Exception):
                        await conn.close(timeout=2)
            pause = RECONNECT_PAUSES[min(failures, len(RECONNECT_PAUSES) - 1)]
            failures += 1
            await asyncio.sleep(pause)

    async def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="qsm-live-listener")
        # Serve even if the database is slow to answer: the task keeps trying.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.listening.wait(), CONNECT_TIMEOUT_S)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


@contextlib.asynccontextmanager
async def feed(url: str):  # noqa: ANN201 - an async context manager
    """Run the listener for the server's lifetime (PostgreSQL only; SQLite needs none)."""
    if not is_postgres(url):
        yield None
        return
    listener = Listener(url)
    await listener.start()
    try:
        yield listener
    finally:
        await listener.stop()
