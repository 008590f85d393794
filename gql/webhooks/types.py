"""Webhook endpoints, deliveries and attempts as the API shows them."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import strawberry

from gql import ids
from gql.common import PageInfo
from gql.node_type import Node
from models.entities import WebhookAttempt as AttemptRow
from models.entities import WebhookEndpoint as EndpointRow
from models.screens.webhooks import DeliveryRow
from models.webhooks.events import WebhookEvent

WebhookEventType = strawberry.enum(
    WebhookEvent,
    name="WebhookEventType",
    description="An event a webhook endpoint can subscribe to; the payload's `type` is "
    "its dotted name (WITHDRAWAL_REQUESTED is `withdrawal.requested`).",
)


class DeliveryStatus(StrEnum):
    PENDING = "PENDING"
    DELIVERED = "DELIVERED"
    FAILED = "FAILED"


WebhookDeliveryStatus = strawberry.enum(
    DeliveryStatus,
    name="WebhookDeliveryStatus",
    description="PENDING: not yet answered 2xx, attempts left; DELIVERED: answered 2xx; "
    "FAILED: every attempt failed.",
)


@strawberry.type(
    description="A URL the seller's events are POSTed to, signed per "
    "Standard Webhooks with the endpoint's secret."
)
class WebhookEndpoint(Node):
    url: str
    description: str
    events: list[WebhookEventType]  # type: ignore[valid-type]
    enabled: bool = strawberry.field(
        description="False when switched off by the seller or disabled for failing."
    )
    disabled_for_failing_at: datetime | None = strawberry.field(
        description="When deliveries kept failing and the endpoint was disabled; null otherwise."
    )
    consecutive_failed_deliveries: int = strawberry.field(
        description="Deliveries in a row that used up their attempts (reset by a success)."
    )
    previous_secret_valid_until: datetime | None = strawberry.field(
        description="After a rotation, until when the old secret also signs; else null."
    )
    created_at: datetime

    @classmethod
    def from_model(cls, row: EndpointRow) -> WebhookEndpoint:
        return cls(
            id=strawberry.ID(ids.encode("WebhookEndpoint", row.id)),
            url=row.url,
            description=row.description,
            events=[WebhookEvent(e) for e in row.events or []],
            enabled=row.enabled,
            disabled_for_failing_at=row.disabled_at,
            consecutive_failed_deliveries=row.consecutive_failures,
            previous_secret_valid_until=row.previous_until,
            created_at=row.created_at,
        )


@strawberry.type(description="One POST of a delivery.")
class WebhookAttempt:
    at: datetime
    response_code: int | None = strawberry.field(
        description="The receiver's HTTP status; null when no answer (timeout, refused)."
    )
    excerpt: str = strawberry.field(description="The first characters of the answer, or the error.")
    duration_ms: int
    success: bool = strawberry.field(description="True for a 2xx answer.")

    @classmethod
    def from_model(cls, row: AttemptRow) -> WebhookAttempt:
        return cls(
            at=row.at,
            response_code=row.response_code,
            excerpt=row.excerpt,
            duration_ms=row.duration_ms,
            success=row.success,
        )


@strawberry.type(description="One event for one endpoint, tried until answered 2xx.")
class WebhookDelivery(Node):
    webhook_id: str = strawberry.field(
        description="The `webhook-id` header, the same on every attempt and redelivery."
    )
    event_type: WebhookEventType  # type: ignore[valid-type]
    status: WebhookDeliveryStatus  # type: ignore[valid-type]
    payload: str = strawberry.field(description="The JSON body, as sent.")
    attempt_count: int
    next_attempt_at: datetime | None = strawberry.field(
        description="When it is tried next (wall clock); null unless PENDING."
    )
    last_response_code: int | None
    created_at: datetime
    attempts: list[WebhookAttempt] = strawberry.field(description="Oldest first.")

    @classmethod
    def from_row(cls, row: DeliveryRow) -> WebhookDelivery:
        d = row.delivery
        return cls(
            id=strawberry.ID(ids.encode("WebhookDelivery", d.id)),
            webhook_id=d.message_id,
            event_type=WebhookEvent(d.event_type),
            status=DeliveryStatus(d.status),
            payload=d.payload,
            attempt_count=d.attempts,
            next_attempt_at=d.next_attempt_at if d.status == "PENDING" else None,
            last_response_code=d.last_response_code,
            created_at=d.created_at,
            attempts=[WebhookAttempt.from_model(a) for a in row.attempts],
        )


@strawberry.type(description="A delivery and its cursor.")
class WebhookDeliveryEdge:
    cursor: str = strawberry.field(description="Page `after` this delivery.")
    node: WebhookDelivery


@strawberry.type(description="A page of an endpoint's deliveries, newest first.")
class WebhookDeliveryConnection:
    edges: list[WebhookDeliveryEdge]
    page_info: PageInfo
