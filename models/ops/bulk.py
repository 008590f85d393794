"""Bulk withdrawal request: one seller message to many claims, each claim on its own.

Why each claim runs `withdrawals.request_withdrawal` in its own transaction (and not one
transaction for all): partial success is the meaning. A claim that may not be asked (not
withdrawable, in its cooldown, already pending, another seller's) is reported with its
refusal while the others are done, exactly as if the seller had pressed [撤回要请] on each
panel in turn; the rules, the round, the notice and the grid counters are the single
request's, written once.

Idempotency: one key per bulk call. Each claim's request carries a key derived from it
(`bulk:<hash of the key>:<claim id>`), stored by the runner like any request's key, so a
retry replays the claims already done instead of requesting them twice, and re-evaluates
the refused ones (which changed nothing). For "all matching a filter", a retry processes
what matches now plus every claim this key already requested, so claims that left the
filter because of this very call (a `withdrawalStates` filter, say) still answer "done".

The cap (`policy.BULK_REQUEST_MAX`) bounds one call's work and the seller's surprise: a
filter matching more is refused with a sentence asking to narrow the query, rather than
silently doing the first N (which a retry would then find again, already pending).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

from models import policy
from models.clock import get_clock
from models.entities import Claim, IdempotencyRecord, Order
from models.enums import ActorKind, WithdrawalAction
from models.errors import DomainError
from models.messages import input_refusal
from models.ops import rules
from models.ops.idempotency import checked_key
from models.ops.runner import Actor
from models.ops.sweep import sweep_seller
from models.ops.withdrawals import WithdrawalResult, request_withdrawal
from models.queries import ClaimFilter, claims_queryset

#: The list's default order (newest request first): "all matching" is asked in this order.
LIST_ORDER = ("-requested_on", "-id")
#: Prefix of the per-claim keys derived from a bulk key (see the module docstring).
KEY_PREFIX = "bulk:"


@dataclass(frozen=True)
class BulkItem:
    """One claim's outcome: `result` when it was requested, `error` when it was refused."""

    claim_id: int
    #: The claim's order number, None for an id the seller does not own (or that is gone).
    order_no: str | None
    result: WithdrawalResult | None = None
    error: DomainError | None = None

    @property
    def done(self) -> bool:
        return self.error is None


@dataclass(frozen=True)
class BulkResult:
    """Every claim of the call, in the order they were named (or in list order for a filter)."""

    items: list[BulkItem]

    @property
    def done_count(self) -> int:
        return sum(1 for item in self.items if item.done)

    @property
    def refused_count(self) -> int:
        return len(self.items) - self.done_count


def claim_key(bulk_key: str, claim_id: int) -> str:
    """The idempotency key of one claim's request inside a bulk call.

    Hashed so any bulk key up to the policy's length gives a per-claim key that fits the
    record's column, and so two bulk keys never share a claim key by concatenation."""
    digest = hashlib.sha256(bulk_key.encode()).hexdigest()[:32]
    return f"{KEY_PREFIX}{digest}:{claim_id}"


async def _done_by_key(seller_id: int, bulk_key: str | None) -> list[int]:
    """Claims an earlier call with this bulk key already requested."""
    if bulk_key is None:
        return []
    prefix = claim_key(bulk_key, 0)[:-1]
    actor = Actor(ActorKind.SELLER, seller_id).key
    return list(
        await IdempotencyRecord.filter(
            actor=actor, key__startswith=prefix, action=WithdrawalAction.REQUEST.value
        ).values_list("claim_id", flat=True)
    )


def _unique(claim_ids: Sequence[int]) -> list[int]:
    """The ids in their first order, each once (a claim named twice is asked once)."""
    return list(dict.fromkeys(claim_ids))


async def count_matching(seller_id: int, flt: ClaimFilter) -> int:
    """How many claims "all matching" would ask (the confirm dialog's number)."""
    await sweep_seller(seller_id)
    return await claims_queryset(seller_id, flt, get_clock().today()).count()


async def _matching(seller_id: int, flt: ClaimFilter, bulk_key: str | None) -> list[int]:
    """The claims "all matching `flt`" names, in list order, refused above the cap."""
    await sweep_seller(seller_id)
    qs = claims_queryset(seller_id, flt, get_clock().today())
    total = await qs.count()
    if total > policy.BULK_REQUEST_MAX:
        raise input_refusal(
            "filter", "bulk.filter_too_many", count=str(total), max=str(policy.BULK_REQUEST_MAX)
        )
    ids = list(await qs.order_by(*LIST_ORDER).values_list("id", flat=True))
    done = [i for i in await _done_by_key(seller_id, bulk_key) if i not in set(ids)]
    if done:
        # claims this key already requested that no longer match: still answered "done"
        ids = list(
            await Claim.filter(seller_id=seller_id, id__in=ids + done)
            .order_by(*LIST_ORDER)
            .values_list("id", flat=True)
        )
    if not ids:
        raise input_refusal("filter", "bulk.filter_empty")
    return ids


async def targets(
    seller_id: int,
    claim_ids: Sequence[int] | None,
    flt: ClaimFilter | None,
    bulk_key: str | None = None,
) -> list[int]:
    """The claims a bulk call names: the ids given, or every claim matching the filter
    (read again here, never the page the seller happened to see). Refuses an empty or
    over-cap selection and a call that names both or neither."""
    if (claim_ids is None) == (flt is None):
        raise input_refusal(None, "bulk.target_one")
    if claim_ids is not None:
        ids = _unique(claim_ids)
        if not ids:
            raise input_refusal("claimIds", "bulk.none_selected")
        if len(ids) > policy.BULK_REQUEST_MAX:
            raise input_refusal(
                "claimIds",
                "bulk.too_many",
                count=str(len(ids)),
                max=str(policy.BULK_REQUEST_MAX),
            )
        return ids
    assert flt is not None
    return await _matching(seller_id, flt, bulk_key)


async def request_withdrawals(
    seller_id: int,
    seller_message: str,
    *,
    claim_ids: Sequence[int] | None = None,
    flt: ClaimFilter | None = None,
    idempotency_key: str | None = None,
) -> BulkResult:
    """Ask the buyer of each named claim to withdraw it, with one message.

    Raises a DomainError (nothing requested) for a bad message, key or selection; after
    that, every claim gets its own outcome. A database failure part-way propagates: the
    claims done so far stay done, and a retry with the same key finishes the rest.
    """
    message = rules.clean_message(seller_message)
    checked_key(idempotency_key)
    ids = await targets(seller_id, claim_ids, flt, idempotency_key)
    order_nos = dict(
        await Claim.filter(id__in=ids, seller_id=seller_id).values_list("id", "order_id")
    )
    numbers = dict(
        await Order.filter(id__in=list(set(order_nos.values()))).values_list("id", "order_no")
    )
    items: list[BulkItem] = []
    for claim_id in ids:
        order_no = numbers.get(order_nos.get(claim_id, -1))
        key = claim_key(idempotency_key, claim_id) if idempotency_key is not None else None
        try:
            result = await request_withdrawal(seller_id, claim_id, message, key)
        except DomainError as refusal:
            items.append(BulkItem(claim_id, order_no, error=refusal))
        else:
            items.append(BulkItem(claim_id, order_no, result=result))
    return BulkResult(items)
