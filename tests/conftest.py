"""Shared fixtures: a real database (SQLite file, or PostgreSQL when DATABASE_URL says so),
emptied before each test, and the application clock frozen on the manual's dates."""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest
from tortoise.backends.base.config_generator import generate_config
from tortoise.context import TortoiseContext

from models.clock import Clock, get_clock, set_clock
from models.config import MODEL_MODULES, is_postgres, sqlite_connection, with_sqlite_pragmas

#: Chapter 1's screenshot: a request made this day gets the deadline 2021/08/09.
MANUAL_NOW = "2021-08-03T10:00:00+09:00"


def _test_database_url(tmp_dir: str) -> str:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url and is_postgres(url):
        parts = urlsplit(url)
        name = f"qsm_test_{uuid.uuid4().hex[:10]}"
        return urlunsplit(parts._replace(path=f"/{name}"))
    return with_sqlite_pragmas(f"sqlite://{tmp_dir}/qsm-test.sqlite3")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "database_independent: runs exactly the same whatever DATABASE_URL says (its own "
        "SQLite file, or no database): the PostgreSQL pass deselects it, the SQLite pass "
        "runs it (docs/testing.md)",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On PostgreSQL, leave out the tests that would only repeat the SQLite pass."""
    if not is_postgres(os.environ.get("DATABASE_URL", "").strip()):
        return
    repeated = [item for item in items if item.get_closest_marker("database_independent")]
    if repeated:
        config.hook.pytest_deselected(items=repeated)
        items[:] = [item for item in items if item not in repeated]


@pytest.fixture(scope="session", autouse=True)
def _upload_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Attachments written by tests go to a temporary folder, not ./data."""
    os.environ["QSM_UPLOAD_DIR"] = str(tmp_path_factory.mktemp("uploads"))
    # export files (docs/exports.md) too
    os.environ["QSM_EXPORT_DIR"] = str(tmp_path_factory.mktemp("exports"))


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return _test_database_url(str(tmp_path_factory.mktemp("db")))


async def drop_postgres_database(url: str) -> None:
    """Drop a per-run PostgreSQL database, even with connections still open."""
    import asyncpg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    connection = await asyncpg.connect(admin)
    try:
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await connection.close()


@contextlib.asynccontextmanager
async def _test_context(url: str) -> AsyncIterator[None]:
    """Tortoise's `tortoise_test_context` (a fresh database and schema), on the client the
    application runs: for a SQLite file, `models.config.SQLITE_ENGINE` with its reader."""
    context = TortoiseContext()
    async with context:
        config = generate_config(url, app_modules={"models": MODEL_MODULES}, testing=True)
        config["connections"]["default"] = (
            config["connections"]["default"] if is_postgres(url) else sqlite_connection(url)
        )
        await context.init(config=config, _create_db=True, use_tz=True, timezone="UTC")
        await context.generate_schemas(safe=False)
        yield


@pytest.fixture(scope="session")
async def _database(database_url: str) -> AsyncIterator[None]:
    try:
        async with _test_context(database_url):
            yield
    finally:
        if is_postgres(database_url):
            await drop_postgres_database(database_url)


@pytest.fixture
async def db(_database: None) -> AsyncIterator[None]:
    """An empty database for this test."""
    from tortoise.contrib.test import truncate_all_models

    await truncate_all_models()
    yield


@pytest.fixture
def clock() -> Iterator[Clock]:
    """The application clock frozen at 2021-08-03 10:00 Tokyo (chapter 1)."""
    previous = get_clock()
    frozen = set_clock(Clock.frozen(MANUAL_NOW))
    yield frozen
    set_clock(previous)


@pytest.fixture
async def demo(db: None, clock: Clock) -> None:
    """The demo seed on the manual's dates (demo passwords hashed cheaply: most tests sign
    in, and argon2 at full cost was a fifth of the suite; servers in real processes seed
    with `qsm seed --demo`, at full cost)."""
    from models.demo import seed_demo

    assert await seed_demo(cheap_hashes=True)
