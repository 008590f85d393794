"""Portal fixtures: a client on the real app, signed in as the seller or the buyer; the
helpers live in tests/web/helpers.py."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from tests.cli_helpers import create_postgres_database, drop_postgres_database, scratch_database
from tests.web.helpers import (
    login,
    make_client,
)


@pytest.fixture
async def client(demo: None) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client() as c:
        yield c


@pytest.fixture
async def seller(client: httpx.AsyncClient) -> httpx.AsyncClient:
    """shop1 (SELLER SHOP TI), signed in."""
    response = await login(client, "shop1", "shop1-pass")
    assert response.status_code == 303
    return client


@pytest.fixture
async def buyer1(demo: None) -> AsyncIterator[httpx.AsyncClient]:
    """A second browser: buyer1 signed in (use together with `seller` or `client`)."""
    async with make_client() as c:
        response = await login(c, "buyer1", "buyer1-pass")
        assert response.status_code == 303
        yield c


@pytest.fixture
def scratch_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """Environment for real `qsm` processes on a throwaway database (SQLite file, or a
    new PostgreSQL database when DATABASE_URL points at one), dropped afterwards."""
    url = scratch_database(tmp_path)
    create_postgres_database(url)
    yield {
        "DATABASE_URL": url,
        "QSM_CLOCK": "2021-08-03T10:00:00+09:00",
        "QSM_SECRET_KEY": "test-secret",
        "QSM_UPLOAD_DIR": str(tmp_path / "uploads"),
        "QSM_SWEEP_INTERVAL": "0",
    }
    drop_postgres_database(url)
