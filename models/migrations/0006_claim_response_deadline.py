from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

#: Existing open rounds: the claim takes the deadline of its latest round while it is
#: REQUESTED; every claim takes its order's 订购日.
BACKFILL = (
    'UPDATE "claim" SET "response_deadline" = (SELECT r."deadline" FROM "withdrawal_round" r '
    'WHERE r."claim_id" = "claim"."id" AND r."round_no" = "claim"."round_count" '
    "AND r.\"state\" = 'REQUESTED') WHERE \"withdrawal_state\" = 'REQUESTED'"
)
BACKFILL_ORDERED_ON = (
    'UPDATE "claim" SET "ordered_on" = (SELECT o."ordered_on" FROM "customer_order" o '
    'WHERE o."id" = "claim"."order_id")'
)


class Migration(migrations.Migration):
    dependencies = [("models", "0005_round_reminders")]

    initial = False

    operations = [
        ops.AddField(
            model_name="Claim",
            name="response_deadline",
            field=fields.DateField(
                null=True,
                description="客户回应期限 of the open (REQUESTED) round, null otherwise: copied here so the list",
            ),
        ),
        ops.AddIndex(
            model_name="Claim",
            index=Index(fields=["seller_id", "response_deadline", "id"]),
        ),
        ops.RunSQL(BACKFILL, reverse_sql='UPDATE "claim" SET "response_deadline" = NULL'),
        ops.AddField(
            model_name="Claim",
            name="ordered_on",
            field=fields.DateField(
                null=True,
                description="订购日, copied from the order (it never changes) so the list sorts by it from an index",
            ),
        ),
        ops.AddIndex(
            model_name="Claim",
            index=Index(fields=["seller_id", "ordered_on", "id"]),
        ),
        ops.RunSQL(BACKFILL_ORDERED_ON, reverse_sql='UPDATE "claim" SET "ordered_on" = NULL'),
    ]
