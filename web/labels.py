"""Enum labels for the portal: `models.labels.label`, minus its value collisions.

`models.labels` keys one dict by enum members, and StrEnum members with the same value
are equal keys, so ClaimType.CANCEL shows WithdrawalAction.CANCEL's 取消撤回要请 and
RejectionReason.OTHER shows MemoCategory.OTHER's 其他 (instead of 其他原因, which the
manual's `[其他原因] test` needs). Until models keys its table by (type, value), these
four keep their labels here; everything else is models' table unchanged.
"""

from __future__ import annotations

from enum import StrEnum

from models.enums import ClaimType, MemoCategory, RejectionReason, WithdrawalAction
from models.labels import label

_COLLIDING: dict[tuple[type, str], tuple[str, str, str]] = {
    (ClaimType, "CANCEL"): ("取消", "キャンセル", "Cancel"),
    (WithdrawalAction, "CANCEL"): ("取消撤回要请", "撤回要請取消", "Cancel request"),
    (RejectionReason, "OTHER"): ("其他原因", "その他", "Other"),
    (MemoCategory, "OTHER"): ("其他", "その他", "Other"),
}
_INDEX = {"zh": 0, "ja": 1, "en": 2}


def enum_label(value: StrEnum, lang: str = "zh") -> str:
    own = _COLLIDING.get((type(value), value.value))
    if own is not None:
        return own[_INDEX.get(lang, 0)]
    return label(value, lang)
