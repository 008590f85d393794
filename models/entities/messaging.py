"""Memos (纸条) between buyer and seller, saved replies, inquiries and notifications."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from models import policy
from models.enums import (
    ActorKind,
    InquiryStatus,
    MemoCategory,
    MemoChannel,
    MemoStatus,
    MemoType,
    NotificationKind,
)

if TYPE_CHECKING:
    from models.entities.accounts import Buyer, Seller
    from models.entities.claims import Claim
    from models.entities.orders import Order


class Memo(Model):
    """A message on an order: a buyer's memo stays unanswered until the seller replies."""

    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="memos", on_delete=fields.RESTRICT
    )
    seller: fields.ForeignKeyRelation[Seller] = fields.ForeignKeyField(
        "models.Seller", related_name=False, on_delete=fields.RESTRICT
    )
    buyer: fields.ForeignKeyRelation[Buyer] = fields.ForeignKeyField(
        "models.Buyer", related_name=False, on_delete=fields.RESTRICT
    )
    #: Who wrote it: SELLER or BUYER (the other side is the recipient).
    sender_kind = fields.CharEnumField(ActorKind, max_length=16)
    title = fields.CharField(max_length=200)
    body = fields.TextField()
    #: Original file name as uploaded, and the generated name it is stored under.
    attachment_name = fields.CharField(max_length=255, null=True)
    attachment_path = fields.CharField(max_length=255, null=True)
    attachment_type = fields.CharField(max_length=100, null=True)
    type = fields.CharEnumField(MemoType, max_length=16, default=MemoType.NORMAL)
    category = fields.CharEnumField(MemoCategory, max_length=16, default=MemoCategory.OTHER)
    status = fields.CharEnumField(MemoStatus, max_length=16)
    channel = fields.CharEnumField(MemoChannel, max_length=24, default=MemoChannel.BUYER_SELLER)
    sent_at = fields.DatetimeField()

    class Meta:
        table = "memo"
        indexes = (("seller_id", "sent_at"), ("order_id", "status"))


class SavedReply(Model):
    """A seller's reusable memo title and body (常用回复)."""

    id = fields.IntField(primary_key=True)
    seller: fields.ForeignKeyRelation[Seller] = fields.ForeignKeyField(
        "models.Seller", related_name=False, on_delete=fields.CASCADE
    )
    title = fields.CharField(max_length=200)
    body = fields.TextField()

    class Meta:
        table = "saved_reply"


class Inquiry(Model):
    """A question to the marketplace operator (向Qoo10进行咨询)."""

    id = fields.IntField(primary_key=True)
    seller: fields.ForeignKeyRelation[Seller] = fields.ForeignKeyField(
        "models.Seller", related_name=False, on_delete=fields.RESTRICT
    )
    order: fields.ForeignKeyNullableRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    item_code = fields.CharField(max_length=policy.ORDER_CODE_MAX_LENGTH, default="")
    #: e.g. `REFUND_CLAIM_WITHDRAWAL` (退款·投诉撤回) > `CLAIM_WITHDRAWAL` (投诉撤回).
    category = fields.CharField(max_length=50)
    subcategory = fields.CharField(max_length=50)
    title = fields.CharField(max_length=200)
    body = fields.TextField()
    lang = fields.CharField(max_length=5)
    status = fields.CharEnumField(InquiryStatus, max_length=16, default=InquiryStatus.SUBMITTED)
    created_at = fields.DatetimeField()

    class Meta:
        table = "inquiry"
        indexes = (("seller_id", "created_at"),)


class Notification(Model):
    """Qpost (sellers) and MyQoo10 (buyers) notices, exactly one recipient is set."""

    id = fields.IntField(primary_key=True)
    seller: fields.ForeignKeyNullableRelation[Seller] = fields.ForeignKeyField(
        "models.Seller", related_name=False, null=True, on_delete=fields.CASCADE
    )
    buyer: fields.ForeignKeyNullableRelation[Buyer] = fields.ForeignKeyField(
        "models.Buyer", related_name=False, null=True, on_delete=fields.CASCADE
    )
    kind = fields.CharEnumField(NotificationKind, max_length=32)
    order: fields.ForeignKeyNullableRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    claim: fields.ForeignKeyNullableRelation[Claim] = fields.ForeignKeyField(
        "models.Claim", related_name=False, null=True, on_delete=fields.RESTRICT
    )
    params: dict[str, str] | None = fields.JSONField(  # type: ignore[assignment]
        null=True,
        description="The values its kind's sentence is rendered with (order_no, deadline…), "
        "in the reader's language. NULL on rows older than migration 0004.",
    )
    text = fields.TextField()  # the zh sentence as written (all a pre-0004 row has)
    created_at = fields.DatetimeField()
    read_at = fields.DatetimeField(null=True)

    class Meta:
        table = "notification"
        indexes = (("seller_id", "created_at"), ("buyer_id", "created_at"))
