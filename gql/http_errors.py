"""Errors that happen before (or instead of) execution, in the GraphQL error format.

Why: a client of `/graphql` parses one shape. A refused body (413), a malformed request
(400), a cross-site request (403) or a database outage (503) must reach it as
`{"errors": [{"message": …, "extensions": {"code": …}}]}` with the HTTP status that tells
a proxy or a retrying client what happened, never as a plain-text page.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import Receive, Scope, Send

#: The media types a GraphQL-over-HTTP client may ask for (`gql/media.py` picks one).
GRAPHQL_RESPONSE_JSON = "application/graphql-response+json"
LEGACY_JSON = "application/json"
#: The `Content-Type` of each: both UTF-8 (the spec's only encoding), said once.
CONTENT_TYPES = {
    GRAPHQL_RESPONSE_JSON: f"{GRAPHQL_RESPONSE_JSON}; charset=utf-8",
    LEGACY_JSON: LEGACY_JSON,
}


def graphql_error_response(
    status: int,
    code: str,
    message: str,
    *,
    headers: dict[str, str] | None = None,
    media: str = LEGACY_JSON,
) -> JSONResponse:
    """One top-level error with `extensions.code`, and `status` as the HTTP status.

    In `application/graphql-response+json` the body has no `data` entry (the request never
    reached execution, as the spec says); in `application/json` it keeps `"data": null`."""
    body: dict[str, object] = {"errors": [{"message": message, "extensions": {"code": code}}]}
    if media != GRAPHQL_RESPONSE_JSON:
        body = {"data": None, **body}
    return JSONResponse(body, status_code=status, headers=headers, media_type=CONTENT_TYPES[media])


async def send_graphql_error(
    scope: Scope, receive: Receive, send: Send, status: int, code: str, message: str
) -> None:
    """ASGI form of `graphql_error_response`, for middleware that answers by itself."""
    await graphql_error_response(status, code, message)(scope, receive, send)
