"""The guarded transition runner every claim operation goes through.

Lock order, the same in every transaction so two of them never wait on each other in a
cycle: the claim row (FOR UPDATE) -> its round -> its order -> the seller's counters,
which `ClaimTx` only collects and applies last, in sorted (seller_id, key) order
(`models.ops.counters`). A deadlock, serialization failure or busy database still
re-runs the whole attempt (`models.ops.retry.with_retry`).

Why not rely on row locks alone: SQLite has none (it locks the whole database). The
runner's first statement (`models.ops.claim_lock`) takes the claim's row lock on
PostgreSQL (racing callers then serialise, so the loser reads the winner's result and gets
the right business refusal), but the real guard is the conditional
`UPDATE … WHERE version = <read version>`: if it changes no row, somebody else won, the
transaction rolls back and the operation is evaluated again on fresh state.

Why so few statements (docs/benchmarks.md, "The withdrawal mutation"): the lock statement
also reads the order number, the webhook flag and (SQLite) the latest round; notices are
collected (`ClaimTx.notify`) and written in one INSERT; the counters, the data version and
(PostgreSQL) the NOTIFY of the change feed go in the last statement(s). On SQLite every
statement of a write transaction holds the one connection for a turn of the event loop.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from models import live, policy
from models.clock import business_date, get_clock
from models.entities import Claim, WithdrawalRound
from models.enums import ActorKind, EventKind, WithdrawalState
from models.errors import DomainError, not_found
from models.ops import audit, counters
from models.ops.claim_lock import guarded_update, latest_round, lock_claim
from models.ops.expiry import expire_claims
from models.ops.idempotency import IdempotencyKey
from models.ops.retry import VersionConflict, with_retry

T = TypeVar("T")


@dataclass
class Actor:
    """Who performs an operation; `id` is the seller or buyer id (None for the system)."""

    kind: ActorKind
    id: int | None = None

    @property
    def key(self) -> str:
        return f"{self.kind.lower()}:{self.id}"


@dataclass
class ClaimTx:
    """A claim loaded inside a transaction, with the helpers to change it safely."""

    claim: Claim
    now: datetime
    latest: WithdrawalRound | None = None
    #: The claim's order number, read with the lock (`models.ops.claim_lock`).
    order_no: str | None = None
    #: Whether the seller has an enabled webhook endpoint (read with the lock): when not,
    #: an event's outbox write needs no read of the endpoints.
    webhooks: bool = True
    #: Notices of this transaction, written by `run_claim_op` after the operation, in one
    #: statement, and announced with the claim's change (`ClaimTx.notify`).
    notices: list[audit.Notice] = field(default_factory=list)
    #: Counter moves of this transaction, written by `run_claim_op` at its very end.
    counter_deltas: counters.CounterDeltas = field(default_factory=counters.CounterDeltas)

    @property
    def today(self):  # noqa: ANN201 - a date
        return business_date(self.now)

    async def change(self, **changes: Any) -> None:
        """Apply `changes` to the claim if nobody changed it since we read it; its counter
        moves are only recorded here (see `counter_deltas`).

        A change of `withdrawal_state` also sets the claim's copy of the open round's
        deadline (`response_deadline`): the caller passes it when it opens a round
        (REQUESTED), and it is cleared for every other state, so no path can leave it stale.
        """
        claim = self.claim
        if "withdrawal_state" in changes:
            if changes["withdrawal_state"] == WithdrawalState.REQUESTED:
                assert "response_deadline" in changes, "a REQUESTED round has a deadline"
            else:
                changes["response_deadline"] = None
        updated = await guarded_update(
            claim.id,
            claim.version,
            {"version": claim.version + 1, "updated_at": self.now, **changes},
        )
        if updated != 1:
            raise VersionConflict
        old_status, old_state = claim.status, claim.withdrawal_state
        for name, value in changes.items():
            setattr(claim, name, value)
        claim.version += 1
        claim.updated_at = self.now
        if "status" in changes and changes["status"] != old_status:
            self.counter_deltas.move(
                claim.seller_id, counters.status_key(old_status), counters.status_key(claim.status)
            )
            self.counter_deltas.move(
                claim.seller_id,
                counters.first_day_key(old_status, claim.requested_on),
                counters.first_day_key(claim.status, claim.requested_on),
            )
        if "withdrawal_state" in changes and changes["withdrawal_state"] != old_state:
            self.counter_deltas.move(
                claim.seller_id,
                counters.withdrawal_key(old_state) if old_state else None,
                counters.withdrawal_key(claim.withdrawal_state) if claim.withdrawal_state else None,
            )

    async def set_round_state(self, state: WithdrawalState, **fields_: Any) -> None:
        """Move the latest round from its current state to `state` (guarded as well)."""
        assert self.latest is not None
        current = self.latest.state
        updated = await WithdrawalRound.filter(id=self.latest.id, state=current).update(
            state=state, **fields_
        )
        if updated != 1:
            raise VersionConflict
        self.latest.state = state
        for name, value in fields_.items():
            setattr(self.latest, name, value)

    def notify(self, *notices: audit.Notice) -> None:
        """Send these notices with this transaction (as `audit.notify` does each): written
        once the operation returns, all in one INSERT; dropped if it refuses."""
        self.notices.extend(notices)

    async def event(self, kind: EventKind, actor: Actor, **kwargs: Any) -> None:
        await audit.record_event(
            self.claim, kind, actor.kind, actor.id, self.now, webhooks=self.webhooks, **kwargs
        )


async def load_latest_round(claim: Claim) -> WithdrawalRound | None:
    return await latest_round(claim)


def round_is_overdue(latest: WithdrawalRound | None, today) -> bool:  # noqa: ANN001
    return (
        latest is not None
        and latest.state == WithdrawalState.REQUESTED
        and policy.is_past_deadline(latest.deadline, today)
    )


@dataclass(frozen=True)
class _Refused:
    """A refusal carried out of the transaction, so that the transaction commits (keeping
    the expiry done before the rule) instead of rolling back."""

    refusal: DomainError


def _versions(outermost: bool) -> list[int]:
    """The data versions the counters' statement moves: the outermost transaction's."""
    return (live.take_versions() or []) if outermost else []


async def run_claim_op(
    claim_id: int,
    op: Callable[[ClaimTx], Awaitable[T]],
    *,
    seller_id: int | None = None,
    buyer_id: int | None = None,
    idempotency: IdempotencyKey[T] | None = None,
) -> T:
    """Run `op` on one claim in one transaction, retrying when a racing caller won or the
    database chose this transaction as a deadlock victim / was busy.

    `seller_id` / `buyer_id` scope the lookup: another party's claim is NOT_FOUND, exactly
    like a missing one. An overdue round is expired first and that expiry is kept even
    when `op` then refuses (a refusal never writes anything else).

    With `idempotency`, a call repeating an earlier key gets that call's result back
    without running `op` (after the lock and the expiry, before any rule), and a first
    call's result is stored in the same transaction as its change
    (`models.ops.idempotency`).
    """
    scope: dict[str, int] = {}
    if seller_id is not None:
        scope["seller_id"] = seller_id
    if buyer_id is not None:
        scope["buyer_id"] = buyer_id

    async def attempt() -> T | _Refused:
        # Outermost, the counters' statement also moves the data versions (one statement
        # less); nested, the enclosing transaction moves them at its end as usual.
        outermost = not live.active()
        async with live.transaction():
            locked = await lock_claim(claim_id, **scope)
            if locked is None:
                raise not_found("Claim")
            claim = locked.claim
            now = get_clock().now()
            latest = locked.latest if locked.latest_read else await load_latest_round(claim)
            if round_is_overdue(latest, business_date(now)):
                # Writes its counters here, in sorted order; the claim is then closed, so
                # `op` refuses and adds no counter move after them.
                await expire_claims([claim.id], now)
                claim = await Claim.get(id=claim.id)
                latest = await load_latest_round(claim)
            tx = ClaimTx(
                claim=claim,
                now=now,
                latest=latest,
                order_no=locked.order_no,
                webhooks=locked.webhooks,
            )
            try:
                if idempotency is not None:
                    replayed = await idempotency.replay(claim.id)
                    if replayed is not None:
                        return replayed
                read_version = tx.claim.version
                result = await op(tx)
                changes = audit.notice_changes(tx.notices)
                if tx.claim.version != read_version:
                    # The one place every transition is announced (to both parties),
                    # inside its transaction: see models/live.py.
                    c = tx.claim
                    changes.append(live.claim_changed(c.id, c.seller_id, c.buyer_id))
                # Sent by the counters' statement at the end (PostgreSQL) or after the
                # commit (SQLite): no statement of its own.
                notify = live.announce(*changes)
                await audit.write_notices(tx.notices, tx.now)
                if idempotency is not None:
                    # Before the counters: they stay the last rows this transaction locks.
                    await idempotency.remember(tx.claim, tx.latest, tx.now)
            except DomainError as refusal:
                # A refusal commits what came before it (the expiry), counters included.
                await tx.counter_deltas.apply(_versions(outermost))
                return _Refused(refusal)
            await tx.counter_deltas.apply(_versions(outermost), notify)
            return result

    outcome = await with_retry(attempt)
    if isinstance(outcome, _Refused):
        raise outcome.refusal
    return outcome
