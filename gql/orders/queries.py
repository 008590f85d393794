"""`order(orderNo)`: the seller's or the buyer's own order; anyone else's is null."""

from __future__ import annotations

import strawberry

from gql.context import Info
from gql.orders.types import Order
from models.entities import Seller
from models.errors import DomainError
from models.ops.lookups import find_order


@strawberry.type
class OrderQueries:
    @strawberry.field(
        description="交易信息 by order number; null when the order is not the viewer's "
        "(another party's order answers exactly like a missing one)."
    )
    async def order(self, info: Info, order_no: str) -> Order | None:
        ctx = info.context
        viewer = ctx.require_viewer()
        await ctx.sweep_on_read()
        scope = {"seller_id": viewer.id} if isinstance(viewer, Seller) else {"buyer_id": viewer.id}
        try:
            row = await find_order(order_no, **scope)
        except DomainError:
            return None
        ctx.loaders.order_by_id.prime(row.id, row)
        return Order.from_model(row)
