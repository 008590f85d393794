"""The `qsm` commands and the served app, as real processes on a throwaway database."""

from __future__ import annotations

import json
import subprocess
import sys

import httpx

from tests.cli_helpers import (
    ROOT,
    qsm,
    running_server,
)


def test_migrate_seed_sweep_commands(scratch_env):
    migrated = qsm("migrate", env=scratch_env)
    assert migrated.returncode == 0, migrated.stderr
    again = qsm("migrate", env=scratch_env)
    assert again.returncode == 0, "migrations are re-runnable"
    first = qsm("seed", "--demo", env=scratch_env)
    assert first.returncode == 0 and "loaded" in first.stdout, first.stderr
    second = qsm("seed", "--demo", env=scratch_env)
    assert second.returncode == 0 and "already present" in second.stdout
    swept = qsm("sweep", env=scratch_env)
    assert swept.returncode == 0 and "expired 0" in swept.stdout
    later = qsm("sweep", env={**scratch_env, "QSM_CLOCK": "2021-08-09T00:00:00+09:00"})
    assert "expired 1" in later.stdout, later.stdout + later.stderr


def test_cli_usage_errors_have_a_sentence_and_an_exit_code(scratch_env):
    no_flag = qsm("seed", env=scratch_env)
    assert no_flag.returncode == 2 and "--demo" in no_flag.stderr
    unmigrated = qsm("sweep", env=scratch_env)
    assert unmigrated.returncode == 1 and "qsm sweep:" in unmigrated.stderr
    assert "Traceback" not in unmigrated.stderr


def test_models_and_migrations_agree():
    """A model change without a migration fails here (run `tortoise makemigrations`)."""
    script = """
import asyncio
from tortoise.context import TortoiseContext
from tortoise.migrations.autodetector import MigrationAutodetector
from models.config import tortoise_config

async def main():
    config = tortoise_config("sqlite://:memory:")
    async with TortoiseContext() as ctx:
        await ctx.init(config=config)
        writers = await MigrationAutodetector(ctx.apps, config["apps"]).changes()
        print(len(writers))

asyncio.run(main())
"""
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0", "models changed without a migration"


def test_clock_control_endpoint(scratch_env):
    assert qsm("migrate", env=scratch_env).returncode == 0
    with running_server({**scratch_env, "QSM_CLOCK_CONTROL": "1"}) as base:
        health = httpx.get(base + "/healthz").json()
        assert health["today"] == "2021-08-03"
        moved = httpx.post(base + "/_clock", json={"now": "2021-08-04T09:00:00+09:00"})
        assert moved.status_code == 200 and moved.json()["today"] == "2021-08-04"
        advanced = httpx.post(base + "/_clock", json={"advanceDays": 5})
        assert advanced.json()["today"] == "2021-08-09"
        assert httpx.get(base + "/healthz").json()["today"] == "2021-08-09"
        bad = httpx.post(base + "/_clock", content=b"not json")
        assert bad.status_code == 400 and "JSON" in bad.json()["error"]
        assert httpx.post(base + "/_clock", json={"now": "yesterday"}).status_code == 400
        assert httpx.post(base + "/_clock", json={"advanceDays": "1"}).status_code == 400


def test_clock_endpoint_is_absent_without_control(scratch_env):
    assert qsm("migrate", env=scratch_env).returncode == 0
    with running_server(scratch_env) as base:
        assert httpx.post(base + "/_clock", json={"advanceDays": 1}).status_code == 404
        assert json.loads(httpx.get(base + "/healthz").text)["status"] == "ok"
