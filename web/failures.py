"""Database failures and the request deadline as answers the client can act on.

Why here, around the whole app: a failure can happen anywhere a request touches the
database (the session lookup of a portal guard, `/graphql`'s context, a page's query).
Without this, Starlette answers a plain-text 500 and the user cannot tell "the database is
down, try later" from a bug. The classification is `models.db_errors.failure_code`, shared
with the GraphQL error presenter and `/readyz`; anything it does not recognise stays an
internal error.

The deadline bounds the whole request (`Settings.request_timeout`): when it fires, the
request's task is cancelled, which makes asyncpg cancel the running statement on the
server, so nothing keeps waiting for a client that has been answered.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from models.db_errors import HTTP_STATUS, failure_code
from models.errors import ErrorCode
from models.messages import localized, refusal
from web import i18n
from web.render import is_htmx, render

log = logging.getLogger("qsm.web")

#: Streaming downloads may legitimately take longer than any page (large exports).
DEADLINE_EXEMPT = frozenset({"/portal/claims/export.xlsx"})
#: Event streams (the API's graphql-sse subscriptions, the portal's /portal/live) stay
#: open as long as their client listens: the deadline is for answers, not streams.
STREAM_ACCEPT = b"text/event-stream"
#: Tells clients and proxies when a retry makes sense (seconds).
RETRY_AFTER = "5"

#: How the API answers a failure in its own format: (scope, code, retry_after) -> response.
ApiFailure = Callable[[Scope, ErrorCode, str], Response]


def failure_response(scope: Scope, code: ErrorCode) -> Response:
    """The answer for `code` outside the API: JSON on the operational endpoints, a page
    with the sentence (in the user's language) on the portal."""
    request = Request(scope)
    status = HTTP_STATUS.get(code, 503)
    headers = {"Retry-After": RETRY_AFTER}
    path = scope.get("path", "")
    lang = i18n.request_lang(request)
    sentence = localized(refusal(code), lang)
    if path.startswith("/_") or path.endswith("z"):  # /_clock, /healthz, /readyz
        return JSONResponse({"error": sentence, "code": code.value}, status, headers=headers)
    # No session lookup here: the database may be the thing that failed.
    request.state.account = None
    name = "partials/error.html" if is_htmx(request) else "pages/error.html"
    context = {"message_key": "", "message": sentence, "status_code": status}
    return render(request, name, context, status_code=status, headers=headers)


def _is_event_stream(scope: Scope) -> bool:
    return any(k == b"accept" and STREAM_ACCEPT in v.lower() for k, v in scope["headers"])


class DatabaseFailures:
    """ASGI middleware: a recognised database failure, or the deadline, becomes a 503 with
    its code instead of a plain-text 500; `timeout <= 0` disables the deadline.

    Paths under `api_prefix` answer through `api_failure` (the GraphQL error format, given
    by `web.app`, the one web module that may import `gql`)."""

    def __init__(
        self, app: ASGIApp, timeout: float, api_prefix: str, api_failure: ApiFailure
    ) -> None:
        self.app = app
        self.timeout = timeout
        self.api_prefix = api_prefix
        self.api_failure = api_failure

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        exempt = scope["path"] in DEADLINE_EXEMPT or _is_event_stream(scope)
        timeout = None if exempt or self.timeout <= 0 else self.timeout
        deadline = asyncio.timeout(timeout)
        try:
            async with deadline:
                await self.app(scope, receive, tracking_send)
            return
        except TimeoutError as exc:
            code = ErrorCode.TIMEOUT if deadline.expired() else failure_code(exc)
            error: BaseException = exc
        except Exception as exc:
            code = failure_code(exc)
            error = exc
        if code is None or started:
            raise error
        log.warning("%s %s: %s (%r)", scope["method"], scope["path"], code.value, error)
        if scope["path"].startswith(self.api_prefix):
            response = self.api_failure(scope, code, RETRY_AFTER)
        else:
            response = failure_response(scope, code)
        await response(scope, receive, send)
