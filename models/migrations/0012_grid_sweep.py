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


#: The open-claim flag leaves the wide `customer_order` table: "this order has an open
#: claim" is read from the claim table's (order_id, created_at) index instead
#: (models/ops/lookups.py), so expiring or closing a claim writes no order row (the
#: sweep's largest statement, issue 15). On SQLite Tortoise drops a column by rebuilding
#: the table, and the copy loses its secondary indexes (see 0009): put them back under
#: their own names; on PostgreSQL the column is dropped in place and nothing happens.
RESTORE_INDEXES = [
    'CREATE INDEX IF NOT EXISTS "idx_customer_or_cart_no_933814" ON "customer_order" ("cart_no")',
    'CREATE INDEX IF NOT EXISTS "idx_customer_or_item_co_ad5433" ON "customer_order" ("item_code")',
    'CREATE INDEX IF NOT EXISTS "idx_customer_or_seller__97fc8e" '
    'ON "customer_order" ("seller_item_code")',
    'CREATE INDEX IF NOT EXISTS "idx_customer_or_seller__8aa85d" '
    'ON "customer_order" ("seller_id", "ordered_on")',
]


class Migration(migrations.Migration):
    dependencies = [("models", "0011_exports")]

    initial = False

    operations = [
        ops.RunPython(backfill_first_days, drop_first_days),
        ops.RemoveField(model_name="Order", name="has_open_claim"),
        ops.RunSQL(RESTORE_INDEXES, reverse_sql=ops.RunSQL.noop),
    ]
