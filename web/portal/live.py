"""`/portal/live`: the seller's event stream (Server-Sent Events) that keeps the claims
page's grid and open transaction panel current without a reload.

The page connects with htmx's SSE extension (`hx-ext="sse" sse-connect="/portal/live"`,
vendored in web/static/vendor/); the grid and the panel re-fetch their own fragment on
`hx-trigger="sse:claim-changed"`. An event names the claim that changed by its order
number and version (`data: 638452888:7`), never its content: the fragments re-read
through the read models with the seller's session, as any other request does; the panel
asks with the version it shows and gets 204 while that is current (the echo of the
seller's own action).

The session is checked when the stream opens, on every event and at every heartbeat: once
it has ended (sign-out, expiry) the stream sends `signed-out` and closes, and the browser's
reconnection gets a 401, which an EventSource does not retry.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from access.session import request_token
from models import live
from models.entities import Seller
from models.ops.accounts import session_account
from models.screens import claim_list

PATH = "/portal/live"
#: Seconds between heartbeats (a comment line that keeps proxies from closing an idle
#: stream) and session checks.
HEARTBEAT_SECONDS = 15.0
#: An EventSource waits this long (ms) before reconnecting after a dropped stream.
RETRY_MS = 3000


def event(name: str, data: str = "") -> str:
    return f"event: {name}\ndata: {data}\n\n"


async def _still_signed_in(token: str | None, seller_id: int) -> bool:
    account = await session_account(token)
    return isinstance(account, Seller) and account.id == seller_id


async def _events(token: str | None, seller_id: int) -> AsyncIterator[str]:
    with live.HUB.subscribe(kinds=("claim",), seller_id=seller_id) as sub:
        yield f"retry: {RETRY_MS}\n\n"
        while True:
            try:
                first = await asyncio.wait_for(sub.next(), HEARTBEAT_SECONDS)
            except TimeoutError:
                if not await _still_signed_in(token, seller_id):
                    yield event("signed-out")
                    return
                yield ": ping\n\n"
                continue
            if not await _still_signed_in(token, seller_id):
                yield event("signed-out")
                return
            claim_ids = dict.fromkeys(c.claim_id for c in [first, *sub.drain()])
            for claim_id in claim_ids:
                if claim_id is None:
                    continue
                claim = await claim_list.one(claim_id, seller_id=seller_id)
                if claim is not None:
                    yield event("claim-changed", f"{claim.order.order_no}:{claim.version}")


async def stream(request: Request) -> Response:
    token = request_token(request)
    account = await session_account(token)
    if not isinstance(account, Seller):
        return Response(status_code=401)  # an EventSource does not retry a 401
    return StreamingResponse(
        _events(token, account.id),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache, no-transform", "X-Accel-Buffering": "no"},
    )


routes = [Route(PATH, stream, methods=["GET"])]
