"""Who may call a portal route: sellers, buyers, or anybody signed in.

A missing session sends a page request to the login form; a signed-in account of the
wrong kind gets 404, exactly like another shop's order, so nothing reveals what exists.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import quote

from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from access.session import request_account
from models.entities import Buyer, Seller
from web import csrf
from web.csrf import Endpoint
from web.render import error_page, load_header


def _login_redirect(request: Request) -> Response:
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    if request.headers.get("hx-request") == "true":
        return Response(status_code=401, headers={"HX-Redirect": "/login"})
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def _require(kind: type | tuple[type, ...]):  # noqa: ANN202 - decorator factory
    def decorator(endpoint: Endpoint) -> Endpoint:
        @wraps(endpoint)
        async def guarded(request: Request) -> Response:
            account = await request_account(request)
            request.state.account = account
            if account is None:
                if request.method == "GET":
                    return _login_redirect(request)
                return await error_page(request, 401, "error.login_required")
            if not isinstance(account, kind):
                return await error_page(request, 404, "error.not_found")
            await load_header(request)
            return await endpoint(request)

        return guarded

    return decorator


seller_only = _require(Seller)
buyer_only = _require(Buyer)
signed_in = _require((Seller, Buyer))


def csrf_protected(endpoint: Endpoint, *, max_part_size: int = 1024 * 1024) -> Endpoint:
    """Read the form once, refuse it with 403 when the token is missing or wrong.

    The endpoint finds the parsed form in `request.state.form`.
    """

    @wraps(endpoint)
    async def guarded(request: Request) -> Response:
        try:
            form = await request.form(max_part_size=max_part_size)
        except MultiPartException:
            return await error_page(request, 400, "error.bad_form")
        if not csrf.is_valid(request, form):
            return await error_page(request, 403, "error.csrf")
        request.state.form = form
        return await endpoint(request)

    return guarded
