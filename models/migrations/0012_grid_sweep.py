from tortoise import migrations

#: Reserved for the delayed count and the sweep's writes (issue 15 items 2-3); empty until that work lands, so the chain stays linear.


class Migration(migrations.Migration):
    dependencies = [("models", "0011_exports")]

    initial = False

    operations: list = []
