from tortoise import migrations

#: Reserved for the withdrawal mutation's write path (issue 15 item 1); empty until that work lands, so the chain stays linear.


class Migration(migrations.Migration):
    dependencies = [("models", "0012_grid_sweep")]

    initial = False

    operations: list = []
