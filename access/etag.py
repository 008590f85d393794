"""ETag / `304 Not Modified` for a seller's repeated reads (the portal's grid, list and panel
fragments; GraphQL GET and persisted-query reads of the seller's screens).

The tag is a digest of:

- the seller's data version (`models/data_version.py`), read *after* the sweep-on-read
  (an expiry the sweep performs moves the version first);
- the business date (a deadline passing, a claim turning "delayed", changes a page
  without any write);
- the request's variant: path and query string, `Accept`, `Accept-Language`, and the
  credentials (`Authorization`, `Cookie`): another session, another seller, another
  language or media type never matches, and a cached fragment never carries another
  session's CSRF token;
- a fingerprint of the code and templates (a deploy changes every answer's tag).

Weak (`W/"…"`): two answers with one tag are the same data, not always the same bytes
(the panel draws a fresh idempotency key into its forms), and `If-None-Match` uses the
weak comparison anyway. Answers carry `Cache-Control: private, no-cache` (a browser keeps
them, revalidates every time; no shared cache stores them) and `Vary` on the headers above.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from starlette.requests import HTTPConnection
from starlette.responses import Response

from models.clock import get_clock
from models.ops.sweep import swept_seller_version

CACHE_CONTROL = "private, no-cache"
VARY = "Authorization, Cookie, Accept, Accept-Language"
#: The request headers that make a different answer (see the module docstring).
VARIANT_HEADERS = ("accept", "accept-language", "authorization", "cookie", "hx-target")
_ROOT = Path(__file__).resolve().parent.parent


@cache
def code_fingerprint() -> str:
    """A digest of the application's sources, templates and catalogues (once per process)."""
    digest = hashlib.blake2b(digest_size=8)
    for package in ("models", "access", "web", "gql"):
        for path in sorted((_ROOT / package).rglob("*")):
            if path.suffix in (".py", ".html", ".json", ".graphql") and path.is_file():
                digest.update(path.relative_to(_ROOT).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


def variant_of(conn: HTTPConnection, *extra: str, query: str | None = None) -> str:
    """What, besides the data, decides the answer to this request (`query` instead of the
    URL's query string when the caller knows better, e.g. a persisted query's text)."""
    headers = conn.headers
    url_query = conn.url.query if query is None else query
    parts = [conn.url.path, url_query, *(headers.get(h, "") for h in VARIANT_HEADERS)]
    return "\x1f".join([*parts, *extra])


async def seller_etag(seller_id: int, variant: str) -> str:
    """The tag of this seller's answer now: sweeps first (once per request), then the
    version (read by the sweep's own probe when it had nothing to do: one statement)."""
    version = await swept_seller_version(seller_id)
    today = get_clock().today().isoformat()
    key = "\x1e".join((str(seller_id), str(version), today, code_fingerprint(), variant))
    return f'W/"{hashlib.blake2b(key.encode(), digest_size=12).hexdigest()}"'


def matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110's weak comparison of `If-None-Match` (a list, or `*`) with our tag."""
    if not if_none_match:
        return False
    ours = etag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == ours:
            return True
    return False


def cache_headers(etag: str) -> Mapping[str, str]:
    return {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Vary": VARY}


def not_modified(etag: str) -> Response:
    """304: no body; the client shows what it kept."""
    return Response(status_code=304, headers=dict(cache_headers(etag)))


def tag(response: Response, etag: str) -> Response:
    """Give a 200 answer its tag (any other status goes out untagged)."""
    if response.status_code == 200:
        vary = response.headers.get("vary")
        for name, value in cache_headers(etag).items():
            response.headers[name] = value
        if vary:  # e.g. CORS's `Origin`: kept beside ours
            response.headers["Vary"] = f"{vary}, {VARY}"
    return response
