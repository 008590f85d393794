"""Keeps `SellerCounter` (the grid's counts) in step with claims, inside the same transaction.

Why deltas applied last, in sorted order: a claim transition moves two counter rows of
its seller (REQUESTED -1 / HELD +1 when the buyer rejects, the opposite when the seller
re-requests). Moved one by one, in the order each transition dictates, two transactions on
different claims of one seller took the same two rows in opposite orders and PostgreSQL
killed one of them (`deadlock detected`, 21 of 100 cross-claim pairs). Counter changes
commute, so `CounterDeltas` collects them and `apply` takes the rows at the very end of
the transaction in one global (seller_id, key) order, dropping deltas that cancel out.
The whole transaction then locks claim -> round -> order -> counters, the order the
expiry batch (`models.ops.expiry`) uses too.

Why `first:<request day>:<status>` rows (the delayed count, docs/counters.md): "delayed"
is a claim still in its type's first status with a request date before today - DELAY_DAYS,
so it changes as days pass without any claim changing. A counter per (first status,
request day) never needs rewriting when the day turns: the delayed count is the status
counter minus the few day rows on or after the cut-off (at most DELAY_DAYS + 1 days per
status), one range read of the (seller_id, key) index whatever the number of claims. The
keys sort before `status:` and `withdrawal:`, so the global lock order still holds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from tortoise.expressions import F

from models import data_version, live, policy
from models.entities import SellerCounter
from models.enums import ClaimStatus, WithdrawalState

#: Prefix of the per-request-day rows of claims in a first status (the delayed count).
FIRST_PREFIX = "first:"


def status_key(status: ClaimStatus | str) -> str:
    return f"status:{status}"


def withdrawal_key(state: WithdrawalState | str) -> str:
    return f"withdrawal:{state}"


def first_day_key(status: ClaimStatus | str, requested_on: date | str) -> str | None:
    """`first:<request day>:<status>` for a claim in its type's first status, else None."""
    if ClaimStatus(status) not in policy.FIRST_STATUSES:
        return None
    day = requested_on if isinstance(requested_on, str) else requested_on.isoformat()
    return f"{FIRST_PREFIX}{day}:{ClaimStatus(status).value}"


def first_day_from(day: date) -> str:
    """The smallest key of a first-status row requested on `day` or later: every key at or
    above it is one of those rows, a `status:` or a `withdrawal:` row."""
    return f"{FIRST_PREFIX}{day.isoformat()}"


def parse_first_day_key(key: str) -> tuple[date, ClaimStatus]:
    day, status = key.removeprefix(FIRST_PREFIX).split(":", 1)
    return date.fromisoformat(day), ClaimStatus(status)


def claim_keys(
    status: ClaimStatus | str,
    requested_on: date | str,
    withdrawal_state: WithdrawalState | str | None,
) -> list[str]:
    """Every counter one claim counts in."""
    keys = [status_key(status)]
    if day_key := first_day_key(status, requested_on):
        keys.append(day_key)
    if withdrawal_state:
        keys.append(withdrawal_key(withdrawal_state))
    return keys


ALL_KEYS: tuple[str, ...] = tuple(status_key(s) for s in ClaimStatus) + tuple(
    withdrawal_key(s) for s in WithdrawalState
)


async def ensure_counters(seller_id: int) -> None:
    """Create a seller's counter rows (all zero) so later changes are plain UPDATEs."""
    existing = set(await SellerCounter.filter(seller_id=seller_id).values_list("key", flat=True))
    missing = [k for k in ALL_KEYS if k not in existing]
    if missing:
        await SellerCounter.bulk_create(
            [SellerCounter(seller_id=seller_id, key=k, count=0) for k in missing]
        )


