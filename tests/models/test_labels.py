"""Every enum value shown to people has its own zh / ja / en label."""

import pytest

from models.enums import (
    ClaimStatus,
    ClaimType,
    MemoCategory,
    RejectionReason,
    WithdrawalAction,
    WithdrawalState,
)
from models.errors import ErrorCode
from models.labels import label
from models.messages import localized, refusal


@pytest.mark.parametrize(
    ("value", "zh"),
    [
        (ClaimType.CANCEL, "取消"),
        (WithdrawalAction.CANCEL, "取消撤回要请"),
        (RejectionReason.OTHER, "其他原因"),
        (MemoCategory.OTHER, "其他"),
        (WithdrawalState.HELD, "撤回保留"),
        (ClaimStatus.RETURN_RECEIVED, "已收件/退款请求"),
    ],
)
def test_values_with_the_same_name_in_two_enums_keep_their_own_labels(value, zh):
    assert label(value) == zh


@pytest.mark.parametrize(
    "enum", [ClaimType, ClaimStatus, WithdrawalState, WithdrawalAction, RejectionReason]
)
def test_every_value_has_three_labels(enum):
    for member in enum:
        labels = {label(member, lang) for lang in ("zh", "ja", "en")}
        assert all(labels), member


def test_refusals_are_worded_and_labelled_in_the_asked_language():
    error = refusal(
        ErrorCode.CLAIM_NOT_WITHDRAWABLE,
        status="CANCELLING",
        status_label="取消中",
        inquiry_path="向Qoo10进行咨询 > 退款·投诉撤回 > 投诉撤回",
    )
    assert "「取消中」" in localized(error, "zh")
    english = localized(error, "en")
    assert "Cancelling" in english and "取消中" not in english
    assert "キャンセル中" in localized(error, "ja")
