"""Sign-in and sign-out for sellers and buyers; the landing pages after sign-in."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from access.session import request_account, request_token, session_cookie_options
from access.throttle import client_address, login_throttle
from models.entities import Buyer, Seller
from models.ops import accounts
from web import csrf
from web.guards import seller_only
from web.render import render

LOGIN_ID_MAX = 64
PASSWORD_MAX = 200


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
        {"error_key": None, "login_id": "", "next": safe_next(request.query_params.get("next"))},
    )


async def login(request: Request) -> Response:
    form = request.state.form
    request.state.account = None
    login_id = str(form.get("login_id") or "").strip()[:LOGIN_ID_MAX]
    password = str(form.get("password") or "")[:PASSWORD_MAX]
    next_url = safe_next(form.get("next"))

    def again(key: str, status: int, **params: object) -> Response:
        return render(
            request,
            "pages/login.html",
            {"error_key": key, "error_params": params, "login_id": login_id, "next": next_url},
            status_code=status,
        )

    if not login_id or not password:
        return again("login.error.required", 400)
    throttle = login_throttle(request)
    address = client_address(request)
    minutes = throttle.locked_minutes(login_id, address)
    if minutes:
        return again("login.error.throttled", 429, minutes=minutes)
    account = await accounts.authenticate(login_id, password)
    if account is None:
        throttle.failed(login_id, address)
        return again("login.error.wrong", 401)
    throttle.succeeded(login_id, address)
    await accounts.end_session(request_token(request))  # rotate: never reuse a token
    token = await accounts.create_session(account)
    response = RedirectResponse(next_url or home_for(account), status_code=303)
    response.set_cookie(value=token, **session_cookie_options(request.url.scheme == "https"))
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
    Route("/login", csrf.protect(login), methods=["POST"]),
    Route("/logout", csrf.protect(logout), methods=["POST"]),
    Route("/portal", seller_only(portal_home), methods=["GET"]),
]
