"""The notice inbox: a seller's Qpost (/portal/inbox) and a buyer's MyQoo10 notices
(/myqoo10/inbox), with mark one / mark all read.

One page for both: the read model (`models.screens.inbox`) and the operation
(`models.ops.notices.mark_read`) are the API's too. Marking answers with a redirect back
to the list (post/redirect/get), so the header's unread count is fresh, a reload does not
post again, and the page works without JavaScript.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from models import policy
from models.entities import Seller
from models.errors import DomainError
from models.keyset import PageRequest
from models.ops import notices
from models.screens import inbox
from web import i18n
from web.guards import buyer_only, csrf_protected, seller_only
from web.portal.errors import error_text, status_for
from web.render import error_page, render

SELLER_PATH = "/portal/inbox"
BUYER_PATH = "/myqoo10/inbox"


def _viewer(request: Request) -> dict[str, int]:
    account = request.state.account
    return {"seller_id": account.id} if isinstance(account, Seller) else {"buyer_id": account.id}


def _base_path(request: Request) -> str:
    return SELLER_PATH if isinstance(request.state.account, Seller) else BUYER_PATH


def _page_request(request: Request) -> PageRequest:
    """The pager's cursor: `after` (older notices) or `before` (newer ones)."""
    params = request.query_params
    size = policy.INBOX_MAX_NOTICES
    if params.get("before"):
        return PageRequest(last=size, before=params["before"])
    return PageRequest(first=size, after=params.get("after") or None)


async def _page(request: Request, *, error: str | None = None, status_code: int = 200) -> Response:
    unread_only = request.query_params.get("show") == "unread"
    lang = i18n.request_lang(request)
    try:
        screen = await inbox.load(
            **_viewer(request), unread_only=unread_only, request=_page_request(request)
        )
    except DomainError as refused:  # a cursor that is not one of ours: the first page
        screen = await inbox.load(**_viewer(request), unread_only=unread_only)
        error, status_code = error_text(refused, lang), status_for(refused)
    # the header shows the count the page itself read, after the page's sweep
    request.state.unread_notices = screen.unread
    show = "show=unread&" if unread_only else ""
    ctx = {
        "inbox": screen,
        "rows": [(n, n.text(lang)) for n in screen.notices],
        "unread_only": unread_only,
        "base_path": _base_path(request),
        "newer_url": _pager_url(request, show, "before", screen.cursors, screen.has_previous),
        "older_url": _pager_url(request, show, "after", screen.cursors, screen.has_next),
        "marked": request.query_params.get("marked") == "1",
        "error": error,
    }
    return render(request, "pages/inbox.html", ctx, status_code=status_code)


def _pager_url(
    request: Request, show: str, direction: str, cursors: list[str], more: bool
) -> str | None:
    """The link to the newer (`before` the first row) or older (`after` the last) page."""
    if not more or not cursors:
        return None
    cursor = cursors[0] if direction == "before" else cursors[-1]
    return f"{_base_path(request)}?{show}{direction}={quote(cursor)}"


async def show(request: Request) -> Response:
    return await _page(request)


def _ids(values: list[str]) -> list[int] | None:
    """The ticked notice ids; None when one is not a number (no such notice exists)."""
    try:
        return [int(v) for v in values if v.strip()]
    except ValueError:
        return None


async def mark_read(request: Request) -> Response:
    form = request.state.form
    lang = i18n.request_lang(request)
    ids = _ids([str(v) for v in form.getlist("id")])
    if ids is None:
        return await error_page(request, 404, "error.not_found")
    try:
        await notices.mark_read(**_viewer(request), ids=ids, all=form.get("all") == "1")
    except DomainError as exc:
        if status_for(exc) == 404:
            return await error_page(request, 404, "error.not_found")
        return await _page(request, error=error_text(exc, lang), status_code=status_for(exc))
    back = _base_path(request) + "?marked=1"
    if form.get("show") == "unread":
        back += "&show=unread"
    return RedirectResponse(back, status_code=303)


routes = [
    Route(SELLER_PATH, seller_only(show), methods=["GET"]),
    Route(f"{SELLER_PATH}/read", seller_only(csrf_protected(mark_read)), methods=["POST"]),
    Route(BUYER_PATH, buyer_only(show), methods=["GET"]),
    Route(f"{BUYER_PATH}/read", buyer_only(csrf_protected(mark_read)), methods=["POST"]),
]
