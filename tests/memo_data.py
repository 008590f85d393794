"""Memo rows for tests that need more of them than the demo has (paging, caps)."""

from __future__ import annotations

from datetime import timedelta

from models import demo as d
from models.clock import Clock
from models.entities import Memo, Order
from models.enums import ActorKind, MemoChannel, MemoStatus


async def many_buyer_memos(count: int, clock: Clock) -> None:
    """`count` unanswered buyer memos on shop1's order `ORDER_NO_CLAIM`, titled m000, m001,
    … with bodies "body N", one minute apart from now (newest last)."""
    order = await Order.get(order_no=d.ORDER_NO_CLAIM)
    start = clock.now()
    await Memo.bulk_create(
        [
            Memo(
                order_id=order.id,
                seller_id=order.seller_id,
                buyer_id=order.buyer_id,
                sender_kind=ActorKind.BUYER,
                title=f"m{n:03d}",
                body=f"body {n}",
                status=MemoStatus.UNANSWERED,
                channel=MemoChannel.BUYER_SELLER,
                sent_at=start + timedelta(minutes=n),
            )
            for n in range(count)
        ]
    )
