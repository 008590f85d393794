"""Issue 10, point 2: counter rows are taken last and in one global order, and a database
that stays locked ends in DATABASE_BUSY ("try again"), not in a false CONFLICT."""

from __future__ import annotations

import sqlite3

import pytest

from models import demo as d
from models.config import sqlite_path
from models.entities import WithdrawalRound
from models.enums import ClaimStatus, WithdrawalState
from models.errors import DomainError, ErrorCode
from models.ops import counters, withdrawals
from models.ops.counters import CounterDeltas, first_day_key, status_key, withdrawal_key
from models.ops.retry import backoff_seconds
from models.ops.runner import ClaimTx, run_claim_op
from models.queries import counter_values, live_group_by
from tests.models.helpers import buyer, claim_of, seller

REQUESTED = withdrawal_key(WithdrawalState.REQUESTED)
HELD = withdrawal_key(WithdrawalState.HELD)


def test_deltas_come_out_sorted_and_without_zeros() -> None:
    deltas = CounterDeltas()
    deltas.move(7, REQUESTED, HELD)  # a reject on seller 7
    deltas.move(3, HELD, REQUESTED)  # a re-request on seller 3
    deltas.move(7, HELD, REQUESTED)  # cancels the first move out
    deltas.add(3, "status:A", 0)
    assert deltas.pending() == [(3, HELD, -1), (3, REQUESTED, +1)]


def test_a_reject_and_a_rerequest_take_the_same_rows_in_the_same_order() -> None:
    """The transitions of the measured deadlock: opposite moves, identical lock order."""
    reject, rerequest = CounterDeltas(), CounterDeltas()
    reject.move(1, REQUESTED, HELD)
    rerequest.move(1, HELD, REQUESTED)
    assert [k for _, k, _ in reject.pending()] == [k for _, k, _ in rerequest.pending()]


def test_backoff_is_jittered_and_capped() -> None:
    samples = [backoff_seconds(attempt) for attempt in range(20) for _ in range(20)]
    assert all(0 <= s <= 0.5 for s in samples)
    assert len(set(samples)) > 100


async def test_counters_are_written_last_in_sorted_order(demo, monkeypatch) -> None:
    """Inside the op nothing touches a counter; after it, every key in order (one UPDATE
    per key on PostgreSQL, one upsert on SQLite)."""
    shop1, buyer1 = await seller(), await buyer()
    claim = await claim_of(d.ORDER_RETURN)
    await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
    before = await counter_values(shop1.id)
    written: list[tuple[int, str, int]] = []
    real_write = counters.write

    async def recording_write(deltas, versions=(), notify=()) -> None:  # noqa: ANN001
        written.extend(deltas)
        await real_write(deltas, versions, notify)

    monkeypatch.setattr(counters, "write", recording_write)

    async def accept_in_two_steps(tx: ClaimTx) -> None:
        # The state first, then the status: a move order a transition might dictate.
        await tx.set_round_state(WithdrawalState.ACCEPTED, responded_at=tx.now)
        await tx.change(withdrawal_state=WithdrawalState.ACCEPTED)
        await tx.change(status=ClaimStatus.WITHDRAWN, completed_on=tx.today)
        assert written == []
        assert await counter_values(shop1.id) == before

    await run_claim_op(claim.id, accept_in_two_steps, buyer_id=buyer1.id)
    assert written == sorted(written)
    assert [(k, n) for _, k, n in written] == sorted(
        [
            (status_key(ClaimStatus.RETURN_REQUESTED), -1),
            # leaving its first status, the claim leaves its request day's row too
            (first_day_key(ClaimStatus.RETURN_REQUESTED, claim.requested_on), -1),
            (status_key(ClaimStatus.WITHDRAWN), +1),
            (withdrawal_key(WithdrawalState.ACCEPTED), +1),
            (REQUESTED, -1),
        ]
    )
    assert await counter_values(shop1.id) == await live_group_by(shop1.id)


async def test_a_refusal_after_a_change_keeps_its_counters(demo) -> None:
    """What a refused op wrote before refusing commits, so its counter moves must too."""
    shop1 = await seller()
    claim = await claim_of(d.ORDER_RETURN)

    async def change_then_refuse(tx: ClaimTx) -> None:
        await tx.change(status=ClaimStatus.RETURNING)
        raise DomainError(ErrorCode.INVALID_TRANSITION, "refused after the change")

    with pytest.raises(DomainError):
        await run_claim_op(claim.id, change_then_refuse)
    assert await counter_values(shop1.id) == await live_group_by(shop1.id)


@pytest.fixture
def sqlite_file(database_url: str):  # noqa: ANN201 - the Path
    path = sqlite_path(database_url)
    if path is None:
        pytest.skip("SQLite-only: its file lock (PostgreSQL's lock_timeout is set per deployment)")
    return path


async def test_a_locked_sqlite_database_answers_database_busy(demo, sqlite_file) -> None:
    """Another connection holds the write lock for the whole call: every attempt waits its
    busy timeout and fails; the user is told the database is busy, not CONFLICT."""
    shop1 = await seller()
    claim = await claim_of(d.ORDER_RETURN)
    counts_before = await counter_values(shop1.id)
    connection = WithdrawalRound._meta.db
    _, rows = await connection.execute_query("PRAGMA busy_timeout")
    configured = int(next(iter(dict(rows[0]).values())))
    await connection.execute_script("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(sqlite_file, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        with pytest.raises(DomainError) as refused:
            await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
        other.execute("ROLLBACK")
    finally:
        other.close()
        await connection.execute_script(f"PRAGMA busy_timeout = {configured}")
    assert refused.value.code == ErrorCode.DATABASE_BUSY
    assert await WithdrawalRound.filter(claim_id=claim.id).count() == 0
    assert await counter_values(shop1.id) == counts_before
    # The lock is gone: the same call now goes through.
    result = await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
    assert result.withdrawal is not None


def _locked_then_done(failures: int, delay: float = 0.0):
    """An operation whose first `failures` attempts meet SQLite's "database is locked"
    (after `delay` seconds, as if it had waited that long), then succeeds."""
    import asyncio

    calls = []

    async def attempt() -> str:
        calls.append(1)
        if len(calls) <= failures:
            await asyncio.sleep(delay)
            raise sqlite3.OperationalError("database is locked")
        return "done"

    return attempt, calls


async def test_a_lock_refused_at_once_is_a_lost_race_and_retried_like_one():
    """SQLite answers a stale-snapshot writer "locked" without waiting: three `qsm sweep`
    processes met it under load. It is retried past the busy budget (3) and succeeds."""
    from models.ops import retry

    attempt, calls = _locked_then_done(5)
    assert await retry.with_retry(attempt) == "done"
    assert len(calls) == 6


async def test_a_lock_that_was_waited_for_still_ends_in_database_busy(monkeypatch):
    """A failure that waited out the busy timeout counts against the busy budget: after
    three the caller is told DATABASE_BUSY instead of waiting on."""
    from models.errors import DomainError, ErrorCode
    from models.ops import retry

    monkeypatch.setattr(retry, "QUICK_BUSY_SECONDS", 0.01)
    attempt, calls = _locked_then_done(5, delay=0.02)
    with pytest.raises(DomainError) as refused:
        await retry.with_retry(attempt)
    assert refused.value.code == ErrorCode.DATABASE_BUSY
    assert len(calls) == retry.BUSY_ATTEMPTS
