from tortoise import migrations

#: Reserved for exports as jobs (issue 14 item 4); empty until that work lands, so the chain stays linear.


class Migration(migrations.Migration):
    dependencies = [("models", "0010_webhooks")]

    initial = False

    operations: list = []
