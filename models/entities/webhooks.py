"""Webhook endpoints of a seller and the outbox of their deliveries (docs/webhooks.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.entities.accounts import Seller


class WebhookEndpoint(Model):
    """A URL a seller asked us to POST chosen events to, signed with its secret."""

    id = fields.IntField(primary_key=True)
    seller: fields.ForeignKeyRelation[Seller] = fields.ForeignKeyField(
        "models.Seller", related_name=False, on_delete=fields.CASCADE
    )
    url = fields.CharField(max_length=2000)
    description = fields.CharField(max_length=200, default="")
    #: The event types delivered (a JSON list of names such as withdrawal.requested).
    events: list[str] = fields.JSONField(default=list)  # type: ignore[assignment]
    enabled = fields.BooleanField(default=True)
    #: The signing secret, whsec_ and base64 (shown to the seller once).
    secret = fields.CharField(max_length=100)
    #: The secret before the last rotation, still signed with until previous_until.
    previous_secret = fields.CharField(max_length=100, null=True)
    previous_until = fields.DatetimeField(null=True)
    #: Deliveries in a row that exhausted their attempts (reset by a success).
    consecutive_failures = fields.IntField(default=0)
    #: When the dispatcher disabled it for failing (null when enabled or disabled by hand).
    disabled_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "webhook_endpoint"
        indexes = (("seller_id", "enabled"),)


class WebhookDelivery(Model):
    """One event for one endpoint: the outbox row, written in the transaction that decided
    the event, relayed by the dispatcher at least once."""

    id = fields.IntField(primary_key=True)
    endpoint: fields.ForeignKeyRelation[WebhookEndpoint] = fields.ForeignKeyField(
        "models.WebhookEndpoint", related_name="deliveries", on_delete=fields.CASCADE
    )
    #: The webhook-id header, the same on every attempt (receivers de-duplicate by it).
    message_id = fields.CharField(max_length=64, unique=True)
    event_type = fields.CharField(max_length=40)
    #: The JSON body, frozen when the event happened.
    payload = fields.TextField()
    #: PENDING, DELIVERED or FAILED.
    status = fields.CharField(max_length=16, default="PENDING")
    attempts = fields.IntField(default=0)
    #: Attempts allowed in all (policy.WEBHOOK_MAX_ATTEMPTS, one more per redelivery).
    attempts_allowed = fields.IntField()
    #: Wall-clock time of the next attempt (also the lease of an attempt in flight).
    next_attempt_at = fields.DatetimeField()
    last_response_code = fields.IntField(null=True)
    last_attempt_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "webhook_delivery"
        indexes = (("status", "next_attempt_at"), ("endpoint_id", "id"))


class WebhookAttempt(Model):
    """One POST of a delivery: when, the answer code or the error, how long it took."""

    id = fields.IntField(primary_key=True)
    delivery: fields.ForeignKeyRelation[WebhookDelivery] = fields.ForeignKeyField(
        "models.WebhookDelivery", related_name="attempt_log", on_delete=fields.CASCADE
    )
    at = fields.DatetimeField()
    response_code = fields.IntField(null=True)
    #: The first characters of the answer, or the error (timeout, refused address).
    excerpt = fields.CharField(max_length=300, default="")
    duration_ms = fields.IntField()
    success = fields.BooleanField()

    class Meta:
        table = "webhook_attempt"
        indexes = (("delivery_id", "id"),)
