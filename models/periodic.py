"""The serving process's background loops when jobs run inline (web/app.py's lifespan):
the sweep, the export expiry, the webhook relay and the webhook pruning each run one
pass now and then one every interval, for as long as the server runs.

Why one loop: a pass that fails (a locked database, a lost connection) must not end the
loop or the server; it is logged and the next pass retries. The workers run the same
passes as periodic jobs instead (models/jobs/tasks.py)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable


async def every(
    seconds: float,
    step: Callable[[], Awaitable[int | None]],
    log: logging.Logger,
    *,
    failed: str,
    done: str | None = None,
) -> None:
    """Run `step` now and then every `seconds`, for ever. `done` (with the count `step`
    returns, when it is not 0) and `failed` are the log's lines for a pass."""
    while True:
        try:
            count = await step()
            if done and count:
                log.info(done, count)
        except Exception:  # a failed pass must not kill the server; the next one retries
            log.exception(failed)
        await asyncio.sleep(seconds)
