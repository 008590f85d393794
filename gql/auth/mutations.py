"""`login` answers a token and sets the HTTP-only session cookie; `logout` ends the session.

Sign-in itself (limits, throttle, rotation, cookie lifetime) is `access.signin`, shared
with the portal; this module only maps its input and its refusals to the schema."""

from __future__ import annotations

import strawberry

from access.session import SESSION_COOKIE
from access.signin import SignInRefused, set_cookie, sign_in
from gql.auth.types import Viewer, viewer_from_account
from gql.context import Info
from gql.errors import UserError, user_errors
from models.errors import ErrorCode
from models.messages import keyed_refusal
from models.ops import accounts


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


@strawberry.type
class AuthMutations:
    @strawberry.mutation(description="Sign in a seller or a buyer.")
    async def login(self, info: Info, input: LoginInput) -> LoginPayload:
        ctx = info.context
        try:
            signed_in = await sign_in(
                ctx.request, input.login_id, input.password, ctx.settings.trusted_proxies
            )
        except SignInRefused as refused:
            return LoginPayload(user_errors=user_errors(refused.error, ctx.lang))
        set_cookie(ctx.request, ctx.response, signed_in)
        ctx.viewer, ctx.token = signed_in.account, signed_in.token
        return LoginPayload(token=signed_in.token, viewer=viewer_from_account(signed_in.account))

    @strawberry.mutation(description="End the current session and clear the cookie.")
    async def logout(self, info: Info) -> LogoutPayload:
        ctx = info.context
        ctx.response.delete_cookie(SESSION_COOKIE, path="/")
        if ctx.viewer is None:
            return LogoutPayload(
                user_errors=user_errors(
                    keyed_refusal(ErrorCode.UNAUTHENTICATED, "signin.nobody"), ctx.lang
                )
            )
        await accounts.end_session(ctx.token)
        ctx.viewer = None
        return LogoutPayload()
