"""Issue 13.6 against real `qsm serve` processes: a buyer's answer served by one process
reaches the seller subscribed on another (PostgreSQL LISTEN/NOTIFY), over
graphql-transport-ws and over graphql-sse; on SQLite the same within one process; an
unauthenticated subscription is refused.

The seller subscribes, then the seller (re-)requests a withdrawal: that first event shows
the subscription is live. The buyer then rejects and the seller must see the claim HELD
within `LIVE_WAIT` of the rejection's answer (a bounded wait that fails, not a timing).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from tests.cli_helpers import running_server
from tests.live_helpers import ORDER_NO, POSTGRES, Parties, SseStream, gql, seeded_env

#: How long after the buyer's rejection was answered the seller's event may take.
LIVE_WAIT = 1.0
#: How long the first event (which proves the subscription is live) may take.
FIRST_WAIT = 10.0
#: A subscription has no acknowledgement in either protocol: give it this to start.
SETTLE = 0.5
CLAIM_SUB = "subscription { claimChanged { id status withdrawalState } }"


@pytest.fixture
def env(tmp_path: Path) -> Iterator[dict[str, str]]:
    with seeded_env(tmp_path) as env:
        yield env


# --- graphql-transport-ws -------------------------------------------------------------


def ws_url(base: str) -> str:
    return base.replace("http://", "ws://") + "/graphql"


@contextlib.asynccontextmanager
async def ws_subscription(
    base: str, query: str, init: dict[str, Any]
) -> AsyncIterator[ClientConnection]:
    async with connect(ws_url(base), subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": init}))
        ack = json.loads(await asyncio.wait_for(ws.recv(), FIRST_WAIT))
        assert ack["type"] == "connection_ack", ack
        await ws.send(json.dumps({"id": "1", "type": "subscribe", "payload": {"query": query}}))
        await asyncio.sleep(SETTLE)
        yield ws


async def ws_next(ws: ClientConnection, wait: float) -> dict[str, Any]:
    message = json.loads(await asyncio.wait_for(ws.recv(), wait))
    assert message["type"] == "next", message
    assert "errors" not in message["payload"], message
    return message["payload"]["data"]


async def seller_sees_rejection_ws(subscribe_on: str, act_on: str) -> None:
    parties = await Parties.signed_in(act_on)
    init = {"authorization": f"Bearer {parties.seller}"}
    async with ws_subscription(subscribe_on, CLAIM_SUB, init) as ws:
        await parties.ask(act_on, first=True)
        requested = (await ws_next(ws, FIRST_WAIT))["claimChanged"]
        assert (requested["id"], requested["withdrawalState"]) == (parties.claim_id, "REQUESTED")
        await parties.reject(act_on)
        held = (await ws_next(ws, LIVE_WAIT))["claimChanged"]
        assert (held["id"], held["withdrawalState"]) == (parties.claim_id, "HELD")


# --- graphql-sse (distinct connections mode) ------------------------------------------


@contextlib.asynccontextmanager
async def sse_subscription(
    base: str, query: str, token: str | None
) -> AsyncIterator[tuple[httpx.Response, SseStream]]:
    headers = {"Accept": "text/event-stream"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    async with (
        httpx.AsyncClient(timeout=httpx.Timeout(20, read=None)) as client,
        client.stream(
            "POST", f"{base}/graphql", json={"query": query}, headers=headers
        ) as response,
    ):
        stream = SseStream()
        pump = asyncio.create_task(stream.pump(response))
        try:
            await asyncio.sleep(SETTLE)
            yield response, stream
        finally:
            pump.cancel()
            with contextlib.suppress(asyncio.CancelledError, httpx.HTTPError):
                await pump


async def sse_next(stream: SseStream, wait: float) -> dict[str, Any]:
    event, data = await stream.next(wait)
    assert event == "next", (event, data)
    payload = json.loads(data)
    assert "errors" not in payload, payload
    return payload["data"]


async def seller_sees_rejection_sse(subscribe_on: str, act_on: str, *, first: bool) -> None:
    parties = await Parties.signed_in(act_on)
    async with sse_subscription(subscribe_on, CLAIM_SUB, parties.seller) as (response, stream):
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        await parties.ask(act_on, first=first)
        requested = (await sse_next(stream, FIRST_WAIT))["claimChanged"]
        assert requested["withdrawalState"] == "REQUESTED"
        await parties.reject(act_on)
        held = (await sse_next(stream, LIVE_WAIT))["claimChanged"]
        assert (held["id"], held["withdrawalState"]) == (parties.claim_id, "HELD")


async def buyer_is_told_of_the_rerequest(subscribe_on: str, act_on: str) -> None:
    """`notificationReceived`: the buyer hears the seller's re-request (a held claim)."""
    parties = await Parties.signed_in(act_on)
    query = "subscription { notificationReceived { kind orderNo read } }"
    init = {"authorization": f"Bearer {parties.buyer}"}
    async with ws_subscription(subscribe_on, query, init) as ws:
        await parties.ask(act_on, first=False)
        notice = (await ws_next(ws, LIVE_WAIT))["notificationReceived"]
        assert notice == {"kind": "WITHDRAWAL_REQUESTED", "orderNo": ORDER_NO, "read": False}


