"""An order's conversation (纸条 thread): every memo of both parties, oldest first.

Why one read model: the transaction panel (seller), MyQoo10 (buyer), `Order.thread` and
`myMemoThreads` show the same conversation; each reads `read_thread` / `buyer_threads`
and only words or converts the rows. "Unanswered" is always seen from the viewer: a memo
the other party sent that the viewer has not answered yet (the viewer's red N).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from tortoise.functions import Max
from tortoise.queryset import QuerySet

from models import policy
from models.entities import Memo, Order
from models.enums import ActorKind, MemoStatus
from models.keyset import KeysetPage, KeysetSort, PageRequest
from models.keyset import page as keyset_page
from models.queries import SortDirection


def attachment_url(memo_id: int) -> str:
    """Where the two parties of the order download a memo's file (anyone else: 404)."""
    return f"/attachments/{memo_id}"


@dataclass(frozen=True)
class ThreadMemo:
    """One memo of a conversation, with whether the viewer wrote it."""

    memo: Memo
    #: The viewer wrote it (shown on the viewer's side of the thread).
    mine: bool

    @property
    def awaiting_viewer(self) -> bool:
        """The other party wrote it and the viewer has not answered it yet."""
        return not self.mine and self.memo.status == MemoStatus.UNANSWERED

    @property
    def attachment_url(self) -> str | None:
        return attachment_url(self.memo.id) if self.memo.attachment_path else None


@dataclass(frozen=True)
class Thread:
    """An order's conversation as one party sees it, newest memo last."""

    order: Order
    viewer: ActorKind
    memos: list[ThreadMemo]

    @property
    def awaiting_viewer(self) -> bool:
        """The viewer's red N: a memo to them waits for their answer."""
        return any(m.awaiting_viewer for m in self.memos)


def thread_of(order: Order, viewer: ActorKind, memos: list[Memo]) -> Thread:
    """The conversation from the order's memos already read, oldest first."""
    rows = [ThreadMemo(m, m.sender_kind == viewer) for m in memos]
    return Thread(order=order, viewer=viewer, memos=rows)


async def read_thread(order: Order, viewer: ActorKind) -> Thread:
    """The conversation of an order the caller already checked the viewer may see."""
    memos = await Memo.filter(order_id=order.id).order_by("sent_at", "id")
    return thread_of(order, viewer, memos)


async def buyer_threads(buyer_id: int, limit: int = policy.MY_THREADS_MAX) -> list[Thread]:
    """The buyer's conversations (orders with memos), the latest activity first, each
    oldest memo first: MyQoo10's 纸条 section and `myMemoThreads`."""
    latest = (
        await Memo.filter(buyer_id=buyer_id)
        .annotate(last_at=Max("sent_at"), last_id=Max("id"))
        .group_by("order_id")
        .order_by("-last_at", "-last_id")
        .limit(limit)
        .values_list("order_id", flat=True)
    )
    return await _threads_of(buyer_id, list(latest))


async def _threads_of(buyer_id: int, order_ids: list[int]) -> list[Thread]:
    """The buyer's conversations on these orders, in this order, oldest memo first."""
    if not order_ids:
        return []
    orders = {
        o.id: o
        for o in await Order.filter(id__in=order_ids, buyer_id=buyer_id).select_related(
            "seller", "buyer"
        )
    }
    memos = await Memo.filter(order_id__in=order_ids).order_by("sent_at", "id")
    by_order: dict[int, list[Memo]] = {i: [] for i in order_ids}
    for memo in memos:
        by_order[memo.order_id].append(memo)
    return [thread_of(orders[i], ActorKind.BUYER, by_order[i]) for i in order_ids if i in orders]


class ThreadSortKey(StrEnum):
    """What the buyer's conversations can be sorted by (the latest memo's id breaks ties)."""

    #: The time of the conversation's latest memo.
    LAST_ACTIVITY = "LAST_ACTIVITY"


@dataclass(frozen=True)
class ThreadSort:
    """The conversations' order; default the latest activity first, as MyQoo10."""

    key: ThreadSortKey = ThreadSortKey.LAST_ACTIVITY
    direction: SortDirection = SortDirection.DESC

    def keyset(self) -> KeysetSort:
        return KeysetSort(str(self.key), self.direction, "last_at", id_column="last_id")


@dataclass(frozen=True)
class ThreadPage:
    """One keyset page of the buyer's conversations (`myMemoThreadConnection`)."""

    threads: list[Thread]
    cursors: list[str]
    has_next: bool
    has_previous: bool
    total: int


async def buyer_threads_page(
    buyer_id: int, sort: ThreadSort | None = None, request: PageRequest | None = None
) -> ThreadPage:
    """One page of the buyer's conversations in `sort` order, either direction: keyset
    on (latest memo time, latest memo id) per order, a HAVING range, no OFFSET."""
    grouped = (
        Memo.filter(buyer_id=buyer_id)
        .annotate(last_at=Max("sent_at"), last_id=Max("id"))
        .group_by("order_id")
    )

    async def fetch(limited: QuerySet[Memo]) -> list[dict[str, Any]]:
        return list(await limited.values("order_id", "last_at", "last_id"))

    found: KeysetPage[dict[str, Any]] = await keyset_page(
        grouped, (sort or ThreadSort()).keyset(), request or PageRequest(), fetch=fetch
    )
    cursor_of = {row["order_id"]: c for row, c in zip(found.rows, found.cursors, strict=True)}
    threads = await _threads_of(buyer_id, list(cursor_of))
    cursors = [cursor_of[t.order.id] for t in threads]
    total = await Memo.filter(buyer_id=buyer_id).distinct().values_list("order_id", flat=True)
    return ThreadPage(threads, cursors, found.has_next, found.has_previous, len(total))
