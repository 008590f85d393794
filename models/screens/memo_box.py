"""The memo box (纸条盒, 留言/其他) with every channel, one row type for all of them.

Why here: the portal showed the seller's inquiries on the Qoo10咨询记录 channel while the
API's `memos(filter: {channel: INQUIRY_RECORDS})` listed memo rows, so the two surfaces
disagreed. Both now read `load`, whose rows carry codes (status, category, parties) that
each surface words in its own way.

Paging: newest first unless sorted otherwise, `policy.MEMO_BOX_PAGE_SIZE` rows a page,
both ways, by the keyset cursors of `models.keyset` (they name their sort) that both
surfaces put where the user keeps it (the portal's URL, the API's `after` / `before`). "Unanswered" is seen from the viewer: a memo to them that
they have not answered (the highlighted row, the red N).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from enum import StrEnum
from typing import Any

from tortoise.queryset import QuerySet

from models import policy
from models.entities import Inquiry, Memo
from models.enums import ActorKind, MemoChannel, MemoStatus, MemoType
from models.keyset import KeysetPage, KeysetSort, PageRequest
from models.keyset import page as keyset_page
from models.memo_box import MemoBoxFilter, day_bounds, memos_queryset
from models.messages import input_refusal
from models.queries import SortDirection


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
    #: A memo to the viewer they have not answered (the row is highlighted).
    unanswered: bool
    #: The memo's or the inquiry's text (the row expands to show it).
    body: str = ""
    #: Where this row stands in the box's order (and sort): page after / before it.
    cursor: str = ""


@dataclass(frozen=True)
class MemoBox:
    rows: list[MemoBoxRow]
    #: More rows follow this page (older ones); `after=end_cursor` shows them.
    limited: bool
    #: Newer rows come before this page; `before=start_cursor` shows them.
    has_previous: bool = False
    #: Every row the filter matches, on all pages.
    total: int = 0

    @property
    def has_next(self) -> bool:
        return self.limited

    @property
    def start_cursor(self) -> str | None:
        return self.rows[0].cursor if self.rows else None

    @property
    def end_cursor(self) -> str | None:
        return self.rows[-1].cursor if self.rows else None


class MemoSortKey(StrEnum):
    """What the memo box and the memo list can be sorted by (the id breaks ties in the
    same direction): the time a memo was sent, or an inquiry filed."""

    SENT_AT = "SENT_AT"


@dataclass(frozen=True)
class MemoSort:
    """The memo box's and the memo list's order; default newest first, as the portal."""

    key: MemoSortKey = MemoSortKey.SENT_AT
    direction: SortDirection = SortDirection.DESC

    def keyset(self, column: str = "sent_at") -> KeysetSort:
        return KeysetSort(str(self.key), self.direction, column)


@dataclass(frozen=True)
class Page:
    """Which page: rows after `after`, or before `before`, or the last ones (`from_end`);
    none of them: the first. Older means after in the default order (newest first)."""

    after: str | None = None
    before: str | None = None
    size: int = policy.MEMO_BOX_PAGE_SIZE
    from_end: bool = False
    sort: MemoSort = MemoSort()


async def _paged(
    qs: QuerySet[Any], at_field: str, page: Page, related: tuple[str, ...]
) -> tuple[list[Any], list[str], bool, bool, int]:
    """One keyset page of `qs` in the page's sort (`models.keyset`): (rows, their
    cursors, more after, more before, total). A cursor of another sort is refused."""
    if page.after and page.before:
        raise input_refusal("before", "memo_box.after_and_before")
    size = max(1, min(page.size, policy.MEMO_BOX_PAGE_SIZE))
    backward = page.before is not None or page.from_end
    if backward:
        request = PageRequest(last=size, before=page.before)
    else:
        request = PageRequest(first=size, after=page.after)

    async def fetch(limited: QuerySet[Any]) -> list[Any]:
        return list(await limited.select_related(*related))

    found = await keyset_page(qs, page.sort.keyset(at_field), request, fetch=fetch)
    if page.before and not found.rows:  # the rows before went away meanwhile: the first page
        return await _paged(qs, at_field, Page(size=size, sort=page.sort), related)
    return found.rows, found.cursors, found.has_next, found.has_previous, await qs.count()


def _memo_row(memo: Memo, viewer: ActorKind) -> MemoBoxRow:
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
        unanswered=memo.sender_kind != viewer and memo.status == MemoStatus.UNANSWERED,
        body=memo.body,
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
        body=inquiry.body,
    )


def _inquiries(flt: MemoBoxFilter, seller_id: int) -> QuerySet[Inquiry]:
    """Qoo10咨询记录: the seller's own inquiries narrowed by dates (of `created_at`), item
    code and order number; status and type are memo columns an inquiry lacks."""
    qs = Inquiry.filter(seller_id=seller_id)
    for op, bound in day_bounds(flt.date_from, flt.date_to).items():
        qs = qs.filter(**{f"created_at__{op}": bound})
    if (flt.item_code or "").strip():
        qs = qs.filter(item_code=flt.item_code.strip())  # type: ignore[union-attr]
    if (flt.order_no or "").strip():
        qs = qs.filter(order__order_no=flt.order_no.strip())  # type: ignore[union-attr]
    return qs


async def load(
    flt: MemoBoxFilter,
    *,
    seller_id: int | None = None,
    buyer_id: int | None = None,
    page: Page | None = None,
) -> MemoBox:
    """One page of the viewer's memo box (a seller's or a buyer's) on the filter's
    channel, newest first; the channel defaults to 买家↔卖家. Refuses a bad filter or a
    foreign cursor (INVALID_INPUT) the same way for every channel."""
    page = page or Page()
    scope = {"seller_id": seller_id} if seller_id is not None else {"buyer_id": buyer_id}
    viewer = ActorKind.SELLER if seller_id is not None else ActorKind.BUYER
    channel = flt.channel or MemoChannel.BUYER_SELLER
    # built for every channel: it is also the one check of the filter (dates, codes)
    memos = memos_queryset(MemoBoxFilter(**{**flt.__dict__, "channel": channel}), **scope)
    if channel == MemoChannel.INQUIRY_RECORDS:
        if seller_id is None:  # a buyer files no inquiries
            return MemoBox(rows=[], limited=False)
        found, cursors, more, newer, total = await _paged(
            _inquiries(flt, seller_id), "created_at", page, ("order", "seller")
        )
        rows = [replace(_inquiry_row(i), cursor=c) for i, c in zip(found, cursors, strict=True)]
    else:
        found, cursors, more, newer, total = await _paged(
            memos, "sent_at", page, ("order", "buyer", "seller")
        )
        rows = [
            replace(_memo_row(m, viewer), cursor=c) for m, c in zip(found, cursors, strict=True)
        ]
    return MemoBox(rows=rows, limited=more, has_previous=newer, total=total)


# --- the memo list (the API's `memos`): sorted, keyset pages both ways ------------------------


@dataclass(frozen=True)
class MemoList:
    """One page of the viewer's memos and how many the filter matches on all pages."""

    page: KeysetPage[Memo]
    total: int


async def memo_list(
    flt: MemoBoxFilter | None,
    *,
    seller_id: int | None = None,
    buyer_id: int | None = None,
    sort: MemoSort | None = None,
    request: PageRequest | None = None,
) -> MemoList:
    """The viewer's memos (not inquiries: INQUIRY_RECORDS is refused on `channel`, the
    memo box shows that channel) in `sort` order, one keyset page in either direction."""
    if flt is not None and flt.channel == MemoChannel.INQUIRY_RECORDS:
        raise input_refusal("channel", "memos.inquiry_channel")
    scope = {"seller_id": seller_id} if seller_id is not None else {"buyer_id": buyer_id}
    base = memos_queryset(flt, **scope)
    found = await keyset_page(base, (sort or MemoSort()).keyset(), request or PageRequest())
    return MemoList(found, await base.count())
