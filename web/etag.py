"""The portal's ETag: the grid, list and panel fragments a seller's page fetches (htmx)
answer `304 Not Modified` while nothing they show changed (access/etag.py says how the
tag is made). Full pages stay untagged: they carry a fresh CSP nonce each time.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps

from starlette.requests import Request
from starlette.responses import Response

from access.etag import matches, not_modified, seller_etag, tag, variant_of
from models.entities import Seller
from web import i18n
from web.render import is_htmx

Endpoint = Callable[[Request], Awaitable[Response]]


def etagged(handler: Endpoint) -> Endpoint:
    """`handler` behind the seller's ETag (inside `seller_only`, which signs in first)."""

    @wraps(handler)
    async def endpoint(request: Request) -> Response:
        seller = getattr(request.state, "account", None)
        if request.method != "GET" or not is_htmx(request) or not isinstance(seller, Seller):
            return await handler(request)
        etag = await seller_etag(seller.id, variant_of(request, i18n.request_lang(request)))
        if matches(request.headers.get("if-none-match"), etag):
            return not_modified(etag)
        return tag(await handler(request), etag)

    return endpoint
