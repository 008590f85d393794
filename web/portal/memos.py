"""客户管理: send a memo (纸条) from the panel, and the memo box 留言/其他."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from models import policy
from models.entities import Inquiry, Seller
from models.enums import ActorKind, MemoChannel, MemoStatus, MemoType
from models.errors import DomainError
from models.labels import label
from models.memo_box import MemoBoxFilter, day_bounds, memos_queryset
from models.ops import memos, uploads
from models.ops.lookups import ORDER_NO_MAX_LENGTH, plausible_key
from models.ops.runner import Actor
from web import i18n
from web.guards import csrf_protected, seller_only
from web.portal.panel import Notice, panel_response, refused
from web.render import render

MEMO_BOX_LIMIT = 200
#: Room for the attachment plus the text fields in one multipart body.
MAX_PART = policy.ATTACHMENT_MAX_BYTES + 1024 * 1024


async def _upload(form: Any) -> uploads.Upload | None:
    file = form.get("attachment")
    if not isinstance(file, UploadFile) or not file.filename:
        return None
    content = await file.read(policy.ATTACHMENT_MAX_BYTES + 1)
    return uploads.Upload(file.filename, content)


async def send(request: Request) -> Response:
    seller: Seller = request.state.account
    order_no = request.path_params["order_no"]
    form = request.state.form
    lang = i18n.request_lang(request)
    title = str(form.get("title") or "")
    body = str(form.get("body") or "")
    values = {"memo_title": title, "memo_body": body}
    try:
        attachment = await _upload(form)
        await memos.send_memo(
            Actor(ActorKind.SELLER, seller.id), order_no, title, body, attachment=attachment
        )
        if form.get("save_reply") == "1":
            await memos.save_reply(seller.id, title, body)
    except DomainError as exc:
        return await refused(request, order_no, "memo", exc, values)
    notice = Notice("memo", "success", i18n.translate(lang, "memo.sent"))
    return await panel_response(request, order_no, notice=notice)


@dataclass
class MemoRow:
    """One line of the memo box, already in display form."""

    sent_at: datetime
    type: str
    status: str
    sender: str
    sent_from: str
    received_by: str
    category: str
    recipient: str
    title: str
    order_no: str
    memo_id: int | None
    attachment_name: str | None
    unanswered: bool


def _parse_day(text: str) -> date | None:
    text = text.strip().replace("/", "-")
    return datetime.strptime(text, "%Y-%m-%d").date() if text else None


async def memo_box(request: Request) -> Response:
    seller: Seller = request.state.account
    lang = i18n.request_lang(request)
    q = request.query_params
    values = {
        k: str(q.get(k) or "").strip()
        for k in ("date_from", "date_to", "status", "type", "channel", "item_no", "order_no")
    }
    values["channel"] = values["channel"] or MemoChannel.BUYER_SELLER.value
    error_key = None
    rows: list[MemoRow] = []
    try:
        day_from = _parse_day(values["date_from"])
        day_to = _parse_day(values["date_to"])
        channel = MemoChannel(values["channel"])
        status = MemoStatus(values["status"]) if values["status"] else None
        memo_type = MemoType(values["type"]) if values["type"] else None
    except ValueError:
        error_key = "memo_box.error.filter"
    else:
        if day_from and day_to and day_from > day_to:
            error_key = "query.error.range"
        elif not all(
            plausible_key(values[k], ORDER_NO_MAX_LENGTH) or not values[k]
            for k in ("item_no", "order_no")
        ):
            error_key = "query.error.too_long"
        elif channel == MemoChannel.INQUIRY_RECORDS:
            rows = await _inquiry_rows(seller, values, day_from, day_to, lang)
        else:
            rows = await _memo_rows(seller, values, channel, status, memo_type, day_from, day_to)
    ctx = {
        "values": values,
        "rows": rows,
        "error_key": error_key,
        "channels": [(c.value, label(c, lang)) for c in MemoChannel],
        "statuses": [(s.value, label(s, lang)) for s in MemoStatus],
        "types": [(t.value, label(t, lang)) for t in MemoType],
        "limit": MEMO_BOX_LIMIT,
    }
    return render(request, "pages/memo_box.html", ctx, status_code=400 if error_key else 200)


async def _memo_rows(
    seller: Seller,
    values: dict[str, str],
    channel: MemoChannel,
    status: MemoStatus | None,
    memo_type: MemoType | None,
    day_from: date | None,
    day_to: date | None,
) -> list[MemoRow]:
    qs = memos_queryset(
        MemoBoxFilter(
            date_from=day_from,
            date_to=day_to,
            status=status,
            type=memo_type,
            channel=channel,
            item_code=values["item_no"],
            order_no=values["order_no"],
        ),
        seller_id=seller.id,
    )
    found = (
        await qs.order_by("-sent_at", "-id")
        .limit(MEMO_BOX_LIMIT)
        .select_related("order", "buyer", "seller")
    )
    rows = []
    for memo in found:
        from_buyer = memo.sender_kind == ActorKind.BUYER
        shop = memo.seller.shop_name
        masked = memo.buyer.masked_id
        rows.append(
            MemoRow(
                sent_at=memo.sent_at,
                type=memo.type,
                status=memo.status,
                sender=masked if from_buyer else shop,
                sent_from="Customer" if from_buyer else "QSM",
                received_by="QSM" if from_buyer else "Customer",
                category=memo.category,
                recipient=shop if from_buyer else masked,
                title=memo.title,
                order_no=memo.order.order_no,
                memo_id=memo.id if memo.attachment_path else None,
                attachment_name=memo.attachment_name,
                unanswered=from_buyer and memo.status == MemoStatus.UNANSWERED,
            )
        )
    return rows


async def _inquiry_rows(
    seller: Seller,
    values: dict[str, str],
    day_from: date | None,
    day_to: date | None,
    lang: str,
) -> list[MemoRow]:
    """Qoo10咨询记录: the seller's own inquiries, in the same columns."""
    qs = Inquiry.filter(seller_id=seller.id)
    for op, bound in day_bounds(day_from, day_to).items():
        qs = qs.filter(**{f"created_at__{op}": bound})
    if values["item_no"]:
        qs = qs.filter(item_code=values["item_no"])
    found = await qs.order_by("-created_at", "-id").limit(MEMO_BOX_LIMIT).select_related("order")
    from models.labels import INQUIRY_CATEGORIES

    return [
        MemoRow(
            sent_at=inquiry.created_at,
            type=MemoType.NORMAL,
            status=i18n.translate(lang, f"inquiry.status.{inquiry.status}"),
            sender=seller.shop_name,
            sent_from="QSM",
            received_by="Qoo10",
            category=INQUIRY_CATEGORIES.get(inquiry.category, {}).get(
                inquiry.subcategory, inquiry.subcategory
            ),
            recipient="Qoo10",
            title=inquiry.title,
            order_no=inquiry.order.order_no if inquiry.order else "",
            memo_id=None,
            attachment_name=None,
            unanswered=False,
        )
        for inquiry in found
    ]


routes = [
    Route(
        "/portal/orders/{order_no}/memos",
        seller_only(csrf_protected(send, max_part_size=MAX_PART)),
        methods=["POST"],
    ),
    Route("/portal/memos", seller_only(memo_box), methods=["GET"]),
]
