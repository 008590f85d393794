"""MyQoo10's counts for the signed-in buyer (defined in models.buyer_summary) and the
buyer's conversations (models.screens.thread)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import strawberry

from models.screens.thread import Thread

if TYPE_CHECKING:
    from gql.memos.types import Memo
    from gql.orders.types import Order


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


@strawberry.type(description="One order's conversation as MyQoo10 shows it, newest memo last.")
class MemoThread:
    model: strawberry.Private[Thread]

    @strawberry.field
    def order(self) -> Annotated[Order, strawberry.lazy("gql.orders.types")]:
        from gql.orders.types import Order

        return Order.from_model(self.model.order)

    @strawberry.field(description="Both directions, newest last.")
    def memos(self) -> list[Annotated[Memo, strawberry.lazy("gql.memos.types")]]:
        from gql.memos.types import Memo

        return [Memo.from_model(m.memo) for m in self.model.memos]

    @strawberry.field(description="A memo from the seller waits for the buyer's answer.")
    def awaiting_viewer(self) -> bool:
        return self.model.awaiting_viewer
