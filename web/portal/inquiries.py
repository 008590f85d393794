"""向Qoo10进行咨询: the inquiry form, the path the manual gives for blocked claims."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from models.entities import Seller
from models.errors import DomainError
from models.labels import INQUIRY_CATEGORIES, INQUIRY_CATEGORY_LABELS
from models.ops.inquiries import INQUIRY_LANGS, submit_inquiry
from models.ops.lookups import find_order
from web import i18n
from web.guards import csrf_protected, seller_only
from web.portal.errors import error_text, status_for
from web.render import render

DEFAULT_CATEGORY = ("REFUND_CLAIM_WITHDRAWAL", "CLAIM_WITHDRAWAL")
FIELDS = ("order_no", "item_code", "category", "subcategory", "title", "body", "lang")


def _form_context(values: dict[str, str], ui_lang: str) -> dict[str, Any]:
    return {
        "values": values,
        "categories": [
            (key, INQUIRY_CATEGORY_LABELS.get(key, key), list(subs.items()))
            for key, subs in INQUIRY_CATEGORIES.items()
        ],
        "inquiry_langs": [
            (lang.value, i18n.translate(ui_lang, f"inquiry.lang.{lang.value}"))
            for lang in INQUIRY_LANGS
        ],
        "error": None,
        "created": None,
    }


async def new(request: Request) -> Response:
    seller: Seller = request.state.account
    q = request.query_params
    ui_lang = i18n.request_lang(request)
    values = {k: str(q.get(k) or "").strip()[:50] for k in FIELDS}
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
    return render(request, "pages/inquiry.html", _form_context(values, ui_lang))


async def submit(request: Request) -> Response:
    seller: Seller = request.state.account
    form = request.state.form
    ui_lang = i18n.request_lang(request)
    values = {k: str(form.get(k) or "") for k in FIELDS}
    ctx = _form_context(values, ui_lang)
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
        )
    except DomainError as exc:
        ctx["error"] = error_text(exc, ui_lang)
        return render(request, "pages/inquiry.html", ctx, status_code=status_for(exc))
    ctx["created"] = inquiry
    ctx["values"] = {**values, "title": "", "body": ""}
    return render(request, "pages/inquiry.html", ctx)


routes = [
    Route("/portal/inquiries/new", seller_only(new), methods=["GET"]),
    Route("/portal/inquiries", seller_only(csrf_protected(submit)), methods=["POST"]),
]
