"""The list's [Excel] download: the selected rows, or every matching row, as .xlsx.

openpyxl's write-only workbook; claims are read in keyset batches through the list's read
model (the same rows and order as the screen), and the finished file is streamed from a
spooled temporary file. Text that a spreadsheet would run as a formula (`=`, `+`, `-`,
`@`, tab, CR first) is written with a leading `'`, so a buyer-typed reason cannot become a
formula on the seller's machine.

A sheet a seller can work with: date columns hold real dates (a date number format, so
they sort and filter as dates, not text), the header row is frozen and carries an
autofilter, and each column is as wide as its header and its first `WIDTH_SAMPLE` rows
need. Why only a sample: a write-only sheet fixes its widths before the first row, and
holding every row to measure it would undo the streaming; the rows after the sample have
the same formats (dates, codes, labels), so they fit too.
"""

from __future__ import annotations

import tempfile
import unicodedata
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from starlette.responses import StreamingResponse

from models.queries import ClaimFilter, ClaimSort
from models.screens import claim_list
from web import i18n
from web.portal.rows import COLUMNS, row_values

CHUNK = 64 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The list's date columns: written as dates, shown as the manual prints them.
DATE_COLUMNS = frozenset(
    {"completed_on", "requested_on", "response_deadline", "ordered_on", "shipped_on"}
)
DATE_FORMAT = "yyyy/mm/dd"
#: The screen's date text (`web.render.ymd`), read back as the date it names.
_SCREEN_DATE = "%Y/%m/%d"
#: Rows measured for the column widths (see the module docstring).
WIDTH_SAMPLE = 500
#: Column widths in Excel's character units: never narrower than a date, never so wide
#: that a long buyer reason pushes the other columns off the screen.
MIN_WIDTH = 10
MAX_WIDTH = 50


def neutralise(value: str) -> str:
    """Prefix `'` to text a spreadsheet would otherwise evaluate."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


def cell_value(column: str, text: str) -> str | date | None:
    """A cell as the sheet stores it: a real date in a date column, else neutralised text."""
    if column in DATE_COLUMNS:
        if not text:
            return None
        try:
            return datetime.strptime(text, _SCREEN_DATE).date()
        except ValueError:
            return neutralise(text)
    return neutralise(text)


def display_width(value: Any) -> int:
    """Characters a cell needs; CJK (wide) characters take two."""
    if value is None:
        return 0
    if isinstance(value, date):
        return len(DATE_FORMAT)
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(value))


def column_widths(header: list[str], rows: list[list[Any]]) -> list[int]:
    widths = [display_width(title) for title in header]
    for row in rows:
        widths = [
            max(width, display_width(value)) for width, value in zip(widths, row, strict=False)
        ]
    return [min(max(width + 2, MIN_WIDTH), MAX_WIDTH) for width in widths]


def _row_cells(sheet: WriteOnlyWorksheet, values: list[Any]) -> list[WriteOnlyCell]:
    cells = []
    for value in values:
        cell = WriteOnlyCell(sheet, value=value)
        if isinstance(value, date):
            cell.number_format = DATE_FORMAT
        cells.append(cell)
    return cells


async def build_workbook(
    seller_id: int,
    flt: ClaimFilter,
    today: date,
    selected: list[int],
    lang: str,
    sort: ClaimSort | None = None,
) -> tempfile.SpooledTemporaryFile:
    """The sheet: the list's rows in the list's order (its sort), header first."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(i18n.translate(lang, "claims.title").replace("&", " "))
    titles = [i18n.translate(lang, f"col.{key}") for key in COLUMNS]
    rows = claim_list.every_row(seller_id, flt, selected, sort)
    sample: list[list[Any]] = []
    async for claim in rows:
        sample.append(
            [cell_value(k, v) for k, v in zip(COLUMNS, row_values(claim, lang), strict=True)]
        )
        if len(sample) >= WIDTH_SAMPLE:
            break
    for index, width in enumerate(column_widths(titles, sample), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    header_fill = PatternFill("solid", fgColor="DCE6F4")
    header = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center")
        header.append(cell)
    sheet.append(header)
    count = 0
    for values in sample:
        sheet.append(_row_cells(sheet, values))
        count += 1
    if len(sample) >= WIDTH_SAMPLE:
        async for claim in rows:
            values = [
                cell_value(k, v) for k, v in zip(COLUMNS, row_values(claim, lang), strict=True)
            ]
            sheet.append(_row_cells(sheet, values))
            count += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"
    spool = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 - _chunks closes it
    workbook.save(spool)
    spool.seek(0)
    return spool


def _chunks(spool: tempfile.SpooledTemporaryFile) -> Iterator[bytes]:
    try:
        while chunk := spool.read(CHUNK):
            yield chunk
    finally:
        spool.close()


async def xlsx_response(
    seller_id: int,
    flt: ClaimFilter,
    today: date,
    selected: list[int],
    lang: str,
    sort: ClaimSort | None = None,
) -> StreamingResponse:
    spool = await build_workbook(seller_id, flt, today, selected, lang, sort)
    filename = f"claims-{today.strftime('%Y%m%d')}.xlsx"
    return StreamingResponse(
        _chunks(spool),
        media_type=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
