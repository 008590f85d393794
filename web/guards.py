"""Who may call a portal route: sellers, buyers, or anybody signed in.

A missing session sends a page request to the login form; a signed-in account of the
wrong kind gets 404, exactly like another shop's order, so nothing reveals what exists.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import quote, urlsplit

from starlette.formparsers import MultiPartException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from access.session import request_account
from models.entities import Buyer, Seller
from web import csrf
from web.csrf import Endpoint
from web.render import error_page, load_header, render


def _same_site_path(url: str, request: Request) -> str | None:
    """`url`'s path and query when it is on this site (HX-Current-URL, Referer)."""
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != request.url.netloc:
        return None
    if not parts.path.startswith("/") or parts.path.startswith("//"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _page_in_view(request: Request) -> str:
    """The page the person is looking at, where signing in again should bring them back:
    the browser's URL for htmx (not the fragment's), the page itself for a GET, the
    referring page for a plain form post."""
    if request.headers.get("hx-request") == "true":
        seen = request.headers.get("hx-current-url") or ""
    elif request.method == "GET":
        return request.url.path + (f"?{request.url.query}" if request.url.query else "")
    else:
        seen = request.headers.get("referer") or ""
    return _same_site_path(seen, request) or "/"


def _login_url(request: Request) -> str:
    return f"/login?next={quote(_page_in_view(request), safe='')}"


async def _signed_out(request: Request) -> Response:
    """No session (never signed in, or it ended while a page was open).

    An htmx request (a panel button, the memo form, paging) must not replace the panel
    with a bare "请先登录。": it gets a dialog appended to the page instead, with a link to
    sign in that comes back to the same page; the panel and the typed text stay, and
    portal.js keeps the typed text as a draft restored after the sign-in (issue 12).
    A page request goes to the login form, a plain form post gets the sentence and the
    same link.
    """
    if request.headers.get("hx-request") == "true":
        return render(
            request,
            "partials/session_expired.html",
            {"login_url": _login_url(request)},
            status_code=401,
            headers={"HX-Retarget": "body", "HX-Reswap": "beforeend"},
        )
    if request.method == "GET":
        return RedirectResponse(_login_url(request), status_code=303)
    context = {
        "message_key": "error.login_required",
        "status_code": 401,
        "login_url": _login_url(request),
    }
    return render(request, "pages/error.html", context, status_code=401)


def _require(kind: type | tuple[type, ...]):  # noqa: ANN202 - decorator factory
    def decorator(endpoint: Endpoint) -> Endpoint:
        @wraps(endpoint)
        async def guarded(request: Request) -> Response:
            account = await request_account(request)
            request.state.account = account
            if account is None:
                return await _signed_out(request)
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
