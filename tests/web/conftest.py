"""Portal test helpers: the real app over ASGI, signed in through the login form."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest

from web.app import create_app
from web.settings import Settings

_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


def make_client() -> httpx.AsyncClient:
    settings = Settings(env="production", clock_control=False, sweep_interval=0, secret_key="test")
    app = create_app(settings, init_db=False)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://test")


def csrf_of(html: str) -> str:
    match = _CSRF.search(html)
    assert match, "the page has no CSRF field"
    return match.group(1)


async def login(client: httpx.AsyncClient, login_id: str, password: str) -> httpx.Response:
    page = await client.get("/login")
    return await client.post(
        "/login",
        data={"login_id": login_id, "password": password, "csrf_token": csrf_of(page.text)},
    )


async def token(client: httpx.AsyncClient, path: str = "/portal") -> str:
    """The CSRF token of the signed-in session, read from a page like a browser would."""
    return csrf_of((await client.get(path)).text)


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
async def buyer1() -> AsyncIterator[httpx.AsyncClient]:
    """A second browser: buyer1 signed in (use together with `seller` or `client`)."""
    async with make_client() as c:
        response = await login(c, "buyer1", "buyer1-pass")
        assert response.status_code == 303
        yield c
