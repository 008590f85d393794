"""Work the serving process hands to another process, never running it on its event loop.

Building a workbook is CPU work between awaits: on the serving loop a 100k-row export made
a concurrent small query's p99 go from 5 ms to 840 ms; in a thread (the GIL) 240 ms; in
another process 9 ms (issue 15). So the direct [Excel] download and, on SQLite (inline
jobs), the export job run in a small pool of processes (policy.EXPORT_PROCESSES), started
on first use with `spawn` (a fork of a process holding an event loop, threads and open
connections is not safe). Each child opens its own database connections once and keeps
one event loop for its whole life, runs at `SCHED_IDLE` with idle I/O (models/jobs/background.py:
only on cores the server leaves idle) and dies with its parent.
`qsm worker` builds its export jobs in the same kind of pool, so only the export is idle there.
"""

from __future__ import annotations

import asyncio
import atexit
import concurrent.futures
import concurrent.futures.process
import importlib
import multiprocessing
import multiprocessing.context
import multiprocessing.util
import os
from typing import Any

from models import policy
from models.clock import Clock, get_clock, set_clock
from models.jobs import background

#: Settings read at call time, passed along with each call (the pool outlives changes).
PASSED_ENV = ("QSM_EXPORT_DIR", "QSM_EXPORT_ROW_DELAY")

_pool: concurrent.futures.ProcessPoolExecutor | None = None
#: The child's own loop (set by `_init_child`, in the child only).
_child_loop: asyncio.AbstractEventLoop | None = None


def _parent_connection() -> dict[str, Any] | None:
    """The database the parent's ORM is connected to (its default connection's config),
    so the child reads and writes the same one (tests run on a per-session database that
    DATABASE_URL does not name); None when the parent has no ORM context."""
    from tortoise.context import get_current_context

    ctx = get_current_context()
    if ctx is None or not ctx.inited:
        return None
    configs = getattr(ctx.connections, "_db_config", None) or {}
    return configs.get(ctx.default_connection or "default")


def _init_child(connection: dict[str, Any] | None) -> None:
    global _child_loop
    from tortoise import Tortoise

    from models.config import tortoise_config

    # the serving process comes first: this one runs only on a core that would idle
    background.become_background()
    config = tortoise_config()
    if connection is not None:
        config["connections"] = {"default": connection}
    _child_loop = asyncio.new_event_loop()
    asyncio.set_event_loop(_child_loop)
    # a global context: every later call runs in a task of its own on this loop
    _child_loop.run_until_complete(Tortoise.init(config=config, _enable_global_fallback=True))
    # Close the connections when the pool lets the child go: runs before the child joins
    # its threads, and aiosqlite's connection thread would otherwise keep it alive.
    multiprocessing.util.Finalize(None, _close_child, exitpriority=10)


def _close_child() -> None:
    from tortoise import Tortoise

    if _child_loop is not None:
        _child_loop.run_until_complete(Tortoise.close_connections())


def _call_in_child(
    target: str, clock: Clock, env: dict[str, str | None], args: tuple[Any, ...]
) -> Any:
    """Run the coroutine function `module:name` with `args` on the child's loop, on the
    parent's clock (a moved or frozen clock must mean the same business day here) and
    with the parent's current export settings."""
    set_clock(clock)
    for name, value in env.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    module, name = target.split(":")
    func = getattr(importlib.import_module(module), name)
    assert _child_loop is not None
    return _child_loop.run_until_complete(func(*args))


class _BackgroundProcess(multiprocessing.context.SpawnProcess):
    """A pool process lowered to background priority by its parent the moment it exists:
    a fresh interpreter importing the app and opening its connections (~0.2 s of CPU)
    would otherwise run at the server's priority until its initializer lowers it."""

    def start(self) -> None:
        super().start()
        if self.pid is not None:
            background.lower(self.pid)


class _BackgroundContext(multiprocessing.context.SpawnContext):
    Process = _BackgroundProcess


def pool() -> concurrent.futures.ProcessPoolExecutor:
    global _pool
    if _pool is None:
        _pool = concurrent.futures.ProcessPoolExecutor(
            max_workers=policy.EXPORT_PROCESSES,
            mp_context=_BackgroundContext(),
            initializer=_init_child,
            initargs=(_parent_connection(),),
        )
        atexit.register(shutdown)  # before the interpreter tears its modules down
    return _pool


async def run(target: str, *args: Any) -> Any:
    """Await `module:name(*args)` run in a pool process (arguments and result pickled)."""
    env = {name: os.environ.get(name) for name in PASSED_ENV}
    executor = pool()
    try:
        future = executor.submit(_call_in_child, target, get_clock(), env, args)
        return await asyncio.wrap_future(future)
    except concurrent.futures.process.BrokenProcessPool:
        # a pool process died (killed, out of memory): this call fails (a job is retried
        # or marked failed), and the next one gets a fresh pool instead of this broken one
        _forget(executor)
        raise


def _forget(executor: concurrent.futures.ProcessPoolExecutor) -> None:
    global _pool
    if _pool is executor:
        _pool = None
        executor.shutdown(wait=False, cancel_futures=True)


def shutdown() -> None:
    """Stop taking work (the app's lifespan end); a file being built is finished."""
    global _pool
    if _pool is not None:
        _pool.shutdown(wait=False, cancel_futures=True)
        _pool = None
