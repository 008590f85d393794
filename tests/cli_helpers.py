"""Run the real `qsm` command and server as subprocesses against a throwaway database."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

from tests.launcher import free_port, launched

ROOT = Path(__file__).resolve().parent.parent
QSM = [sys.executable, "-m", "web.cli"]


def scratch_database(tmp_path: Path) -> str:
    """A fresh database URL: a SQLite file, or a new PostgreSQL database when configured."""
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        from urllib.parse import urlsplit, urlunsplit

        return urlunsplit(urlsplit(url)._replace(path=f"/qsm_cli_{uuid.uuid4().hex[:10]}"))
    return f"sqlite://{tmp_path}/cli.sqlite3"


def create_postgres_database(url: str) -> None:
    if url.startswith("postgres"):
        _admin_sql(url, "CREATE DATABASE")


def drop_postgres_database(url: str) -> None:
    if url.startswith("postgres"):
        _admin_sql(url, "DROP DATABASE IF EXISTS", " WITH (FORCE)")


def _admin_sql(url: str, verb: str, suffix: str = "") -> None:
    import asyncio
    from urllib.parse import urlsplit, urlunsplit

    import asyncpg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")

    async def run() -> None:
        conn = await asyncpg.connect(
            urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
        )
        try:
            await conn.execute(f'{verb} "{name}"{suffix}')
        finally:
            await conn.close()

    asyncio.run(run())


def qsm(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*QSM, *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


@contextlib.contextmanager
def running_server(env: dict[str, str], port: int | None = None) -> Iterator[str]:
    """`qsm serve` on a free port (tests.launcher); yields the base URL, stops it after."""
    port = port or free_port()
    with launched([*QSM, "serve", "--port", str(port)], port=port, env={**os.environ, **env}):
        yield f"http://127.0.0.1:{port}"


def run_with_db(code: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run `async def main()` from `code` in a fresh process connected to the database."""
    script = (
        "import asyncio\n"
        "from tortoise import Tortoise\n"
        "from models.config import tortoise_config\n"
        f"{code}\n"
        "async def _run():\n"
        "    await Tortoise.init(config=tortoise_config())\n"
        "    try:\n"
        "        await main()\n"
        "    finally:\n"
        "        await Tortoise.close_connections()\n"
        "asyncio.run(_run())\n"
    )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


#: Ask every withdrawable claim without a round to withdraw (run with `run_with_db`).
REQUEST_ALL = """
from models.entities import Claim
from models.ops import withdrawals
from models.policy import WITHDRAWABLE_STATUSES

async def main():
    count = 0
    for claim in await Claim.filter(status__in=list(WITHDRAWABLE_STATUSES), round_count=0):
        await withdrawals.request_withdrawal(claim.seller_id, claim.id, "please withdraw")
        count += 1
    print(count)
"""


def seed_with_every_claim_requested(env: dict[str, str]) -> int:
    """Migrate, seed the demo, request every withdrawable claim; return the open rounds
    (the requests made here plus the seed's own pending request of 2021/08/02)."""
    assert qsm("migrate", env=env).returncode == 0
    assert qsm("seed", "--demo", env=env).returncode == 0
    requested = run_with_db(REQUEST_ALL, env)
    assert requested.returncode == 0, requested.stderr
    return int(requested.stdout.strip()) + 1


def racing_sweeps(env: dict[str, str], processes: int, clock: str) -> list[str]:
    """Start `processes` `qsm sweep` processes at once at `clock`; return their outputs
    once all have exited successfully."""
    at = {**os.environ, **env, "QSM_CLOCK": clock}
    sweeps = [
        subprocess.Popen([*QSM, "sweep"], cwd=ROOT, env=at, stdout=subprocess.PIPE, text=True)
        for _ in range(processes)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in sweeps]
    assert all(p.returncode == 0 for p in sweeps), outputs
    return outputs
