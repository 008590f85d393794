"""The buyer's MyQoo10: counts, each pending withdrawal request with accept / reject, and
the buyer's conversations with sellers (纸条) with an answer form per order."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from models.entities import Buyer
from models.enums import ActorKind, RejectionReason
from models.errors import DomainError
from models.ops import memos
from models.ops.runner import Actor
from models.ops.withdrawals import accept_withdrawal, reject_withdrawal
from web import i18n
from web.guards import buyer_only, csrf_protected
from web.portal.buyer_data import load_myqoo10
from web.portal.errors import error_text, status_for
from web.portal.memos import MAX_PART, upload_of
from web.portal.panel import seen_round_id
from web.render import error_page, render


async def _page(
    request: Request, *, notice: dict[str, Any] | None = None, status_code: int = 200
) -> Response:
    buyer: Buyer = request.state.account
    data = await load_myqoo10(buyer.id)
    ctx = {
        "my": data,
        "notice": notice,
        "reasons": list(RejectionReason),
        "values": getattr(request.state, "values", {}),
        "reply_key": secrets.token_urlsafe(16),
    }
    return render(request, "pages/myqoo10.html", ctx, status_code=status_code)


async def _outcome(
    request: Request,
    where: dict[str, Any],
    act: Callable[[], Awaitable[None]],
    done_key: str,
) -> Response:
    """Run one of the buyer's actions and show MyQoo10 again with its notice beside `where`
    (the claim or the order it concerns): the refusal in the reader's words with its status
    (someone else's claim or order is a plain 404), or `done_key`; typed values are kept
    only on a refusal."""
    lang = i18n.request_lang(request)
    try:
        await act()
    except DomainError as exc:
        if status_for(exc) == 404:
            return await error_page(request, 404, "error.not_found")
        notice = {**where, "kind": "error", "text": error_text(exc, lang)}
        return await _page(request, notice=notice, status_code=status_for(exc))
    request.state.values = {}
    notice = {**where, "kind": "success", "text": i18n.translate(lang, done_key)}
    return await _page(request, notice=notice)


async def myqoo10(request: Request) -> Response:
    return await _page(request)


async def respond(request: Request) -> Response:
    buyer: Buyer = request.state.account
    form = request.state.form
    lang = i18n.request_lang(request)
    try:
        claim_id = int(request.path_params["claim_id"])
    except ValueError:
        return await error_page(request, 404, "error.not_found")
    decision = str(form.get("decision") or "")
    if decision not in ("accept", "reject"):
        notice = {
            "claim_id": claim_id,
            "kind": "error",
            "text": i18n.translate(lang, "my.error.decision"),
        }
        return await _page(request, notice=notice, status_code=400)
    code = str(form.get("reason_code") or "")
    text = str(form.get("reason_text") or "")
    request.state.values = {"claim_id": claim_id, "reason_code": code, "reason_text": text}

    async def answer() -> None:
        seen = seen_round_id(form)
        if decision == "accept":
            await accept_withdrawal(buyer.id, claim_id, expected_round_id=seen)
        else:
            await reject_withdrawal(buyer.id, claim_id, code or None, text, expected_round_id=seen)

    return await _outcome(request, {"claim_id": claim_id}, answer, f"my.done.{decision}")


async def reply(request: Request) -> Response:
    """The buyer answers the seller on one order (`models.ops.memos.reply_memo`, the same
    operation as the API's `memoReply`); the page comes back with the thread updated."""
    buyer: Buyer = request.state.account
    form = request.state.form
    order_no = request.path_params["order_no"]
    body = str(form.get("body") or "")
    title = str(form.get("title") or "")
    key = str(form.get("idempotency_key") or "") or None
    request.state.values = {"order_no": order_no, "body": body, "title": title}

    async def send() -> None:
        await memos.reply_memo(
            Actor(ActorKind.BUYER, buyer.id),
            order_no,
            body,
            title=title,
            idempotency_key=key,
            attachment=await upload_of(form),
        )

    return await _outcome(request, {"order_no": order_no}, send, "my.reply.sent")


routes = [
    Route("/myqoo10", buyer_only(myqoo10), methods=["GET"]),
    Route(
        "/myqoo10/claims/{claim_id}/respond",
        buyer_only(csrf_protected(respond)),
        methods=["POST"],
    ),
    Route(
        "/myqoo10/orders/{order_no}/memos",
        buyer_only(csrf_protected(reply, max_part_size=MAX_PART)),
        methods=["POST"],
    ),
]
