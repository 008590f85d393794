from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index
from models.enums import NotificationKind

#: Webhooks (issue 14 item 5) and their outbox (item 2): endpoints, deliveries, attempts;
#: and the seller's notice WEBHOOK_DISABLED, a new `notification.kind` value. Tortoise
#: alters that column by rebuilding the table on SQLite, and the copy loses its indexes
#: (as in 0007, see 0009): put them back under their own names; harmless on PostgreSQL.
RESTORE_NOTIFICATION_INDEXES = [
    'CREATE INDEX IF NOT EXISTS "idx_notificatio_seller__278d2f" '
    'ON "notification" ("seller_id", "created_at")',
    'CREATE INDEX IF NOT EXISTS "idx_notificatio_buyer_i_b3dd2b" '
    'ON "notification" ("buyer_id", "created_at")',
]


class Migration(migrations.Migration):
    dependencies = [('models', '0009_notification_indexes')]

    initial = False

    operations = [
        ops.CreateModel(
            name='WebhookEndpoint',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('seller', fields.ForeignKeyField('models.Seller', source_field='seller_id', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('url', fields.CharField(max_length=2000)),
                ('description', fields.CharField(default='', max_length=200)),
                ('events', fields.JSONField(default=list, description='The event types delivered (a JSON list of names such as withdrawal.requested).', encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('enabled', fields.BooleanField(default=True)),
                ('secret', fields.CharField(description='The signing secret, whsec_ and base64 (shown to the seller once).', max_length=100)),
                ('previous_secret', fields.CharField(null=True, description='The secret before the last rotation, still signed with until previous_until.', max_length=100)),
                ('previous_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('consecutive_failures', fields.IntField(default=0, description='Deliveries in a row that exhausted their attempts (reset by a success).')),
                ('disabled_at', fields.DatetimeField(null=True, description='When the dispatcher disabled it for failing (null when enabled or disabled by hand).', auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webhook_endpoint', 'app': 'models', 'indexes': [Index(fields=['seller_id', 'enabled'])], 'pk_attr': 'id', 'table_description': 'A URL a seller asked us to POST chosen events to, signed with its secret.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebhookDelivery',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('endpoint', fields.ForeignKeyField('models.WebhookEndpoint', source_field='endpoint_id', db_constraint=True, to_field='id', related_name='deliveries', on_delete=OnDelete.CASCADE)),
                ('message_id', fields.CharField(unique=True, description='The webhook-id header, the same on every attempt (receivers de-duplicate by it).', max_length=64)),
                ('event_type', fields.CharField(max_length=40)),
                ('payload', fields.TextField(description='The JSON body, frozen when the event happened.', unique=False)),
                ('status', fields.CharField(default='PENDING', description='PENDING, DELIVERED or FAILED.', max_length=16)),
                ('attempts', fields.IntField(default=0)),
                ('attempts_allowed', fields.IntField(description='Attempts allowed in all (policy.WEBHOOK_MAX_ATTEMPTS, one more per redelivery).')),
                ('next_attempt_at', fields.DatetimeField(description='Wall-clock time of the next attempt (also the lease of an attempt in flight).', auto_now=False, auto_now_add=False)),
                ('last_response_code', fields.IntField(null=True)),
                ('last_attempt_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'webhook_delivery', 'app': 'models', 'indexes': [Index(fields=['status', 'next_attempt_at']), Index(fields=['endpoint_id', 'id'])], 'pk_attr': 'id', 'table_description': 'One event for one endpoint: the outbox row, written in the transaction that decided'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='WebhookAttempt',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('delivery', fields.ForeignKeyField('models.WebhookDelivery', source_field='delivery_id', db_constraint=True, to_field='id', related_name='attempt_log', on_delete=OnDelete.CASCADE)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('response_code', fields.IntField(null=True)),
                ('excerpt', fields.CharField(default='', description='The first characters of the answer, or the error (timeout, refused address).', max_length=300)),
                ('duration_ms', fields.IntField()),
                ('success', fields.BooleanField()),
            ],
            options={'table': 'webhook_attempt', 'app': 'models', 'indexes': [Index(fields=['delivery_id', 'id'])], 'pk_attr': 'id', 'table_description': 'One POST of a delivery: when, the answer code or the error, how long it took.'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='Notification',
            name='kind',
            field=fields.CharEnumField(description='WITHDRAWAL_REQUESTED: WITHDRAWAL_REQUESTED\nWITHDRAWAL_CANCELLED: WITHDRAWAL_CANCELLED\nWITHDRAWAL_ACCEPTED: WITHDRAWAL_ACCEPTED\nWITHDRAWAL_REJECTED: WITHDRAWAL_REJECTED\nWITHDRAWAL_EXPIRED: WITHDRAWAL_EXPIRED\nWITHDRAWAL_VOIDED: WITHDRAWAL_VOIDED\nMEMO_RECEIVED: MEMO_RECEIVED\nWITHDRAWAL_REQUEST_SENT: WITHDRAWAL_REQUEST_SENT\nWITHDRAWAL_CANCEL_CONFIRMED: WITHDRAWAL_CANCEL_CONFIRMED\nWITHDRAWAL_ACCEPT_CONFIRMED: WITHDRAWAL_ACCEPT_CONFIRMED\nWITHDRAWAL_REJECT_CONFIRMED: WITHDRAWAL_REJECT_CONFIRMED\nWITHDRAWAL_ANSWER_DUE: WITHDRAWAL_ANSWER_DUE\nWITHDRAWAL_ANSWER_AWAITED: WITHDRAWAL_ANSWER_AWAITED\nWEBHOOK_DISABLED: WEBHOOK_DISABLED', enum_type=NotificationKind, max_length=32),
        ),
        ops.RunSQL(RESTORE_NOTIFICATION_INDEXES, reverse_sql=ops.RunSQL.noop),
    ]
