"""CSRF tokens for every state-changing form of the portal.

The token is an HMAC (settings.secret_key) of the session token, so it needs no storage and
changes with every login; before login (the login form, the language switch) it is bound
to a random `qsm_csrf` cookie instead. Forms send it as the hidden field `csrf_token`,
htmx requests as the `X-CSRF-Token` header (set once on <body> with hx-headers).
SameSite=Lax already stops most cross-site posts; this closes the rest (same-site
subdomains, older browsers).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Awaitable, Callable

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from access.session import request_token

FIELD = "csrf_token"
HEADER = "x-csrf-token"
#: Random per-browser value that anonymous tokens are bound to.
COOKIE = "qsm_csrf"

Endpoint = Callable[[Request], Awaitable[Response]]


def _secret(request: Request) -> bytes:
    return request.app.state.settings.secret_key.encode()


def _anonymous_nonce(request: Request) -> str:
    """The browser's nonce cookie, or a new one that `remember_nonce` will set."""
    nonce = request.cookies.get(COOKIE) or getattr(request.state, "new_csrf_nonce", None)
    if not nonce:
        nonce = secrets.token_urlsafe(24)
        request.state.new_csrf_nonce = nonce
    return nonce


def token_for(request: Request) -> str:
    session = request_token(request)
    basis = f"session:{session}" if session else f"anon:{_anonymous_nonce(request)}"
    return hmac.new(_secret(request), basis.encode(), hashlib.sha256).hexdigest()


def remember_nonce(request: Request, response: Response) -> None:
    """Set the nonce cookie when this request had to invent one."""
    nonce = getattr(request.state, "new_csrf_nonce", None)
    if nonce and not request.cookies.get(COOKIE):
        response.set_cookie(
            COOKIE,
            nonce,
            httponly=True,
            samesite="lax",
            secure=request.url.scheme == "https",
            path="/",
        )


def is_valid(request: Request, form: FormData) -> bool:
    sent = request.headers.get(HEADER) or form.get(FIELD)
    if not isinstance(sent, str) or not sent:
        return False
    if not request_token(request) and not request.cookies.get(COOKIE):
        return False  # no cookie: the browser never saw one of our forms
    return hmac.compare_digest(sent, token_for(request))
