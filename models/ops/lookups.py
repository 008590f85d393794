"""Finding an order by the number a user typed, safely.

Tortoise validates lookup values against the column (an over-long order number raises
ValidationError instead of matching nothing), so every lookup by order number goes
through here: a value that cannot be an order number simply is not found.
"""

from __future__ import annotations

from typing import Any

from models import policy
from models.entities import Claim, Order
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


async def has_open_claim(order_id: int) -> bool:
    """Whether a claim on this order is still open (not in a closed status): one probe of
    the claim's (order_id, created_at) index, an order has a handful of claims at most."""
    return (
        await Claim.filter(order_id=order_id)
        .exclude(status__in=list(policy.CLOSED_STATUSES))
        .exists()
    )
