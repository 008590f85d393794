from tortoise import migrations
from tortoise.migrations import operations as ops

#: 0007 altered `notification.kind`, and on SQLite Tortoise does that by rebuilding the
#: table: the copy lost the two indexes of 0001 that the inbox and the unread count read
#: by (recipient, created_at). Put them back under their own names; on PostgreSQL the
#: column was altered in place, both still exist, and nothing happens.
#: (tests/web/test_migrated_indexes.py compares a migrated database with the models.)
RESTORE_INDEXES = [
    'CREATE INDEX IF NOT EXISTS "idx_notificatio_seller__278d2f" '
    'ON "notification" ("seller_id", "created_at")',
    'CREATE INDEX IF NOT EXISTS "idx_notificatio_buyer_i_b3dd2b" '
    'ON "notification" ("buyer_id", "created_at")',
]


class Migration(migrations.Migration):
    dependencies = [('models', '0008_idempotency_result_id')]

    initial = False

    operations = [
        ops.RunSQL(RESTORE_INDEXES, reverse_sql=ops.RunSQL.noop),
    ]
