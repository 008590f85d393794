from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.enums import ExportStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

#: Exports as jobs (issue 14 item 4, docs/exports.md): the `export` table.


class Migration(migrations.Migration):
    dependencies = [('models', '0010_webhooks')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Export',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('seller', fields.ForeignKeyField('models.Seller', source_field='seller_id', description='The only account that may see the export or download its file.', db_constraint=True, to_field='id', related_name=False, on_delete=OnDelete.CASCADE)),
                ('spec', fields.JSONField(description="The list filter, selected ids, sort, language and business day, as JSON.", encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('status', fields.CharEnumField(default=ExportStatus.QUEUED, description='QUEUED: QUEUED\nRUNNING: RUNNING\nDONE: DONE\nFAILED: FAILED\nEXPIRED: EXPIRED', enum_type=ExportStatus, max_length=16)),
                ('rows_done', fields.IntField(default=0, description='Rows written so far (updated every policy.EXPORT_PROGRESS_EVERY_ROWS rows).')),
                ('row_count', fields.IntField(default=0, description='Matching rows when the export was asked for, the rows written once done.')),
                ('file_name', fields.CharField(null=True, description="The name of the finished file inside the export directory (QSM_EXPORT_DIR).", max_length=200)),
                ('error', fields.CharField(null=True, description='Why the job gave up (its last error), for the seller and the operator.', max_length=500)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(description='After this instant the file is deleted and the download answers 410 Gone.', auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'export', 'app': 'models', 'indexes': [Index(fields=['seller_id', 'created_at']), Index(fields=['status', 'expires_at'])], 'pk_attr': 'id', 'table_description': 'A spreadsheet of the claim list, as the seller asked for it (the query, selection,'},
            bases=['Model'],
        ),
    ]
