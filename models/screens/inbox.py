"""The notice inbox (a seller's Qpost, a buyer's MyQoo10 notices): newest first, with the
unread count.

Why here: the inbox is a screen of its own (the portal's Qpost / MyQoo10 notices page and
the API's `notifications`) and both surfaces must list the same rows; the portal's header
count on every page comes from `load_unread`.
A notice is returned as its kind plus parameters (codes, not sentences): the surface
renders it in its reader's language with `InboxNotice.text(lang)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from models import policy
from models.entities import Notification, Order
from models.enums import Lang, NotificationKind
from models.keyset import KeysetSort, PageRequest
from models.keyset import page as keyset_page
from models.messages import notice_text
from models.ops.sweep import sweep_buyer, sweep_seller
from models.queries import SortDirection


@dataclass(frozen=True)
class InboxNotice:
    id: int
    kind: NotificationKind
    #: The values its sentence is rendered with; None on rows written before notices kept
    #: parameters (migration 0004), which show `stored_text`.
    params: dict[str, str] | None
    stored_text: str
    order_id: int | None
    order_no: str | None
    claim_id: int | None
    created_at: datetime
    read_at: datetime | None

    @property
    def read(self) -> bool:
        return self.read_at is not None

    def text(self, lang: Lang | str = Lang.ZH) -> str:
        """The notice's sentence in `lang` (zh, ja or en; anything else is zh)."""
        return notice_text(self.kind, self.params, lang, self.stored_text)


@dataclass(frozen=True)
class Inbox:
    #: Newest first (created_at, then id), at most policy.INBOX_MAX_NOTICES.
    notices: list[InboxNotice]
    #: Unread notices in the whole inbox, not only the ones listed.
    unread: int


def _scope(seller_id: int | None, buyer_id: int | None) -> dict[str, int]:
    assert (seller_id is None) != (buyer_id is None), "exactly one viewer"
    return {"seller_id": seller_id} if seller_id is not None else {"buyer_id": buyer_id}  # type: ignore[dict-item]


async def read(
    *, seller_id: int | None = None, buyer_id: int | None = None, unread_only: bool = False
) -> Inbox:
    """The viewer's inbox; assumes the caller swept (see `load`)."""
    scope = _scope(seller_id, buyer_id)
    listed = Notification.filter(**scope)
    if unread_only:
        listed = listed.filter(read_at__isnull=True)
    rows = await listed.order_by("-created_at", "-id").limit(policy.INBOX_MAX_NOTICES)
    notices = await _notices(rows)
    unread = await Notification.filter(**scope, read_at__isnull=True).count()
    return Inbox(notices, unread)


async def by_ids(
    ids: list[int], *, seller_id: int | None = None, buyer_id: int | None = None
) -> list[InboxNotice]:
    """The viewer's notices among `ids` (someone else's are simply absent), in no order:
    the API's `node(id:)` / `nodes(ids:)` fetch notices by ID through here."""
    rows = await Notification.filter(id__in=ids, **_scope(seller_id, buyer_id))
    return await _notices(rows)


async def _notices(rows: list[Notification]) -> list[InboxNotice]:
    """Rows as notices, with their order numbers (one query for all of them)."""
    order_ids = {r.order_id for r in rows if r.order_id is not None}
    order_nos = dict(
        await Order.filter(id__in=order_ids).values_list("id", "order_no") if order_ids else []
    )
    return [
        InboxNotice(
            id=r.id,
            kind=NotificationKind(r.kind),
            params=r.params,
            stored_text=r.text,
            order_id=r.order_id,
            order_no=order_nos.get(r.order_id) if r.order_id is not None else None,
            claim_id=r.claim_id,
            created_at=r.created_at,
            read_at=r.read_at,
        )
        for r in rows
    ]


class NoticeSortKey(StrEnum):
    """What the notice list can be sorted by (the id breaks ties in the same direction)."""

    CREATED_AT = "CREATED_AT"


@dataclass(frozen=True)
class NoticeSort:
    """The notice list's order; default newest first, as the inbox."""

    key: NoticeSortKey = NoticeSortKey.CREATED_AT
    direction: SortDirection = SortDirection.DESC

    def keyset(self) -> KeysetSort:
        return KeysetSort(str(self.key), self.direction, "created_at")


@dataclass(frozen=True)
class NoticePage:
    """One keyset page of the inbox (the API's `notificationConnection`)."""

    notices: list[InboxNotice]
    cursors: list[str]
    has_next: bool
    has_previous: bool
    #: Notices the list holds on all pages (unread ones only when so asked).
    total: int
    #: Unread notices in the whole inbox.
    unread: int


async def read_page(
    *,
    seller_id: int | None = None,
    buyer_id: int | None = None,
    unread_only: bool = False,
    sort: NoticeSort | None = None,
    request: PageRequest | None = None,
) -> NoticePage:
    """One page of the viewer's inbox in `sort` order, either direction, no cap but the
    page size; assumes the caller swept (see `load`)."""
    scope = _scope(seller_id, buyer_id)
    listed = Notification.filter(**scope)
    if unread_only:
        listed = listed.filter(read_at__isnull=True)
    found = await keyset_page(listed, (sort or NoticeSort()).keyset(), request or PageRequest())
    unread = await Notification.filter(**scope, read_at__isnull=True).count()
    total = unread if unread_only else await listed.count()
    return NoticePage(
        await _notices(found.rows), found.cursors, found.has_next, found.has_previous, total, unread
    )


async def load(
    *,
    seller_id: int | None = None,
    buyer_id: int | None = None,
    unread_only: bool = False,
    request: PageRequest | None = None,
) -> NoticePage:
    """Sweep the viewer's overdue rounds once (their expiry notices belong in the inbox),
    then read one page of it, newest first (the portal's pager): every notice is
    reachable, not only the newest `policy.INBOX_MAX_NOTICES`."""
    if seller_id is not None:
        await sweep_seller(seller_id)
    else:
        _scope(seller_id, buyer_id)
        await sweep_buyer(buyer_id)  # type: ignore[arg-type]
    return await read_page(
        seller_id=seller_id, buyer_id=buyer_id, unread_only=unread_only, request=request
    )


async def load_unread(*, seller_id: int | None = None, buyer_id: int | None = None) -> int:
    """The header's number on every portal page: sweeps first (an expiry or a reminder due
    now belongs in the count), then counts the viewer's unread notices."""
    scope = _scope(seller_id, buyer_id)
    if seller_id is not None:
        await sweep_seller(seller_id)
    else:
        await sweep_buyer(buyer_id)  # type: ignore[arg-type]
    return await Notification.filter(**scope, read_at__isnull=True).count()
