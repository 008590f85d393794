"""The list's [Excel] download: the selected rows, or every matching row, as .xlsx.

openpyxl's write-only workbook keeps one row in memory at a time; claims are read in
keyset batches through the list's read model (the same rows and order as the screen), and the finished file is streamed from a spooled temporary file. Text that
a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) is written with a
leading `'`, so a buyer-typed reason cannot become a formula on the seller's machine.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from starlette.responses import StreamingResponse

from models.queries import ClaimFilter
from models.screens import claim_list
from web import i18n
from web.portal.rows import COLUMNS, row_values

CHUNK = 64 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    """Prefix `'` to text a spreadsheet would otherwise evaluate."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


async def build_workbook(
    seller_id: int, flt: ClaimFilter, today: date, selected: list[int], lang: str
) -> tempfile.SpooledTemporaryFile:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(i18n.translate(lang, "claims.title").replace("&", " "))
    header_fill = PatternFill("solid", fgColor="DCE6F4")
    header = []
    for key in COLUMNS:
        cell = WriteOnlyCell(sheet, value=i18n.translate(lang, f"col.{key}"))
        cell.font = Font(bold=True)
        cell.fill = header_fill
        header.append(cell)
    sheet.append(header)
    async for claim in claim_list.every_row(seller_id, flt, selected):
        sheet.append([neutralise(value) for value in row_values(claim, lang)])
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
    seller_id: int, flt: ClaimFilter, today: date, selected: list[int], lang: str
) -> StreamingResponse:
    spool = await build_workbook(seller_id, flt, today, selected, lang)
    filename = f"claims-{today.strftime('%Y%m%d')}.xlsx"
    return StreamingResponse(
        _chunks(spool),
        media_type=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )
