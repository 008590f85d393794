"""The relay: takes due deliveries from the outbox, POSTs them, records each attempt.

- **Claim, then send, then record**, three steps: a short transaction leases the due rows
  (PostgreSQL `FOR UPDATE SKIP LOCKED`, then a guarded UPDATE of `next_attempt_at` to
  now + `policy.WEBHOOK_LEASE_SECONDS`, which alone is the guard on SQLite), the POST runs
  outside any transaction, and a second transaction records the attempt. Two workers
  never hold one attempt at once; a worker killed mid-POST leaves the lease to run out and
  the delivery is tried again (at least once, same `webhook-id`).
- **Times are wall-clock** (`datetime.now(UTC)`), not the business clock.
- Backoff: `retry_base() * 2**(n-1)` seconds after the n-th failure, capped; after
  `attempts_allowed` attempts the delivery is FAILED, and after
  `policy.WEBHOOK_DISABLE_AFTER_FAILED_DELIVERIES` such in a row the endpoint is disabled
  and its seller gets a notice (the inbox, like every other notice).
- The SSRF guard runs again before each POST (DNS may have changed), and redirects are
  not followed (a redirect could point anywhere).
"""

from __future__ import annotations

import asyncio
import logging
import os
import time
from dataclasses import dataclass
from datetime import timedelta

import httpx
from tortoise.expressions import F, Subquery
from tortoise.transactions import in_transaction

from models import live, periodic, policy
from models.clock import get_clock
from models.entities import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from models.enums import NotificationKind
from models.ops import audit
from models.webhooks import signing, ssrf
from models.webhooks.events import wall_clock

log = logging.getLogger("qsm.webhooks")


def retry_base() -> float:
    """Seconds before the 2nd attempt (QSM_WEBHOOK_RETRY_BASE overrides, for tests)."""
    raw = os.environ.get("QSM_WEBHOOK_RETRY_BASE", "").strip()
    return float(raw) if raw else policy.WEBHOOK_RETRY_BASE_SECONDS


def backoff(failed_attempts: int) -> float:
    return min(retry_base() * 2 ** max(0, failed_attempts - 1), policy.WEBHOOK_RETRY_MAX_SECONDS)


@dataclass(frozen=True)
class Outcome:
    code: int | None
    excerpt: str
    duration_ms: int
    success: bool


async def lease_due(limit: int = policy.WEBHOOK_BATCH) -> list[WebhookDelivery]:
    """Take up to `limit` due deliveries of enabled endpoints for one attempt each."""
    now = wall_clock()
    lease_until = now + timedelta(seconds=policy.WEBHOOK_LEASE_SECONDS)
    taken: list[WebhookDelivery] = []
    async with in_transaction():
        enabled = Subquery(WebhookEndpoint.filter(enabled=True).values("id"))
        rows = (
            await WebhookDelivery.filter(
                status="PENDING", next_attempt_at__lte=now, endpoint_id__in=enabled
            )
            .order_by("next_attempt_at", "id")
            .limit(limit)
            .select_for_update(skip_locked=True)
        )
        for row in rows:
            # The guard on SQLite (no row locks) and a belt on PostgreSQL: only the
            # caller that moves the lease forward from what it read holds the attempt.
            won = await WebhookDelivery.filter(
                id=row.id, status="PENDING", next_attempt_at=row.next_attempt_at
            ).update(next_attempt_at=lease_until)
            if won == 1:
                taken.append(row)
    return taken


