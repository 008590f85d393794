"""The list's columns (the manual's order) and one claim's cell texts.

The list template and the Excel export both call `row_values`, so a downloaded sheet holds
exactly what the screen shows. Here, below both surfaces, because the export job builds
the sheet in `qsm worker`, which never imports `web`.
"""

from __future__ import annotations

from datetime import date, datetime

from models.entities import Claim
from models.enums import ClaimStatus, ClaimType, WithdrawalState
from models.labels import label
from models.policy import BUSINESS_TZ


def ymd(value: date | datetime | None) -> str:
    """Dates as the manual prints them: 2021/08/09 (instants in Tokyo time)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.astimezone(BUSINESS_TZ).date()
    return value.strftime("%Y/%m/%d")


#: 处理状态 · 撤回索赔 · 取消退货完成日 · 取消退货理由 · 未收到原因 · 要求日 · 客户回应期限 ·
#: 退货收货方式 · 订购日 · 发货日 · 订购号码 · 购物车号码 · 商品代码 · 卖家商品代码 (选择 is the
#: checkbox in front). The manual's twelve plus the two triage needs: the latest round's
#: state and the open round's deadline, each in a column of its own to scan and sort.
COLUMNS: tuple[str, ...] = (
    "status",
    "withdrawal_state",
    "completed_on",
    "reason",
    "non_receipt_reason",
    "requested_on",
    "response_deadline",
    "collection_method",
    "ordered_on",
    "shipped_on",
    "order_no",
    "cart_no",
    "item_code",
    "seller_item_code",
)


def status_text(claim: Claim, lang: str) -> str:
    """`退货 退货申请`: the claim's type and status (the round's state has its own column)."""
    return f"{label(ClaimType(claim.type), lang)} {label(ClaimStatus(claim.status), lang)}"


def withdrawal_text(claim: Claim, lang: str) -> str:
    """The latest withdrawal round's state (撤回要请, 撤回保留, …), empty when none."""
    if not claim.withdrawal_state:
        return ""
    return label(WithdrawalState(claim.withdrawal_state), lang)


def row_values(claim: Claim, lang: str) -> list[str]:
    order = claim.order
    return [
        status_text(claim, lang),
        withdrawal_text(claim, lang),
        ymd(claim.completed_on),
        claim.reason,
        claim.non_receipt_reason,
        ymd(claim.requested_on),
        ymd(claim.response_deadline),
        claim.collection_method,
        ymd(order.ordered_on),
        ymd(order.shipped_on),
        order.order_no,
        order.cart_no,
        order.item_code,
        order.seller_item_code,
    ]
