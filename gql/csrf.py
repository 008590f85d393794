"""Cross-site request forgery (CSRF) defence for `/graphql`, and its CORS answers.

Why: the session cookie (`qsm_session`, SameSite=Lax) is sent with any request from the
same *site*, which includes another port or subdomain of our host, and a top-level form
post from anywhere else still gets our answer's `Set-Cookie`. A page there could post a
multipart form (or a `no-cors` fetch) to `/graphql` and run mutations as the signed-in
seller, or sign the victim's browser into the attacker's account (login CSRF).

The rule, for every request that does not authenticate with `Authorization: Bearer …`
(a header no page can add to a cross-origin request without a CORS preflight, so token
clients are never affected; `Basic` is not exempt, browsers attach it by themselves):

1. **Preflight-only shapes.** A POST must be `Content-Type: application/json`, or
   `multipart/form-data` (uploads) carrying one of `PREFLIGHT_HEADERS` with any non-empty
   value (Apollo's `Apollo-Require-Preflight` / `X-Apollo-Operation-Name`, or our
   `X-CSRF-Token`). A browser sends neither shape cross-origin without asking first, and
   CORS is closed unless configured. Other content types (`text/plain`,
   `application/x-www-form-urlencoded`, none) answer 415 `UNSUPPORTED_MEDIA_TYPE`; a
   multipart body without the header answers 403 `CSRF_REFUSED`.
2. **Origin.** `Sec-Fetch-Site: same-origin` passes (the browser sets it; pages cannot).
   `same-site` / `cross-site` passes only with an `Origin` listed in
   `settings.allowed_origins` or `settings.cors_origins`. Without `Sec-Fetch-Site` (older
   browsers, curl, servers), an `Origin` header, when present, must be the server's own
   origin or a listed one; `Origin: null` (sandboxed frames, `file:`) never passes.
   Refusals answer 403 `CSRF_REFUSED`.

GET (and HEAD) only runs queries — Strawberry refuses mutations over GET — so it needs
no content type or custom header, but it gets the same origin check: a page on another
origin cannot read the answer anyway, and refusing it also stops it from timing or
probing queries with the victim's cookie. OPTIONS is left to CORS (below); any OPTIONS
that is not a preflight of a configured origin answers 204 with `Allow` and no CORS
header (`gql/http_view.py`), so a browser's preflight from anywhere else fails.

CORS (`cors_middleware`) stays closed unless `settings.cors_origins` is set; then those
origins (only) get preflight and response headers, and only those also in
`allowed_origins` get `Access-Control-Allow-Credentials: true`, i.e. may use the cookie.
"""

from __future__ import annotations

from starlette.middleware.cors import CORSMiddleware
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from access.settings import Settings
from gql.http_errors import LEGACY_JSON, graphql_error_response

#: Request headers any of which (non-empty) makes a multipart POST one a browser preflights.
PREFLIGHT_HEADERS = ("apollo-require-preflight", "x-apollo-operation-name", "x-csrf-token")
#: `extensions.code` of a refused cross-site request (HTTP 403).
CSRF_REFUSED = "CSRF_REFUSED"
#: `extensions.code` of a POST whose content type is neither JSON nor multipart (HTTP 415).
UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"

_DEFAULT_PORTS = {"http": "80", "https": "443"}


def normalize_origin(origin: str) -> str:
    """`scheme://host[:port]` in lower case, without a trailing slash or a default port,
    so a configured `https://Shop.example:443/` equals the browser's `https://shop.example`."""
    origin = origin.strip().rstrip("/").lower()
    scheme, sep, host = origin.partition("://")
    port = _DEFAULT_PORTS.get(scheme)
    if sep and port and host.endswith(f":{port}"):
        host = host[: -len(port) - 1]
    return f"{scheme}{sep}{host}"


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


def _own_origin(scope: Scope, headers: dict[str, str]) -> str:
    """The origin the browser used to reach us: the scheme uvicorn saw (it honours
    X-Forwarded-Proto from trusted proxies) and the Host header."""
    return normalize_origin(f"{scope.get('scheme', 'http')}://{headers.get('host', '')}")


