"""The list's columns (the manual's order) and one claim's cell texts.

The list template (`row_values`, from the model objects of its page) and the Excel export
(plain values of `FIELDS` read straight from the database) both format through `cells`, so
a downloaded sheet holds exactly what the screen shows. Here, below both surfaces,
because the export job builds the sheet in `qsm worker`, which never imports `web`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from functools import cache
from typing import Any

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

#: The columns read from the claim's order (the rest are the claim's own).
ORDER_COLUMNS = frozenset(
    {"ordered_on", "shipped_on", "order_no", "cart_no", "item_code", "seller_item_code"}
)

#: The columns `cells` renders with `day`.
DATE_COLUMNS = frozenset(
    {"completed_on", "requested_on", "response_deadline", "ordered_on", "shipped_on"}
)


#: What a row reads, in `cells`' order: claim fields, `order__…` the order's (joined). The
#: export selects exactly these as plain values (`values_list`), the screen takes them from
#: the model objects it already holds (`values_of`); both then go through `cells`.
FIELDS: tuple[str, ...] = (
    "type",
    *(f"order__{c}" if c in ORDER_COLUMNS else c for c in COLUMNS),
)


@cache
def status_text(claim_type: str, status: str, lang: str) -> str:
    """`退货 退货申请`: the claim's type and status (the round's state has its own column).
    Cached: a handful of pairs cover every row of a 100,000-row export."""
    return f"{label(ClaimType(claim_type), lang)} {label(ClaimStatus(status), lang)}"


@cache
def withdrawal_text(state: str | None, lang: str) -> str:
    """The latest withdrawal round's state (撤回要请, 撤回保留, …), empty when none."""
    if not state:
        return ""
    return label(WithdrawalState(state), lang)


def values_of(claim: Claim) -> tuple[Any, ...]:
    """A claim (its order joined) as the plain values of `FIELDS`."""
    order = claim.order
    return (
        claim.type,
        claim.status,
        claim.withdrawal_state,
        claim.completed_on,
        claim.reason,
        claim.non_receipt_reason,
        claim.requested_on,
        claim.response_deadline,
        claim.collection_method,
        order.ordered_on,
        order.shipped_on,
        order.order_no,
        order.cart_no,
        order.item_code,
        order.seller_item_code,
    )


def cells(values: Sequence[Any], lang: str, day: Callable[[Any], Any] = ymd) -> list[Any]:
    """The row's cells in `COLUMNS` order from the plain values of `FIELDS` (a model's via
    `values_of`, or a database row): the one formatter of the list's texts. `day` renders
    the date columns (`DATE_COLUMNS`): `ymd` text on the screen, real dates in the sheet."""
    (
        claim_type,
        status,
        state,
        completed_on,
        reason,
        non_receipt_reason,
        requested_on,
        response_deadline,
        collection_method,
        ordered_on,
        shipped_on,
        order_no,
        cart_no,
        item_code,
        seller_item_code,
    ) = values[: len(FIELDS)]
    return [
        status_text(claim_type, status, lang),
        withdrawal_text(state, lang),
        day(completed_on),
        reason,
        non_receipt_reason,
        day(requested_on),
        day(response_deadline),
        collection_method,
        day(ordered_on),
        day(shipped_on),
        order_no,
        cart_no,
        item_code,
        seller_item_code,
    ]


def row_values(claim: Claim, lang: str) -> list[str]:
    """One claim's cell texts, as the list shows them."""
    return cells(values_of(claim), lang)
