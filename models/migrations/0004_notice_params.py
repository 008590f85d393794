from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0003_login_throttle')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Notification',
            name='params',
            field=fields.JSONField(null=True, description="The values its kind's sentence is rendered with (order_no, deadline…), in the reader's language. NULL on rows older than migration 0004.", encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
    ]
