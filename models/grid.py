"""The status-count grid (状态类查询) of chapter 2: which statuses each cell counts.

The grid and the list share `ClaimFilter`, so a count and the list it links to agree; the
screen (counts, labels, the filter each cell opens) is read through `models.screens.grid`.
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


CELLS: tuple[CellSpec, ...] = (
    CellSpec(
        GridCell.CANCEL_REQUESTED,
        ClaimType.CANCEL,
        (S.CANCEL_REQUESTED,),
    ),
    CellSpec(
        GridCell.CANCELLING,
        ClaimType.CANCEL,
        (S.CANCELLING,),
    ),
    CellSpec(
        GridCell.CANCEL_COMPLETED,
        ClaimType.CANCEL,
        (S.CANCEL_COMPLETED,),
    ),
    CellSpec(
        GridCell.RETURN_REQUESTED,
        ClaimType.RETURN,
        (S.RETURN_REQUESTED,),
    ),
    CellSpec(
        GridCell.RETURNING,
        ClaimType.RETURN,
        (S.RETURNING, S.RETURN_HELD, S.RETURN_RECEIVED),
    ),
    CellSpec(
        GridCell.RETURN_HELD,
        ClaimType.RETURN,
        (S.RETURN_HELD,),
        sub_row=True,
    ),
    CellSpec(
        GridCell.RETURN_RECEIVED,
        ClaimType.RETURN,
        (S.RETURN_RECEIVED,),
        sub_row=True,
    ),
    CellSpec(
        GridCell.RETURN_COMPLETED,
        ClaimType.RETURN,
        (S.RETURN_COMPLETED,),
    ),
    CellSpec(
        GridCell.EXCHANGE_REQUESTED_OR_CONFIRMED,
        ClaimType.EXCHANGE,
        (S.EXCHANGE_REQUESTED, S.EXCHANGE_CONFIRMED),
    ),
    CellSpec(
        GridCell.EXCHANGE_RESHIPPING,
        ClaimType.EXCHANGE,
        (S.EXCHANGE_RESHIPPING,),
    ),
    CellSpec(
        GridCell.EXCHANGE_COMPLETED,
        ClaimType.EXCHANGE,
        (S.EXCHANGE_COMPLETED,),
    ),
    CellSpec(
        GridCell.NR_REPORTED,
        ClaimType.NON_RECEIPT,
        (S.NR_REPORTED,),
    ),
    CellSpec(
        GridCell.NR_SELLER_CONFIRMED,
        ClaimType.NON_RECEIPT,
        (S.NR_SELLER_CONFIRMED,),
    ),
    CellSpec(
        GridCell.NR_DELAYED,
        ClaimType.NON_RECEIPT,
        (S.NR_REPORTED,),
        delayed_only=True,
    ),
    CellSpec(
        GridCell.NR_REFUNDED,
        ClaimType.NON_RECEIPT,
        (S.NR_REFUNDED,),
    ),
    CellSpec(
        GridCell.NR_PARTIALLY_REFUNDED,
        ClaimType.NON_RECEIPT,
        (S.NR_PARTIALLY_REFUNDED,),
    ),
    CellSpec(
        GridCell.WITHDRAWAL_REQUESTED,
        None,
        withdrawal_states=(WithdrawalState.REQUESTED,),
    ),
    CellSpec(
        GridCell.WITHDRAWAL_HELD,
        None,
        withdrawal_states=(WithdrawalState.HELD,),
    ),
)
CELL_BY_KEY: dict[GridCell, CellSpec] = {spec.cell: spec for spec in CELLS}

#: The one cell named by no status or state of its own: 确认延迟 counts NR_REPORTED claims
#: that are delayed. Every other cell is named by the label table (models.labels) through
#: its statuses; this word belongs there too once the table has an entry for grid cells.


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
