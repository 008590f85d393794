from tortoise import migrations

#: Empty on purpose: reserved for the withdrawal mutation's write path (issue 15 item 1),
#: which needed no schema change in the end; kept so databases already at 0013 stay valid.


class Migration(migrations.Migration):
    dependencies = [("models", "0012_grid_sweep")]

    initial = False

    operations: list = []
