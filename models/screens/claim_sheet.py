"""The claim list as an .xlsx sheet: the [Excel] download and the export job build it here.

The list's rows in the list's order (its read model, keyset batches read as plain values,
never model objects) and its columns (`claim_rows.cells`, the screen's own formatter, so
the sheet holds what the screen shows), written with XlsxWriter in `constant_memory`
mode: each row goes to disk as it is written, so memory stays flat at any size. Why
XlsxWriter: on the same 100,000 rows it took 9.1 s against openpyxl write-only's 22.9 s,
both at ~22-24 MB peak (docs/exports.md has the numbers).

A sheet a seller can work with: date columns hold real dates (a date number format, so
they sort and filter as dates, not text), the header row is frozen and carries an
autofilter, and each column is as wide as its header and its first `WIDTH_SAMPLE` rows
need (rows after the sample have the same formats: dates, codes, labels). Text that a
spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR first) is written with a
leading `'`, and always as a string (never a formula, number or link), so a buyer-typed
reason cannot become a formula on the seller's machine.

This module never imports `web`: `qsm worker` builds the sheet (the words come from the
portal's catalogues through `models.catalogue`).
"""

from __future__ import annotations

import asyncio
import os
import unicodedata
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import xlsxwriter

from models import policy
from models.catalogue import translate
from models.enums import ClaimStatus, ClaimType, WithdrawalState
from models.queries import ClaimFilter, ClaimSort, DateField, SortDirection, SortKey
from models.screens import claim_list
from models.screens.claim_rows import COLUMNS, DATE_COLUMNS, FIELDS, cells

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The list's date columns (`claim_rows.DATE_COLUMNS`): written as dates, shown as the
#: manual prints them; every other column is text.
_DATE_INDEXES = tuple(i for i, key in enumerate(COLUMNS) if key in DATE_COLUMNS)
_TEXT_INDEXES = tuple(i for i, key in enumerate(COLUMNS) if key not in DATE_COLUMNS)
#: Excel's day 0 (1900 system); serials above 59 skip its phantom 1900-02-29.
_EXCEL_EPOCH = date(1899, 12, 31)
DATE_FORMAT = "yyyy/mm/dd"
#: Rows measured for the column widths (see the module docstring).
WIDTH_SAMPLE = 500
#: Column widths in Excel's character units: never narrower than a date, never so wide
#: that a long buyer reason pushes the other columns off the screen.
MIN_WIDTH = 10
MAX_WIDTH = 50
#: Test hook (docs/exports.md): seconds to wait after each row, so a test can kill a
#: worker in the middle of an export deterministically. Never set in production.
ROW_DELAY_ENV = "QSM_EXPORT_ROW_DELAY"

Progress = Callable[[int], Awaitable[None]]


@dataclass(frozen=True)
class SheetSpec:
    """What a sheet holds, frozen when it is asked for (an export job runs later)."""

    seller_id: int
    flt: ClaimFilter | None
    today: date
    lang: str
    selected: list[int] = field(default_factory=list)
    sort: ClaimSort | None = None

    def to_json(self) -> dict[str, Any]:
        """The spec as stored in `export.spec` (the seller is the row's own column)."""
        flt = None
        if self.flt is not None:
            f = self.flt
            flt = {
                "types": [str(v) for v in f.types],
                "statuses": [str(v) for v in f.statuses],
                "withdrawal_states": [str(v) for v in f.withdrawal_states],
                "date_field": str(f.date_field),
                "date_from": f.date_from.isoformat() if f.date_from else None,
                "date_to": f.date_to.isoformat() if f.date_to else None,
                "order_no": f.order_no,
                "cart_no": f.cart_no,
                "item_code": f.item_code,
                "seller_item_code": f.seller_item_code,
                "delayed_only": f.delayed_only,
                "deadline_within_days": f.deadline_within_days,
                "awaiting_rerequest": f.awaiting_rerequest,
            }
        sort = None
        if self.sort is not None:
            sort = {"key": str(self.sort.key), "direction": str(self.sort.direction)}
        return {
            "filter": flt,
            "selected": list(self.selected),
            "sort": sort,
            "lang": self.lang,
            "today": self.today.isoformat(),
        }

    @classmethod
    def from_json(cls, seller_id: int, data: dict[str, Any]) -> SheetSpec:
        raw = data.get("filter")
        flt = None
        if raw is not None:

            def day(value: str | None) -> date | None:
                return date.fromisoformat(value) if value else None

            flt = ClaimFilter(
                types=[ClaimType(v) for v in raw["types"]],
                statuses=[ClaimStatus(v) for v in raw["statuses"]],
                withdrawal_states=[WithdrawalState(v) for v in raw["withdrawal_states"]],
                date_field=DateField(raw["date_field"]),
                date_from=day(raw["date_from"]),
                date_to=day(raw["date_to"]),
                order_no=raw["order_no"],
                cart_no=raw["cart_no"],
                item_code=raw["item_code"],
                seller_item_code=raw["seller_item_code"],
                delayed_only=raw["delayed_only"],
                deadline_within_days=raw["deadline_within_days"],
                awaiting_rerequest=raw["awaiting_rerequest"],
            )
        sort = None
        if data.get("sort"):
            sort = ClaimSort(SortKey(data["sort"]["key"]), SortDirection(data["sort"]["direction"]))
        return cls(
            seller_id=seller_id,
            flt=flt,
            today=date.fromisoformat(data["today"]),
            lang=data["lang"],
            selected=[int(v) for v in data.get("selected") or []],
            sort=sort,
        )


