"""客户管理: send a memo (纸条) from the panel, and the memo box 留言/其他 (pages both ways
with the place in the URL, bodies in expandable rows, channel tabs, and its checkboxes
marking the selected memos answered)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import parse_qsl, urlencode

from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from models import policy
from models.entities import Seller
from models.enums import ActorKind, MemoCategory, MemoChannel, MemoStatus, MemoType
from models.errors import DomainError
from models.labels import INQUIRY_CATEGORIES, label
from models.memo_box import MemoBoxFilter
from models.ops import memos, uploads
from models.ops.lookups import ORDER_NO_MAX_LENGTH, plausible_key
from models.ops.runner import Actor
from models.screens import memo_box as memo_box_screen
from models.screens.memo_box import MemoBoxRow, Page, RowSource
from web import i18n
from web.guards import csrf_protected, seller_only
from web.portal.errors import error_text, status_for
from web.portal.panel import Notice, panel_response, refused
from web.render import render

#: Room for the attachment plus the text fields in one multipart body.
MAX_PART = policy.ATTACHMENT_MAX_BYTES + 1024 * 1024


async def upload_of(form: Any) -> uploads.Upload | None:
    """The form's `attachment` file (read at most one byte past the cap), if one was chosen."""
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
        attachment = await upload_of(form)
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
    """One line of the memo box in display form, worded from the read model's codes."""

    source: str
    row_id: int
    sent_at: datetime
    type: str
    status_code: str
    status: str
    sender: str
    sent_from: str
    received_by: str
    category_code: str
    category: str
    recipient: str
    title: str
    order_no: str
    memo_id: int | None
    attachment_name: str | None
    unanswered: bool
    body: str


def _display(row: MemoBoxRow, lang: str) -> MemoRow:
    """Memo codes are worded by the template (`L`); an inquiry's status and sub-category
    have their own words (the inquiry page's)."""
    status: str = row.status
    category: str = row.category
    if row.source == RowSource.MEMO:
        status, category = MemoStatus(row.status), MemoCategory(row.category)
    else:
        status = i18n.translate(lang, f"inquiry.status.{row.status}")
        category = next(
            (subs[row.category] for subs in INQUIRY_CATEGORIES.values() if row.category in subs),
            row.category,
        )
    return MemoRow(
        source=row.source.value,
        row_id=row.id,
        sent_at=row.sent_at,
        type=row.type,
        status_code=row.status,
        status=status,
        sender=row.sender,
        sent_from=row.sent_from.value,
        received_by=row.received_by.value,
        category_code=row.category,
        category=category,
        recipient=row.recipient,
        title=row.title,
        order_no=row.order_no,
        memo_id=row.attachment_memo_id,
        attachment_name=row.attachment_name,
        unanswered=row.unanswered,
        body=row.body,
    )


def _parse_day(text: str) -> date | None:
    text = text.strip().replace("/", "-")
    return datetime.strptime(text, "%Y-%m-%d").date() if text else None


#: The memo box's query fields (filters and the place), kept in every link and form.
FILTER_FIELDS = ("date_from", "date_to", "status", "type", "channel", "item_no", "order_no")


def _values(params: Any) -> dict[str, str]:
    values = {k: str(params.get(k) or "").strip() for k in (*FILTER_FIELDS, "after", "before")}
    values["channel"] = values["channel"] or MemoChannel.BUYER_SELLER.value
    return values


def _link(values: dict[str, str], **changes: str) -> str:
    """The memo box's URL with `values` (empty ones left out) changed by `changes`."""
    merged = {**{k: values.get(k, "") for k in FILTER_FIELDS}, **changes}
    return "/portal/memos?" + urlencode({k: v for k, v in merged.items() if v})


