"""Helpers for the database-failure suites: a migrated, seeded scratch database and the
GraphQL calls they make against a real `qsm serve`."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

from tests.cli_helpers import qsm

CLAIMS_QUERY = "{ claims(first: 2) { edges { node { id } } } }"
VIEWER_QUERY = "{ viewer { __typename } }"


def server_env(url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "DATABASE_URL": url,
        "QSM_CLOCK": "2021-08-03T10:00:00+09:00",
        "QSM_SECRET_KEY": "test-secret",
        "QSM_UPLOAD_DIR": str(tmp_path / "uploads"),
        "QSM_SWEEP_INTERVAL": "0",
        **extra,
    }


def migrate_and_seed(env: dict[str, str]) -> None:
    for args in (("migrate",), ("seed", "--demo")):
        done = qsm(*args, env=env)
        assert done.returncode == 0, done.stderr


def login(base: str, login_id: str = "shop1") -> str:
    """A session token for a demo account (sent as a Bearer token, or as the cookie)."""
    mutation = (
        "mutation($i: LoginInput!) { login(input: $i) { token userErrors { code message } } }"
    )
    variables = {"i": {"loginId": login_id, "password": f"{login_id}-pass"}}
    answer = httpx.post(base + "/graphql", json={"query": mutation, "variables": variables})
    payload = answer.json()["data"]["login"]
    assert payload["token"], payload
    return payload["token"]


def gql(
    base: str, query: str, token: str | None = None, timeout: float = 30
) -> tuple[httpx.Response, float]:
    """POST a query; returns the response and how long it took (seconds)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    started = time.monotonic()
    response = httpx.post(
        base + "/graphql", json={"query": query}, headers=headers, timeout=timeout
    )
    return response, time.monotonic() - started


def error_codes(response: httpx.Response) -> list[Any]:
    """`extensions.code` of every top-level error (the GraphQL error format)."""
    body = response.json()
    return [e.get("extensions", {}).get("code") for e in body.get("errors") or []]


PG_LOCK_SCRIPT = """
import asyncio, sys, asyncpg
async def main():
    connection = await asyncpg.connect(sys.argv[1])
    async with connection.transaction():
        await connection.execute(f"LOCK TABLE {sys.argv[2]} IN ACCESS EXCLUSIVE MODE")
        print("locked", flush=True)
        await asyncio.sleep(float(sys.argv[3]))
asyncio.run(main())
"""

SQLITE_LOCK_SCRIPT = """
import sqlite3, sys, time
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN EXCLUSIVE")
connection.execute("UPDATE seller SET shop_name = shop_name")
print("locked", flush=True)
time.sleep(float(sys.argv[3]))
"""


@contextlib.contextmanager
def lock_held(script: str, target: str, table: str, seconds: float) -> Iterator[None]:
    """Another process holds a lock for `seconds`; leaving the block ends it early (the
    process is killed, its connection closes, the lock goes). A separate process, so the
    server under test sees exactly what it would see from another client."""
    holder = subprocess.Popen(
        [sys.executable, "-c", script, target, table, str(seconds)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        line = holder.stdout.readline()
        assert line.strip() == "locked", holder.stderr.read() if holder.stderr else line
        yield
    finally:
        holder.kill()
        holder.wait(timeout=10)


def postgres_dsn(url: str) -> str:
    """asyncpg wants postgresql://; Tortoise URLs may say postgres:// or asyncpg://."""
    return "postgresql://" + url.split("://", 1)[1]
