"""GraphQL fixtures: an HTTP client on the real ASGI app (the `db` / `demo` fixtures set
Tortoise up); the helpers they use live in tests/gql/helpers.py."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from tests.gql.helpers import DEVELOPMENT, PRODUCTION, Api
from web.app import create_app


@pytest.fixture
async def client(db: None) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(PRODUCTION, init_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


@pytest.fixture
async def dev_client(db: None) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(DEVELOPMENT, init_db=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


@pytest.fixture
def api(client: httpx.AsyncClient, demo: None) -> Api:
    return Api(client)