async def _memo_box_page(
    request: Request, values: dict[str, str], notice: Notice | None = None, status: int = 200
) -> Response:
    """The memo box for `values` (filters plus `after` / `before`), one page of it."""
    seller: Seller = request.state.account
    lang = i18n.request_lang(request)
    error_key = None
    error_text_: str | None = None
    rows: list[MemoRow] = []
    box: memo_box_screen.MemoBox | None = None
    try:
        day_from = _parse_day(values["date_from"])
        day_to = _parse_day(values["date_to"])
        channel = MemoChannel(values["channel"])
        status_ = MemoStatus(values["status"]) if values["status"] else None
        memo_type = MemoType(values["type"]) if values["type"] else None
    except ValueError:
        error_key = "memo_box.error.filter"
    else:
        # dates out of the policy's range or reversed: the read model refuses them (in
        # the reader's language, as the API does), below as `error_text`
        if not all(
            plausible_key(values[k], ORDER_NO_MAX_LENGTH) or not values[k]
            for k in ("item_no", "order_no")
        ):
            error_key = "query.error.too_long"
        else:
            flt = MemoBoxFilter(
                date_from=day_from,
                date_to=day_to,
                status=status_,
                type=memo_type,
                channel=channel,
                item_code=values["item_no"],
                order_no=values["order_no"],
            )
            page = Page(after=values["after"] or None, before=values["before"] or None)
            try:
                box = await memo_box_screen.load(flt, seller_id=seller.id, page=page)
            except DomainError as exc:
                error_text_ = error_text(exc, lang)
            else:
                rows = [_display(row, lang) for row in box.rows]
    here = _link(values, after=values["after"], before=values["before"])
    ctx = {
        "values": values,
        "rows": rows,
        "error_key": error_key,
        "error_text": error_text_,
        "notice": notice,
        "channels": [
            (c.value, label(c, lang), _link(values, channel=c.value)) for c in MemoChannel
        ],
        "statuses": [(s.value, label(s, lang)) for s in MemoStatus],
        "types": [(t.value, label(t, lang)) for t in MemoType],
        "box": box,
        "here": here.removeprefix("/portal/memos?"),
        "next_link": _link(values, after=box.end_cursor or "") if box and box.has_next else None,
        "prev_link": (
            _link(values, before=box.start_cursor or "") if box and box.has_previous else None
        ),
        "first_link": _link(values) if box and box.has_previous else None,
    }
    bad = error_key is not None or error_text_ is not None
    return render(request, "pages/memo_box.html", ctx, status_code=400 if bad else status)


async def memo_box(request: Request) -> Response:
    """GET the box; `marked=<n>` is where [标记为已答复] sent the seller back (Post/
    Redirect/Get: a reload shows the same page again instead of posting twice)."""
    marked = str(request.query_params.get("marked") or "")
    notice = None
    if marked.isdigit() and len(marked) <= 3:
        lang = i18n.request_lang(request)
        text = i18n.translate(lang, "memo_box.marked", n=marked)
        notice = Notice("memo_box", "success", text)
    return await _memo_box_page(request, _values(request.query_params), notice)


def _selected_ids(form: Any) -> list[int]:
    chosen: list[int] = []
    for raw in form.getlist("sel"):
        try:
            chosen.append(int(str(raw)))
        except ValueError:
            continue
    return chosen


async def mark_answered(request: Request) -> Response:
    """The memo box's checkboxes: the selected memos to the seller become 已答复, then back
    to the same filters and page (the form carries them as `back`) with how many."""
    seller: Seller = request.state.account
    form = request.state.form
    lang = i18n.request_lang(request)
    values = _values(dict(parse_qsl(str(form.get("back") or ""))))
    try:
        result = await memos.mark_answered(Actor(ActorKind.SELLER, seller.id), _selected_ids(form))
    except DomainError as exc:
        notice = Notice("memo_box", "error", error_text(exc, lang))
        return await _memo_box_page(request, values, notice, status_for(exc))
    back = _link(values, after=values["after"], before=values["before"], marked=str(result.marked))
    return RedirectResponse(back, status_code=303)


routes = [
    Route(
        "/portal/orders/{order_no}/memos",
        seller_only(csrf_protected(send, max_part_size=MAX_PART)),
        methods=["POST"],
    ),
    Route("/portal/memos", seller_only(memo_box), methods=["GET"]),
    Route(
        "/portal/memos/answered",
        seller_only(csrf_protected(mark_answered)),
        methods=["POST"],
    ),
]
