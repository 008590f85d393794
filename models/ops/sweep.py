"""The sweep: rounds past their deadline day expire and their claims are withdrawn (§5.8).

Idempotent and safe with several processes: each claim is expired through the guarded
runner, so two sweeps racing on one claim produce one expiry. Reads call
`sweep_seller` / `sweep_buyer` first ("sweep-on-read"), so nothing shows as pending after
its deadline day even between periodic sweeps.
"""

from __future__ import annotations

import asyncio
import logging

from models.clock import get_clock
from models.entities import WithdrawalRound
from models.enums import WithdrawalState
from models.ops.guard import ClaimTx, run_claim_op

log = logging.getLogger("qsm.sweep")
BATCH_SIZE = 500


async def _expire_claims(claim_ids: list[int]) -> int:
    expired = 0

    async def op(tx: ClaimTx) -> bool:
        return tx.expired_now

    for claim_id in claim_ids:
        if await run_claim_op(claim_id, op):
            expired += 1
    return expired


async def _due_claim_ids(limit: int, **scope: int) -> list[int]:
    today = get_clock().today()
    filters = {f"claim__{k}": v for k, v in scope.items()}
    return list(
        await WithdrawalRound.filter(state=WithdrawalState.REQUESTED, deadline__lt=today, **filters)
        .order_by("deadline", "id")
        .limit(limit)
        .values_list("claim_id", flat=True)
    )


async def expire_due(batch_size: int = BATCH_SIZE) -> int:
    """Expire every overdue round; returns how many this call expired."""
    total = 0
    while True:
        ids = await _due_claim_ids(batch_size)
        if not ids:
            return total
        done = await _expire_claims(ids)
        total += done
        if done == 0:
            return total


async def sweep_seller(seller_id: int) -> int:
    """Sweep-on-read for one seller's pages (an index lookup when nothing is due)."""
    return await _expire_claims(await _due_claim_ids(BATCH_SIZE, seller_id=seller_id))


async def sweep_buyer(buyer_id: int) -> int:
    return await _expire_claims(await _due_claim_ids(BATCH_SIZE, buyer_id=buyer_id))


async def run_periodically(interval_seconds: float) -> None:
    """The in-server sweep loop (started by the app's lifespan)."""
    while True:
        try:
            count = await expire_due()
            if count:
                log.info("sweep expired %d withdrawal round(s)", count)
        except Exception:  # a failed sweep must not kill the server; the next one retries
            log.exception("sweep failed")
        await asyncio.sleep(interval_seconds)
