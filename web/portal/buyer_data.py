"""Read helper for the buyer's MyQoo10 page: the counts (models.buyer_summary, the same
numbers the API gives) and the withdrawal requests waiting for this buyer's answer."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from models.buyer_summary import buyer_counts
from models.entities import Claim, WithdrawalRound
from models.enums import WithdrawalState
from models.ops.sweep import sweep_buyer


@dataclass
class PendingRequest:
    claim: Claim
    round: WithdrawalRound


@dataclass
class MyQoo10:
    counts: dict[str, int]
    pending: list[PendingRequest]


async def load_myqoo10(buyer_id: int, today: date) -> MyQoo10:
    await sweep_buyer(buyer_id)
    # 決済待ち / 決済処理中 stay 0: payments are outside this system
    counts = {"payment_waiting": 0, "payment_processing": 0, **asdict(await buyer_counts(buyer_id))}
    claims = await (
        Claim.filter(buyer_id=buyer_id, withdrawal_state=WithdrawalState.REQUESTED)
        .order_by("id")
        .select_related("order", "seller")
    )
    rounds = {
        r.claim_id: r
        for r in await WithdrawalRound.filter(
            claim_id__in=[c.id for c in claims], state=WithdrawalState.REQUESTED
        )
    }
    pending = [PendingRequest(c, rounds[c.id]) for c in claims if c.id in rounds]
    return MyQoo10(counts, pending)
