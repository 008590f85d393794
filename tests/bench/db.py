"""Where the benchmark databases live and a tiny raw-driver wrapper used by every floor.

The generated database is cached ("pristine", keyed by `generate.VERSION`); every run
works on a fresh copy of it ("run"), so mutations, the sweep and the export never leave
traces in the cache and repeated runs measure the same data.

SQL is written once with PostgreSQL's `$n` placeholders; for SQLite they become `?`
(every benchmark query uses each placeholder once, in order).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiosqlite
import asyncpg

RESULTS_DIR = Path("bench-results")
_PLACEHOLDER = re.compile(r"\$\d+")


@dataclass(frozen=True)
class Target:
    """One backend: the cached database and the per-run copy."""

    kind: str  # "sqlite" or "postgres"
    pristine_url: str
    run_url: str
    #: PostgreSQL: the maintenance database to CREATE/DROP the others from.
    admin_url: str = ""

    @property
    def is_pg(self) -> bool:
        return self.kind == "postgres"

    def sqlite_path(self, url: str) -> Path:
        return Path(url.removeprefix("sqlite://"))


def _pg_url(base: str, dbname: str) -> str:
    parts = urlsplit(base)
    return urlunsplit((parts.scheme, parts.netloc, "/" + dbname, parts.query, ""))


def target_for(database_url: str | None, version: int, quick: bool) -> Target:
    """SQLite under bench-results/ by default; PostgreSQL when DATABASE_URL says so."""
    # QSM_BENCH_TAG keeps the databases of parallel checkouts (other branches, other
    # migrations) apart: each tag has its own cache and run database
    tag = os.environ.get("QSM_BENCH_TAG", "")
    tag = f"_{tag}" if tag else ""
    suffix = f"v{version}" + ("_quick" if quick else "") + tag
    if database_url and database_url.startswith(("postgres://", "postgresql://")):
        return Target(
            "postgres",
            _pg_url(database_url, f"qsm_bench_{suffix}"),
            # per checkout (QSM_BENCH_TAG) and per process: benches of several checkouts may
            # share one PostgreSQL server
            _pg_url(database_url, f"qsm_bench_run{'_quick' if quick else ''}{tag}_{os.getpid()}"),
            database_url,
        )
    RESULTS_DIR.mkdir(exist_ok=True)
    pristine = (RESULTS_DIR / f"qsm_bench_{suffix}.sqlite3").resolve()
    run = (RESULTS_DIR / f"run{'_quick' if quick else ''}{tag}.sqlite3").resolve()
    return Target("sqlite", f"sqlite://{pristine}", f"sqlite://{run}")


def _dbname(url: str) -> str:
    return urlsplit(url).path.lstrip("/")


async def pristine_exists(target: Target) -> bool:
    if not target.is_pg:
        return target.sqlite_path(target.pristine_url).exists()
    conn = await asyncpg.connect(target.admin_url)
    try:
        return bool(
            await conn.fetchval(
                "SELECT 1 FROM pg_database WHERE datname = $1", _dbname(target.pristine_url)
            )
        )
    finally:
        await conn.close()


async def drop(target: Target, url: str) -> None:
    if not target.is_pg:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                os.unlink(str(target.sqlite_path(url)) + suffix)
        return
    conn = await asyncpg.connect(target.admin_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{_dbname(url)}" WITH (FORCE)')
    finally:
        await conn.close()


async def create_empty(target: Target, url: str) -> None:
    await drop(target, url)
    if target.is_pg:
        conn = await asyncpg.connect(target.admin_url)
        try:
            await conn.execute(f'CREATE DATABASE "{_dbname(url)}"')
        finally:
            await conn.close()


async def fresh_run_copy(target: Target) -> None:
    """The run database: a file copy (SQLite) or a template clone (PostgreSQL)."""
    await drop(target, target.run_url)
    if not target.is_pg:
        shutil.copyfile(target.sqlite_path(target.pristine_url), target.sqlite_path(target.run_url))
        return
    conn = await asyncpg.connect(target.admin_url)
    try:
        await conn.execute(
            f'CREATE DATABASE "{_dbname(target.run_url)}" TEMPLATE "{_dbname(target.pristine_url)}"'
        )
    finally:
        await conn.close()


class Raw:
    """One raw connection (aiosqlite or asyncpg) with the few calls the floors need."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.is_pg = not url.startswith("sqlite")
        self._conn: Any = None

    async def __aenter__(self) -> Raw:
        if self.is_pg:
            self._conn = await asyncpg.connect(self.url)
        else:
            self._conn = await aiosqlite.connect(self.url.removeprefix("sqlite://"))
            await self._conn.execute("PRAGMA busy_timeout=10000")
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._conn.close()

    def sql(self, text: str) -> str:
        return text if self.is_pg else _PLACEHOLDER.sub("?", text)

    async def fetch(self, text: str, *args: Any) -> list[tuple]:
        if self.is_pg:
            return [tuple(r) for r in await self._conn.fetch(text, *args)]
        async with self._conn.execute(self.sql(text), args) as cur:
            return list(await cur.fetchall())

    async def fetchval(self, text: str, *args: Any) -> Any:
        rows = await self.fetch(text, *args)
        return rows[0][0] if rows else None

    async def execute(self, text: str, *args: Any) -> None:
        if self.is_pg:
            await self._conn.execute(text, *args)
        else:
            await self._conn.execute(self.sql(text), args)

    async def index_on(self, table: str, columns: str) -> str:
        """The name of `table`'s index on exactly `columns` ("a, b", in order), as the
        schema names it (migrations name them by a hash)."""
        if self.is_pg:
            rows = await self.fetch(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = $1", table
            )
        else:
            rows = await self.fetch(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 "
                "AND sql IS NOT NULL",
                table,
            )
        for name, definition in rows:
            if definition.replace('"', "").endswith(f"({columns})"):
                return name
        raise LookupError(f"no index on {table} ({columns})")

    async def script(self, statements: list[str]) -> None:
        """Run statements in one transaction (SQLite commits explicitly)."""
        if self.is_pg:
            async with self._conn.transaction():
                for s in statements:
                    await self._conn.execute(s)
            return
        for s in statements:
            await self._conn.execute(s)
        await self._conn.commit()


def env_for(url: str) -> dict[str, str]:
    """The environment a server or child process gets to use the run database."""
    env = dict(os.environ)
    env["DATABASE_URL"] = url
    return env
