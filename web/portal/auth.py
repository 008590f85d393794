"""Sign-in and sign-out for sellers and buyers; the landing pages after sign-in."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from access.session import request_account, request_token, session_cookie_options
from access.signin import SignInRefused, set_cookie, sign_in
from models import policy
from models.entities import Buyer, Seller
from models.ops import accounts
from web.guards import csrf_protected, seller_only
from web.render import render

#: The form's `maxlength`s, from the same limits the sign-in flow enforces.
LIMITS = {"login_id_max": policy.LOGIN_ID_MAX_LENGTH, "password_max": policy.PASSWORD_MAX_LENGTH}


def home_for(account: Seller | Buyer | None) -> str:
    if isinstance(account, Seller):
        return "/portal"
    if isinstance(account, Buyer):
        return "/myqoo10"
    return "/login"


def safe_next(value: object) -> str | None:
    """Only same-site paths: `//evil` and `https://…` are open redirects."""
    if not isinstance(value, str) or not value.startswith("/") or value.startswith("//"):
        return None
    if "\\" in value or any(ord(ch) < 32 for ch in value):
        return None
    return value


async def root(request: Request) -> Response:
    return RedirectResponse(home_for(await request_account(request)), status_code=303)


async def login_form(request: Request) -> Response:
    request.state.account = await request_account(request)
    return render(
        request,
        "pages/login.html",
        {
            "error_key": None,
            "login_id": "",
            "next": safe_next(request.query_params.get("next")),
            **LIMITS,
        },
    )


async def login(request: Request) -> Response:
    """Parse the form, run `access.signin.sign_in`, render its outcome."""
    form = request.state.form
    request.state.account = None
    login_id = str(form.get("login_id") or "")
    next_url = safe_next(form.get("next"))
    settings = request.app.state.settings
    try:
        signed_in = await sign_in(
            request, login_id, str(form.get("password") or ""), settings.trusted_proxies
        )
    except SignInRefused as refused:
        response = render(
            request,
            "pages/login.html",
            {
                "error_key": f"login.error.{refused.reason}",
                "error_params": {"seconds": refused.retry_after, **LIMITS},
                "login_id": login_id.strip(),
                "next": next_url,
                **LIMITS,
            },
            status_code=refused.status_code,
        )
        if refused.retry_after:
            response.headers["Retry-After"] = str(refused.retry_after)
        return response
    response = RedirectResponse(next_url or home_for(signed_in.account), status_code=303)
    set_cookie(request, response, signed_in)
    return response


async def logout(request: Request) -> Response:
    await accounts.end_session(request_token(request))
    response = RedirectResponse("/login", status_code=303)
    options = session_cookie_options(request.url.scheme == "https")
    response.delete_cookie(
        options["key"],  # type: ignore[arg-type]
        path="/",
        httponly=True,
        samesite="lax",
    )
    return response


async def portal_home(request: Request) -> Response:
    """The seller's start page: the menu path of the manual (运送/取消/未收取 > …)."""
    return render(request, "pages/portal_home.html", {})


routes = [
    Route("/", root, methods=["GET"]),
    Route("/login", login_form, methods=["GET"]),
    Route("/login", csrf_protected(login), methods=["POST"]),
    Route("/logout", csrf_protected(logout), methods=["POST"]),
    Route("/portal", seller_only(portal_home), methods=["GET"]),
]
