"""The status-count grid (状态类查询) of chapter 2."""

from __future__ import annotations

import strawberry

from gql.enums import ClaimStatusCell, ClaimType, Lang
from models.grid import CellCount, StatusGrid
from models.grid import GridCell as Cell

_LANG_INDEX = {Lang.ZH: 0, Lang.JA: 1, Lang.EN: 2}


@strawberry.type(description="One count of the grid; every count links to the list.")
class StatusCount:
    type: ClaimType | None = strawberry.field(description="The row; null for the withdrawal row.")
    status: ClaimStatusCell
    count: int
    delayed: int = strawberry.field(description="How many of the counted claims are delayed.")
    sub_row: bool = strawberry.field(description="Drawn indented under the previous cell.")
    labels: strawberry.Private[tuple[str, str, str]]

    @strawberry.field
    def label(self, lang: Lang = Lang.ZH) -> str:
        return self.labels[_LANG_INDEX[lang]]

    @classmethod
    def from_cell(cls, cell: CellCount) -> StatusCount:
        spec = cell.spec
        return cls(
            type=spec.type,
            status=spec.cell,
            count=cell.count,
            delayed=cell.delayed,
            sub_row=spec.sub_row,
            labels=spec.labels,
        )


@strawberry.type(description="The grid: every cell in display order, plus the withdrawal row.")
class ClaimStatusCounts:
    cells: list[StatusCount]
    withdrawal_requested: int = strawberry.field(description="撤回要请: latest round REQUESTED.")
    withdrawal_held: int = strawberry.field(description="撤回保留: latest round HELD.")

    @classmethod
    def from_grid(cls, grid: StatusGrid) -> ClaimStatusCounts:
        return cls(
            cells=[StatusCount.from_cell(c) for c in grid.cells()],
            withdrawal_requested=grid.count(Cell.WITHDRAWAL_REQUESTED),
            withdrawal_held=grid.count(Cell.WITHDRAWAL_HELD),
        )