async def add(seller_id: int, key: str, delta: int) -> None:
    if delta == 0:
        return
    # What `SellerCounter.filter(…).update(count=F("count") + delta)` runs, as a plain
    # statement: every claim operation runs it, and Tortoise rebuilt it each time.
    db = SellerCounter._meta.db
    marks = ("$1", "$2", "$3") if db.capabilities.dialect == "postgres" else ("?", "?", "?")
    updated, _ = await db.execute_query(
        f'UPDATE "seller_counter" SET "count" = "count" + {marks[0]} '
        f'WHERE "seller_id" = {marks[1]} AND "key" = {marks[2]}',
        [delta, seller_id, key],
    )
    if updated:
        return
    if not key.startswith(FIRST_PREFIX):
        await ensure_counters(seller_id)
        await SellerCounter.filter(seller_id=seller_id, key=key).update(count=F("count") + delta)
        return
    # A request day's first row appears with its first claim. Upsert: two transactions
    # creating it at once both succeed (an UPDATE first, so the common case burns no id).
    db = SellerCounter._meta.db
    pg = db.capabilities.dialect == "postgres"
    marks = ("$1", "$2", "$3") if pg else ("?", "?", "?")
    await db.execute_query(
        'INSERT INTO "seller_counter" ("seller_id", "key", "count") '
        f"VALUES ({', '.join(marks)}) "
        'ON CONFLICT ("seller_id", "key") DO UPDATE SET "count" = "seller_counter"."count" + '
        'excluded."count"',
        [seller_id, key, delta],
    )


async def add_claim(seller_id: int, keys: list[str]) -> None:
    """Count one new claim in `keys` (sorted: the global lock order)."""
    for key in sorted(keys):
        await add(seller_id, key, +1)


class CounterDeltas:
    """Counter changes collected during a transaction, applied together at its end."""

    def __init__(self) -> None:
        self._deltas: defaultdict[tuple[int, str], int] = defaultdict(int)

    def add(self, seller_id: int, key: str, delta: int) -> None:
        self._deltas[(seller_id, key)] += delta

    def move(self, seller_id: int, old_key: str | None, new_key: str | None) -> None:
        """One claim left `old_key` and entered `new_key` (either may be None)."""
        if old_key == new_key:
            return
        if old_key:
            self.add(seller_id, old_key, -1)
        if new_key:
            self.add(seller_id, new_key, +1)

    def pending(self) -> list[tuple[int, str, int]]:
        """(seller_id, key, delta) in the global lock order, zero deltas dropped."""
        return [(s, k, d) for (s, k), d in sorted(self._deltas.items()) if d]

    async def apply(self, versions: Sequence[int] = (), notify: Sequence[str] = ()) -> None:
        """Write every pending delta, then move the `versions` sellers' data versions
        (`models.data_version`) and send `notify`, and start over."""
        pending = self.pending()
        self._deltas.clear()
        await write(pending, versions, notify)


async def write(
    deltas: Sequence[tuple[int, str, int]],
    versions: Sequence[int] = (),
    notify: Sequence[str] = (),
) -> None:
    """Apply `deltas` ((seller_id, key, delta), in the global lock order), move the data
    versions of `versions` and send the NOTIFY payloads `notify` (PostgreSQL's, from
    `live.announce`), as the last writes of a transaction.

    PostgreSQL: one UPDATE per delta in this order (row locks in the global order; an
    upsert would take a sequence value per row), then the versions' statement, which
    sends the payloads too. SQLite
    locks the whole database, not rows, and each statement of a transaction holds the one
    connection for a turn of the event loop: there one upsert writes them all (a delta
    for a missing row creates it, as `add` does for request days)."""
    conn = SellerCounter._meta.db
    if conn.capabilities.dialect == "postgres":
        for seller_id, key, delta in deltas:
            await add(seller_id, key, delta)
        await data_version.touch(versions, conn, notify=(live.CHANNEL, notify))
        return
    assert not notify, "SQLite announces after the commit (models/live.py)"
    rows = [*deltas, *((s, data_version.KEY, 1) for s in sorted(set(versions)))]
    if not rows:
        return
    await conn.execute_query(
        'INSERT INTO "seller_counter" ("seller_id", "key", "count") VALUES '
        + ", ".join("(?, ?, ?)" for _ in rows)
        + ' ON CONFLICT ("seller_id", "key") DO UPDATE SET "count" = '
        '"seller_counter"."count" + excluded."count"',
        [value for row in rows for value in row],
    )


async def rebuild(seller_id: int, counts: dict[str, int]) -> None:
    """Replace a seller's counter rows by `counts` (a recount such as
    `models.queries.live_group_by`), zero rows for the keys it lacks: for data written
    outside the operations (fixtures, imports)."""
    await SellerCounter.filter(seller_id=seller_id).delete()
    await SellerCounter.bulk_create(
        [SellerCounter(seller_id=seller_id, key=k, count=n) for k, n in sorted(counts.items())]
        + [SellerCounter(seller_id=seller_id, key=k, count=0) for k in ALL_KEYS if k not in counts]
    )
