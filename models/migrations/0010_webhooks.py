from tortoise import migrations

#: Reserved for webhooks (issue 14 item 5) and the outbox (item 2); empty until that work lands, so the chain stays linear.


class Migration(migrations.Migration):
    dependencies = [("models", "0009_notification_indexes")]

    initial = False

    operations: list = []
