"""Idempotency keys: a repeated call with the same key gets the first call's result back.

Why the transaction runner does this (`models.ops.runner.run_claim_op`) and not each
operation: the replay must happen after the claim is locked and before any rule runs, and
the record must be written in the same transaction as the change it stands for (a retry or
a racing duplicate then finds it, never half of it). Repeating that in every operation let
one of them forget a step; the runner does it once, in the one right place.

A key is scoped to its sender (`seller:<id>` / `buyer:<id>`); reusing it for another
operation or claim is refused with IDEMPOTENCY_KEY_REUSED rather than answered with a
result that belongs to something else.

Operations without a claim that create one object (a memo reply, an inquiry) use the same
table and the same refusals through `first_result_id` / `remember_result`: the record keeps
the created object's id in `result_id`. They call these inside their own transaction, since
there is no claim to lock and so no runner; the unique (actor, key) index still makes one
of two racing calls win and the other retry and replay it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Generic, TypeVar

from models import policy
from models.entities import Claim, IdempotencyRecord, WithdrawalRound
from models.errors import DomainError, ErrorCode
from models.messages import input_refusal

if TYPE_CHECKING:
    from models.ops.runner import Actor

T = TypeVar("T")
#: A key as sent: a string, or None when the call carries none.
K = TypeVar("K", bound=str | None)

IDEMPOTENCY_KEY_MAX_LENGTH = policy.IDEMPOTENCY_KEY_MAX_LENGTH


def checked_key(key: K) -> K:
    """The key, if it may be stored: INVALID_INPUT for a blank or over-long one.

    None (no key sent) passes through, so callers check before doing any work; a blank key
    is refused rather than ignored, since the client meant to send one.
    """
    if key is not None and (not key.strip() or len(key) > IDEMPOTENCY_KEY_MAX_LENGTH):
        raise input_refusal(
            "idempotencyKey", "idempotency_key.length", max=str(IDEMPOTENCY_KEY_MAX_LENGTH)
        )
    return key


def refuse_reused() -> DomainError:
    """The refusal of a key that already stands for another operation (or claim, or order):
    answering with that other result would tell the client something it did not ask."""
    return DomainError(
        ErrorCode.IDEMPOTENCY_KEY_REUSED,
        "This idempotency key was already used for another operation.",
        field="idempotencyKey",
    )


async def first_result_id(actor_key: str, key: str, action: str) -> int | None:
    """The id of the object an earlier `action` call with this key created, if any.

    Raises IDEMPOTENCY_KEY_REUSED when the key stood for another action (a withdrawal
    operation, a memo reply for an inquiry, or the reverse).
    """
    record = await IdempotencyRecord.get_or_none(actor=actor_key, key=key)
    if record is None:
        return None
    if record.action != action or record.result_id is None:
        raise refuse_reused()
    return record.result_id


async def remember_result(
    actor_key: str, key: str, action: str, result_id: int, now: datetime
) -> None:
    """Store the created object's id under the key, in the transaction that created it.

    A racing duplicate hits the unique (actor, key) index: its transaction rolls back and
    its retry finds this record through `first_result_id`.
    """
    await IdempotencyRecord.create(
        actor=actor_key, key=key, action=action, result_id=result_id, created_at=now
    )


@dataclass(frozen=True)
class IdempotencyKey(Generic[T]):
    """An operation's key as the runner needs it: who sent it, the key, which operation.

    `replayed` rebuilds the operation's result from what a record keeps (the claim and
    the round the first call left), so a replay answers in the same shape as the original.
    """

    actor: Actor
    key: str | None
    #: The operation's name as stored (e.g. `WithdrawalAction.REQUEST`, `RESPOND_ACCEPT`).
    action: str
    replayed: Callable[[Claim, WithdrawalRound | None], T]

    async def replay(self, claim_id: int) -> T | None:
        """The first result of an earlier call with this key on this claim, if any.

        Raises INVALID_INPUT for a blank or over-long key and IDEMPOTENCY_KEY_REUSED when
        the key already stands for another operation or claim.
        """
        key = checked_key(self.key)
        if key is None:
            return None
        record = await IdempotencyRecord.get_or_none(actor=self.actor.key, key=key)
        if record is None:
            return None
        if record.action != str(self.action) or record.claim_id != claim_id:
            raise refuse_reused()
        claim = await Claim.get(id=claim_id)
        rnd = await WithdrawalRound.get_or_none(id=record.round_id) if record.round_id else None
        return self.replayed(claim, rnd)

    async def remember(self, claim: Claim, latest: WithdrawalRound | None, now: datetime) -> None:
        """Store the result (the claim and its latest round) under the key, if one was sent.

        Two racing calls with one key both get here; the unique (actor, key) index lets one
        insert win and the other's transaction retry, then replay the winner's result.
        """
        if self.key is None:
            return
        await IdempotencyRecord.create(
            actor=self.actor.key,
            key=self.key,
            action=str(self.action),
            claim_id=claim.id,
            round_id=latest.id if latest else None,
            created_at=now,
        )
