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
"""

from __future__ import annotations

from collections import defaultdict

from tortoise.expressions import F

from models.entities import SellerCounter
from models.enums import ClaimStatus, WithdrawalState


def status_key(status: ClaimStatus | str) -> str:
    return f"status:{status}"


def withdrawal_key(state: WithdrawalState | str) -> str:
    return f"withdrawal:{state}"


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
    updated = await SellerCounter.filter(seller_id=seller_id, key=key).update(
        count=F("count") + delta
    )
    if not updated:
        await ensure_counters(seller_id)
        await SellerCounter.filter(seller_id=seller_id, key=key).update(count=F("count") + delta)


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

    async def apply(self) -> None:
        """Write every pending delta (one UPDATE each, in sorted order) and start over."""
        pending = self.pending()
        self._deltas.clear()
        for seller_id, key, delta in pending:
            await add(seller_id, key, delta)
