"""The sweep: rounds past their deadline day expire and their claims are withdrawn (§5.8),
then rounds whose deadline is near remind both parties (`models.ops.reminders`, once each).

Batched (`models.ops.expiry`), so 100,000 due rounds take seconds and memory stays flat.
Safe with several processes: each batch is guarded, so a claim is expired exactly once
whoever races for it. Reads call
`sweep_seller` / `sweep_buyer` first ("sweep-on-read"), so nothing shows as pending after
its deadline day even between periodic sweeps.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import date, datetime
from functools import cache

from tortoise import connections

from models import data_version, periodic
from models.clock import business_date, get_clock
from models.entities import Claim, WithdrawalRound
from models.enums import WithdrawalState
from models.ops import reminders
from models.ops.expiry import expire_claims
from models.ops.retry import MAX_ATTEMPTS, is_retryable

log = logging.getLogger("qsm.sweep")
#: Claims expired per transaction; QSM_SWEEP_BATCH overrides (smaller = shorter locks).
#: 5,000: a batch is a fixed handful of statements, so per-commit cost dominates small
#: batches (20k due on SQLite: 5.7 s at 1,000, 3.3 s at 5,000), while one batch still
#: holds its locks for well under a second.
BATCH_SIZE = int(os.environ.get("QSM_SWEEP_BATCH", "5000"))
REQUESTED = WithdrawalState.REQUESTED


#: Due rounds read at once and regrouped by seller before they are cut into batches.
WINDOW_BATCHES = 10


async def _due_claims(limit: int, today, **scope: int) -> list[tuple[int, int]]:  # noqa: ANN001
    """(claim id, seller id) of the first `limit` due rounds, oldest deadline first."""
    filters = {f"claim__{k}": v for k, v in scope.items()}
    rows = (
        await WithdrawalRound.filter(state=REQUESTED, deadline__lt=today, **filters)
        .order_by("deadline", "id")
        .limit(limit)
        .values_list("claim_id", "claim__seller_id")
    )
    return [(int(claim_id), int(seller_id)) for claim_id, seller_id in rows]


def _by_seller(due: list[tuple[int, int]], batch_size: int) -> list[list[int]]:
    """The window's claims cut into batches of whole sellers' runs (seller, then id).

    Why: due rounds come from many sellers at once (a day's deadlines), and most of what a
    batch writes is keyed by seller (five claim indexes, the seller's notices, its counter
    rows). A batch of 5,000 claims spread over 1,000 sellers dirties ~19,000 pages of
    those indexes, which SQLite writes to its log and back at every commit; the same
    claims grouped by seller share their pages, and each batch moves the counter rows of
    a few sellers instead of all of them."""
    ordered = sorted(due, key=lambda row: (row[1], row[0]))
    return [
        [claim_id for claim_id, _ in ordered[i : i + batch_size]]
        for i in range(0, len(ordered), batch_size)
    ]


async def _expire_with_retry(claim_ids: list[int], now: datetime) -> int:
    for attempt in range(MAX_ATTEMPTS):
        try:
            return await expire_claims(claim_ids, now)
        except Exception as exc:
            if not is_retryable(exc) or attempt == MAX_ATTEMPTS - 1:
                raise
            await asyncio.sleep(0.01 * (attempt + 1))
    return 0


async def _anything_due(today) -> bool:  # noqa: ANN001
    """One probe of the (state, deadline) index: usually nothing is due, and then a read
    pays ~0.1 ms instead of the scoped join (~6 ms on PostgreSQL, a parallel plan)."""
    return await WithdrawalRound.filter(
        state=WithdrawalState.REQUESTED, deadline__lt=today
    ).exists()


async def _seller_has_due(seller_id: int, today: date) -> bool:
    """One probe of the claim's (seller, response_deadline, id) index: the seller's claims
    whose open round's deadline day has passed (`response_deadline` is set exactly while
    the latest round is REQUESTED, runner.py). The global probe above answers "yes" for
    everyone while any other seller has an overdue round, and the scoped join then walked
    them all on every read."""
    return await Claim.filter(seller_id=seller_id, response_deadline__lt=today).exists()


def _reminder_sql(seller: str, first: str, last: str) -> str:
    """Whether one of the seller's open rounds awaits its reminder (the rounds
    `reminders.send_due_reminders` would remind), from the partial index of migration 0014:
    it holds only REQUESTED rounds whose reminder is not sent, by (seller, deadline), so the
    probe reads at most one entry whatever the seller's size. It used to walk the seller's
    claims in the reminder window (~720 for a large seller, 0.19 ms on SQLite)."""
    return (
        f'SELECT 1 FROM "withdrawal_round" WHERE "seller_id" = {seller} '
        f'AND "state" = \'{REQUESTED.value}\' AND "reminded_at" IS NULL '
        f'AND "deadline" >= {first} AND "deadline" <= {last}'
    )


async def _seller_reminders_due(seller_id: int, today: date) -> bool:
    """Whether one of the seller's open rounds awaits its reminder (`_reminder_sql`)."""
    first, last = reminders.window(today)
    conn = connections.get("default")
    p = ["$1", "$2", "$3"] if conn.capabilities.dialect == "postgres" else ["?1", "?2", "?3"]
    _, rows = await conn.execute_query(
        f'SELECT EXISTS ({_reminder_sql(*p)}) AS "remind"', [seller_id, first, last]
    )
    return bool(rows[0]["remind"])


