from tortoise import migrations

#: Reserved for the sweep's writes on SQLite (issue 15 item 3); empty until that work lands, so the chain stays linear.


class Migration(migrations.Migration):
    dependencies = [("models", "0013_mutation_path")]

    initial = False

    operations: list = []
