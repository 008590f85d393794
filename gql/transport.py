"""Transport-level checks of `/graphql`: what is refused before any GraphQL runs.

Why a module of its own: Strawberry reads the request and raises `HTTPException`s that its
ASGI view turns into plain-text pages, and Python's JSON decoder answers a deeply nested
or badly encoded body with `RecursionError` / `UnicodeDecodeError` (HTTP 500). Here every
such case becomes a `RequestRefused` with a status, a code and a sentence, and
`refusal_response` renders any `HTTPException` in the GraphQL error format
(`gql/http_errors.py`), so a client parses one shape whatever went wrong.

Codes (`extensions.code`) and statuses:

- 400 `BAD_REQUEST`: a body or query Strawberry cannot use (not JSON, no query, batch…),
  or a query string with malformed percent-encoding;
- 400 `INVALID_ENCODING`: invalid UTF-8 in the body or the query string, lone surrogates;
- 400 `JSON_TOO_DEEP`: JSON nested deeper than `settings.max_json_depth`;
- 404 `NOT_FOUND`, 405 `METHOD_NOT_ALLOWED`, 411 `LENGTH_REQUIRED`,
  413 `PAYLOAD_TOO_LARGE`;
- 415 `UNSUPPORTED_MEDIA_TYPE`: a content type other than JSON or multipart;
- 415 `UNSUPPORTED_CHARSET`: a JSON body declared in a charset other than UTF-8 (JSON is
  UTF-8 by RFC 8259; we refuse rather than guess, so `charset=latin-1` never reaches
  the decoder).
"""

from __future__ import annotations

import json
import re
from itertools import accumulate
from urllib.parse import unquote_to_bytes

import orjson
from cross_web import HTTPException
from starlette.responses import Response
from starlette.types import Scope

from gql.http_errors import LEGACY_JSON, graphql_error_response

#: The code of a transport error by HTTP status, when the raiser gave none.
STATUS_CODES: dict[int, str] = {
    400: "BAD_REQUEST",
    404: "NOT_FOUND",
    405: "METHOD_NOT_ALLOWED",
    411: "LENGTH_REQUIRED",
    413: "PAYLOAD_TOO_LARGE",
    415: "UNSUPPORTED_MEDIA_TYPE",
}
#: Strawberry's own wording for a content type it cannot read; it answers 400, we say 415.
_UNSUPPORTED_CONTENT_TYPE = "Unsupported content type"

_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}
#: A run of digits orjson might read as a float (an integer beyond 64 bits).
_LONG_DIGITS = re.compile(rb"[0-9]{19}")
_BAD_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")
_UTF8_NAMES = {"utf-8", "utf8"}


