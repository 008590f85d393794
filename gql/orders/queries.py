"""`order(orderNo)`: the seller's or the buyer's own order; anyone else's is null."""

from __future__ import annotations

import strawberry

from gql.context import Info
from gql.orders.types import Order
from models.clock import get_clock
from models.entities import Seller
from models.errors import DomainError
from models.ops.lookups import find_order
from models.screens import panel as panel_screen


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
        if isinstance(viewer, Seller):
            # the transaction panel: the same read model the portal renders
            # the saved replies only when `panel.savedReplies` asks (TransactionPanel)
            panel = await panel_screen.read(
                viewer.id, order_no, get_clock().today(), saved_replies=False
            )
            if panel is None:
                return None
            # what the panel read (same rows, same order) feeds the loaders: the claim's
            # rounds and events, the shop and the buyer are not read a second time
            loaders, order = ctx.loaders, panel.order
            loaders.order_by_id.prime(order.id, order)
            loaders.seller_by_id.prime(order.seller_id, order.seller)
            loaders.buyer_by_id.prime(order.buyer_id, order.buyer)
            if panel.claim is not None:
                loaders.rounds_by_claim_id.prime(panel.claim.id, panel.rounds)
                loaders.events_by_claim_id.prime(panel.claim.id, panel.events)
            return Order.from_model(order, panel)
        try:
            row = await find_order(order_no, buyer_id=viewer.id)
        except DomainError:
            return None
        ctx.loaders.order_by_id.prime(row.id, row)
        return Order.from_model(row)
