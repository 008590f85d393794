"""Who is calling: the session token from `Authorization: Bearer …` or the session cookie.

Both the portal and /graphql use this, so signing in on one signs in on the other.
"""

from __future__ import annotations

from starlette.requests import HTTPConnection
from starlette.responses import Response

from models import policy
from models.ops.accounts import Account, session_account

#: HTTP-only, SameSite=Lax cookie that carries the opaque session token.
SESSION_COOKIE = "qsm_session"


def request_token(conn: HTTPConnection) -> str | None:
    header = conn.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return conn.cookies.get(SESSION_COOKIE) or None


async def request_account(conn: HTTPConnection) -> Account | None:
    return await session_account(request_token(conn))


#: The cookie lives as long as the session row (models.ops.accounts.create_session).
SESSION_COOKIE_MAX_AGE = policy.SESSION_DAYS * 24 * 3600


def set_session_cookie(response: Response, token: str, *, secure: bool) -> None:
    """The one way a sign-in sets the cookie, so both surfaces give it the same lifetime."""
    response.set_cookie(
        value=token,
        max_age=SESSION_COOKIE_MAX_AGE,
        **session_cookie_options(secure=secure),  # type: ignore[arg-type]
    )


def session_cookie_options(secure: bool = False) -> dict[str, object]:
    """The attributes every surface sets the cookie with."""
    return {
        "key": SESSION_COOKIE,
        "httponly": True,
        "samesite": "lax",
        "secure": secure,
        "path": "/",
    }
