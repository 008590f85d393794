"""Finished webhook deliveries leave after `policy.WEBHOOK_RETENTION_DAYS`, with their
attempts (docs/webhooks.md, "Retention").

Why: the outbox writes a delivery per event and endpoint and an attempt per POST, and
nothing else ever deletes them, so both tables grew for ever with traffic. A delivery
that is still PENDING is never touched, whatever its age; a DELIVERED or FAILED one is
kept `WEBHOOK_RETENTION_DAYS` after its last attempt (long enough to read the log and
redeliver, as Svix and Stripe keep theirs for weeks), then deleted in batches of
`WEBHOOK_PRUNE_BATCH`, each its own short transaction, so a large backlog never holds a
long lock. The (status, next_attempt_at) index finds them: a finished delivery's
next_attempt_at is the lease of its last attempt.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from models import periodic, policy
from models.entities import WebhookAttempt, WebhookDelivery
from models.webhooks.events import wall_clock

log = logging.getLogger("qsm.webhooks")

FINISHED = ("DELIVERED", "FAILED")


async def prune(now: datetime | None = None, batch: int = policy.WEBHOOK_PRUNE_BATCH) -> int:
    """Delete the finished deliveries past their retention, and their attempts; returns
    how many deliveries went."""
    cutoff = (now or wall_clock()) - timedelta(days=policy.WEBHOOK_RETENTION_DAYS)
    total = 0
    while True:
        ids = await (
            WebhookDelivery.filter(status__in=FINISHED, next_attempt_at__lt=cutoff)
            .order_by("id")
            .limit(batch)
            .values_list("id", flat=True)
        )
        if not ids:
            return total
        async with in_transaction():
            await WebhookAttempt.filter(delivery_id__in=ids).delete()
            # a redelivery may have made one PENDING since it was read: it stays
            total += await WebhookDelivery.filter(id__in=ids, status__in=FINISHED).delete()


async def run_periodically(interval: float = policy.WEBHOOK_PRUNE_SECONDS) -> None:
    """The in-server loop on SQLite (QSM_JOBS=inline); workers run `prune` as a job."""
    await periodic.every(
        interval,
        prune,
        log,
        failed="webhook pruning failed",
        done="pruned %d finished webhook deliveries",
    )
