"""Claims (投诉/索赔), their withdrawal rounds (撤回要请) and the audit trail."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

from models.enums import (
    ActorKind,
    ClaimStatus,
    ClaimType,
    EventKind,
    RejectionReason,
    WithdrawalState,
)

if TYPE_CHECKING:
    from models.entities.accounts import Buyer, Seller
    from models.entities.orders import Order


class Claim(Model):
    """A buyer's cancel / return / exchange / non-receipt claim on an order.

    `withdrawal_state` mirrors the latest round so the grid and lists need no join,
    `version` is bumped by every transition, which is what makes each transition a
    guarded conditional UPDATE (exactly one of two racing callers wins).
    """

    id = fields.IntField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "models.Order", related_name="claims", on_delete=fields.RESTRICT
    )
    #: Copied from the order (never changes) so a seller's grid reads one table.
    seller: fields.ForeignKeyRelation[Seller] = fields.ForeignKeyField(
        "models.Seller", related_name=False, on_delete=fields.RESTRICT
    )
    buyer: fields.ForeignKeyRelation[Buyer] = fields.ForeignKeyField(
        "models.Buyer", related_name=False, on_delete=fields.RESTRICT
    )
    type = fields.CharEnumField(ClaimType, max_length=16)
    status = fields.CharEnumField(ClaimStatus, max_length=24)
    #: 理由 / 取消退货理由, e.g. `订购取消`.
    reason = fields.CharField(max_length=200, default="")
    #: 未收到原因 and 未收取类型 for non-receipt claims.
    non_receipt_reason = fields.CharField(max_length=200, default="")
    non_receipt_type = fields.CharField(max_length=100, default="")
    #: 要求日 (business date).
    requested_on = fields.DateField()
    #: 完成日 / 取消退货完成日.
    completed_on = fields.DateField(null=True)
    #: 退货收货方式, e.g. `卖家直接发送`.
    collection_method = fields.CharField(max_length=100, default="")
    #: 合作名称.
    partner_name = fields.CharField(max_length=200, default="")
    #: State of the latest withdrawal round, or null when none was ever requested.
    withdrawal_state = fields.CharEnumField(WithdrawalState, max_length=16, null=True)
    #: Number of withdrawal rounds so far (the latest round's number).
    round_count = fields.IntField(default=0)
    #: First business day a new request is allowed (set by a seller cancel).
    next_request_allowed_on = fields.DateField(null=True)
    #: 客户回应期限 of the open (REQUESTED) round, null otherwise: copied here so the list
    #: sorts and filters by it from one index. Set by every change of `withdrawal_state`
    #: (`ClaimTx.change`) and cleared by the set-based expiry.
    response_deadline = fields.DateField(null=True)
    #: 订购日, copied from the order (it never changes) so the list sorts by it from an index
    #: instead of sorting every claim through the join; null only for rows made outside
    #: `file_claim` (they sort last).
    ordered_on = fields.DateField(null=True)
    version = fields.IntField(default=0)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField()

    rounds: fields.ReverseRelation[WithdrawalRound]
    events: fields.ReverseRelation[ClaimEvent]

    class Meta:
        table = "claim"
        indexes = (
            ("seller_id", "type", "status", "requested_on"),
            # covers the filtered grid's GROUP BY (status, withdrawal_state) by date range
            ("seller_id", "type", "requested_on", "status", "withdrawal_state"),
            # the list's default order, keyset-paged (migration 0015: id included)
            ("seller_id", "requested_on", "id"),
            ("seller_id", "withdrawal_state"),
            ("order_id", "created_at"),
            ("buyer_id", "withdrawal_state"),
            # the list sorted / filtered by 客户回应期限 (keyset pages, id breaks ties)
            ("seller_id", "response_deadline", "id"),
            ("seller_id", "ordered_on", "id"),
        )


class WithdrawalRound(Model):
    """One withdrawal request and its outcome, every round is kept as history."""

    id = fields.IntField(primary_key=True)
    claim: fields.ForeignKeyRelation[Claim] = fields.ForeignKeyField(
        "models.Claim", related_name="rounds", on_delete=fields.RESTRICT
    )
    #: 1 for the first request, 2 for the first re-request, …
    round_no = fields.IntField()
    state = fields.CharEnumField(WithdrawalState, max_length=16)
    #: 卖家留言.
    seller_message = fields.TextField()
    #: 要请日 as an instant and as a business date.
    requested_at = fields.DatetimeField()
    requested_on = fields.DateField()
    #: 客户回应期限: last business day the buyer may answer.
    deadline = fields.DateField()
    #: 保留日: when the buyer rejected.
    held_at = fields.DatetimeField(null=True)
    rejection_code = fields.CharEnumField(RejectionReason, max_length=24, null=True)
    rejection_text = fields.TextField(null=True)
    responded_at = fields.DatetimeField(null=True)
    cancelled_at = fields.DatetimeField(null=True)
    expired_at = fields.DatetimeField(null=True)
    voided_at = fields.DatetimeField(null=True)
    #: When the "deadline is near" reminders of this round went out (both parties, once).
    reminded_at = fields.DatetimeField(null=True)
    #: The claim's seller, copied so the sweep probe finds a seller's rounds awaiting their
    #: reminder from one partial index (migration 0014); null only for rows made outside
    #: `_open_round` before that migration's backfill.
    seller_id = fields.IntField(
        null=True,
        description="The claim's seller, copied so the sweep probe finds a seller's "
        "rounds awaiting their reminder from one partial index (migration 0014).",
    )

    class Meta:
        table = "withdrawal_round"
        unique_together = (("claim_id", "round_no"),)
        indexes = (("state", "deadline"),)


class ClaimEvent(Model):
    """Audit trail: one row per transition, never updated or deleted."""

    id = fields.IntField(primary_key=True)
    claim: fields.ForeignKeyRelation[Claim] = fields.ForeignKeyField(
        "models.Claim", related_name="events", on_delete=fields.RESTRICT
    )
    actor_kind = fields.CharEnumField(ActorKind, max_length=16)
    #: Seller or buyer id of the actor, null for the system.
    actor_id = fields.IntField(null=True)
    kind = fields.CharEnumField(EventKind, max_length=32)
    from_status = fields.CharField(max_length=24, null=True)
    to_status = fields.CharField(max_length=24, null=True)
    from_state = fields.CharField(max_length=16, null=True)
    to_state = fields.CharField(max_length=16, null=True)
    round_no = fields.IntField(null=True)
    #: The seller message or the buyer's reason, as entered.
    message = fields.TextField(default="")
    at = fields.DatetimeField()

    class Meta:
        table = "claim_event"
        indexes = (("claim_id", "at"),)
