from tortoise import migrations
from tortoise.migrations import operations as ops

#: Issue 15 items 2-3. The delayed count becomes counter rows like the others: one
#: `first:<request day>:<status>` row per seller, first status and request day, counting
#: the claims still in that status (models/ops/counters.py, docs/counters.md). Backfilled
#: here from the claims; readers and writers keep it from then on.
FIRST_STATUSES = ("CANCEL_REQUESTED", "EXCHANGE_REQUESTED", "NR_REPORTED", "RETURN_REQUESTED")


def _backfill_sql(dialect: str) -> str:
    day = """to_char("requested_on", 'YYYY-MM-DD')""" if dialect == "postgres" else '"requested_on"'
    first = ", ".join(f"'{s}'" for s in FIRST_STATUSES)
    return (
        'INSERT INTO "seller_counter" ("seller_id", "key", "count") '
        f"SELECT \"seller_id\", 'first:' || {day} || ':' || \"status\", COUNT(*) "
        f'FROM "claim" WHERE "status" IN ({first}) '
        'GROUP BY "seller_id", "requested_on", "status"'
    )


async def backfill_first_days(apps, schema_editor) -> None:  # noqa: ANN001
    client = schema_editor.client
    await client.execute_script('DELETE FROM "seller_counter" WHERE "key" LIKE \'first:%\'')
    await client.execute_script(_backfill_sql(client.capabilities.dialect))


async def drop_first_days(apps, schema_editor) -> None:  # noqa: ANN001
    await schema_editor.client.execute_script(
        'DELETE FROM "seller_counter" WHERE "key" LIKE \'first:%\''
    )


class DropColumnInPlace(ops.RemoveField):
    """`RemoveField` as a plain `ALTER TABLE … DROP COLUMN` on both databases.

    The open-claim flag leaves the wide `customer_order` table: "this order has an open
    claim" is read from the claim table's (order_id, created_at) index instead
    (models/ops/lookups.py), so expiring or closing a claim writes no order row (the
    sweep's largest statement, issue 15). Tortoise drops a column on SQLite by rebuilding
    the table, which loses its secondary indexes (see 0009) and, with rows referencing the
    orders, fails its foreign-key check when the old table is dropped. SQLite >= 3.35 drops
    an unindexed column in place (indexes and references untouched), as PostgreSQL does.
    """

    async def database_forward(self, app_label, old_state, new_state, state_editor=None):  # noqa: ANN001, ANN201
        if not state_editor:
            return
        await state_editor.client.execute_script(
            f'ALTER TABLE "customer_order" DROP COLUMN "{self.name}"'
        )


class Migration(migrations.Migration):
    dependencies = [("models", "0011_exports")]

    initial = False

    operations = [
        ops.RunPython(backfill_first_days, drop_first_days),
        DropColumnInPlace(model_name="Order", name="has_open_claim"),
    ]
