"""The transaction panel 交易信息 and its withdrawal section 撤回索赔信息.

The panel is a fragment loaded into the claims page (double-click / Enter on a row) and a
page of its own (/portal/orders/<no>) for links and no-JS use; every form on it answers
with the same panel rebuilt by `panel_response`, carrying a notice for the section that
acted (success dialog, or the refusal sentence).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from models import policy
from models.clock import get_clock
from models.entities import Claim, ClaimEvent, Seller
from models.enums import ClaimStatus, ClaimType, EventKind, RejectionReason, WithdrawalState
from models.errors import DomainError
from models.labels import label
from models.ops import claims, withdrawals
from models.ops.rules import PanelAction
from models.screens import panel as panel_screen
from models.tracking import tracking_url
from web import i18n
from web.etag import etagged
from web.guards import csrf_protected, seller_only
from web.portal.errors import error_text, status_for
from web.render import error_page, is_htmx, render

#: One route per panel button, below /portal/orders/<no>/ (the template's `formaction`s).
ACTION_PATHS: dict[PanelAction, str] = {
    PanelAction.REQUEST: "withdrawal/request",
    PanelAction.CANCEL: "withdrawal/cancel",
    PanelAction.REREQUEST: "withdrawal/rerequest",
    PanelAction.COMPLETE_CANCEL: "cancellation/accept",
}


@dataclass
class Notice:
    """What the last form on the panel did: shown in `section`."""

    section: str
    kind: str  # "success" | "error"
    text: str


def seen_round_id(form: Any) -> int | None:
    """The round the submitted page showed (hidden field), if it sent a valid one."""
    text = str(form.get("withdrawal_id") or "")
    return int(text) if text.isdigit() and len(text) < 12 else None


async def refused(
    request: Request, order_no: str, section: str, exc: DomainError, values: dict[str, str]
) -> Response:
    """A domain refusal of a panel form: someone else's order is a plain 404 page, any
    other refusal re-renders the panel with the sentence next to the form and its input."""
    if status_for(exc) == 404:
        return await error_page(request, 404, "error.not_found")
    notice = Notice(section, "error", error_text(exc, i18n.request_lang(request)))
    return await panel_response(
        request, order_no, notice=notice, values=values, status_code=status_for(exc)
    )


async def panel_response(
    request: Request,
    order_no: str,
    *,
    notice: Notice | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
    headers: dict[str, str] | None = None,
    shown: str | None = None,
) -> Response:
    """The panel; `shown` (the live re-read, web/portal/live.py) is the claim version the
    page shows: 204 and nothing to swap while it is still the current one."""
    seller: Seller = request.state.account
    data = await panel_screen.load(seller.id, order_no, get_clock().today())
    if data is None:
        return await error_page(request, 404, "error.not_found")
    if shown is not None and shown == str(data.claim.version if data.claim else 0):
        return Response(status_code=204)
    lang = i18n.request_lang(request)
    ctx: dict[str, Any] = {
        **template_helpers(lang),
        "p": data,
        "notice": notice,
        "values": values or {},
        "idempotency_key": secrets.token_urlsafe(16),
        "rejection_reasons": list(RejectionReason),
        "action_paths": {a.value: path for a, path in ACTION_PATHS.items()},
        # 运送跟踪: the carrier's tracking page, when the carrier is one we know
        "tracking_url": tracking_url(data.order.carrier, data.order.tracking_no),
    }
    name = "partials/panel.html" if is_htmx(request) else "pages/panel.html"
    return render(request, name, ctx, status_code=status_code, headers=headers)


async def show(request: Request) -> Response:
    order_no = request.path_params["order_no"]
    return await panel_response(request, order_no, shown=request.query_params.get("shown"))


def _chosen_action(form: Any) -> str:
    """The confirmed button: portal.js fills `confirmed_action`; without JS the button."""
    confirmed = str(form.get("confirmed_action") or "")
    if confirmed:
        return confirmed
    chosen = [str(v) for v in form.getlist("action") if v]
    return chosen[-1] if chosen else ""


async def _run(action: PanelAction, seller_id: int, claim_id: int, form: Any) -> str | None:
    """Call the operation behind one button; a message key when the form is incomplete."""
    key = str(form.get("idempotency_key") or "")[: policy.IDEMPOTENCY_KEY_MAX_LENGTH] or None
    message = str(form.get("seller_message") or "")
    seen_round = seen_round_id(form)
    seen_state = str(form.get("expected_state") or "") or None
    if action == PanelAction.REQUEST:
        if str(form.get("withdraw") or "N") != "Y":
            return "panel.error.select_y"
        await withdrawals.request_withdrawal(seller_id, claim_id, message, key)
    elif action == PanelAction.CANCEL:
        await withdrawals.cancel_withdrawal(
            seller_id, claim_id, key, expected_round_id=seen_round, expected_state=seen_state
        )
    elif action == PanelAction.REREQUEST:
        await withdrawals.rerequest_withdrawal(
            seller_id,
            claim_id,
            message,
            key,
            expected_round_id=seen_round,
            expected_state=seen_state,
        )
    else:  # the FAQ's other way out: the seller accepts the buyer's cancellation
        await claims.complete_cancel(seller_id, claim_id)
    return None


async def act(request: Request, action: PanelAction | None) -> Response:
    """One button of 撤回索赔信息: check the claim is this seller's, run, rebuild the panel."""
    seller: Seller = request.state.account
    order_no = request.path_params["order_no"]
    form = request.state.form
    lang = i18n.request_lang(request)
    message = str(form.get("seller_message") or "")
    values = {"withdraw": str(form.get("withdraw") or "N"), "seller_message": message}

    def refuse(key: str, status: int) -> Any:
        notice = Notice("withdrawal", "error", i18n.translate(lang, key))
        return panel_response(request, order_no, notice=notice, values=values, status_code=status)

    try:
        claim_id = int(str(form.get("claim_id") or ""))
    except ValueError:
        return await refuse("panel.error.no_claim", 400)
    if action is None:
        return await refuse("panel.error.action", 400)
    owned = await Claim.filter(id=claim_id, order__order_no=order_no, seller_id=seller.id).exists()
    if not owned:
        return await error_page(request, 404, "error.not_found")
    try:
        incomplete = await _run(action, seller.id, claim_id, form)
    except DomainError as exc:
        return await refused(request, order_no, "withdrawal", exc, values)
    if incomplete:
        return await refuse(incomplete, 400)
    done = i18n.translate(lang, f"panel.success.{action.value.lower()}")
    return await panel_response(
        request,
        order_no,
        notice=Notice("withdrawal", "success", done),
        headers={"HX-Trigger": "claims-changed"},
    )


