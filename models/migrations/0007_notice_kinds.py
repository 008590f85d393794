from tortoise import migrations
from tortoise.migrations import operations as ops
from models.enums import NotificationKind
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0006_claim_response_deadline')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='Notification',
            name='kind',
            field=fields.CharEnumField(description='WITHDRAWAL_REQUESTED: WITHDRAWAL_REQUESTED\nWITHDRAWAL_CANCELLED: WITHDRAWAL_CANCELLED\nWITHDRAWAL_ACCEPTED: WITHDRAWAL_ACCEPTED\nWITHDRAWAL_REJECTED: WITHDRAWAL_REJECTED\nWITHDRAWAL_EXPIRED: WITHDRAWAL_EXPIRED\nWITHDRAWAL_VOIDED: WITHDRAWAL_VOIDED\nMEMO_RECEIVED: MEMO_RECEIVED\nWITHDRAWAL_REQUEST_SENT: WITHDRAWAL_REQUEST_SENT\nWITHDRAWAL_CANCEL_CONFIRMED: WITHDRAWAL_CANCEL_CONFIRMED\nWITHDRAWAL_ACCEPT_CONFIRMED: WITHDRAWAL_ACCEPT_CONFIRMED\nWITHDRAWAL_REJECT_CONFIRMED: WITHDRAWAL_REJECT_CONFIRMED\nWITHDRAWAL_ANSWER_DUE: WITHDRAWAL_ANSWER_DUE\nWITHDRAWAL_ANSWER_AWAITED: WITHDRAWAL_ANSWER_AWAITED', enum_type=NotificationKind, max_length=32),
        ),
    ]
