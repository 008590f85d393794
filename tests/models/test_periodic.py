"""The inline background loops (models/periodic.py) outlive a failed pass: it is logged
and the next pass runs; a pass's count is logged only when something was done."""

from __future__ import annotations

import asyncio
import logging

from models import periodic


async def test_a_failed_pass_is_logged_and_the_next_one_runs(caplog):
    passes: list[int] = []
    ran_three = asyncio.Event()

    async def step() -> int:
        passes.append(len(passes))
        if len(passes) == 3:
            ran_three.set()
        if len(passes) == 1:
            raise RuntimeError("database is locked")
        return len(passes) - 2  # 0 on the second pass, 1 on the third

    log = logging.getLogger("qsm.test_periodic")
    with caplog.at_level(logging.INFO, logger=log.name):
        loop = asyncio.create_task(
            periodic.every(0, step, log, failed="pass failed", done="did %d thing(s)")
        )
        await asyncio.wait_for(ran_three.wait(), 5)
        loop.cancel()
        await asyncio.gather(loop, return_exceptions=True)
    records = [r for r in caplog.records if r.name == log.name]
    assert [r.getMessage() for r in records[:2]] == ["pass failed", "did 1 thing(s)"]
    assert records[0].exc_info is not None  # the failure's traceback is kept
