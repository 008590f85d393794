"""Orders (订购): what the buyer bought from the seller, and how it ships."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from models import policy
from models.enums import OrderStatus

if TYPE_CHECKING:
    from models.entities.accounts import Buyer, Seller
    from models.entities.claims import Claim


class Order(Model):
    """One order line as the transaction panel (交易信息) shows it."""

    id = fields.IntField(primary_key=True)
    seller: fields.ForeignKeyRelation[Seller] = fields.ForeignKeyField(
        "models.Seller", related_name="orders", on_delete=fields.RESTRICT
    )
    buyer: fields.ForeignKeyRelation[Buyer] = fields.ForeignKeyField(
        "models.Buyer", related_name="orders", on_delete=fields.RESTRICT
    )
    #: 订购号码, e.g. `638452888`.
    order_no = fields.CharField(max_length=policy.ORDER_CODE_MAX_LENGTH, unique=True)
    #: 购物车号码, e.g. `210340349`.
    cart_no = fields.CharField(max_length=policy.ORDER_CODE_MAX_LENGTH, db_index=True)
    #: 商品代码, e.g. `897969031`.
    item_code = fields.CharField(max_length=policy.ORDER_CODE_MAX_LENGTH, db_index=True)
    #: 卖家商品代码 (the seller's own code).
    seller_item_code = fields.CharField(
        max_length=policy.SELLER_ITEM_CODE_MAX_LENGTH, default="", db_index=True
    )
    item_name = fields.CharField(max_length=200, default="")
    quantity = fields.IntField(default=1)
    #: 选项信息, e.g. `Color:Blue4`.
    option_info = fields.CharField(max_length=200, default="")
    option_code = fields.CharField(max_length=50, default="")
    #: 订购国家, e.g. `JP`.
    country = fields.CharField(max_length=2, default="JP")
    recipient_name = fields.CharField(max_length=200, default="")
    recipient_phone = fields.CharField(max_length=50, default="")
    total_amount = fields.IntField(default=0)
    #: 付款方式, e.g. `现金`.
    payment_method = fields.CharField(max_length=50, default="")
    ordered_on = fields.DateField()
    shipped_on = fields.DateField(null=True)
    #: 快递公司, e.g. `佐川急便`.
    carrier = fields.CharField(max_length=50, default="")
    tracking_no = fields.CharField(max_length=40, default="")
    completed_on = fields.DateField(null=True)
    postal_code = fields.CharField(max_length=20, default="")
    address = fields.CharField(max_length=500, default="")
    status = fields.CharEnumField(OrderStatus, default=OrderStatus.AWAITING_SHIPMENT)
    # No stored "has an open claim" flag: the claim table's (order_id, …) index answers it
    # (`models.ops.lookups.has_open_claim`), so closing a claim writes nothing here.

    claims: fields.ReverseRelation[Claim]

    class Meta:
        table = "customer_order"
        indexes = (("seller_id", "ordered_on"),)
