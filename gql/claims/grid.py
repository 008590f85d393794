"""The status-count grid (状态类查询) of chapter 2: an adapter over `models.screens.grid`."""

from __future__ import annotations

import strawberry
from graphql import GraphQLSchema

from gql.claims.filters import ClaimFilterOutput
from gql.enums import ClaimStatusCell, ClaimType, Lang
from gql.fast_execution import PLAIN_MARK
from models.grid import GridCell as Cell
from models.screens.grid import Cell as ScreenCell
from models.screens.grid import Grid, cell_label


@strawberry.type(description="One count of the grid; every count links to the list.")
class StatusCount:
    type: ClaimType | None = strawberry.field(description="The row; null for the withdrawal row.")
    status: ClaimStatusCell
    count: int
    delayed: int = strawberry.field(description="How many of the counted claims are delayed.")
    sub_row: bool = strawberry.field(description="Drawn indented under the previous cell.")
    row: strawberry.Private[ScreenCell]

    @strawberry.field(
        description="The list this count opens: `claims(filter:)` with it gives `count` claims."
    )
    def filter(self) -> ClaimFilterOutput:
        # built when asked: most grid requests only want the counts and labels
        return ClaimFilterOutput.from_domain(self.row.filter)

    @strawberry.field(description="The cell's words, from the same label table as statuses.")
    def label(self, lang: Lang = Lang.ZH) -> str:
        return cell_label(self.row, lang.value)

    @classmethod
    def from_cell(cls, cell: ScreenCell) -> StatusCount:
        return cls(
            type=cell.type,
            status=cell.key,
            count=cell.count,
            delayed=cell.delayed,
            sub_row=cell.sub_row,
            row=cell,
        )


@strawberry.type(description="The grid: every cell in display order, plus the withdrawal row.")
class ClaimStatusCounts:
    cells: list[StatusCount]
    withdrawal_requested: int = strawberry.field(description="撤回要请: latest round REQUESTED.")
    withdrawal_held: int = strawberry.field(description="撤回保留: latest round HELD.")

    @classmethod
    def from_grid(cls, grid: Grid) -> ClaimStatusCounts:
        return cls(
            cells=[StatusCount.from_cell(c) for c in grid.cells],
            withdrawal_requested=grid.cell(Cell.WITHDRAWAL_REQUESTED).count,
            withdrawal_held=grid.cell(Cell.WITHDRAWAL_HELD).count,
        )


def _plain_label(source: StatusCount, _info: object, lang: object = "zh") -> str:
    """`StatusCount.label` without Strawberry's per-call wrapper (gql/fast_fields.py says
    why); graphql-core hands the coerced `lang`, a `Lang` member or its value."""
    return cell_label(source.row, getattr(lang, "value", lang) or "zh")


def install(schema: GraphQLSchema) -> None:
    """Answer `StatusCount.label` through the fast executor's plain path (18 per grid)."""
    field = schema.get_type("StatusCount").fields["label"]  # type: ignore[union-attr]
    setattr(_plain_label, PLAIN_MARK, True)
    field.resolve = _plain_label
