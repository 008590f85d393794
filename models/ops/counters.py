"""Keeps `SellerCounter` (the grid's counts) in step with claims, inside the same transaction."""

from __future__ import annotations

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


async def move(seller_id: int, old_key: str | None, new_key: str | None) -> None:
    """One claim left `old_key` and entered `new_key` (either may be None)."""
    if old_key == new_key:
        return
    if old_key:
        await add(seller_id, old_key, -1)
    if new_key:
        await add(seller_id, new_key, +1)
