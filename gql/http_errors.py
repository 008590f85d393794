"""Errors that happen before (or instead of) execution, in the GraphQL error format.

Why: a client of `/graphql` parses one shape. A refused body (413), a malformed request
(400), a cross-site request (403) or a database outage (503) must reach it as
`{"errors": [{"message": …, "extensions": {"code": …}}]}` with the HTTP status that tells
a proxy or a retrying client what happened, never as a plain-text page.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

#: Media types a GraphQL-over-HTTP client may ask for; we answer in the first it accepts.
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"


def graphql_error_response(
    status: int, code: str, message: str, *, headers: dict[str, str] | None = None
) -> JSONResponse:
    """One top-level error with `extensions.code`, and `status` as the HTTP status."""
    return JSONResponse(
        {"data": None, "errors": [{"message": message, "extensions": {"code": code}}]},
        status_code=status,
        headers=headers,
    )


async def send_graphql_error(
    scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str
) -> None:
    """ASGI form of `graphql_error_response`, for middleware that answers by itself."""
    await graphql_error_response(status, code, message)(scope, receive, send)
