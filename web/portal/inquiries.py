"""向Qoo10进行咨询: the inquiry form, the path the manual gives for blocked claims.

Post/Redirect/Get: a filed inquiry answers 303 to `/portal/inquiries/new?sent=<id>`, so a
reload shows the confirmation again instead of filing it again; the form also carries an
idempotency key, so a double-click (or a resent POST) files one inquiry (issue 12).
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from models import policy
from models.entities import Inquiry, Seller
from models.errors import DomainError
from models.labels import INQUIRY_CATEGORIES, INQUIRY_CATEGORY_LABELS
from models.ops.inquiries import INQUIRY_LANGS, item_name_for, submit_inquiry
from models.ops.lookups import find_order
from web import i18n
from web.guards import csrf_protected, seller_only
from web.portal import manual
from web.portal.errors import error_text, status_for
from web.render import render

DEFAULT_CATEGORY = ("REFUND_CLAIM_WITHDRAWAL", "CLAIM_WITHDRAWAL")
FIELDS = ("order_no", "item_code", "category", "subcategory", "title", "body", "lang")
#: Where the ※ note's "click here" leads: the seller manual this portal follows.
SELLER_MANUAL_URL = "/portal/manual"


async def _form_context(
    seller_id: int, values: dict[str, str], ui_lang: str, key: str | None = None
) -> dict[str, Any]:
    return {
        "values": values,
        "item_name": await item_name_for(seller_id, values.get("item_code", "")),
        "categories": [
            (key_, INQUIRY_CATEGORY_LABELS.get(key_, key_), list(subs.items()))
            for key_, subs in INQUIRY_CATEGORIES.items()
        ],
        "inquiry_langs": [
            (lang.value, i18n.translate(ui_lang, f"inquiry.lang.{lang.value}"))
            for lang in INQUIRY_LANGS
        ],
        # a fresh key per form shown; a refused form keeps its key (nothing was filed)
        "inquiry_key": key or secrets.token_urlsafe(16),
        "seller_manual_url": SELLER_MANUAL_URL,
        "error": None,
        "created": None,
    }


async def _sent(seller_id: int, text: str) -> Inquiry | None:
    """The inquiry `?sent=<id>` names, if it is this seller's (anything else: none)."""
    if not text.isdigit() or len(text) > 12:
        return None
    return await Inquiry.get_or_none(id=int(text), seller_id=seller_id).prefetch_related("order")


async def new(request: Request) -> Response:
    seller: Seller = request.state.account
    q = request.query_params
    ui_lang = i18n.request_lang(request)
    values = {k: str(q.get(k) or "").strip()[:50] for k in FIELDS}
    created = await _sent(seller.id, str(q.get("sent") or ""))
    if created is not None:
        # after Post/Redirect/Get: the filed inquiry's context, an empty title and body
        values.update(
            order_no=created.order.order_no if created.order else "",
            item_code=created.item_code,
            category=created.category,
            subcategory=created.subcategory,
            lang=created.lang,
            title="",
            body="",
        )
    values["category"] = values["category"] or DEFAULT_CATEGORY[0]
    values["subcategory"] = values["subcategory"] or DEFAULT_CATEGORY[1]
    values["lang"] = values["lang"] or ("zh" if ui_lang == "zh" else ui_lang)
    if values["order_no"] and not values["item_code"]:
        try:
            order = await find_order(values["order_no"], seller_id=seller.id)
        except DomainError:
            values["order_no"] = ""
        else:
            values["item_code"] = order.item_code
    ctx = await _form_context(seller.id, values, ui_lang)
    ctx["created"] = created
    return render(request, "pages/inquiry.html", ctx)


async def submit(request: Request) -> Response:
    seller: Seller = request.state.account
    form = request.state.form
    ui_lang = i18n.request_lang(request)
    values = {k: str(form.get(k) or "") for k in FIELDS}
    key = str(form.get("idempotency_key") or "")[: policy.IDEMPOTENCY_KEY_MAX_LENGTH] or None
    try:
        inquiry = await submit_inquiry(
            seller.id,
            category=values["category"],
            subcategory=values["subcategory"],
            title=values["title"],
            body=values["body"],
            lang=values["lang"],
            order_no=values["order_no"].strip() or None,
            item_code=values["item_code"].strip(),
            idempotency_key=key,
        )
    except DomainError as exc:
        ctx = await _form_context(seller.id, values, ui_lang, key)
        ctx["error"] = error_text(exc, ui_lang)
        return render(request, "pages/inquiry.html", ctx, status_code=status_for(exc))
    return RedirectResponse(
        f"/portal/inquiries/new?{urlencode({'sent': inquiry.id})}", status_code=303
    )


async def item_name(request: Request) -> Response:
    """The 商品 row again after the item code changed (htmx)."""
    seller: Seller = request.state.account
    code = str(request.query_params.get("item_code") or "").strip()
    ctx = {"item_name": await item_name_for(seller.id, code), "values": {"item_code": code}}
    return render(request, "partials/inquiry_item.html", ctx)


routes = [
    Route("/portal/inquiries/new", seller_only(new), methods=["GET"]),
    Route("/portal/inquiries/item-name", seller_only(item_name), methods=["GET"]),
    Route("/portal/inquiries", seller_only(csrf_protected(submit)), methods=["POST"]),
    # the seller manual the inquiry page's ※ note links to
    Route(SELLER_MANUAL_URL, seller_only(manual.show), methods=["GET"]),
]