def _action_route(action: PanelAction) -> Any:
    async def endpoint(request: Request) -> Response:
        return await act(request, action)

    endpoint.__name__ = f"withdrawal_{action.value.lower()}"
    return endpoint


async def withdrawal(request: Request) -> Response:
    """The former single POST naming its action in the form; kept so existing clients
    and tests keep working, the panel's buttons post to their own routes (ACTION_PATHS)."""
    chosen = _chosen_action(request.state.form)
    action = next((a for a in PanelAction if a.value.lower() == chosen), None)
    return await act(request, action)


def request_button_key(claim_type: str) -> str:
    """【取消的撤回要请】/【退货的撤回要请】/【交换的撤回要请】 follow the claim type."""
    return f"panel.btn.request.{ClaimType(claim_type).value}"


_REASON_PREFIX = re.compile(r"^\[([A-Z_]+)\] ?(.*)$", re.DOTALL)


def template_helpers(lang: str) -> dict[str, Any]:
    """Small formatters the panel templates call, bound to the page language."""

    def refusal_text(error: DomainError) -> str:
        return error_text(error, lang)

    def state_change(event: ClaimEvent) -> str:
        parts = []
        if event.from_status or event.to_status:
            parts.append(_arrow(event.from_status, event.to_status, ClaimStatus, lang))
        if event.from_state or event.to_state:
            parts.append(_arrow(event.from_state, event.to_state, WithdrawalState, lang))
        return " / ".join(parts)

    def event_message(event: ClaimEvent) -> str:
        """The buyer's reason is stored as `[OTHER] text`; shown as `[其他原因] text`."""
        match = _REASON_PREFIX.match(event.message or "")
        if event.kind == EventKind.WITHDRAWAL_REJECTED and match:
            try:
                code = RejectionReason(match.group(1))
            except ValueError:
                return event.message
            return f"[{label(code, lang)}] {match.group(2)}"
        return event.message

    return {
        "refusal_text": refusal_text,
        "request_button_key": request_button_key,
        "state_change": state_change,
        "event_message": event_message,
    }


def _arrow(old: str | None, new: str | None, enum: type, lang: str) -> str:
    def text(value: str | None) -> str:
        if not value:
            return "-"
        try:
            return label(enum(value), lang)
        except (ValueError, KeyError):
            return value

    return f"{text(old)} → {text(new)}"


routes = [
    Route("/portal/orders/{order_no}", seller_only(etagged(show)), methods=["GET"]),
    *(
        Route(
            f"/portal/orders/{{order_no}}/{path}",
            seller_only(csrf_protected(_action_route(action))),
            methods=["POST"],
        )
        for action, path in ACTION_PATHS.items()
    ),
    Route(
        "/portal/orders/{order_no}/withdrawal",
        seller_only(csrf_protected(withdrawal)),
        methods=["POST"],
    ),
]
