"""The memo box (纸条盒, 留言/其他) with every channel, one row type for all of them.

Why here: the portal showed the seller's inquiries on the Qoo10咨询记录 channel while the
API's `memos(filter: {channel: INQUIRY_RECORDS})` listed memo rows, so the two surfaces
disagreed. Both now read `load`, whose rows carry codes (status, category, parties) that
each surface words in its own way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from models import policy
from models.entities import Inquiry, Memo
from models.enums import ActorKind, MemoChannel, MemoStatus, MemoType
from models.memo_box import MemoBoxFilter, day_bounds, memos_queryset


class RowSource(StrEnum):
    """What a memo box row is: a memo of an order, or one of the seller's inquiries."""

    MEMO = "MEMO"
    INQUIRY = "INQUIRY"


class Party(StrEnum):
    """Who sends / receives a row, as the manual's columns name them (发送方 / 接收方)."""

    CUSTOMER = "Customer"
    QSM = "QSM"
    QOO10 = "Qoo10"


@dataclass(frozen=True)
class MemoBoxRow:
    """One line of the memo box in codes: `status` is a MemoStatus value for a memo and
    an InquiryStatus value for an inquiry; `category` a MemoCategory value or the
    inquiry's sub-category code."""

    source: RowSource
    id: int
    sent_at: datetime
    type: MemoType
    status: str
    #: The shop name or the buyer's masked id.
    sender: str
    sent_from: Party
    received_by: Party
    category: str
    recipient: str
    title: str
    #: Empty for an inquiry about no order.
    order_no: str
    #: The memo to fetch the attachment of, when it has one.
    attachment_memo_id: int | None
    attachment_name: str | None
    #: A buyer memo the seller has not answered (the row is highlighted).
    unanswered: bool


@dataclass(frozen=True)
class MemoBox:
    rows: list[MemoBoxRow]
    #: More rows matched than policy.MEMO_BOX_MAX_ROWS; a narrower filter finds them.
    limited: bool


def _memo_row(memo: Memo) -> MemoBoxRow:
    from_buyer = memo.sender_kind == ActorKind.BUYER
    shop = memo.seller.shop_name
    masked = memo.buyer.masked_id
    return MemoBoxRow(
        source=RowSource.MEMO,
        id=memo.id,
        sent_at=memo.sent_at,
        type=MemoType(memo.type),
        status=str(memo.status),
        sender=masked if from_buyer else shop,
        sent_from=Party.CUSTOMER if from_buyer else Party.QSM,
        received_by=Party.QSM if from_buyer else Party.CUSTOMER,
        category=str(memo.category),
        recipient=shop if from_buyer else masked,
        title=memo.title,
        order_no=memo.order.order_no,
        attachment_memo_id=memo.id if memo.attachment_path else None,
        attachment_name=memo.attachment_name,
        unanswered=from_buyer and memo.status == MemoStatus.UNANSWERED,
    )


def _inquiry_row(inquiry: Inquiry) -> MemoBoxRow:
    return MemoBoxRow(
        source=RowSource.INQUIRY,
        id=inquiry.id,
        sent_at=inquiry.created_at,
        type=MemoType.NORMAL,
        status=str(inquiry.status),
        sender=inquiry.seller.shop_name,
        sent_from=Party.QSM,
        received_by=Party.QOO10,
        category=inquiry.subcategory,
        recipient=Party.QOO10.value,
        title=inquiry.title,
        order_no=inquiry.order.order_no if inquiry.order else "",
        attachment_memo_id=None,
        attachment_name=None,
        unanswered=False,
    )


async def _inquiry_rows(flt: MemoBoxFilter, seller_id: int, limit: int) -> list[MemoBoxRow]:
    """Qoo10咨询记录: the seller's own inquiries narrowed by dates (of `created_at`), item
    code and order number; status and type are memo columns an inquiry lacks."""
    qs = Inquiry.filter(seller_id=seller_id)
    for op, bound in day_bounds(flt.date_from, flt.date_to).items():
        qs = qs.filter(**{f"created_at__{op}": bound})
    if (flt.item_code or "").strip():
        qs = qs.filter(item_code=flt.item_code.strip())  # type: ignore[union-attr]
    if (flt.order_no or "").strip():
        qs = qs.filter(order__order_no=flt.order_no.strip())  # type: ignore[union-attr]
    found = await qs.order_by("-created_at", "-id").limit(limit).select_related("order", "seller")
    return [_inquiry_row(i) for i in found]


async def load(
    flt: MemoBoxFilter,
    *,
    seller_id: int | None = None,
    buyer_id: int | None = None,
    limit: int = policy.MEMO_BOX_MAX_ROWS,
) -> MemoBox:
    """The viewer's memo box (a seller's or a buyer's) on the filter's channel, newest
    first; the channel defaults to 买家↔卖家. Refuses a bad filter (INVALID_INPUT) the
    same way for every channel."""
    scope = {"seller_id": seller_id} if seller_id is not None else {"buyer_id": buyer_id}
    channel = flt.channel or MemoChannel.BUYER_SELLER
    # built for every channel: it is also the one check of the filter (dates, codes)
    memos = memos_queryset(MemoBoxFilter(**{**flt.__dict__, "channel": channel}), **scope)
    if channel == MemoChannel.INQUIRY_RECORDS:
        rows = await _inquiry_rows(flt, seller_id, limit + 1) if seller_id is not None else []
    else:
        found = (
            await memos.order_by("-sent_at", "-id")
            .limit(limit + 1)
            .select_related("order", "buyer", "seller")
        )
        rows = [_memo_row(m) for m in found]
    return MemoBox(rows=rows[:limit], limited=len(rows) > limit)
