"""Deadline reminders: a REQUESTED round whose 客户回应期限 is `policy.REMINDER_DAYS_BEFORE`
days away or closer tells the buyer "answer by <deadline>" and the seller "the buyer has
until <deadline>", once per round.

Why a conditional UPDATE: several processes sweep at the same time (the in-server loop of
each worker, `qsm sweep`, sweep-on-read). Each round is claimed with
`UPDATE withdrawal_round SET reminded_at = now WHERE id = … AND reminded_at IS NULL`
inside the transaction that writes its two notices, so exactly one caller sends them and
a crash leaves neither the mark nor the notices. The claims are locked first (the order
every operation uses: claim, then round), so a reminder never deadlocks with an answer.

One callable, `send_due_reminders`, so the sweep (and later a job engine) runs it as is.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from typing import Any

from models import live, policy
from models.clock import business_date, get_clock
from models.entities import Claim, WithdrawalRound
from models.enums import NotificationKind, WithdrawalState
from models.ops import audit
from models.ops.retry import with_retry

log = logging.getLogger("qsm.sweep")
REQUESTED = WithdrawalState.REQUESTED
#: Rounds reminded per transaction.
BATCH_SIZE = 500


def window(today: date) -> tuple[date, date]:
    """Deadlines that get their reminder today: from today (an overdue round expires
    instead) through today + REMINDER_DAYS_BEFORE (2021/08/09 is reminded from 08/07)."""
    return today, today + timedelta(days=policy.REMINDER_DAYS_BEFORE)


def _due(today: date, scope: dict[str, int]) -> Any:  # noqa: ANN401 - a Tortoise queryset
    first, last = window(today)
    filters = {f"claim__{k}": v for k, v in scope.items()}
    return WithdrawalRound.filter(
        state=REQUESTED,
        reminded_at__isnull=True,
        deadline__gte=first,
        deadline__lte=last,
        **filters,
    )


async def anything_due(today: date) -> bool:
    """One probe of the (state, deadline) index, so a read pays ~nothing when no reminder
    is due."""
    return await _due(today, {}).exists()


async def _remind(rows: list[dict[str, Any]], now: datetime) -> int:
    """Claim each round and write its two notices, all in one transaction."""
    first, last = window(business_date(now))
    async with live.transaction():
        claim_ids = sorted({r["claim_id"] for r in rows})
        await Claim.filter(id__in=claim_ids).order_by("id").select_for_update().only("id")
        sent = 0
        for row in rows:
            claimed = await WithdrawalRound.filter(
                id=row["id"],
                state=REQUESTED,
                reminded_at__isnull=True,
                deadline__gte=first,
                deadline__lte=last,
            ).update(reminded_at=now)
            if claimed != 1:
                continue  # another process reminded it, or the round moved on meanwhile
            params = {
                "order_no": row["claim__order__order_no"],
                "deadline": row["deadline"].strftime("%Y/%m/%d"),
            }
            about = {"order_id": row["claim__order_id"], "claim_id": row["claim_id"]}
            await audit.notify(
                NotificationKind.WITHDRAWAL_ANSWER_AWAITED,
                params,
                now,
                seller_id=row["claim__seller_id"],
                **about,
            )
            await audit.notify(
                NotificationKind.WITHDRAWAL_ANSWER_DUE,
                params,
                now,
                buyer_id=row["claim__buyer_id"],
                **about,
            )
            sent += 1
        return sent


async def send_due_reminders(
    *,
    seller_id: int | None = None,
    buyer_id: int | None = None,
    now: datetime | None = None,
    batch_size: int = BATCH_SIZE,
) -> int:
    """Remind every due round (of one seller or buyer when given); returns how many rounds
    this call reminded (0 when another process got there first)."""
    now = now or get_clock().now()
    scope = {k: v for k, v in (("seller_id", seller_id), ("buyer_id", buyer_id)) if v is not None}
    total = 0
    while True:
        rows = await (
            _due(business_date(now), scope)
            .order_by("claim_id")
            .limit(batch_size)
            .values(
                "id",
                "claim_id",
                "deadline",
                "claim__seller_id",
                "claim__buyer_id",
                "claim__order_id",
                "claim__order__order_no",
            )
        )
        sent = await with_retry(lambda rows=rows: _remind(rows, now)) if rows else 0
        total += sent
        if sent == 0 or len(rows) < batch_size:
            if total:
                log.info("sent the deadline reminders of %d withdrawal round(s)", total)
            return total
