"""The seller's webhooks settings page (/portal/settings/webhooks): endpoints, add one
(its secret shown once), switch on/off, rotate the secret, delete, and per endpoint the
delivery log with [redeliver].

The same read model (`models.screens.webhooks`) and operations
(`models.webhooks.endpoints`) as the API. Changes answer with a redirect back
(post/redirect/get), except the two that show a secret: that page is the only place the
secret ever appears, so it is rendered, not redirected to.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from models import policy
from models.errors import DomainError
from models.screens import webhooks as screen
from models.webhooks import endpoints
from models.webhooks.events import EVENT_TYPES
from web import i18n
from web.guards import csrf_protected, seller_only
from web.portal.errors import error_text, status_for
from web.render import error_page, render

PATH = "/portal/settings/webhooks"


def _id(request: Request, name: str) -> int | None:
    try:
        value = int(request.path_params[name])
    except (KeyError, ValueError):
        return None
    return value if 0 < value < 2**31 else None


async def _page(
    request: Request,
    *,
    secret: str | None = None,
    error: str | None = None,
    form: dict[str, object] | None = None,
    status_code: int = 200,
) -> Response:
    seller = request.state.account
    ctx = {
        "endpoints": await screen.read_endpoints(seller.id),
        "event_types": EVENT_TYPES,
        "secret": secret,
        "error": error,
        "done": request.query_params.get("done"),
        "form": form or {"url": "", "events": list(EVENT_TYPES), "description": ""},
        "max_endpoints": policy.WEBHOOK_MAX_ENDPOINTS,
    }
    return render(request, "pages/webhooks.html", ctx, status_code=status_code)


async def show(request: Request) -> Response:
    return await _page(request)


async def create(request: Request) -> Response:
    seller = request.state.account
    form = request.state.form
    lang = i18n.request_lang(request)
    values = {
        "url": str(form.get("url", "")),
        "events": [str(v) for v in form.getlist("events")],
        "description": str(form.get("description", "")),
    }
    try:
        made = await endpoints.create(
            seller.id,
            values["url"],
            values["events"],
            values["description"],  # type: ignore[arg-type]
        )
    except DomainError as exc:
        return await _page(
            request, error=error_text(exc, lang), form=values, status_code=status_for(exc)
        )
    return await _page(request, secret=made.secret)


async def _change(request: Request, action: str) -> Response:
    seller = request.state.account
    endpoint_id = _id(request, "endpoint_id")
    if endpoint_id is None:
        return await error_page(request, 404, "error.not_found")
    try:
        if action == "rotate":
            made = await endpoints.rotate_secret(seller.id, endpoint_id)
            return await _page(request, secret=made.secret)
        if action == "delete":
            await endpoints.delete(seller.id, endpoint_id)
        else:
            await endpoints.update(seller.id, endpoint_id, enabled=action == "enable")
    except DomainError as exc:
        if status_for(exc) == 404:
            return await error_page(request, 404, "error.not_found")
        raise
    return RedirectResponse(f"{PATH}?done={action}", status_code=303)


async def enable(request: Request) -> Response:
    return await _change(request, "enable")


async def disable(request: Request) -> Response:
    return await _change(request, "disable")


async def rotate(request: Request) -> Response:
    return await _change(request, "rotate")


async def delete(request: Request) -> Response:
    return await _change(request, "delete")


async def log(request: Request) -> Response:
    seller = request.state.account
    endpoint_id = _id(request, "endpoint_id")
    before = request.query_params.get("before", "")
    before_id = int(before) if before.isdigit() and 0 < int(before) < 2**31 else None
    if endpoint_id is None:
        return await error_page(request, 404, "error.not_found")
    try:
        page = await screen.read_log(seller.id, endpoint_id, before_id=before_id)
    except DomainError:
        return await error_page(request, 404, "error.not_found")
    ctx = {"log": page, "redelivered": request.query_params.get("redelivered") == "1"}
    return render(request, "pages/webhook_log.html", ctx)


async def redeliver(request: Request) -> Response:
    seller = request.state.account
    delivery_id = _id(request, "delivery_id")
    if delivery_id is None:
        return await error_page(request, 404, "error.not_found")
    try:
        delivery = await endpoints.redeliver(seller.id, delivery_id)
    except DomainError:
        return await error_page(request, 404, "error.not_found")
    back = f"{PATH}/{delivery.endpoint_id}?redelivered=1"  # type: ignore[attr-defined]
    return RedirectResponse(back, status_code=303)


routes = [
    Route(PATH, seller_only(show), methods=["GET"]),
    Route(PATH, seller_only(csrf_protected(create)), methods=["POST"]),
    Route(PATH + "/{endpoint_id}", seller_only(log), methods=["GET"]),
    Route(PATH + "/{endpoint_id}/enable", seller_only(csrf_protected(enable)), methods=["POST"]),
    Route(PATH + "/{endpoint_id}/disable", seller_only(csrf_protected(disable)), methods=["POST"]),
    Route(PATH + "/{endpoint_id}/rotate", seller_only(csrf_protected(rotate)), methods=["POST"]),
    Route(PATH + "/{endpoint_id}/delete", seller_only(csrf_protected(delete)), methods=["POST"]),
    Route(
        PATH + "/deliveries/{delivery_id}/redeliver",
        seller_only(csrf_protected(redeliver)),
        methods=["POST"],
    ),
]
