"""An order with the fields of the transaction panel (交易信息)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Annotated

import strawberry

from gql import ids
from gql.context import Info
from gql.enums import Lang, OrderStatus
from gql.node_type import Node
from gql.orders.panel import TransactionPanel
from models.entities import Order as OrderEntity
from models.entities import Seller
from models.enums import ActorKind
from models.labels import label
from models.screens.panel import TransactionPanel as PanelModel
from models.screens.thread import read_thread
from models.tracking import tracking_url

if TYPE_CHECKING:
    from gql.claims.types import Claim
    from gql.memos.types import Memo


@strawberry.type(description="One order line (订购) as the transaction panel shows it.")
class Order(Node):
    order_no: str = strawberry.field(
        description="订购号码: the order's number, what `order(orderNo:)` takes."
    )
    cart_no: str = strawberry.field(description="购物车号码.")
    item_code: str = strawberry.field(description="商品代码.")
    seller_item_code: str = strawberry.field(description="卖家商品代码.")
    item_name: str
    quantity: int
    option_info: str = strawberry.field(description="选项信息, e.g. Color:Blue4.")
    option_code: str
    country: str = strawberry.field(
        description="订购国家: the country code (ISO 3166-1 alpha-2, e.g. JP)."
    )
    recipient_name: str
    recipient_phone: str
    postal_code: str
    address: str
    total_amount: int
    payment_method: str = strawberry.field(
        description="付款方式 as the marketplace names it (free text)."
    )
    order_date: date = strawberry.field(description="订购日: the Tokyo day the order was placed.")
    ship_date: date | None = strawberry.field(
        description="发货日: the Tokyo day it was shipped; null until then."
    )
    carrier: str = strawberry.field(
        description="快递公司 entered with the tracking number; empty before shipment."
    )
    tracking_no: str = strawberry.field(
        description="运送单号; empty before shipment (the carrier's page: `trackingUrl`)."
    )
    complete_date: date | None = strawberry.field(
        description="交易完成日: the Tokyo day the transaction completed; null until then."
    )
    status: OrderStatus
    row: strawberry.Private[OrderEntity]
    #: The panel read model, when the seller's `order(orderNo)` read this order through it.
    panel_model: strawberry.Private[PanelModel | None] = None

    @classmethod
    def from_model(cls, row: OrderEntity, panel: PanelModel | None = None) -> Order:
        status = row.status
        return cls(
            id=ids.encode("Order", row.id),  # type: ignore[arg-type]  # ID is a str
            order_no=row.order_no,
            cart_no=row.cart_no,
            item_code=row.item_code,
            seller_item_code=row.seller_item_code,
            item_name=row.item_name,
            quantity=row.quantity,
            option_info=row.option_info,
            option_code=row.option_code,
            country=row.country,
            recipient_name=row.recipient_name,
            recipient_phone=row.recipient_phone,
            postal_code=row.postal_code,
            address=row.address,
            total_amount=row.total_amount,
            payment_method=row.payment_method,
            order_date=row.ordered_on,
            ship_date=row.shipped_on,
            carrier=row.carrier,
            tracking_no=row.tracking_no,
            complete_date=row.completed_on,
            # a member already (see Claim.from_model): as it is, without `Enum.__call__`
            status=status if type(status) is OrderStatus else OrderStatus(status),
            row=row,
            panel_model=panel,
        )

    @strawberry.field(
        description="交易信息 as one screen (the seller's `order(orderNo)` only; else null): "
        "claim, rounds, history, every button incl. COMPLETE_CANCEL, memo thread."
    )
    def panel(self, info: Info) -> TransactionPanel | None:
        if self.panel_model is None:
            return None
        return TransactionPanel(model=self.panel_model, lang=info.context.lang)

    @strawberry.field
    def status_label(self, lang: Lang = Lang.ZH) -> str:
        return label(self.status, lang.value)

    @strawberry.field(
        description="运送跟踪: the carrier's public tracking page for trackingNo (the panel's "
        "link); null without a number or for a carrier with no known tracking page."
    )
    def tracking_url(self) -> str | None:
        return tracking_url(self.carrier, self.tracking_no)

    @strawberry.field(description="The shop that sold it.")
    async def shop_name(self, info: Info) -> str:
        seller = await info.context.loaders.seller_by_id.load(self.row.seller_id)
        return seller.shop_name if seller else ""

    @strawberry.field(description="The buyer as sellers' lists show them (`s*****`).")
    async def buyer_masked_id(self, info: Info) -> str:
        buyer = await info.context.loaders.buyer_by_id.load(self.row.buyer_id)
        return buyer.masked_id if buyer else ""

    @strawberry.field(description="The open claim, else the latest one; null when none.")
    async def claim(
        self, info: Info
    ) -> Annotated[Claim, strawberry.lazy("gql.claims.types")] | None:
        from gql.claims.types import Claim

        if self.panel_model is not None:  # the panel's own claim, never a second read
            claim = self.panel_model.claim
            return Claim.from_model(claim) if claim else None
        claims = await info.context.loaders.claims_by_order_id.load(self.row.id)
        return Claim.from_model(claims[0]) if claims else None

    @strawberry.field(
        description="Every claim of the order, newest first (closed ones are history)."
    )
    async def claims(
        self, info: Info
    ) -> list[Annotated[Claim, strawberry.lazy("gql.claims.types")]]:
        from gql.claims.types import Claim

        return [
            Claim.from_model(c)
            for c in await info.context.loaders.claims_by_order_id.load(self.row.id)
        ]

    @strawberry.field(description="The order's memos (纸条), newest first.")
    async def memos(self, info: Info) -> list[Annotated[Memo, strawberry.lazy("gql.memos.types")]]:
        from gql.memos.types import Memo

        if self.panel_model is not None:
            return [Memo.from_model(m) for m in self.panel_model.memos]
        return [
            Memo.from_model(m)
            for m in await info.context.loaders.memos_by_order_id.load(self.row.id)
        ]

    @strawberry.field(
        description="The order's conversation (纸条 thread), both directions, newest LAST, "
        "as the transaction panel (seller) and MyQoo10 (buyer) show it; reply with "
        "`memoReply`."
    )
    async def thread(self, info: Info) -> list[Annotated[Memo, strawberry.lazy("gql.memos.types")]]:
        from gql.memos.types import Memo

        if self.panel_model is not None and self.panel_model.thread is not None:
            found = self.panel_model.thread
        else:
            viewer = info.context.require_viewer()
            if isinstance(viewer, Seller):
                kind, mine = ActorKind.SELLER, self.row.seller_id == viewer.id
            else:
                kind, mine = ActorKind.BUYER, self.row.buyer_id == viewer.id
            if not mine:  # only the order's two parties read its conversation
                return []
            found = await read_thread(self.row, kind)
        return [Memo.from_model(m.memo) for m in found.memos]

    @strawberry.field(description="A buyer memo is waiting for the seller's answer (the red N).")
    async def has_unanswered_memo(self, info: Info) -> bool:
        if self.panel_model is not None:
            return self.panel_model.unanswered_memo
        return await info.context.loaders.unanswered_memo_by_order_id.load(self.row.id)
