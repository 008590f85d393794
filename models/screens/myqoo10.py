"""The buyer's MyQoo10: the counts and the withdrawal requests waiting for an answer.

Why here: the portal listed the pending requests by claim id, uncapped, and the API by
`updated_at` capped at 100; a buyer saw two different lists. Both now read `load`.
"""

from __future__ import annotations

from dataclasses import dataclass

from models import policy
from models.buyer_summary import BuyerCounts, buyer_counts
from models.entities import Claim, WithdrawalRound
from models.enums import WithdrawalState
from models.ops.sweep import sweep_buyer


@dataclass(frozen=True)
class PendingRequest:
    """A claim whose latest round waits for this buyer's answer, with that round."""

    claim: Claim
    round: WithdrawalRound


@dataclass(frozen=True)
class MyQoo10:
    counts: BuyerCounts
    #: Oldest request first (the one whose deadline comes first), at most
    #: policy.PENDING_REQUESTS_MAX.
    pending: list[PendingRequest]


async def pending_requests(buyer_id: int) -> list[PendingRequest]:
    """The buyer's pending requests, oldest first; assumes the caller swept."""
    rounds = (
        await WithdrawalRound.filter(
            claim__buyer_id=buyer_id,
            claim__withdrawal_state=WithdrawalState.REQUESTED,
            state=WithdrawalState.REQUESTED,
        )
        .order_by("requested_at", "claim_id")
        .limit(policy.PENDING_REQUESTS_MAX)
        .select_related("claim", "claim__order", "claim__seller")
    )
    return [PendingRequest(r.claim, r) for r in rounds]


async def load(buyer_id: int) -> MyQoo10:
    """Sweep this buyer's overdue rounds once, then read the screen."""
    await sweep_buyer(buyer_id)
    return MyQoo10(await buyer_counts(buyer_id), await pending_requests(buyer_id))
