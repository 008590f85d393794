"""Bookkeeping tables: the per-seller counts behind the grid, and idempotency keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.entities.accounts import Seller


class SellerCounter(Model):
    """How many of a seller's claims are in a status (`status:X`) or round state (`withdrawal:X`).

    Maintained in the same transaction as every claim change, so the unfiltered grid is a
    handful of primary-key reads instead of a GROUP BY over a million claims.
    """

    id = fields.IntField(primary_key=True)
    seller: fields.ForeignKeyRelation[Seller] = fields.ForeignKeyField(
        "models.Seller", related_name=False, on_delete=fields.CASCADE
    )
    key = fields.CharField(max_length=48)
    count = fields.IntField(default=0)

    class Meta:
        table = "seller_counter"
        unique_together = (("seller_id", "key"),)


class IdempotencyRecord(Model):
    """The first result of a mutation sent with an idempotency key, per actor.

    Which columns hold the result depends on the kind of operation (`action`): a withdrawal
    operation keeps its claim and latest round (`claim_id`, `round_id`); an operation that
    creates one object (a memo reply, an inquiry) keeps that object's id in `result_id`.
    Plain integers, no foreign keys, so one table serves every kind of result.
    """

    id = fields.IntField(primary_key=True)
    #: `seller:<id>` or `buyer:<id>`: keys are scoped to who sent them.
    actor = fields.CharField(max_length=40)
    key = fields.CharField(max_length=100)
    action = fields.CharField(max_length=40)
    #: The claim of a withdrawal operation, null for operations without a claim.
    claim_id = fields.IntField(null=True)
    # the latest round a withdrawal operation left, if any
    round_id = fields.IntField(null=True)
    #: The id of the object the first call created (a memo, an inquiry), else null.
    result_id = fields.IntField(null=True)
    created_at = fields.DatetimeField()

    class Meta:
        table = "idempotency_record"
        unique_together = (("actor", "key"),)