async def unauthenticated_is_refused(base: str) -> None:
    # graphql-transport-ws: no cookie, no token -> closed with 4403 at connection_init.
    async with connect(ws_url(base), subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), FIRST_WAIT)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
    # A token nobody issued is refused the same way.
    async with connect(ws_url(base), subprotocols=["graphql-transport-ws"]) as ws:  # type: ignore[list-item]
        await ws.send(
            json.dumps({"type": "connection_init", "payload": {"authorization": "Bearer forged"}})
        )
        with pytest.raises(ConnectionClosed) as closed:
            await asyncio.wait_for(ws.recv(), FIRST_WAIT)
        assert closed.value.rcvd is not None and closed.value.rcvd.code == 4403
    # A page of another site cannot open a socket with the visitor's cookie.
    with pytest.raises(InvalidStatus) as foreign:
        async with connect(
            ws_url(base), subprotocols=["graphql-transport-ws"], origin="https://evil.example"
        ):
            pass
    assert foreign.value.response.status_code == 403
    # The legacy graphql-ws protocol is not spoken at all (GHSA-vpwc-v33q-mq89).
    with pytest.raises(Exception) as legacy:  # noqa: PT011 - refused handshake or close
        async with connect(ws_url(base), subprotocols=["graphql-ws"]) as ws:  # type: ignore[list-item]
            await ws.send(json.dumps({"type": "connection_init", "payload": {}}))
            await asyncio.wait_for(ws.recv(), FIRST_WAIT)
    assert not isinstance(legacy.value, TimeoutError)
    # graphql-sse: the stream answers one UNAUTHENTICATED error, then completes.
    async with sse_subscription(base, CLAIM_SUB, None) as (_, stream):
        event, data = await stream.next(FIRST_WAIT)
        assert event == "next"
        assert json.loads(data)["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        assert (await stream.next(FIRST_WAIT))[0] == "complete"


async def signed_out_subscription_ends(base: str) -> None:
    """A socket opened with a session ends with UNAUTHENTICATED at the first change after
    that session was signed out, instead of serving it on (gql/live.py). Runs after
    `buyer_is_told_of_the_rerequest`, which leaves a re-request for the buyer to reject."""
    parties = await Parties.signed_in(base)
    init = {"authorization": f"Bearer {parties.seller}"}
    async with ws_subscription(base, CLAIM_SUB, init) as ws:
        await gql(base, "mutation { logout { userErrors { code } } }", parties.seller)
        await parties.reject(base)
        message = json.loads(await asyncio.wait_for(ws.recv(), FIRST_WAIT))
        assert message["type"] == "next" and message["payload"]["data"] is None, message
        assert message["payload"]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
        done = json.loads(await asyncio.wait_for(ws.recv(), FIRST_WAIT))
        assert (done["type"], done["id"]) == ("complete", message["id"]), done
        # a new subscription on the same socket is refused at once, before any change
        payload = {"query": "subscription { notificationReceived { kind } }"}
        await ws.send(json.dumps({"id": "2", "type": "subscribe", "payload": payload}))
        refused = json.loads(await asyncio.wait_for(ws.recv(), FIRST_WAIT))
        assert (refused["id"], refused["type"]) == ("2", "next"), refused
        assert refused["payload"]["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


# --- the tests -------------------------------------------------------------------------


@pytest.mark.skipif(not POSTGRES, reason="PostgreSQL runs when DATABASE_URL is a postgres URL")
async def test_rejection_on_one_server_reaches_the_seller_on_another(
    env: dict[str, str],
) -> None:
    with running_server(env) as server_a, running_server(env) as server_b:
        await seller_sees_rejection_ws(subscribe_on=server_a, act_on=server_b)
        await seller_sees_rejection_sse(subscribe_on=server_a, act_on=server_b, first=False)
        await buyer_is_told_of_the_rerequest(subscribe_on=server_a, act_on=server_b)
        await unauthenticated_is_refused(server_a)
        await signed_out_subscription_ends(server_a)


@pytest.mark.skipif(POSTGRES, reason="the SQLite variant; PostgreSQL runs the two-server one")
async def test_rejection_reaches_the_seller_in_one_process_on_sqlite(env: dict[str, str]) -> None:
    with running_server(env) as base:
        await seller_sees_rejection_ws(subscribe_on=base, act_on=base)
        await seller_sees_rejection_sse(subscribe_on=base, act_on=base, first=False)
        await buyer_is_told_of_the_rerequest(subscribe_on=base, act_on=base)
        await unauthenticated_is_refused(base)
        await signed_out_subscription_ends(base)
