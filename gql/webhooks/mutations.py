"""The seller's webhook mutations; each calls one operation of models/webhooks/endpoints.py
and answers a refusal (bad URL, SSRF guard, unknown id) as `userErrors`."""

from __future__ import annotations

import strawberry

from gql import ids
from gql.context import Info
from gql.errors import UserError, user_errors
from gql.webhooks.types import WebhookDelivery, WebhookEndpoint, WebhookEventType
from models.errors import DomainError
from models.screens.webhooks import DeliveryRow
from models.webhooks import endpoints


@strawberry.input
class WebhookEndpointCreateInput:
    url: str = strawberry.field(description="An http(s) URL on a public address.")
    events: list[WebhookEventType]  # type: ignore[valid-type]
    description: str = strawberry.field(default="", description="A note for the seller.")


@strawberry.input
class WebhookEndpointUpdateInput:
    id: strawberry.ID
    url: str | None = strawberry.field(default=None, description="A new URL, if given.")
    events: list[WebhookEventType] | None = strawberry.field(  # type: ignore[valid-type]
        default=None, description="The new event list, if given."
    )
    enabled: bool | None = strawberry.field(
        default=None, description="Switch on or off; switching on resets the failure streak."
    )
    description: str | None = strawberry.field(default=None, description="A new note.")


@strawberry.input
class WebhookEndpointIdInput:
    id: strawberry.ID


@strawberry.input
class WebhookDeliveryRedeliverInput:
    id: strawberry.ID = strawberry.field(description="The delivery (`WebhookDelivery.id`).")


@strawberry.type
class WebhookEndpointSecretPayload:
    endpoint: WebhookEndpoint | None = None
    secret: str | None = strawberry.field(
        default=None,
        description="The signing secret (`whsec_…`): shown this once, store it now.",
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class WebhookEndpointUpdatePayload:
    endpoint: WebhookEndpoint | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class WebhookEndpointDeletePayload:
    deleted_id: strawberry.ID | None = strawberry.field(
        default=None, description="The deleted endpoint's id; its deliveries go with it."
    )
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class WebhookDeliveryRedeliverPayload:
    delivery: WebhookDelivery | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


def _events(values: list[WebhookEventType] | None) -> list[str] | None:  # type: ignore[valid-type]
    return None if values is None else [str(v.value) for v in values]


@strawberry.type
class WebhookMutations:
    @strawberry.mutation(description="Register an endpoint; its secret is in the payload once.")
    async def webhook_endpoint_create(
        self, info: Info, input: WebhookEndpointCreateInput
    ) -> WebhookEndpointSecretPayload:
        ctx = info.context
        try:
            seller = ctx.require_seller()
            made = await endpoints.create(
                seller.id, input.url, _events(input.events) or [], input.description
            )
        except DomainError as exc:
            return WebhookEndpointSecretPayload(user_errors=user_errors(exc, ctx.lang))
        return WebhookEndpointSecretPayload(
            endpoint=WebhookEndpoint.from_model(made.endpoint), secret=made.secret
        )

    @strawberry.mutation(description="Change an endpoint's URL, events, note or switch.")
    async def webhook_endpoint_update(
        self, info: Info, input: WebhookEndpointUpdateInput
    ) -> WebhookEndpointUpdatePayload:
        ctx = info.context
        try:
            seller = ctx.require_seller()
            row = await endpoints.update(
                seller.id,
                ids.decode(input.id, "WebhookEndpoint"),
                url=input.url,
                events=_events(input.events),
                enabled=input.enabled,
                description=input.description,
            )
        except DomainError as exc:
            return WebhookEndpointUpdatePayload(user_errors=user_errors(exc, ctx.lang, "id"))
        return WebhookEndpointUpdatePayload(endpoint=WebhookEndpoint.from_model(row))

    @strawberry.mutation(
        description="A new signing secret, shown once; the old one still signs for a grace "
        "period (a second signature in `webhook-signature`)."
    )
    async def webhook_endpoint_rotate_secret(
        self, info: Info, input: WebhookEndpointIdInput
    ) -> WebhookEndpointSecretPayload:
        ctx = info.context
        try:
            seller = ctx.require_seller()
            made = await endpoints.rotate_secret(seller.id, ids.decode(input.id, "WebhookEndpoint"))
        except DomainError as exc:
            return WebhookEndpointSecretPayload(user_errors=user_errors(exc, ctx.lang, "id"))
        return WebhookEndpointSecretPayload(
            endpoint=WebhookEndpoint.from_model(made.endpoint), secret=made.secret
        )

    @strawberry.mutation(description="Delete an endpoint and its delivery log.")
    async def webhook_endpoint_delete(
        self, info: Info, input: WebhookEndpointIdInput
    ) -> WebhookEndpointDeletePayload:
        ctx = info.context
        try:
            seller = ctx.require_seller()
            await endpoints.delete(seller.id, ids.decode(input.id, "WebhookEndpoint"))
        except DomainError as exc:
            return WebhookEndpointDeletePayload(user_errors=user_errors(exc, ctx.lang, "id"))
        return WebhookEndpointDeletePayload(deleted_id=input.id)

    @strawberry.mutation(
        description="Send a delivery again now, with the same `webhook-id` and body."
    )
    async def webhook_delivery_redeliver(
        self, info: Info, input: WebhookDeliveryRedeliverInput
    ) -> WebhookDeliveryRedeliverPayload:
        ctx = info.context
        try:
            seller = ctx.require_seller()
            row = await endpoints.redeliver(seller.id, ids.decode(input.id, "WebhookDelivery"))
            attempts = await endpoints.attempts_of([row.id])
        except DomainError as exc:
            return WebhookDeliveryRedeliverPayload(user_errors=user_errors(exc, ctx.lang, "id"))
        return WebhookDeliveryRedeliverPayload(
            delivery=WebhookDelivery.from_row(DeliveryRow(row, attempts[row.id]))
        )
