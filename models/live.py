"""The change feed under both surfaces: what changed (a claim, a new notice) and for whom.

Why here, in `models/`: the operations publish, and they may not import anything above.
A change names ids and a kind only, never data: a subscriber re-reads through the read
models with its own access rules, so the feed can never show anyone something they could
not read anyway.

**One publishing point per transaction.** `publish` is called inside the transaction of
the change it announces:

- On PostgreSQL it runs `pg_notify` on that transaction's connection, so a rolled-back
  change is never announced and a committed one always is (PostgreSQL delivers
  notifications at commit). Every server process LISTENs on one dedicated connection
  (`access.live`) and hands what it hears to `HUB`; nothing is delivered in-process
  directly, so all processes see the same stream, the CLI's sweeps included.
- On SQLite (one process) the changes wait in the transaction's buffer and `HUB` gets
  them after the outermost `transaction()` committed; a rolled-back savepoint drops its
  own. That is why every publishing operation opens its transaction with
  `live.transaction()` rather than Tortoise's `in_transaction()`.

A later outbox (issue 14) can take over `publish` without touching its callers.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import AsyncIterator, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Literal

from tortoise import connections
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from models import data_version

log = logging.getLogger("qsm.live")

#: The PostgreSQL NOTIFY channel every server process listens on.
CHANNEL = "qsm_live"
#: Changes a slow subscriber may have waiting before the oldest are dropped: subscribers
#: re-read on each change, so a dropped duplicate loses nothing a later re-read shows.
QUEUE_MAX = 256

Kind = Literal["claim", "notice"]


@dataclass(frozen=True)
class Change:
    """One change: a claim (`claim_id`) changed, or a notice arrived. `seller_id` /
    `buyer_id` name who may care: both parties of a claim, the one recipient of a notice."""

    kind: Kind
    seller_id: int | None = None
    buyer_id: int | None = None
    claim_id: int | None = None

    def payload(self) -> str:
        body = {"k": self.kind, "s": self.seller_id, "b": self.buyer_id, "c": self.claim_id}
        return json.dumps({k: v for k, v in body.items() if v is not None}, separators=(",", ":"))

    @classmethod
    def parse(cls, payload: str) -> Change | None:
        """The change a NOTIFY payload names, or None for anything else on the channel."""
        try:
            body = json.loads(payload)
            if body.get("k") not in ("claim", "notice"):
                return None
            ids = {
                name: body.get(key)
                for name, key in (("seller_id", "s"), ("buyer_id", "b"), ("claim_id", "c"))
            }
            if any(v is not None and not isinstance(v, int) for v in ids.values()):
                return None
            return cls(kind=body["k"], **ids)
        except (ValueError, AttributeError, TypeError):
            return None

    def concerns(self, *, seller_id: int | None, buyer_id: int | None) -> bool:
        return (seller_id is not None and self.seller_id == seller_id) or (
            buyer_id is not None and self.buyer_id == buyer_id
        )


def claim_changed(claim_id: int, seller_id: int, buyer_id: int) -> Change:
    return Change("claim", seller_id=seller_id, buyer_id=buyer_id, claim_id=claim_id)


def notice_for(*, seller_id: int | None = None, buyer_id: int | None = None) -> Change:
    return Change("notice", seller_id=seller_id, buyer_id=buyer_id)


@dataclass(eq=False)  # hashed by identity: the hub keeps a set of them
class Subscription:
    """One subscriber's queue of the changes for one account (and of `kinds`)."""

    seller_id: int | None
    buyer_id: int | None
    kinds: frozenset[str]
    queue: asyncio.Queue[Change] = field(default_factory=lambda: asyncio.Queue(QUEUE_MAX))

    def offer(self, change: Change) -> None:
        if change.kind not in self.kinds:
            return
        if not change.concerns(seller_id=self.seller_id, buyer_id=self.buyer_id):
            return
        if self.queue.full():
            self.queue.get_nowait()
        self.queue.put_nowait(change)

    async def next(self) -> Change:
        return await self.queue.get()

    def drain(self) -> list[Change]:
        """What else is waiting (a burst of changes becomes one re-read)."""
        out = []
        while not self.queue.empty():
            out.append(self.queue.get_nowait())
        return out


