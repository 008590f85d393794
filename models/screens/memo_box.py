"""The memo box (纸条盒, 留言/其他) with every channel, one row type for all of them.

Why here: the portal showed the seller's inquiries on the Qoo10咨询记录 channel while the
API's `memos(filter: {channel: INQUIRY_RECORDS})` listed memo rows, so the two surfaces
disagreed. Both now read `load`, whose rows carry codes (status, category, parties) that
each surface words in its own way.

Paging: newest first, `policy.MEMO_BOX_PAGE_SIZE` rows a page, both ways, by an opaque
cursor of (time, id) that both surfaces put where the user keeps it (the portal's URL,
the API's `after` / `before`). "Unanswered" is seen from the viewer: a memo to them that
they have not answered (the highlighted row, the red N).
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from tortoise.expressions import Q
from tortoise.models import Model
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

    @property
    def cursor(self) -> str:
        """Where this row stands in the box's order: page after / before it."""
        return encode_cursor(self.sent_at, self.id)


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


@dataclass(frozen=True)
class Page:
    """Which page: rows older than `after`, or newer than `before` (neither: the first)."""

    after: str | None = None
    before: str | None = None
    size: int = policy.MEMO_BOX_PAGE_SIZE


def encode_cursor(at: datetime, row_id: int) -> str:
    raw = f"{at.isoformat()}|{row_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, field: str) -> tuple[datetime, int]:
    """A cursor this box gave out, else INVALID_INPUT on `field` (never a 500)."""
    try:
        if len(cursor) > 200:
            raise ValueError(cursor)
        padded = cursor + "=" * (-len(cursor) % 4)
        at, row_id = base64.urlsafe_b64decode(padded.encode()).decode().split("|")
        parsed = datetime.fromisoformat(at)
        if parsed.tzinfo is None:
            raise ValueError(at)
        return parsed, int(row_id)
    except (ValueError, binascii.Error, UnicodeError):
        raise input_refusal(field, "cursor.foreign") from None


def _older(at_field: str, at: datetime, row_id: int, *, inclusive: bool = False) -> Q:
    """Rows after the cursor's row in the box's order (and the row itself if inclusive)."""
    ids = {"id__lte" if inclusive else "id__lt": row_id}
    return Q(**{f"{at_field}__lt": at}) | Q(**{at_field: at, **ids})


def _newer(at_field: str, at: datetime, row_id: int, *, inclusive: bool = False) -> Q:
    """Rows before the cursor's row in the box's order (and the row itself if inclusive)."""
    ids = {"id__gte" if inclusive else "id__gt": row_id}
    return Q(**{f"{at_field}__gt": at}) | Q(**{at_field: at, **ids})


async def _paged(
    qs: QuerySet[Any], at_field: str, page: Page, related: tuple[str, ...]
) -> tuple[list[Any], bool, bool, int]:
    """One page of `qs` newest first: (rows, more older, more newer, total)."""
    if page.after and page.before:
        raise input_refusal("before", "memo_box.after_and_before")
    size = max(1, min(page.size, policy.MEMO_BOX_PAGE_SIZE))
    total = await qs.count()
    newest_first = (f"-{at_field}", "-id")
    if page.before:
        at, row_id = decode_cursor(page.before, "before")
        found = list(
            await qs.filter(_newer(at_field, at, row_id))
            .order_by(at_field, "id")
            .limit(size + 1)
            .select_related(*related)
        )
        has_previous = len(found) > size
        rows = list(reversed(found[:size]))
        # the cursor's own row is on the page after this one
        has_next = await qs.filter(_older(at_field, at, row_id, inclusive=True)).exists()
        if not rows:  # the newest rows went away meanwhile: show the first page
            return await _paged(qs, at_field, Page(size=size), related)
        return rows, has_next, has_previous, total
    base: QuerySet[Model] = qs
    has_previous = False
    if page.after:
        at, row_id = decode_cursor(page.after, "after")
        base = qs.filter(_older(at_field, at, row_id))
        has_previous = await qs.filter(_newer(at_field, at, row_id, inclusive=True)).exists()
    found = list(await base.order_by(*newest_first).limit(size + 1).select_related(*related))
    return found[:size], len(found) > size, has_previous, total


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
        found, more, newer, total = await _paged(
            _inquiries(flt, seller_id), "created_at", page, ("order", "seller")
        )
        rows = [_inquiry_row(i) for i in found]
    else:
        found, more, newer, total = await _paged(
            memos, "sent_at", page, ("order", "buyer", "seller")
        )
        rows = [_memo_row(m, viewer) for m in found]
    return MemoBox(rows=rows, limited=more, has_previous=newer, total=total)


# --- the memo list (the API's `memos`): sorted, keyset pages both ways ------------------------


class MemoSortKey(StrEnum):
    """What the memo list can be sorted by (the id breaks ties in the same direction)."""

    SENT_AT = "SENT_AT"


@dataclass(frozen=True)
class MemoSort:
    """The memo list's order; default newest first, as the memo box."""

    key: MemoSortKey = MemoSortKey.SENT_AT
    direction: SortDirection = SortDirection.DESC

    def keyset(self) -> KeysetSort:
        return KeysetSort(str(self.key), self.direction, "sent_at")


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
