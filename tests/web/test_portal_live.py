"""The portal's live stream (`/portal/live`) against a real `qsm serve`: the seller's open
claims page hears `claim-changed` (with the order number) when the buyer answers, the
claims page connects to it, and a stream ends with `signed-out` once the session is gone.
"""

from __future__ import annotations

import asyncio
import contextlib
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from access.session import SESSION_COOKIE
from tests.cli_helpers import running_server
from tests.live_helpers import ORDER_NO, Parties, SseStream, gql, login, seeded_env

#: The first event proves the stream is live; later ones must come within this.
WAIT = 10.0
SETTLE = 0.5


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    with seeded_env(tmp_path) as env, running_server(env) as base:
        yield base


@contextlib.asynccontextmanager
async def portal_stream(base: str, token: str | None) -> AsyncIterator[tuple[int, SseStream]]:
    cookies = {SESSION_COOKIE: token} if token else {}
    async with (
        httpx.AsyncClient(cookies=cookies, timeout=httpx.Timeout(20, read=None)) as client,
        client.stream(
            "GET", f"{base}/portal/live", headers={"Accept": "text/event-stream"}
        ) as response,
    ):
        stream = SseStream()
        pump = asyncio.create_task(stream.pump(response))
        try:
            await asyncio.sleep(SETTLE)
            yield response.status_code, stream
        finally:
            pump.cancel()
            with contextlib.suppress(asyncio.CancelledError, httpx.HTTPError):
                await pump


async def test_the_buyers_answer_reaches_the_sellers_open_page(server: str) -> None:
    parties = await Parties.signed_in(server)
    async with portal_stream(server, parties.seller) as (status, stream):
        assert status == 200
        await parties.ask(server, first=True)
        requested = await stream.next(WAIT)
        await parties.reject(server)
        rejected = await stream.next(WAIT)
        # "<order no>:<claim version>": the panel compares the version with the one it shows
        assert requested[0] == rejected[0] == "claim-changed"
        assert requested[1].split(":")[0] == rejected[1].split(":")[0] == ORDER_NO
        assert int(rejected[1].split(":")[1]) > int(requested[1].split(":")[1])


async def test_the_claims_page_listens_and_its_grid_and_panel_refresh_on_it(server: str) -> None:
    parties = await Parties.signed_in(server)
    cookies = {SESSION_COOKIE: parties.seller}
    async with httpx.AsyncClient(base_url=server, cookies=cookies) as client:
        page = (await client.get(f"/portal/claims?order={ORDER_NO}")).text
        panel_html = await client.get(f"/portal/orders/{ORDER_NO}")
        panel = panel_html.text
        shown = re.search(r"\?shown=(\d+)", panel)
        assert shown is not None
        # The live re-read of an unchanged panel swaps nothing; a stale one gets the panel.
        same = await client.get(f"/portal/orders/{ORDER_NO}?shown={shown[1]}")
        stale = await client.get(f"/portal/orders/{ORDER_NO}?shown={int(shown[1]) - 1}")
    assert (same.status_code, same.text) == (204, "")
    assert stale.status_code == 200 and 'data-testid="panel"' in stale.text
    assert 'sse-connect="/portal/live"' in page
    assert "htmx-ext-sse-" in page
    assert 'hx-trigger="claims-changed from:body, sse:claim-changed"' in page
    assert 'hx-trigger="sse:claim-changed"' in panel


async def test_no_stream_without_a_seller_session_and_it_ends_at_sign_out(server: str) -> None:
    parties = await Parties.signed_in(server)
    async with portal_stream(server, None) as (status, _):
        assert status == 401
    async with portal_stream(server, parties.buyer) as (status, _):
        assert status == 401
    page_session = await login(server, "shop1")  # the page's; `parties.seller` acts
    async with portal_stream(server, page_session) as (status, stream):
        assert status == 200
        data = await gql(server, "mutation { logout { userErrors { code } } }", page_session)
        assert data["logout"]["userErrors"] == []
        # The next change finds the page's session gone: the stream says so and ends.
        await parties.ask(server, first=True)
        assert await stream.next(WAIT) == ("signed-out", "")