@cache
def seller_probe_sql(*, postgres: bool) -> str:
    """The text of `_seller_probe`'s statement: $1 the seller, $2 today, $3 and $4 the
    reminder window (`reminders.window`). The bench's raw floor runs the same text. Built
    once per dialect: every seller request runs it."""
    p = ["$1", "$2", "$3", "$4"] if postgres else ["?1", "?2", "?3", "?4"]
    return (
        "SELECT "
        f'EXISTS (SELECT 1 FROM "claim" WHERE "seller_id" = {p[0]} '
        f'AND "response_deadline" < {p[1]}) AS "due", '
        f'EXISTS ({_reminder_sql(p[0], p[2], p[3])}) AS "remind", '
        f'(SELECT "count" FROM "seller_counter" WHERE "seller_id" = {p[0]} '
        f'AND "key" = \'{data_version.KEY}\') AS "version"'
    )


async def _seller_probe(seller_id: int, today: date) -> tuple[bool, bool, int]:
    """One statement for a seller's sweep-on-read: is any open round overdue (the claim's
    (seller, response_deadline) index, as `_seller_has_due`), does one await its reminder
    (`_reminder_sql`, one entry of the partial index), and the seller's data version (the ETag's number,
    `models/data_version.py`). A seller's page used to pay three statements for these."""
    first, last = reminders.window(today)
    conn = connections.get("default")
    sql = seller_probe_sql(postgres=conn.capabilities.dialect == "postgres")
    _, rows = await conn.execute_query(sql, [seller_id, today, first, last])
    row = rows[0]
    return bool(row["due"]), bool(row["remind"]), int(row["version"] or 0)


async def _sweep(batch_size: int, **scope: int) -> tuple[int, int | None]:
    """Expire what is overdue, then send the reminders that are due; returns how many
    rounds expired and, for a seller whose sweep found nothing to do, the seller's data
    version read with its probe (None: read it again, the sweep may have moved it)."""
    if "seller_id" in scope:
        return await _sweep_seller(batch_size, scope["seller_id"])
    expired = await _expire(batch_size, **scope)
    today = get_clock().today()
    due = not scope or await reminders.anything_due(today)
    if due:
        await reminders.send_due_reminders(**scope)
    return expired, None


async def _sweep_seller(batch_size: int, seller_id: int) -> tuple[int, int | None]:
    overdue, remind, version = await _seller_probe(seller_id, get_clock().today())
    if not overdue and not remind:
        return 0, version
    expired = 0
    if overdue:
        expired = await _expire_batches(batch_size, seller_id=seller_id)
        # the expiry changed the rounds: ask again, as before the combined probe
        remind = await _seller_reminders_due(seller_id, get_clock().today())
    if remind:
        await reminders.send_due_reminders(seller_id=seller_id)
    return expired, None


