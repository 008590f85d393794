"""The response media type of `/graphql` and the HTTP status that goes with it, after the
GraphQL-over-HTTP spec (https://graphql.github.io/graphql-over-http/draft/).

Why: clients that understand `application/graphql-response+json` (graphql-http, Apollo
Client, urql) ask for it in `Accept`, and with it the status code tells a request error
(the document did not parse or validate, the variables did not coerce, the operation was
not found: 400, no `data` entry) from a response whose execution ran (200, `data`
present, perhaps with field errors). `application/json`, the legacy type, stays the
answer when the client asks for it, for anything (`*/*`) or says nothing, and then a
well-formed request is always 200, as before.

Negotiation: the media type with the highest `q` wins; on a tie between the two named
explicitly, `application/graphql-response+json` (a client that names it understands it);
a wildcard alone (`*/*`, `application/*`) means `application/json`; a header naming
neither (e.g. `text/html`) gets `application/json` too (the spec allows that rather than
406). The parser is these few lines rather than a library because the tie rule above is
ours: `python-mimeparse` would break ties by list order and answer `*/*` and an explicit
`application/graphql-response+json, application/json` alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gql.http_errors import CONTENT_TYPES, GRAPHQL_RESPONSE_JSON, LEGACY_JSON

#: The status of a request error under `application/graphql-response+json`.
REQUEST_ERROR_STATUS = 400


def _quality(params: list[str]) -> float:
    for param in params:
        key, _, value = param.partition("=")
        if key.strip().lower() == "q":
            try:
                return max(0.0, min(1.0, float(value.strip())))
            except ValueError:
                return 0.0
    return 1.0


def negotiate(accept: str | None) -> str:
    """`application/graphql-response+json` or `application/json` for an `Accept` header."""
    explicit: dict[str, float] = {}
    wildcard = 0.0
    for item in (accept or "").split(","):
        media, *params = item.split(";")
        media = media.strip().lower()
        q = _quality(params)
        if media in CONTENT_TYPES:
            explicit[media] = max(explicit.get(media, 0.0), q)
        elif media in ("*/*", "application/*"):
            wildcard = max(wildcard, q)
    graphql_q = explicit.get(GRAPHQL_RESPONSE_JSON, 0.0)
    json_q = explicit.get(LEGACY_JSON, wildcard)
    return GRAPHQL_RESPONSE_JSON if graphql_q > 0 and graphql_q >= json_q else LEGACY_JSON


def is_request_error(response: Mapping[str, Any]) -> bool:
    """A GraphQL response that never reached execution: no data and only errors without a
    `path` (parse, validation, variable coercion, unknown operation, a refused document).
    A field error always has a path, even when it nulls the whole `data`."""
    errors = response.get("errors") or []
    return (
        response.get("data") is None
        and bool(errors)
        and all(isinstance(e, Mapping) and "path" not in e for e in errors)
    )


def shaped(response: dict[str, Any], media: str) -> tuple[dict[str, Any], int | None]:
    """The body to send and the status it calls for (None: leave it to the caller, 200):
    under `application/graphql-response+json` a request error loses its `data` entry and
    answers 400; under `application/json` nothing changes."""
    if media != GRAPHQL_RESPONSE_JSON or not is_request_error(response):
        return response, None
    return {k: v for k, v in response.items() if k != "data"}, REQUEST_ERROR_STATUS
