from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0004_notice_params')]

    initial = False

    operations = [
        ops.AddField(
            model_name='WithdrawalRound',
            name='reminded_at',
            field=fields.DatetimeField(null=True, description='When the "deadline is near" reminders of this round went out (both parties, once).'),
        ),
    ]
