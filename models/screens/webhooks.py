"""The webhooks settings screen (portal) and the API's `webhookEndpoints` /
`webhookDeliveries`: one read model, so both show the same endpoints and log."""

from __future__ import annotations

from dataclasses import dataclass

from models.entities import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from models.webhooks import endpoints


@dataclass(frozen=True)
class DeliveryRow:
    delivery: WebhookDelivery
    attempts: list[WebhookAttempt]


@dataclass(frozen=True)
class DeliveryLog:
    endpoint: WebhookEndpoint
    rows: list[DeliveryRow]
    has_more: bool


async def read_endpoints(seller_id: int) -> list[WebhookEndpoint]:
    return await endpoints.list_endpoints(seller_id)


async def read_log(
    seller_id: int, endpoint_id: int, *, first: int = 20, before_id: int | None = None
) -> DeliveryLog:
    """The endpoint's deliveries newest first, each with its attempts (two queries)."""
    endpoint = await endpoints.get_endpoint(seller_id, endpoint_id)
    page, more = await endpoints.deliveries(
        seller_id, endpoint_id, first=first, before_id=before_id
    )
    attempts = await endpoints.attempts_of([d.id for d in page])
    return DeliveryLog(endpoint, [DeliveryRow(d, attempts[d.id]) for d in page], more)


async def endpoints_by_ids(seller_id: int, ids: list[int]) -> list[WebhookEndpoint]:
    """The seller's endpoints among `ids` (another seller's are simply absent), for the
    API's `node(id:)` / `nodes(ids:)`."""
    return await WebhookEndpoint.filter(id__in=ids, seller_id=seller_id)


async def deliveries_by_ids(seller_id: int, ids: list[int]) -> list[DeliveryRow]:
    """The deliveries among `ids` to the seller's own endpoints, each with its attempts
    (two queries), for `node(id:)` / `nodes(ids:)`."""
    found = await WebhookDelivery.filter(id__in=ids, endpoint__seller_id=seller_id)
    attempts = await endpoints.attempts_of([d.id for d in found])
    return [DeliveryRow(d, attempts[d.id]) for d in found]
