"""A cap on every request body, enforced before the body is read (pure ASGI middleware).

Why: Starlette and Strawberry read a JSON or form body whole into memory; without a cap
an anonymous client could post 50 MB (or stream forever) and grow the worker's memory.
This middleware refuses with 413 and a sentence

- up front, from `Content-Length`, without reading a byte of the body, and
- while streaming, by counting the bytes the app receives (chunked bodies have no
  length): past the cap the app's `receive` raises, whatever the app sent is dropped,
  and the 413 goes out instead.

Limits are per route: `max_bytes` (settings.max_body_bytes, 1 MiB by default) for every
body, and a larger `multipart_bytes` for `multipart/form-data` on the routes that take an
attachment (`RouteLimit`, configured in `web/app.py`). A route may also bring its own
refusal shape: `/graphql` answers in the GraphQL error format; the portal answers with a
plain sentence in the page's language.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from starlette.requests import HTTPConnection
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from web import i18n

#: Builds the refusal of a route family from (HTTP status, sentence).
Refusal = Callable[[int, str], Response]


@dataclass(frozen=True)
class RouteLimit:
    """A family of paths (`pattern`, a regex matched against the whole path) with a larger
    cap for multipart bodies and/or its own refusal shape."""

    pattern: str
    multipart_bytes: int | None = None
    refuse: Refusal | None = None
    _regex: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_regex", re.compile(self.pattern))

    def matches(self, path: str) -> bool:
        return self._regex.fullmatch(path) is not None


class BodyTooLarge(Exception):
    """Raised from `receive` once the streamed body passes the cap (caught below)."""


class BodyLimit:
    """See the module docstring."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, routes: Sequence[RouteLimit] = ()) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.routes = tuple(routes)

    def limit_for(self, path: str, content_type: str) -> tuple[int, RouteLimit | None]:
        """The cap of a request and the route rule that set it (None: the default)."""
        route = next((r for r in self.routes if r.matches(path)), None)
        multipart = content_type.split(";", 1)[0].strip().lower() == "multipart/form-data"
        if route is not None and multipart and route.multipart_bytes is not None:
            return route.multipart_bytes, route
        return self.max_bytes, route

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        content_type = headers.get(b"content-type", b"").decode("latin-1")
        limit, route = self.limit_for(scope["path"], content_type)

        def refusal() -> Response:
            return _refusal(scope, limit, route)

        length = headers.get(b"content-length", b"").strip()
        if length.isdigit() and int(length) > limit:
            await refusal()(scope, receive, send)
            return

        received = 0
        exceeded = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                return  # the app's answer to a cut-off body is replaced by the 413
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except BodyTooLarge:
            pass
        except Exception:
            if not exceeded:
                raise
        if exceeded and not started:
            await refusal()(scope, receive, send)


def _refusal(scope: Scope, limit: int, route: RouteLimit | None) -> Response:
    if route is not None and route.refuse is not None:
        return route.refuse(413, f"The request body is larger than {_size(limit)}.")
    lang = i18n.request_lang(HTTPConnection(scope))
    return PlainTextResponse(
        i18n.translate(lang, "error.body_too_large", limit=_size(limit)),
        status_code=413,
        headers={"Connection": "close"},
    )


def _size(n: int) -> str:
    """1048576 -> "1 MB", 6291456 -> "6 MB", 1500 -> "1500 bytes"."""
    mib = 1024 * 1024
    if n >= mib and n % (mib // 4) == 0:
        return f"{n / mib:g} MB"
    return f"{n} bytes"
