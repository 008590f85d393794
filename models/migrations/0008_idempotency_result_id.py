from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

#: Rows written before 0008 kept an inquiry's id in `round_id` (with `claim_id` 0) and a
#: memo reply's id in `claim_id`; both move to `result_id`, and `claim_id` becomes NULL
#: (no claim). The action names are written out: they are stored data, not code to follow.
#: In an UPDATE every right-hand side reads the row as it was, so the moves are one step.
MOVE_RESULTS = [
    'UPDATE "idempotency_record" SET "result_id" = "round_id", "round_id" = NULL, '
    "\"claim_id\" = NULL WHERE \"action\" = 'INQUIRY_SUBMIT'",
    'UPDATE "idempotency_record" SET "result_id" = "claim_id", "claim_id" = NULL '
    "WHERE \"action\" = 'MEMO_REPLY'",
]
#: Tortoise rebuilds the SQLite table to drop NOT NULL from claim_id and the copy loses
#: the unique (actor, key) constraint of 0001, which is what makes one of two racing calls
#: with one key win. Put it back under the constraint's own name: on PostgreSQL the
#: column is altered in place, the constraint's index has this name, and nothing happens.
UNIQUE_ACTOR_KEY = (
    'CREATE UNIQUE INDEX IF NOT EXISTS "uid_idempotency_actor_dc7767" '
    'ON "idempotency_record" ("actor", "key")'
)
#: Back to the old layout (runs before `claim_id` turns NOT NULL again).
RESTORE_RESULTS = [
    'UPDATE "idempotency_record" SET "round_id" = "result_id", "claim_id" = 0 '
    "WHERE \"action\" = 'INQUIRY_SUBMIT'",
    'UPDATE "idempotency_record" SET "claim_id" = "result_id" '
    "WHERE \"action\" = 'MEMO_REPLY'",
]


class Migration(migrations.Migration):
    dependencies = [('models', '0007_notice_kinds')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='IdempotencyRecord',
            name='claim_id',
            field=fields.IntField(null=True, description='The claim of a withdrawal operation, null for operations without a claim.'),
        ),
        ops.RunSQL(UNIQUE_ACTOR_KEY, reverse_sql=ops.RunSQL.noop),
        ops.AddField(
            model_name='IdempotencyRecord',
            name='result_id',
            field=fields.IntField(null=True, description='The id of the object the first call created (a memo, an inquiry), else null.'),
        ),
        ops.RunSQL(MOVE_RESULTS, reverse_sql=RESTORE_RESULTS),
    ]