class Hub:
    """In-process fan-out of changes to this process's subscribers."""

    def __init__(self) -> None:
        self._subs: set[Subscription] = set()

    def deliver(self, change: Change) -> None:
        for sub in list(self._subs):
            sub.offer(change)

    @contextlib.contextmanager
    def subscribe(
        self,
        *,
        seller_id: int | None = None,
        buyer_id: int | None = None,
        kinds: tuple[Kind, ...] = ("claim", "notice"),
    ) -> Iterator[Subscription]:
        sub = Subscription(seller_id, buyer_id, frozenset(kinds))
        self._subs.add(sub)
        try:
            yield sub
        finally:
            self._subs.discard(sub)

    @property
    def subscribers(self) -> int:
        return len(self._subs)


HUB = Hub()

#: The SQLite buffer of the innermost `transaction()` of this task (None outside one).
_pending: ContextVar[list[Change] | None] = ContextVar("qsm_live_pending", default=None)
#: Sellers whose data version the outermost `transaction()` moves before it commits.
_versions: ContextVar[set[int] | None] = ContextVar("qsm_live_versions", default=None)


def _is_postgres(conn: BaseDBAsyncClient) -> bool:
    return conn.capabilities.dialect == "postgres"


@contextlib.asynccontextmanager
async def transaction() -> AsyncIterator[Any]:
    """`in_transaction()` whose announcements reach this process's subscribers after it
    committed (SQLite); nested, it is a savepoint whose changes go with its outcome."""
    pending = _pending.get()
    outer = pending is None
    buffer: list[Change] = [] if pending is None else pending
    mark = len(buffer)
    token = _pending.set(buffer) if outer else None
    versions = _versions.set(set()) if outer else None
    try:
        async with in_transaction() as conn:
            yield conn
            if versions is not None:  # the last rows it locks, after the counters
                await data_version.touch(_versions.get() or (), conn)
    except BaseException:
        del buffer[mark:]
        raise
    finally:
        if token is not None:
            _pending.reset(token)
        if versions is not None:
            _versions.reset(versions)
    if outer:
        for change in dict.fromkeys(buffer):
            HUB.deliver(change)


async def notify(conn: BaseDBAsyncClient, payloads: list[str]) -> None:
    """Send NOTIFY payloads on `conn` (PostgreSQL), one statement for the whole set."""
    if payloads:
        await conn.execute_query(
            "SELECT pg_notify($1, p) FROM unnest($2::text[]) AS t(p)", [CHANNEL, payloads]
        )


def take_versions() -> list[int] | None:
    """The sellers whose data version the current outermost `transaction()` would move at
    its end, handed to a caller that moves them itself as the last write of that
    transaction (the claim runner, in its counters' statement); None inside no
    `transaction()`. Call it only once nothing else in the transaction publishes."""
    sellers = _versions.get()
    if sellers is None:
        return None
    taken = sorted(sellers)
    sellers.clear()
    return taken


def announce(*changes: Change) -> list[str]:
    """`publish` for a caller that sends the announcements itself, in a statement it runs
    anyway before the commit (the claim runner's last statement, `models.ops.counters`):
    the sellers' data versions are recorded as `publish` records them; on PostgreSQL the
    NOTIFY payloads are returned for that statement to send (`data_version.touch`), on
    SQLite the changes wait for the commit as always and nothing is returned. Only inside
    `transaction()`; the caller must send what it gets, in this transaction."""
    sellers, pending = _versions.get(), _pending.get()
    assert sellers is not None and pending is not None, "only inside live.transaction()"
    sellers.update(c.seller_id for c in changes if c.seller_id is not None)
    if _is_postgres(connections.get("default")):
        return [change.payload() for change in dict.fromkeys(changes)]
    pending.extend(changes)
    return []


def active() -> bool:
    """Whether the caller is inside a `transaction()` (outermost or nested)."""
    return _pending.get() is not None


async def publish(*changes: Change) -> None:
    """Announce `changes` with the current transaction (see the module docstring)."""
    if not changes:
        return
    conn = connections.get("default")
    # the sellers' data versions (ETag, models/data_version.py): at the end of the
    # outermost `transaction()`, or now outside one
    if (sellers := _versions.get()) is not None:
        sellers.update(c.seller_id for c in changes if c.seller_id is not None)
    else:
        await data_version.touch((c.seller_id for c in changes), conn)
    if _is_postgres(conn):
        # One round trip for the whole set (a sweep batch announces ~3 changes per claim:
        # one statement per change was most of its client-side time).
        await notify(conn, [change.payload() for change in dict.fromkeys(changes)])
        return
    pending = _pending.get()
    if pending is not None:
        pending.extend(changes)
        return
    # Not inside `transaction()` (a caller outside the operations): nothing to wait for.
    for change in changes:
        HUB.deliver(change)
