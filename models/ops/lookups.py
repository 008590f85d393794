"""Finding an order by the number a user typed, safely.

Tortoise validates lookup values against the column (an over-long order number raises
ValidationError instead of matching nothing), so every lookup by order number goes
through here: a value that cannot be an order number simply is not found.
"""

from __future__ import annotations

from typing import Any

from models.entities import Order
from models.errors import not_found

ORDER_NO_MAX_LENGTH: int = Order._meta.fields_map["order_no"].max_length


def plausible_key(value: str | None, max_length: int) -> bool:
    """Non-empty, fits the column, printable: anything else matches nothing."""
    return bool(value) and len(value) <= max_length and value.isprintable()


async def find_order(order_no: str | None, *, for_update: bool = False, **scope: Any) -> Order:
    """The order with this number within `scope` (seller_id= / buyer_id=), else NOT_FOUND."""
    number = (order_no or "").strip()
    order = None
    if plausible_key(number, ORDER_NO_MAX_LENGTH):
        query = Order.filter(order_no=number, **scope)
        order = await (query.select_for_update() if for_update else query).first()
    if order is None:
        raise not_found("Order")
    return order
