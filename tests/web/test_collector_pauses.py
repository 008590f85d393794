"""The serving process keeps what its start-up made out of the garbage collector's full
collections (web/app.py): with it, a full collection scans only what requests made, and
the pause every request in flight waits out shrinks from ~32 ms to ~1 ms
(docs/benchmarks.md, the fourth round's table)."""

from __future__ import annotations

import gc

from access.settings import Settings
from web.app import create_app


async def test_start_up_objects_are_frozen_once_the_app_has_started():
    gc.unfreeze()
    settings = Settings(env="production", clock_control=False, sweep_interval=0, secret_key="t")
    app = create_app(settings, init_db=False)
    try:
        assert gc.get_freeze_count() == 0
        async with app.router.lifespan_context(app):
            # the modules, the schema and the ORM's metadata: tens of thousands of objects
            assert gc.get_freeze_count() > 20_000
    finally:
        gc.unfreeze()
