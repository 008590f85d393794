"""Shipment registration (运送单号), refused while a cancel claim is open (the FAQ case)."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from models import data_version, policy
from models.clock import business_date, get_clock
from models.entities import Claim, Order
from models.enums import ActorKind, ClaimStatus, EventKind, OrderStatus
from models.errors import ErrorCode
from models.labels import label
from models.messages import input_refusal, keyed_refusal, refusal
from models.ops import audit, rules
from models.ops.lookups import find_order


async def register_shipment(seller_id: int, order_no: str, carrier: str, tracking_no: str) -> Order:
    carrier = rules.clean_text(carrier, "carrier", policy.CARRIER_MAX_LENGTH)
    tracking_no = rules.clean_text(tracking_no, "trackingNo", policy.TRACKING_NO_MAX_LENGTH)
    if not tracking_no.replace("-", "").isalnum():
        raise input_refusal("trackingNo", "tracking_no.format")
    now = get_clock().now()
    async with in_transaction():
        order = await find_order(order_no, for_update=True, seller_id=seller_id)
        blocking = await Claim.filter(
            order_id=order.id, status__in=list(policy.SHIPMENT_BLOCKING_STATUSES)
        ).first()
        if blocking is not None:
            raise refusal(
                ErrorCode.SHIPMENT_BLOCKED,
                field="trackingNo",
                order_no=order.order_no,
                status=ClaimStatus(blocking.status).value,
                status_label=label(ClaimStatus(blocking.status)),
            )
        updated = await Order.filter(id=order.id, tracking_no=order.tracking_no).update(
            carrier=carrier,
            tracking_no=tracking_no,
            shipped_on=order.shipped_on or business_date(now),
            status=OrderStatus.SHIPPING,
        )
        if updated != 1:
            raise keyed_refusal(ErrorCode.CONFLICT, "conflict.order")
        await data_version.touch([order.seller_id])  # the panel shows the tracking number
        latest = await Claim.filter(order_id=order.id).order_by("-id").first()
        if latest is not None:
            await audit.record_event(
                latest,
                EventKind.SHIPMENT_REGISTERED,
                ActorKind.SELLER,
                seller_id,
                now,
                message=f"{carrier} {tracking_no}",
            )
        return await Order.get(id=order.id)