def neutralise(value: str) -> str:
    """Prefix `'` to text a spreadsheet would otherwise evaluate."""
    return "'" + value if value.startswith(_FORMULA_STARTS) else value


@lru_cache(maxsize=4096)
def sheet_day(value: str | date | None) -> date | None:
    """A date column's value as the driver returns it (ISO text on SQLite, a date on
    PostgreSQL, None when empty) as the sheet's date. Cached: an export's rows share a
    few hundred days."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return date.fromisoformat(value[:10])
    return value


def sheet_values(row: Sequence[Any], lang: str) -> list[str | date | None]:
    """A row as the sheet stores it, from the plain values of `claim_rows.FIELDS`: the
    list's cells (`claim_rows.cells`, the screen's texts) with real dates in the date
    columns (None when empty) and every text neutralised."""
    values: list[Any] = cells(row, lang, sheet_day)
    for index in _TEXT_INDEXES:
        values[index] = neutralise(values[index])
    return values


def excel_serial(day: date) -> float:
    """The number Excel stores for a date (what XlsxWriter's `write_datetime` computes
    for a date in the default 1900 system, Excel's 1900 leap-year bug included)."""
    serial = (day - _EXCEL_EPOCH).days
    return float(serial + 1 if serial > 59 else serial)


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


def sheet_title(lang: str) -> str:
    """The sheet's tab name: the page title (Excel refuses some characters in it)."""
    title = translate(lang, "claims.title")
    for ch in "&[]:*?/\\":
        title = title.replace(ch, " ")
    return title[:31]


def row_delay() -> float:
    raw = os.environ.get(ROW_DELAY_ENV, "").strip()
    return float(raw) if raw else 0.0


async def write_sheet(path: Path, spec: SheetSpec, progress: Progress | None = None) -> int:
    """Write the sheet to `path` (overwriting it); returns the rows written (header
    excluded). `progress(rows)` is awaited every policy.EXPORT_PROGRESS_EVERY_ROWS rows."""
    lang = spec.lang
    titles = [translate(lang, f"col.{key}") for key in COLUMNS]
    rows = claim_list.every_row(
        spec.seller_id, spec.flt, FIELDS, spec.selected, spec.sort, today=spec.today
    ).__aiter__()
    sample: list[list[str | date | None]] = []
    async for row in rows:
        sample.append(sheet_values(row, lang))
        if len(sample) >= WIDTH_SAMPLE:
            break
    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            # every cell is text or a date: never a formula, number or hyperlink
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
        },
    )
    delay = row_delay()
    # with the test hook's delay, every row is progress worth showing
    every = 1 if delay else policy.EXPORT_PROGRESS_EVERY_ROWS
    try:
        sheet = workbook.add_worksheet(sheet_title(lang))
        dates = workbook.add_format({"num_format": DATE_FORMAT})
        header = workbook.add_format({"bold": True, "bg_color": "#DCE6F4", "valign": "vcenter"})
        for index, width in enumerate(column_widths(titles, sample)):
            sheet.set_column(index, index, width)
        sheet.freeze_panes(1, 0)
        for col, title in enumerate(titles):
            sheet.write_string(0, col, title, header)
        write_string, write_number = sheet.write_string, sheet.write_number
        serials: dict[date, float] = {}

        def write(row: int, values: list[Any]) -> None:
            # each column's kind is known: no per-cell type dispatch; a date column's
            # number (what write_datetime would compute) once per distinct day
            for col in _TEXT_INDEXES:
                text = values[col]
                if text:
                    write_string(row, col, text)
            for col in _DATE_INDEXES:
                day = values[col]
                if day is not None:
                    serial = serials.get(day)
                    if serial is None:
                        serial = serials[day] = excel_serial(day)
                    write_number(row, col, serial, dates)

        count = 0

        async def one_more() -> None:
            if delay:
                await asyncio.sleep(delay)
            if progress is not None and count % every == 0:
                await progress(count)

        for values in sample:
            count += 1
            write(count, values)
            await one_more()
        if len(sample) >= WIDTH_SAMPLE:
            async for row in rows:
                count += 1
                write(count, sheet_values(row, lang))
                if delay or (progress is not None and count % every == 0):
                    await one_more()
        sheet.autofilter(0, 0, count, len(COLUMNS) - 1)
    finally:
        workbook.close()
    return count
