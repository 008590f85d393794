from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0002_grid_index')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LoginThrottle',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=100)),
                ('attempts', fields.IntField(default=0, description='Attempts charged since the counter was last forgotten or reset by a success.')),
                ('last_at', fields.FloatField(db_index=True, description='Epoch seconds of the last charged attempt (rows idle for the window are pruned).')),
                ('next_at', fields.FloatField(description='Epoch seconds before which the next attempt is refused (the growing delay).')),
                ('version', fields.IntField(default=0)),
            ],
            options={'table': 'login_throttle', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One sign-in counter per throttled key (`id:<login id>` or `ip:<address>`).'},
            bases=['Model'],
        ),
    ]
