"""`webhookEndpoints` and `webhookDeliveries`: the seller's endpoints and a delivery log,
through the same read model as the portal's settings page (models/screens/webhooks.py)."""

from __future__ import annotations

import strawberry

from gql import ids
from gql.context import Info
from gql.paging import page_info
from gql.webhooks.types import (
    WebhookDelivery,
    WebhookDeliveryConnection,
    WebhookDeliveryEdge,
    WebhookEndpoint,
)
from models.policy import WEBHOOK_LOG_PAGE_MAX
from models.screens import webhooks as screen


@strawberry.type
class WebhookQueries:
    @strawberry.field(description="The signed-in seller's webhook endpoints, oldest first.")
    async def webhook_endpoints(self, info: Info) -> list[WebhookEndpoint]:
        seller = info.context.require_seller()
        return [WebhookEndpoint.from_model(e) for e in await screen.read_endpoints(seller.id)]

    @strawberry.field(
        description="One endpoint's deliveries, newest first: `first` of them (20 by "
        f"default, at most {WEBHOOK_LOG_PAGE_MAX}) after the cursor `after`."
    )
    async def webhook_deliveries(
        self,
        info: Info,
        endpoint_id: strawberry.ID,
        first: int | None = None,
        after: str | None = None,
    ) -> WebhookDeliveryConnection:
        seller = info.context.require_seller()
        endpoint = ids.decode(endpoint_id, "WebhookEndpoint", "endpointId")
        before_id = ids.decode(after, "WebhookDelivery", "after") if after else None
        log = await screen.read_log(seller.id, endpoint, first=first or 20, before_id=before_id)
        edges = [
            WebhookDeliveryEdge(
                cursor=ids.encode("WebhookDelivery", r.delivery.id),
                node=WebhookDelivery.from_row(r),
            )
            for r in log.rows
        ]
        cursors = [e.cursor for e in edges]
        return WebhookDeliveryConnection(
            edges=edges, page_info=page_info(cursors, log.has_more, before_id is not None)
        )
