"""Labels of enum values for the API: `models.labels.label`, plus a stopgap for two values
that collide there.

`models.labels._LABELS` is a dict keyed by StrEnum members, and members of different
enums with the same value are equal: `ClaimType.CANCEL == WithdrawalAction.CANCEL` and
`RejectionReason.OTHER == MemoCategory.OTHER`, so the later entry wins for both. Until
the domain keys its table by (enum, value) (reported to the lead), the two lost labels
are given here. Delete `_OVERRIDES` once `models.labels` is fixed.
"""

from __future__ import annotations

from enum import StrEnum

from models.enums import ClaimType, Lang, RejectionReason
from models.labels import label as domain_label

_INDEX = {Lang.ZH: 0, Lang.JA: 1, Lang.EN: 2}
_OVERRIDES: dict[tuple[type[StrEnum], str], tuple[str, str, str]] = {
    (ClaimType, ClaimType.CANCEL.value): ("取消", "キャンセル", "Cancel"),
    (RejectionReason, RejectionReason.OTHER.value): ("其他原因", "その他", "Other"),
}


def label(value: StrEnum, lang: Lang | str = Lang.ZH) -> str:
    """The zh / ja / en label of an enum value (zh for unknown languages)."""
    override = _OVERRIDES.get((type(value), value.value))
    if override is not None:
        try:
            return override[_INDEX.get(Lang(lang), 0)]
        except ValueError:
            return override[0]
    return domain_label(value, lang)
