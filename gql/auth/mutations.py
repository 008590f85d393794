"""`login` answers a token and sets the HTTP-only session cookie; `logout` ends the session."""

from __future__ import annotations

import strawberry

from access.session import SESSION_COOKIE, session_cookie_options
from access.throttle import client_address, login_throttle
from gql.auth.types import Viewer, viewer_from_account
from gql.context import Info
from gql.errors import UserError, user_errors
from models import policy
from models.errors import DomainError, ErrorCode
from models.ops import accounts

MAX_LOGIN_ID_LENGTH = 64
MAX_PASSWORD_LENGTH = 200


@strawberry.input
class LoginInput:
    login_id: str
    password: str


@strawberry.type
class LoginPayload:
    token: str | None = strawberry.field(
        default=None, description="Send as `Authorization: Bearer <token>` (or rely on the cookie)."
    )
    viewer: Viewer | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class LogoutPayload:
    user_errors: list[UserError] = strawberry.field(default_factory=list)


def _wrong_credentials() -> DomainError:
    return DomainError(
        ErrorCode.UNAUTHENTICATED,
        "登录ID或密码错误。/ The login id or the password is wrong.",
        field="password",
    )


def _throttled(minutes: int) -> DomainError:
    return DomainError(
        ErrorCode.TOO_MANY_ATTEMPTS,
        f"登录失败次数过多，请{minutes}分钟后再试。/ Too many failed sign-ins: "
        f"try again in {minutes} minute(s).",
        field="loginId",
    )


@strawberry.type
class AuthMutations:
    @strawberry.mutation(description="Sign in a seller or a buyer.")
    async def login(self, info: Info, input: LoginInput) -> LoginPayload:
        ctx = info.context
        login_id = input.login_id.strip()
        throttle, address = login_throttle(ctx.request), client_address(ctx.request)
        if minutes := throttle.locked_minutes(login_id, address):
            return LoginPayload(user_errors=user_errors(_throttled(minutes), ctx.lang))
        account = None
        if 0 < len(login_id) <= MAX_LOGIN_ID_LENGTH and len(input.password) <= MAX_PASSWORD_LENGTH:
            account = await accounts.authenticate(login_id, input.password)
        if account is None:
            throttle.failed(login_id, address)
            return LoginPayload(user_errors=user_errors(_wrong_credentials(), ctx.lang))
        throttle.succeeded(login_id, address)
        token = await accounts.create_session(account)
        secure = ctx.request.url.scheme == "https"
        ctx.response.set_cookie(
            value=token,
            max_age=policy.SESSION_DAYS * 24 * 3600,
            **session_cookie_options(secure=secure),  # type: ignore[arg-type]
        )
        ctx.viewer, ctx.token = account, token
        return LoginPayload(token=token, viewer=viewer_from_account(account))

    @strawberry.mutation(description="End the current session and clear the cookie.")
    async def logout(self, info: Info) -> LogoutPayload:
        ctx = info.context
        ctx.response.delete_cookie(SESSION_COOKIE, path="/")
        if ctx.viewer is None:
            return LogoutPayload(
                user_errors=user_errors(
                    DomainError(ErrorCode.UNAUTHENTICATED, "Nobody is signed in."), ctx.lang
                )
            )
        await accounts.end_session(ctx.token)
        ctx.viewer = None
        return LogoutPayload()
