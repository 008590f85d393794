"""MyQoo10's counts for the signed-in buyer (defined in models.buyer_summary)."""

from __future__ import annotations

import strawberry


@strawberry.type(description="MyQoo10 counts of the signed-in buyer.")
class BuyerSummary:
    withdrawal_requested: int = strawberry.field(
        description="撤回要請: claims whose seller asks for a withdrawal the buyer has not answered."
    )
    awaiting_shipment: int = strawberry.field(
        description="配送要請: orders not shipped yet, without an open claim."
    )
    shipping: int = strawberry.field(description="配送中: shipping orders without an open claim.")
    delivered: int = strawberry.field(description="受取確認.")
    cancelling: int = strawberry.field(
        description="キャンセル中: cancels requested or in progress."
    )
    returning: int = strawberry.field(description="返品中: returns requested, returning or held.")
    refund_waiting: int = strawberry.field(
        description="払い戻し待ち: returns received, non-receipts confirmed by the seller."
    )
    refunded: int = strawberry.field(description="払い戻し完了.")
    exchanging: int = strawberry.field(description="交換中: open exchange claims.")
    non_receipt: int = strawberry.field(description="未受取申告中: open non-receipt claims.")