async def post(delivery: WebhookDelivery, endpoint: WebhookEndpoint) -> Outcome:
    """One POST of `delivery`, signed now; never raises."""
    started = time.perf_counter()

    def done(code: int | None, excerpt: str, success: bool = False) -> Outcome:
        ms = int((time.perf_counter() - started) * 1000)
        return Outcome(code, excerpt[: policy.WEBHOOK_EXCERPT_CHARS], ms, success)

    reason = await ssrf.refusal_reason(endpoint.url)
    if reason is not None:
        return done(None, f"refused: {reason}")
    now = wall_clock()
    secrets_ = [endpoint.secret]
    if endpoint.previous_secret and endpoint.previous_until and endpoint.previous_until > now:
        secrets_.append(endpoint.previous_secret)
    headers = signing.headers(delivery.message_id, now, delivery.payload, secrets_)
    try:
        async with httpx.AsyncClient(
            transport=ssrf.pinned_transport(),
            timeout=policy.WEBHOOK_TIMEOUT_SECONDS,
            follow_redirects=False,
            trust_env=False,
        ) as client:
            answer = await client.post(
                endpoint.url, content=delivery.payload.encode(), headers=headers
            )
    except httpx.HTTPError as exc:
        return done(None, f"{type(exc).__name__}: {exc}")
    return done(answer.status_code, answer.text, 200 <= answer.status_code < 300)


async def record(delivery: WebhookDelivery, endpoint: WebhookEndpoint, outcome: Outcome) -> None:
    """The attempt, the delivery's new state and, on exhaustion, the endpoint's streak."""
    now = wall_clock()
    attempts = delivery.attempts + 1
    async with live.transaction():
        await WebhookAttempt.create(
            delivery_id=delivery.id,
            at=now,
            response_code=outcome.code,
            excerpt=outcome.excerpt,
            duration_ms=outcome.duration_ms,
            success=outcome.success,
        )
        changes: dict[str, object] = {
            "attempts": attempts,
            "last_attempt_at": now,
            "last_response_code": outcome.code,
        }
        if outcome.success:
            changes["status"] = "DELIVERED"
            await WebhookEndpoint.filter(id=endpoint.id).update(consecutive_failures=0)
        elif attempts >= delivery.attempts_allowed:
            changes["status"] = "FAILED"
            await _count_failure(endpoint)
        else:
            changes["next_attempt_at"] = now + timedelta(seconds=backoff(attempts))
        await WebhookDelivery.filter(id=delivery.id).update(**changes)


async def _count_failure(endpoint: WebhookEndpoint) -> None:
    """One more delivery that exhausted its attempts; disable the endpoint at the limit
    and tell its seller (once: only the UPDATE that disables it writes the notice)."""
    await WebhookEndpoint.filter(id=endpoint.id).update(
        consecutive_failures=F("consecutive_failures") + 1
    )
    disabled = await WebhookEndpoint.filter(
        id=endpoint.id,
        enabled=True,
        consecutive_failures__gte=policy.WEBHOOK_DISABLE_AFTER_FAILED_DELIVERIES,
    ).update(enabled=False, disabled_at=wall_clock())
    if disabled:
        log.warning("webhook endpoint %d disabled after failed deliveries", endpoint.id)
        await audit.notify(
            NotificationKind.WEBHOOK_DISABLED,
            {"url": endpoint.url},
            get_clock().now(),
            seller_id=endpoint.seller_id,  # type: ignore[attr-defined]
        )


async def _one(delivery: WebhookDelivery) -> None:
    endpoint = await WebhookEndpoint.get_or_none(id=delivery.endpoint_id)  # type: ignore[attr-defined]
    if endpoint is None:
        return
    outcome = await post(delivery, endpoint)
    await record(delivery, endpoint, outcome)


async def run_once(limit: int = policy.WEBHOOK_BATCH) -> int:
    """One pass: lease what is due, send it concurrently, record; returns how many."""
    taken = await lease_due(limit)
    if taken:
        await asyncio.gather(*(_one(d) for d in taken))
    return len(taken)


async def drain(max_passes: int = 50) -> int:
    """Passes until nothing is due (bounded): the worker job and the inline loop."""
    total = 0
    for _ in range(max_passes):
        count = await run_once()
        total += count
        if count < policy.WEBHOOK_BATCH:
            break
    return total


async def run_periodically(interval: float = policy.WEBHOOK_POLL_SECONDS) -> None:
    """The in-server relay loop on SQLite (QSM_JOBS=inline, started by the lifespan)."""
    await periodic.every(interval, drain, log, failed="webhook dispatch failed")
