"""运送单号登记 on the panel: refused by the domain while a cancel claim is open."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from models.entities import Seller
from models.errors import DomainError
from models.ops.shipments import register_shipment
from web import i18n
from web.guards import csrf_protected, seller_only
from web.portal.panel import Notice, panel_response, refused


async def register(request: Request) -> Response:
    seller: Seller = request.state.account
    order_no = request.path_params["order_no"]
    form = request.state.form
    lang = i18n.request_lang(request)
    carrier = str(form.get("carrier") or "")
    tracking_no = str(form.get("tracking_no") or "")
    values = {"carrier": carrier, "tracking_no": tracking_no}
    try:
        await register_shipment(seller.id, order_no, carrier, tracking_no)
    except DomainError as exc:
        return await refused(request, order_no, "shipment", exc, values)
    notice = Notice("shipment", "success", i18n.translate(lang, "shipment.saved"))
    return await panel_response(request, order_no, notice=notice)


routes = [
    Route(
        "/portal/orders/{order_no}/shipment",
        seller_only(csrf_protected(register)),
        methods=["POST"],
    ),
]