def _has_bearer(headers: dict[str, str]) -> bool:
    auth = headers.get("authorization", "")
    return auth[:7].lower() == "bearer " and bool(auth[7:].strip())


def _origin_problem(scope: Scope, headers: dict[str, str], trusted: frozenset[str]) -> str | None:
    """Why the browser's own headers show another origin sent this request, or None."""
    site = headers.get("sec-fetch-site", "").strip().lower()
    origin = headers.get("origin")
    if site == "same-origin":
        return None
    listed = origin is not None and normalize_origin(origin) in trusted
    if site in ("same-site", "cross-site"):
        if listed:
            return None
        sender = f"the page at {origin}" if origin else "a page on another origin"
        return f"{sender} ({site})"
    if origin is None:
        return None  # not sent by a page on another origin (a typed URL, curl, a server)
    if listed or normalize_origin(origin) == _own_origin(scope, headers):
        return None
    return f"the page at {origin}"


def csrf_refusal(scope: Scope, settings: Settings, media: str = LEGACY_JSON) -> Response | None:
    """The 403 / 415 answer for an HTTP request to `/graphql` that a page on another origin
    could have sent with the victim's cookie (see the module docstring), or None; in the
    response media type the request negotiated (`gql/media.py`)."""
    method = scope.get("method", "GET").upper()
    headers = _headers(scope)
    if method == "OPTIONS" or _has_bearer(headers):
        return None
    if method == "POST":
        body_type = headers.get("content-type", "").split(";", 1)[0].strip().lower()
        if body_type == "multipart/form-data":
            if not any(headers.get(name, "").strip() for name in PREFLIGHT_HEADERS):
                return graphql_error_response(
                    403,
                    CSRF_REFUSED,
                    "A multipart request to /graphql must carry the header "
                    "Apollo-Require-Preflight (or X-Apollo-Operation-Name or X-CSRF-Token), "
                    "so that no other website can send it with your session.",
                    media=media,
                )
        elif body_type != "application/json":
            return graphql_error_response(
                415,
                UNSUPPORTED_MEDIA_TYPE,
                "POST /graphql accepts Content-Type application/json, or multipart/form-data "
                "with the header Apollo-Require-Preflight for uploads.",
                media=media,
            )
    trusted = frozenset(
        normalize_origin(o) for o in (*settings.allowed_origins, *settings.cors_origins)
    )
    if (problem := _origin_problem(scope, headers, trusted)) is not None:
        return graphql_error_response(
            403,
            CSRF_REFUSED,
            f"Cross-site request refused: {problem} is not allowed to call /graphql "
            "with your session. Use the J·QSM site itself, or a bearer token.",
            media=media,
        )
    return None


class _CorsByOrigin:
    """Two CORS policies on one app: credentials for origins that may use the cookie
    (`allowed_origins`), none for the other CORS origins (token clients)."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        origins = [normalize_origin(o) for o in settings.cors_origins]
        allowed = {normalize_origin(o) for o in settings.allowed_origins}
        options = {
            "allow_methods": ["GET", "POST"],
            "allow_headers": [
                "Content-Type",
                "Authorization",
                "Accept-Language",
                *(h.title() for h in PREFLIGHT_HEADERS),
            ],
            "max_age": 600,
        }
        self.with_credentials = frozenset(o for o in origins if o in allowed)
        self.credentialed = CORSMiddleware(
            app, allow_origins=sorted(self.with_credentials), allow_credentials=True, **options
        )
        self.plain = CORSMiddleware(app, allow_origins=origins, **options)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        origin = _headers(scope).get("origin", "") if scope["type"] == "http" else ""
        chosen = (
            self.credentialed if normalize_origin(origin) in self.with_credentials else self.plain
        )
        await chosen(scope, receive, send)


def cors_middleware(app: ASGIApp, settings: Settings) -> ASGIApp:
    """`app` itself while `settings.cors_origins` is empty (CORS closed), else `app` behind
    CORS answers for those origins only."""
    return _CorsByOrigin(app, settings) if settings.cors_origins else app
