"""The status-count grid (状态类查询) of chapter 2: which statuses each cell counts.

The grid and the list share `ClaimFilter`, so a count and the list it links to agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from models.enums import ClaimStatus, ClaimType, WithdrawalState

S = ClaimStatus


class GridCell(StrEnum):
    """One clickable count of the grid (a cell may count several statuses)."""

    CANCEL_REQUESTED = "CANCEL_REQUESTED"
    CANCELLING = "CANCELLING"
    CANCEL_COMPLETED = "CANCEL_COMPLETED"
    RETURN_REQUESTED = "RETURN_REQUESTED"
    RETURNING = "RETURNING"
    RETURN_HELD = "RETURN_HELD"
    RETURN_RECEIVED = "RETURN_RECEIVED"
    RETURN_COMPLETED = "RETURN_COMPLETED"
    EXCHANGE_REQUESTED_OR_CONFIRMED = "EXCHANGE_REQUESTED_OR_CONFIRMED"
    EXCHANGE_RESHIPPING = "EXCHANGE_RESHIPPING"
    EXCHANGE_COMPLETED = "EXCHANGE_COMPLETED"
    NR_REPORTED = "NR_REPORTED"
    NR_SELLER_CONFIRMED = "NR_SELLER_CONFIRMED"
    NR_DELAYED = "NR_DELAYED"
    NR_REFUNDED = "NR_REFUNDED"
    NR_PARTIALLY_REFUNDED = "NR_PARTIALLY_REFUNDED"
    WITHDRAWAL_REQUESTED = "WITHDRAWAL_REQUESTED"
    WITHDRAWAL_HELD = "WITHDRAWAL_HELD"


@dataclass(frozen=True)
class CellSpec:
    cell: GridCell
    #: The claim type row the cell sits in; None for the withdrawal row.
    type: ClaimType | None
    statuses: tuple[ClaimStatus, ...] = ()
    withdrawal_states: tuple[WithdrawalState, ...] = ()
    #: Counts only delayed claims (确认延迟).
    delayed_only: bool = False
    #: Drawn as an indented sub-row under the previous cell (退货中's "- 退货保留").
    sub_row: bool = False
    labels: tuple[str, str, str] = ("", "", "")  # zh, ja, en


CELLS: tuple[CellSpec, ...] = (
    CellSpec(
        GridCell.CANCEL_REQUESTED,
        ClaimType.CANCEL,
        (S.CANCEL_REQUESTED,),
        labels=("取消要求", "キャンセル要求", "Cancel requested"),
    ),
    CellSpec(
        GridCell.CANCELLING,
        ClaimType.CANCEL,
        (S.CANCELLING,),
        labels=("取消中", "キャンセル中", "Cancelling"),
    ),
    CellSpec(
        GridCell.CANCEL_COMPLETED,
        ClaimType.CANCEL,
        (S.CANCEL_COMPLETED,),
        labels=("取消完成", "キャンセル完了", "Cancel completed"),
    ),
    CellSpec(
        GridCell.RETURN_REQUESTED,
        ClaimType.RETURN,
        (S.RETURN_REQUESTED,),
        labels=("退货申请", "返品申請", "Return requested"),
    ),
    CellSpec(
        GridCell.RETURNING,
        ClaimType.RETURN,
        (S.RETURNING, S.RETURN_HELD, S.RETURN_RECEIVED),
        labels=("退货中", "返品中", "Returning"),
    ),
    CellSpec(
        GridCell.RETURN_HELD,
        ClaimType.RETURN,
        (S.RETURN_HELD,),
        sub_row=True,
        labels=("退货保留", "返品保留", "On hold"),
    ),
    CellSpec(
        GridCell.RETURN_RECEIVED,
        ClaimType.RETURN,
        (S.RETURN_RECEIVED,),
        sub_row=True,
        labels=("已收件/退款请求", "受取済/払い戻し要請", "Received / refund"),
    ),
    CellSpec(
        GridCell.RETURN_COMPLETED,
        ClaimType.RETURN,
        (S.RETURN_COMPLETED,),
        labels=("退货完成", "返品完了", "Return completed"),
    ),
    CellSpec(
        GridCell.EXCHANGE_REQUESTED_OR_CONFIRMED,
        ClaimType.EXCHANGE,
        (S.EXCHANGE_REQUESTED, S.EXCHANGE_CONFIRMED),
        labels=("申请交换/卖家确认", "交換申請/販売者確認", "Requested / confirmed"),
    ),
    CellSpec(
        GridCell.EXCHANGE_RESHIPPING,
        ClaimType.EXCHANGE,
        (S.EXCHANGE_RESHIPPING,),
        labels=("再次派送中", "再配送中", "Reshipping"),
    ),
    CellSpec(
        GridCell.EXCHANGE_COMPLETED,
        ClaimType.EXCHANGE,
        (S.EXCHANGE_COMPLETED,),
        labels=("交换结束", "交換完了", "Exchange completed"),
    ),
    CellSpec(
        GridCell.NR_REPORTED,
        ClaimType.NON_RECEIPT,
        (S.NR_REPORTED,),
        labels=("接收申请", "受付申請", "Reported"),
    ),
    CellSpec(
        GridCell.NR_SELLER_CONFIRMED,
        ClaimType.NON_RECEIPT,
        (S.NR_SELLER_CONFIRMED,),
        labels=("卖家确认", "販売者確認", "Seller confirmed"),
    ),
    CellSpec(
        GridCell.NR_DELAYED,
        ClaimType.NON_RECEIPT,
        (S.NR_REPORTED,),
        delayed_only=True,
        labels=("确认延迟", "確認遅延", "Delayed"),
    ),
    CellSpec(
        GridCell.NR_REFUNDED,
        ClaimType.NON_RECEIPT,
        (S.NR_REFUNDED,),
        labels=("退款完成", "払い戻し完了", "Refunded"),
    ),
    CellSpec(
        GridCell.NR_PARTIALLY_REFUNDED,
        ClaimType.NON_RECEIPT,
        (S.NR_PARTIALLY_REFUNDED,),
        labels=("部分退款完成", "一部払い戻し完了", "Partially refunded"),
    ),
    CellSpec(
        GridCell.WITHDRAWAL_REQUESTED,
        None,
        withdrawal_states=(WithdrawalState.REQUESTED,),
        labels=("撤回要请", "撤回要請", "Withdrawal requested"),
    ),
    CellSpec(
        GridCell.WITHDRAWAL_HELD,
        None,
        withdrawal_states=(WithdrawalState.HELD,),
        labels=("撤回保留", "撤回保留", "Withdrawal on hold"),
    ),
)
CELL_BY_KEY: dict[GridCell, CellSpec] = {spec.cell: spec for spec in CELLS}


@dataclass(frozen=True)
class CellCount:
    spec: CellSpec
    count: int
    #: How many of the counted claims are delayed (non-zero only for first statuses).
    delayed: int


@dataclass(frozen=True)
class StatusGrid:
    """Counts per status, delayed counts per status, and the withdrawal row."""

    by_status: dict[ClaimStatus, int]
    delayed_by_status: dict[ClaimStatus, int]
    by_withdrawal_state: dict[WithdrawalState, int]

    def cell(self, key: GridCell) -> CellCount:
        spec = CELL_BY_KEY[key]
        delayed = sum(self.delayed_by_status.get(s, 0) for s in spec.statuses)
        if spec.withdrawal_states:
            count = sum(self.by_withdrawal_state.get(s, 0) for s in spec.withdrawal_states)
        elif spec.delayed_only:
            count = delayed
        else:
            count = sum(self.by_status.get(s, 0) for s in spec.statuses)
        return CellCount(spec, count, delayed)

    def cells(self) -> list[CellCount]:
        return [self.cell(spec.cell) for spec in CELLS]

    def count(self, key: GridCell) -> int:
        return self.cell(key).count
