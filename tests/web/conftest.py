"""Portal fixtures: a client on the real app, signed in as the seller or the buyer; the
helpers live in tests/web/helpers.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

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
