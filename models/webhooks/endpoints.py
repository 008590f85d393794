"""A seller's webhook endpoints: register, change, rotate the secret, delete, read the
delivery log, redeliver. Both surfaces (the API, the portal settings page) call these."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from tortoise.transactions import in_transaction

from models import policy
from models.entities import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from models.errors import not_found
from models.messages import input_refusal
from models.webhooks import signing, ssrf
from models.webhooks.events import EVENT_TYPES, wall_clock


@dataclass(frozen=True)
class WithSecret:
    """An endpoint and its secret, which the seller sees this once."""

    endpoint: WebhookEndpoint
    secret: str


def clean_events(events: Sequence[str]) -> list[str]:
    chosen = []
    for name in events:
        if name not in EVENT_TYPES:
            raise input_refusal("events", "webhooks.event_unknown", value=str(name)[:40])
        if name not in chosen:
            chosen.append(name)
    if not chosen:
        raise input_refusal("events", "webhooks.events_empty")
    return [e for e in EVENT_TYPES if e in chosen]


def clean_description(description: str) -> str:
    description = (description or "").strip()
    if len(description) > policy.WEBHOOK_DESCRIPTION_MAX_LENGTH:
        raise input_refusal(
            "description",
            "webhooks.description_too_long",
            max=str(policy.WEBHOOK_DESCRIPTION_MAX_LENGTH),
        )
    return description


async def list_endpoints(seller_id: int) -> list[WebhookEndpoint]:
    return await WebhookEndpoint.filter(seller_id=seller_id).order_by("id")


async def get_endpoint(seller_id: int, endpoint_id: int) -> WebhookEndpoint:
    endpoint = None
    if 0 < endpoint_id < 2**31:
        endpoint = await WebhookEndpoint.get_or_none(id=endpoint_id, seller_id=seller_id)
    if endpoint is None:
        raise not_found("WebhookEndpoint", "id")
    return endpoint


async def create(
    seller_id: int, url: str, events: Sequence[str], description: str = ""
) -> WithSecret:
    url = (url or "").strip()
    await ssrf.check(url)
    chosen = clean_events(events)
    description = clean_description(description)
    secret = signing.new_secret()
    async with in_transaction():
        count = await WebhookEndpoint.filter(seller_id=seller_id).count()
        if count >= policy.WEBHOOK_MAX_ENDPOINTS:
            raise input_refusal("url", "webhooks.too_many", max=str(policy.WEBHOOK_MAX_ENDPOINTS))
        endpoint = await WebhookEndpoint.create(
            seller_id=seller_id,
            url=url,
            description=description,
            events=chosen,
            enabled=True,
            secret=secret,
            created_at=wall_clock(),
        )
    return WithSecret(endpoint, secret)


async def update(
    seller_id: int,
    endpoint_id: int,
    *,
    url: str | None = None,
    events: Sequence[str] | None = None,
    enabled: bool | None = None,
    description: str | None = None,
) -> WebhookEndpoint:
    endpoint = await get_endpoint(seller_id, endpoint_id)
    changes: dict[str, object] = {}
    if url is not None:
        url = url.strip()
        await ssrf.check(url)
        changes["url"] = url
    if events is not None:
        changes["events"] = clean_events(events)
    if description is not None:
        changes["description"] = clean_description(description)
    if enabled is not None:
        changes["enabled"] = enabled
        if enabled:
            # Enabled again by its seller: the failure streak starts over.
            changes["consecutive_failures"] = 0
            changes["disabled_at"] = None
    if changes:
        await WebhookEndpoint.filter(id=endpoint.id).update(**changes)
        for name, value in changes.items():
            setattr(endpoint, name, value)
    return endpoint


async def rotate_secret(seller_id: int, endpoint_id: int) -> WithSecret:
    """A new secret; the old one still signs for the grace period (signing.py)."""
    endpoint = await get_endpoint(seller_id, endpoint_id)
    secret = signing.new_secret()
    until = wall_clock() + timedelta(hours=policy.WEBHOOK_SECRET_GRACE_HOURS)
    await WebhookEndpoint.filter(id=endpoint.id).update(
        secret=secret, previous_secret=endpoint.secret, previous_until=until
    )
    endpoint.previous_secret, endpoint.previous_until = endpoint.secret, until
    endpoint.secret = secret
    return WithSecret(endpoint, secret)


async def delete(seller_id: int, endpoint_id: int) -> int:
    endpoint = await get_endpoint(seller_id, endpoint_id)
    await endpoint.delete()
    return endpoint_id


async def deliveries(
    seller_id: int, endpoint_id: int, *, first: int, before_id: int | None = None
) -> tuple[list[WebhookDelivery], bool]:
    """The endpoint's deliveries, newest first (keyset on id): a page and whether more."""
    endpoint = await get_endpoint(seller_id, endpoint_id)
    first = max(1, min(first, policy.WEBHOOK_LOG_PAGE_MAX))
    query = WebhookDelivery.filter(endpoint_id=endpoint.id)
    if before_id is not None:
        query = query.filter(id__lt=before_id)
    rows = await query.order_by("-id").limit(first + 1)
    return rows[:first], len(rows) > first


async def attempts_of(delivery_ids: Sequence[int]) -> dict[int, list[WebhookAttempt]]:
    """The attempts of these deliveries, oldest first, by delivery id (one query)."""
    out: dict[int, list[WebhookAttempt]] = {i: [] for i in delivery_ids}
    if delivery_ids:
        for attempt in await WebhookAttempt.filter(delivery_id__in=list(delivery_ids)).order_by(
            "id"
        ):
            out[attempt.delivery_id].append(attempt)  # type: ignore[attr-defined]
    return out


async def get_delivery(seller_id: int, delivery_id: int) -> WebhookDelivery:
    delivery = None
    if 0 < delivery_id < 2**31:
        delivery = await WebhookDelivery.get_or_none(id=delivery_id, endpoint__seller_id=seller_id)
    if delivery is None:
        raise not_found("WebhookDelivery", "id")
    return delivery


async def redeliver(seller_id: int, delivery_id: int) -> WebhookDelivery:
    """Queue one more attempt now, with the same webhook-id and body (a receiver that
    de-duplicates by id sees the same message). A failed delivery becomes pending again
    with one more attempt allowed beyond those it has used."""
    delivery = await get_delivery(seller_id, delivery_id)
    now = wall_clock()
    allowed = max(delivery.attempts_allowed, delivery.attempts + 1)
    await WebhookDelivery.filter(id=delivery.id).update(
        status="PENDING", next_attempt_at=now, attempts_allowed=allowed
    )
    delivery.status, delivery.next_attempt_at = "PENDING", now
    delivery.attempts_allowed = allowed
    return delivery