class RequestRefused(HTTPException):
    """An `HTTPException` that also names its `extensions.code` (and, say, `Allow`)."""

    def __init__(
        self, status_code: int, code: str, reason: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(status_code, reason)
        self.code = code
        self.headers = headers


def refusal_response(exc: HTTPException, media: str = LEGACY_JSON) -> Response:
    """Any transport error of the view (ours or Strawberry's) in the GraphQL error format,
    in the response media type the client negotiated (`gql/media.py`)."""
    if isinstance(exc, RequestRefused):
        return graphql_error_response(
            exc.status_code, exc.code, exc.reason, headers=exc.headers, media=media
        )
    status, reason = exc.status_code, exc.reason
    if status == 400 and reason == _UNSUPPORTED_CONTENT_TYPE:
        status = 415
        reason = "Send the request as application/json (or multipart/form-data for uploads)."
    return transport_error(
        status, reason if reason.endswith((".", "?", "!")) else reason + ".", media=media
    )


def transport_error(status: int, message: str, media: str = LEGACY_JSON) -> Response:
    """A GraphQL-format error whose code follows from the status (used by the body limit)."""
    return graphql_error_response(
        status, STATUS_CODES.get(status, "BAD_REQUEST"), message, media=media
    )


def head_refusal(scope: Scope) -> RequestRefused | None:
    """What can be refused from the request line and headers alone: a JSON body declared
    in a charset other than UTF-8, and a query string that is not percent-encoded UTF-8."""
    content_type = _header(scope, b"content-type")
    media, _, params = content_type.partition(";")
    if media.strip().lower() == "application/json":
        charset = _param(params, "charset")
        if charset is not None and charset.lower() not in _UTF8_NAMES:
            return RequestRefused(
                415,
                "UNSUPPORTED_CHARSET",
                f"JSON must be sent in UTF-8, not in charset {charset[:40]!r}.",
            )
    return query_string_refusal(scope.get("query_string", b""))


def query_string_refusal(raw: bytes) -> RequestRefused | None:
    """GET requests carry the operation in the query string: each name and value must be
    well-formed percent-encoding of UTF-8 (Starlette would silently replace bad bytes)."""
    if not raw:
        return None
    if _BAD_PERCENT.search(raw):
        return RequestRefused(
            400, "BAD_REQUEST", "The query string has a malformed percent-encoding."
        )
    try:
        for pair in raw.split(b"&"):
            unquote_to_bytes(pair.replace(b"+", b" ")).decode("utf-8")
    except UnicodeDecodeError:
        return RequestRefused(400, "INVALID_ENCODING", "The query string is not valid UTF-8.")
    return None


def decode_json(data: str | bytes, max_depth: int) -> object:
    """Strict UTF-8, no lone surrogates, at most `max_depth` levels of arrays and objects.

    A body orjson parses (strict UTF-8, no lone surrogate, its own nesting cap of 1,024)
    is checked for depth on what it built: that is every well-formed request, in a tenth
    of the careful path's time (`viewer`'s body: 4 µs instead of ~25). Anything else goes
    the careful path, which measures the depth on the text before parsing (a body of a
    million `[` is refused without building anything), says what is wrong, or accepts
    what only Python's decoder does (`NaN`); a number of 19 digits or more goes there too,
    because orjson reads an integer beyond 64 bits as a float."""
    if isinstance(data, bytes | bytearray) and _LONG_DIGITS.search(data) is None:
        try:
            value = orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
        else:
            if _deeper_than(value, max_depth):
                raise _too_deep(max_depth)
            return value
    return _decode_carefully(data, max_depth)


def _deeper_than(value: object, max_depth: int) -> bool:
    """Whether arrays and objects nest more than `max_depth` levels in a parsed value
    (the text's `json_depth`), level by level: no recursion, whatever the depth."""
    level = [value]
    for _ in range(max_depth + 1):
        containers = [v for v in level if isinstance(v, dict | list)]
        if not containers:
            return False
        level = [v for c in containers for v in (c.values() if isinstance(c, dict) else c)]
    return True


def _decode_carefully(data: str | bytes, max_depth: int) -> object:
    if isinstance(data, bytes | bytearray):
        try:
            data = bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            raise RequestRefused(
                400, "INVALID_ENCODING", "The request body is not valid UTF-8."
            ) from None
    if json_depth(data) > max_depth:
        raise _too_deep(max_depth)
    try:
        decoded = json.loads(data)
    except RecursionError:
        raise _too_deep(max_depth) from None
    try:  # "\ud800" is valid JSON, and no database can store it
        json.dumps(decoded, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        raise RequestRefused(
            400, "INVALID_ENCODING", "The request contains invalid Unicode (a lone surrogate)."
        ) from None
    return decoded


def json_depth(text: str) -> int:
    """Deepest nesting of `[` / `{` outside string literals (0 for a scalar)."""
    brackets = _BRACKETS.findall(_JSON_STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def _too_deep(max_depth: int) -> RequestRefused:
    return RequestRefused(
        400, "JSON_TOO_DEEP", f"The JSON is nested more than {max_depth} levels deep."
    )


def _header(scope: Scope, name: bytes) -> str:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


def _param(params: str, name: str) -> str | None:
    for item in params.split(";"):
        key, sep, value = item.partition("=")
        if sep and key.strip().lower() == name:
            return value.strip().strip('"')
    return None
