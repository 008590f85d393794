"""The buyer's MyQoo10: the counts and the withdrawal requests waiting for an answer.

Why here: the portal listed the pending requests by claim id, uncapped, and the API by
`updated_at` capped at 100; a buyer saw two different lists. Both now read `load`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from tortoise.queryset import QuerySet

from models import policy
from models.buyer_summary import BuyerCounts, buyer_counts
from models.entities import Claim, WithdrawalRound
from models.enums import WithdrawalState
from models.keyset import KeysetPage, KeysetSort, PageRequest
from models.keyset import page as keyset_page
from models.ops.sweep import sweep_buyer
from models.queries import SortDirection


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


class RequestSortKey(StrEnum):
    """What the pending requests can be sorted by (the round's id breaks ties)."""

    #: When the seller asked (the round's request time).
    REQUEST_DATE = "REQUEST_DATE"
    #: The round's 客户回应期限 (the last day to answer).
    DEADLINE = "DEADLINE"


#: The round's column and what it holds, per key.
_REQUEST_COLUMNS: dict[RequestSortKey, tuple[str, type[date]]] = {
    RequestSortKey.REQUEST_DATE: ("requested_at", datetime),
    RequestSortKey.DEADLINE: ("deadline", date),
}


@dataclass(frozen=True)
class RequestSort:
    """The pending requests' order; default oldest request first, as MyQoo10."""

    key: RequestSortKey = RequestSortKey.REQUEST_DATE
    direction: SortDirection = SortDirection.ASC

    def keyset(self) -> KeysetSort:
        column, kind = _REQUEST_COLUMNS[self.key]
        return KeysetSort(str(self.key), self.direction, column, kind=kind)


def _pending(buyer_id: int) -> QuerySet[WithdrawalRound]:
    return WithdrawalRound.filter(
        claim__buyer_id=buyer_id,
        claim__withdrawal_state=WithdrawalState.REQUESTED,
        state=WithdrawalState.REQUESTED,
    )


async def pending_page(
    buyer_id: int, sort: RequestSort | None = None, request: PageRequest | None = None
) -> tuple[KeysetPage[PendingRequest], int]:
    """One keyset page of the buyer's pending requests in `sort` order, either
    direction, and how many there are; assumes the caller swept."""
    qs = _pending(buyer_id)

    async def fetch(limited: QuerySet[WithdrawalRound]) -> list[PendingRequest]:
        rounds = await limited.select_related("claim", "claim__order", "claim__seller")
        return [PendingRequest(r.claim, r) for r in rounds]

    keyset = (sort or RequestSort()).keyset()
    found = await keyset_page(
        qs, keyset, request or PageRequest(), fetch=fetch, holder=lambda p: p.round
    )
    return found, await qs.count()


async def load(buyer_id: int) -> MyQoo10:
    """Sweep this buyer's overdue rounds once, then read the screen."""
    await sweep_buyer(buyer_id)
    return MyQoo10(await buyer_counts(buyer_id), await pending_requests(buyer_id))
