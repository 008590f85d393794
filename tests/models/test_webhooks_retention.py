"""Finished webhook deliveries leave after the retention with their attempts; pending ones
and recent ones stay (models/webhooks/retention.py)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from access.settings import Settings
from models import policy
from models.entities import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from models.webhooks import retention
from models.webhooks.events import wall_clock
from tests.models.helpers import seller
from web.app import create_app


async def _delivery(endpoint: WebhookEndpoint, status: str, age_days: float, n: int) -> int:
    """A delivery whose last attempt (its lease, next_attempt_at) was `age_days` ago."""
    at = wall_clock() - timedelta(days=age_days)
    delivery = await WebhookDelivery.create(
        endpoint_id=endpoint.id,
        message_id=f"msg_{status}_{age_days}_{n}",
        event_type="withdrawal.requested",
        payload="{}",
        status=status,
        attempts=1,
        attempts_allowed=policy.WEBHOOK_MAX_ATTEMPTS,
        next_attempt_at=at,
        last_attempt_at=at,
        created_at=at,
    )
    await WebhookAttempt.create(
        delivery_id=delivery.id, at=at, response_code=200, duration_ms=5, success=True
    )
    return delivery.id


async def test_old_finished_deliveries_go_with_their_attempts_the_rest_stay(demo) -> None:
    shop1 = await seller()
    endpoint = await WebhookEndpoint.create(
        seller_id=shop1.id, url="https://hooks.example/x", secret="whsec_x", created_at=wall_clock()
    )
    old = policy.WEBHOOK_RETENTION_DAYS + 1
    gone = [
        await _delivery(endpoint, status, old, n) for n in range(3) for status in retention.FINISHED
    ]
    kept = [
        await _delivery(endpoint, "PENDING", old, 0),  # still to send, however old
        await _delivery(endpoint, "DELIVERED", policy.WEBHOOK_RETENTION_DAYS - 1, 0),
        await _delivery(endpoint, "FAILED", 0, 0),
    ]
    assert await retention.prune(batch=4) == len(gone)  # several batches
    left = set(await WebhookDelivery.all().values_list("id", flat=True))
    assert left == set(kept)
    attempts = set(await WebhookAttempt.all().values_list("delivery_id", flat=True))
    assert attempts == set(kept)
    assert await retention.prune() == 0


async def test_a_server_running_its_jobs_inline_prunes_by_itself(demo) -> None:
    """QSM_JOBS=inline (SQLite, no worker): the server's lifespan prunes, first at start."""
    shop1 = await seller()
    endpoint = await WebhookEndpoint.create(
        seller_id=shop1.id, url="https://hooks.example/x", secret="whsec_x", created_at=wall_clock()
    )
    old = await _delivery(endpoint, "DELIVERED", policy.WEBHOOK_RETENTION_DAYS + 1, 0)
    recent = await _delivery(endpoint, "DELIVERED", 1, 0)
    settings = Settings(
        env="production", clock_control=False, sweep_interval=0, secret_key="t", jobs="inline"
    )
    app = create_app(settings, init_db=False)
    async with app.router.lifespan_context(app), asyncio.timeout(10):
        # the pruner is the server's own task: the test can only watch the table
        while await WebhookDelivery.filter(id=old).exists():  # noqa: ASYNC110
            await asyncio.sleep(0.02)
    assert set(await WebhookDelivery.all().values_list("id", flat=True)) == {recent}