async def _expire(batch_size: int, **scope: int) -> int:
    today = get_clock().today()
    if "seller_id" in scope:
        if not await _seller_has_due(scope["seller_id"], today):
            return 0
    elif scope and not await _anything_due(today):
        return 0
    return await _expire_batches(batch_size, **scope)


async def _expire_batches(batch_size: int, **scope: int) -> int:
    total = 0
    window = batch_size * WINDOW_BATCHES
    while True:
        due = await _due_claims(window, business_date(get_clock().now()), **scope)
        if not due:
            return total
        done = 0
        for ids in _by_seller(due, batch_size):
            done += await _expire_with_retry(ids, get_clock().now())
        total += done
        if done == 0 and len(due) < window:
            return total


async def expire_due(batch_size: int = BATCH_SIZE) -> int:
    """Expire every overdue round and send every due reminder; returns how many rounds
    this call expired."""
    expired, _ = await _sweep(batch_size)
    return expired


async def expire_overdue(batch_size: int = BATCH_SIZE) -> int:
    """Only the expiry half of `expire_due` (the job engine schedules reminders as their
    own periodic job, models/jobs); returns how many rounds this call expired."""
    return await _expire(batch_size)


#: The sweeps-on-read of the current request, by (scope, account, business date): one
#: probe per request however many read models (the ETag, the page, a grid beside it) ask.
_request_sweeps: ContextVar[
    dict[tuple[str, int, date], asyncio.Future[tuple[int, int | None]]] | None
] = ContextVar("qsm_request_sweeps", default=None)


@contextlib.contextmanager
def once_per_request() -> Iterator[None]:
    """Within this block (one HTTP request), `sweep_seller` / `sweep_buyer` sweep each
    account once; later calls await that first sweep (root fields resolve concurrently, so
    none reads before it is done). A new business date sweeps again.

    The shared sweep runs in its own task (shielded from any one waiter), so a request
    that ends first (its deadline, a client gone) cancels it here: its statement must not
    stay waiting on a lock after the request that wanted it is over."""
    sweeps: dict[tuple[str, int, date], asyncio.Future[tuple[int, int | None]]] = {}
    token = _request_sweeps.set(sweeps)
    try:
        yield
    finally:
        _request_sweeps.reset(token)
        for future in sweeps.values():
            future.cancel()  # a finished one ignores it


async def _once(kind: str, account_id: int, **scope: int) -> tuple[int, int | None]:
    done = _request_sweeps.get()
    if done is None:
        return await _sweep(BATCH_SIZE, **scope)
    key = (kind, account_id, get_clock().today())
    future = done.get(key)
    first = future is None
    if future is None:
        future = done[key] = asyncio.ensure_future(_sweep(BATCH_SIZE, **scope))
    count, version = await asyncio.shield(future)
    return (count if first else 0), version


async def sweep_seller(seller_id: int) -> int:
    """Sweep-on-read for one seller's pages (an index lookup when nothing is due)."""
    count, _ = await _once("seller", seller_id, seller_id=seller_id)
    return count


async def swept_seller_version(seller_id: int) -> int:
    """Sweep-on-read for one seller (once per request), then the seller's data version:
    read by the sweep's own probe when it found nothing to do (one statement for both),
    else read again after what the sweep changed."""
    _, version = await _once("seller", seller_id, seller_id=seller_id)
    if version is None:
        version = await data_version.seller_version(seller_id)
    return version


async def sweep_buyer(buyer_id: int) -> int:
    count, _ = await _once("buyer", buyer_id, buyer_id=buyer_id)
    return count


async def run_periodically(interval_seconds: float) -> None:
    """The in-server sweep loop (started by the app's lifespan)."""
    await periodic.every(
        interval_seconds,
        expire_due,
        log,
        failed="sweep failed",
        done="sweep expired %d withdrawal round(s)",
    )
