"""The status grid (状态类查询) as one read model: every cell with its count, its delayed
count, its label key and the claim filter it opens.

Why here: the API answered counts only, while the portal alone knew which list a cell
opens (`web/portal/filters.py`) and both kept their own copies of the cell labels. A client
could not open a cell's list, and the wording drifted. Both surfaces now read `load`, and
listing claims with `cell.filter` gives exactly `cell.count` rows.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum
from functools import lru_cache

from models.clock import get_clock
from models.enums import ClaimStatus, ClaimType, Lang
from models.grid import CELL_BY_KEY, CELLS, CellSpec, GridCell
from models.labels import label
from models.ops.sweep import sweep_seller
from models.queries import ClaimFilter, status_grid

#: A filter no claim matches (a status of another type): what a cell of a filtered grid
#: opens when the grid's filter and the cell exclude each other, so its count stays 0.
_NOTHING = {"types": [ClaimType.CANCEL], "statuses": [ClaimStatus.RETURNING]}


@dataclass(frozen=True)
class Cell:
    """One clickable count of the grid, in the manual's display order."""

    key: GridCell
    #: The claim-type row; None for the withdrawal row.
    type: ClaimType | None
    count: int
    #: How many of the counted claims are delayed (for the delayed cell: all of them).
    delayed: int
    #: Counts only delayed claims (确认延迟): a "delayed" badge would repeat the count.
    delayed_only: bool
    #: Drawn indented under the previous cell (退货中's "- 退货保留").
    sub_row: bool
    #: The statuses / withdrawal states whose labels name the cell (joined by "/").
    label_keys: tuple[StrEnum, ...]
    spec: CellSpec
    #: The grid's filter (None: unfiltered), which the cell's list narrows.
    within: ClaimFilter | None

    @property
    def filter(self) -> ClaimFilter:
        """The claim filter this cell's list uses: `count` rows match it. Built when
        asked (the API's `filter` field, the portal's links), not for every grid read."""
        return cell_filter(self.spec, self.within)


@dataclass(frozen=True)
class Grid:
    cells: tuple[Cell, ...]

    def cell(self, key: GridCell) -> Cell:
        return next(c for c in self.cells if c.key == key)


def _narrow(values: list, cell_values: list) -> list | None:
    """The cell's values within the grid filter's; None when they exclude each other."""
    if not cell_values:
        return list(values)
    if not values:
        return list(cell_values)
    both = [v for v in cell_values if v in values]
    return both or None


def cell_filter(spec: CellSpec, within: ClaimFilter | None = None) -> ClaimFilter:
    """The filter of the list a cell opens: the grid's filter narrowed to the cell."""
    base = within or ClaimFilter()
    if spec.withdrawal_states:
        types, statuses = [], []
    else:
        types = [spec.type] if spec.type else []
        statuses = list(spec.statuses)
    narrowed = {
        "types": _narrow(base.types, types),
        "statuses": _narrow(base.statuses, statuses),
        "withdrawal_states": _narrow(base.withdrawal_states, list(spec.withdrawal_states)),
    }
    if any(v is None for v in narrowed.values()):
        return replace(base, withdrawal_states=[], delayed_only=False, **_NOTHING)
    return replace(base, delayed_only=base.delayed_only or spec.delayed_only, **narrowed)


def filter_of(key: GridCell) -> ClaimFilter:
    """The filter of an unfiltered grid's cell (the portal's `?cell=` links)."""
    return cell_filter(next(s for s in CELLS if s.cell == key))


def _label_keys(spec: CellSpec) -> tuple[StrEnum, ...]:
    if spec.delayed_only:
        return (spec.cell,)
    return spec.withdrawal_states or spec.statuses


def cell_label(cell: Cell, lang: Lang | str) -> str:
    """The cell's words from the label table (the delayed cell has no status of its own)."""
    return _cell_label(cell.key, lang)


@lru_cache(maxsize=256)
def _cell_label(key: GridCell, lang: Lang | str) -> str:
    """Kept per cell and language: the label table does not change while the server runs."""
    spec = CELL_BY_KEY[key]
    if spec.delayed_only:
        return label(GridCell.NR_DELAYED, lang)
    return "/".join(label(k, lang) for k in _label_keys(spec))


async def load(seller_id: int, flt: ClaimFilter | None = None) -> Grid:
    """Sweep the seller's overdue rounds once, then read every cell (never claim rows)."""
    await sweep_seller(seller_id)
    counts = await status_grid(seller_id, flt, get_clock().today())
    cells = []
    for spec in CELLS:
        count = counts.cell(spec.cell)
        cells.append(
            Cell(
                key=spec.cell,
                type=spec.type,
                count=count.count,
                delayed=count.delayed,
                delayed_only=spec.delayed_only,
                sub_row=spec.sub_row,
                label_keys=_label_keys(spec),
                spec=spec,
                within=flt,
            )
        )
    return Grid(tuple(cells))
