"""The list's [批量撤回要请]: one message to the ticked claims, or to every claim the current
query matches, then each claim's result.

GET opens the dialog (the count of ticked claims and of all matching ones, the message
box); POST runs `models.ops.bulk.request_withdrawals`, the operation the API's
`claimWithdrawalRequestBulk` calls too, and answers the per-claim results. "All matching"
sends the query, not the rows on screen: the server reads the filter again.

With htmx the dialog is appended to <body> (outside the list, which reloads when the
claims change) and replaced by its result; without JavaScript both are pages.
"""

from __future__ import annotations

import secrets
from typing import Any

from starlette.datastructures import FormData, QueryParams
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from models import policy
from models.entities import Seller
from models.errors import DomainError
from models.messages import input_refusal, localized
from models.ops import bulk
from web import i18n
from web.guards import csrf_protected, seller_only
from web.portal import filters
from web.portal.errors import error_text, status_for
from web.render import is_htmx, render

ROUTE = "/portal/claims/bulk/request"


def _selected(params: QueryParams | FormData) -> list[int] | None:
    """The ticked claim ids in their order, each once; None when one is not a number.

    More than the cap are kept (so the refusal can say how many were ticked), but never
    more than a page could hold twice over."""
    raw = [str(v) for v in params.getlist("sel")][: 2 * policy.BULK_REQUEST_MAX + 1]
    if not all(v.isdigit() and len(v) < 12 for v in raw):
        return None
    return list(dict.fromkeys(int(v) for v in raw))


def _too_many_text(lang: str, count: int) -> str:
    """The catalogue's "narrow the query" sentence, the same the API answers."""
    error = input_refusal(
        "filter", "bulk.filter_too_many", count=str(count), max=str(policy.BULK_REQUEST_MAX)
    )
    return localized(error, lang)


async def _dialog_context(
    seller: Seller, params: QueryParams | FormData, lang: str
) -> dict[str, Any]:
    """What the dialog offers: the ticked claims and / or all matching the listed query."""
    form = filters.parse(params)
    selected = _selected(params)
    ctx: dict[str, Any] = {
        "query": form,
        "selected": selected or [],
        "selected_count": len(selected or []),
        "all_count": None,
        "all_refusal": None,
        "error": None if selected is not None else i18n.translate(lang, "bulk.error.selection"),
        "seller_message": "",
        "idempotency_key": secrets.token_urlsafe(16),
        "route": ROUTE,
    }
    if form.listing and not form.error_key:
        count = await bulk.count_matching(seller.id, form.flt)
        ctx["all_count"] = count
        if count > policy.BULK_REQUEST_MAX:
            ctx["all_refusal"] = _too_many_text(lang, count)
    return ctx


def _dialog(request: Request, ctx: dict[str, Any], status_code: int = 200) -> Response:
    name = "partials/bulk_dialog.html" if is_htmx(request) else "partials/bulk_page.html"
    return render(request, name, ctx, status_code=status_code)


async def open_dialog(request: Request) -> Response:
    """GET: the list form's ticked rows and query, as the dialog's choices."""
    seller: Seller = request.state.account
    lang = i18n.request_lang(request)
    ctx = await _dialog_context(seller, request.query_params, lang)
    return _dialog(request, ctx, 400 if ctx["error"] else 200)


async def submit(request: Request) -> Response:
    """POST: ask the chosen claims; a refusal of the whole call re-shows the dialog with
    the sentence and the typed message, otherwise every claim's result."""
    seller: Seller = request.state.account
    form: FormData = request.state.form
    lang = i18n.request_lang(request)
    ctx = await _dialog_context(seller, form, lang)
    message = str(form.get("seller_message") or "")
    ctx["seller_message"] = message
    key = str(form.get("idempotency_key") or "") or None
    if key:
        ctx["idempotency_key"] = key
    scope = str(form.get("confirmed_action") or form.get("scope") or "")
    if ctx["error"]:
        return _dialog(request, ctx, 400)
    try:
        if scope == "all" and ctx["all_count"] is not None:
            outcome = await bulk.request_withdrawals(
                seller.id, message, flt=ctx["query"].flt, idempotency_key=key
            )
        elif scope == "selected" and ctx["selected"]:
            outcome = await bulk.request_withdrawals(
                seller.id, message, claim_ids=ctx["selected"], idempotency_key=key
            )
        else:
            ctx["error"] = i18n.translate(lang, "bulk.none")
            return _dialog(request, ctx, 400)
    except DomainError as error:
        ctx["error"] = error_text(error, lang)
        return _dialog(request, ctx, status_for(error))
    rows = [
        {
            "order_no": item.order_no or "",
            "done": item.done,
            "reason": "" if item.error is None else error_text(item.error, lang),
        }
        for item in outcome.items
    ]
    name = "partials/bulk_result.html" if is_htmx(request) else "partials/bulk_result_page.html"
    return render(
        request,
        name,
        {"rows": rows, "done": outcome.done_count, "refused": outcome.refused_count},
        headers={"HX-Trigger": "claims-changed"} if outcome.done_count else None,
    )


routes = [
    Route(ROUTE, seller_only(open_dialog), methods=["GET"]),
    Route(ROUTE, seller_only(csrf_protected(submit)), methods=["POST"]),
]
