"""The one sign-in flow, used by the portal's `POST /login` and GraphQL's `login`.

Input limits, the throttle, authentication, rotation of the session the request came
with, the new session and the cookie's lifetime are decided here once; the surfaces only
parse their input and render the outcome (the portal from its catalogue, keyed by
`SignInRefused.reason`; GraphQL from `SignInRefused.error`).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from starlette.requests import HTTPConnection
from starlette.responses import Response

from access import throttle
from access.client import client_address
from access.session import request_token, set_session_cookie
from access.settings import IPNetwork
from models import policy
from models.errors import DomainError, ErrorCode
from models.messages import input_refusal, keyed_refusal, refusal
from models.ops import accounts
from models.ops.accounts import Account


class Reason(StrEnum):
    """Why a sign-in was refused; the portal's message key is `login.error.<reason>`."""

    REQUIRED = "required"
    TOO_LONG = "too_long"
    WRONG = "wrong"
    THROTTLED = "throttled"


class SignInRefused(Exception):
    def __init__(self, reason: Reason, *, field: str, retry_after: int = 0) -> None:
        super().__init__(reason.value)
        self.reason = reason
        #: The input at fault: `login_id` or `password`.
        self.field = field
        #: Seconds until the throttle lets this id / address try again (THROTTLED only).
        self.retry_after = retry_after

    @property
    def status_code(self) -> int:
        return {Reason.WRONG: 401, Reason.THROTTLED: 429}.get(self.reason, 400)

    @property
    def error(self) -> DomainError:
        """The refusal as a domain error (code, field, message) for the API."""
        if self.reason is Reason.THROTTLED:
            return refusal(ErrorCode.TOO_MANY_ATTEMPTS, self.field, seconds=str(self.retry_after))
        if self.reason is Reason.WRONG:
            return keyed_refusal(ErrorCode.UNAUTHENTICATED, "signin.wrong", self.field)
        if self.reason is Reason.TOO_LONG:
            limit = (
                policy.LOGIN_ID_MAX_LENGTH
                if self.field == "login_id"
                else policy.PASSWORD_MAX_LENGTH
            )
            return input_refusal(self.field, "text.too_long", max=str(limit))
        return input_refusal(self.field, "text.required")


@dataclass(frozen=True)
class SignedIn:
    account: Account
    token: str


def _checked(login_id: str, password: str) -> str:
    """The login id as looked up (trimmed); over-long input is refused, never truncated."""
    login_id = login_id.strip()
    if not login_id:
        raise SignInRefused(Reason.REQUIRED, field="login_id")
    if not password:
        raise SignInRefused(Reason.REQUIRED, field="password")
    if len(login_id) > policy.LOGIN_ID_MAX_LENGTH:
        raise SignInRefused(Reason.TOO_LONG, field="login_id")
    if len(password) > policy.PASSWORD_MAX_LENGTH:
        raise SignInRefused(Reason.TOO_LONG, field="password")
    return login_id


async def sign_in(
    conn: HTTPConnection, login_id: str, password: str, trusted_proxies: tuple[IPNetwork, ...]
) -> SignedIn:
    """Check, throttle, authenticate, end the request's old session, start a new one.

    Raises SignInRefused. The caller sets the cookie with `set_cookie` on its response.
    """
    login_id = _checked(login_id, password)
    address = client_address(conn, trusted_proxies)
    if wait := await throttle.admit(login_id, address):
        raise SignInRefused(Reason.THROTTLED, field="login_id", retry_after=wait)
    try:
        account = await accounts.authenticate(login_id, password)
    except accounts.HashingBusy:
        await throttle.uncharged(login_id, address)
        raise SignInRefused(
            Reason.THROTTLED, field="login_id", retry_after=policy.LOGIN_DELAY_BASE_SECONDS
        ) from None
    if account is None:
        await throttle.failed(login_id, address)
        raise SignInRefused(Reason.WRONG, field="password")
    await throttle.succeeded(login_id, address)
    await accounts.end_session(request_token(conn))  # rotate: never keep the old token
    return SignedIn(account, await accounts.create_session(account))


def set_cookie(conn: HTTPConnection, response: Response, signed_in: SignedIn) -> None:
    """The session cookie, with the same attributes and lifetime on both surfaces."""
    set_session_cookie(response, signed_in.token, secure=conn.url.scheme == "https")
