"""`shipmentRegister` (seller only): refused with SHIPMENT_BLOCKED while a cancel claim is open."""

from __future__ import annotations

import strawberry

from gql.context import Info
from gql.errors import UserError, user_errors
from gql.orders.types import Order
from models.errors import DomainError
from models.ops import shipments


@strawberry.input
class ShipmentRegisterInput:
    order_no: str
    carrier: str = strawberry.field(description="快递公司, e.g. 佐川急便.")
    tracking_no: str = strawberry.field(description="运送单号: letters, digits and '-'.")


@strawberry.type
class ShipmentRegisterPayload:
    order: Order | None = None
    user_errors: list[UserError] = strawberry.field(default_factory=list)


@strawberry.type
class ShipmentMutations:
    @strawberry.mutation(description="Enter the carrier and tracking number of an order.")
    async def shipment_register(
        self, info: Info, input: ShipmentRegisterInput
    ) -> ShipmentRegisterPayload:
        ctx = info.context
        try:
            seller = ctx.require_seller()
            row = await shipments.register_shipment(
                seller.id, (input.order_no or "").strip(), input.carrier, input.tracking_no
            )
        except DomainError as exc:
            return ShipmentRegisterPayload(user_errors=user_errors(exc, ctx.lang, "orderNo"))
        return ShipmentRegisterPayload(order=Order.from_model(row))
