from tortoise import fields, migrations
from tortoise.migrations import operations as ops

#: Issue 15: the seller's sweep probe asks "does one of this seller's open rounds await its
#: reminder?" on every read. Answered from the claim's (seller, response_deadline) index it
#: walked every claim of the seller in the reminder window (~720 for a large seller), so
#: the small seller's page was cheaper than the large one's. The round now carries its
#: seller (copied from the claim, which never changes seller) and a partial index holds
#: only the rounds still awaiting their reminder, so the probe reads at most one entry
#: whatever the seller's size (models/ops/sweep.py). The index is partial (state and
#: reminded_at in its WHERE), which Tortoise's index options do not express: plain SQL,
#: the same on both databases.
INDEX = "idx_withdrawal_round_reminder_due"


async def backfill_round_seller(apps, schema_editor) -> None:  # noqa: ANN001
    client = schema_editor.client
    await client.execute_script(
        'UPDATE "withdrawal_round" SET "seller_id" = (SELECT "claim"."seller_id" FROM "claim" '
        'WHERE "claim"."id" = "withdrawal_round"."claim_id")'
    )
    await client.execute_script(
        f'CREATE INDEX IF NOT EXISTS "{INDEX}" ON "withdrawal_round" ("seller_id", "deadline") '
        'WHERE "state" = \'REQUESTED\' AND "reminded_at" IS NULL'
    )


async def drop_reminder_index(apps, schema_editor) -> None:  # noqa: ANN001
    await schema_editor.client.execute_script(f'DROP INDEX IF EXISTS "{INDEX}"')


class Migration(migrations.Migration):
    dependencies = [("models", "0013_mutation_path")]

    initial = False

    operations = [
        ops.AddField(
            model_name="WithdrawalRound",
            name="seller_id",
            field=fields.IntField(
                null=True,
                description="The claim's seller, copied so the sweep probe finds a seller's "
                "rounds awaiting their reminder from one partial index (migration 0014).",
            ),
        ),
        ops.RunPython(backfill_round_seller, drop_reminder_index),
    ]
