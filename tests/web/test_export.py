"""[Excel]: the selected rows, or every matching row, as the list shows them."""

from __future__ import annotations

import io
import re
from datetime import datetime

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from models.clock import get_clock
from models.entities import Claim, Seller
from models.queries import ClaimSort, SortDirection, SortKey
from models.screens import claim_list, claim_sheet
from models.screens.claim_rows import row_values
from models.screens.claim_sheet import SheetSpec
from tests.web.helpers import HTMX, MANUAL_LIST_COLUMNS, login, make_client, text

#: Where the order number and the reason sit in a sheet's rows.
ORDER_NO = MANUAL_LIST_COLUMNS.index("订购号码")
REASON = MANUAL_LIST_COLUMNS.index("取消退货理由")


def shown(value: object) -> str:
    """A cell as the seller sees it: dates in the sheet's yyyy/mm/dd format."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y/%m/%d")
    return str(value)


def sheet_rows(content: bytes) -> list[list[str]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    sheet = workbook.worksheets[0]
    return [[shown(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


def list_rows(html: str) -> list[list[str]]:
    """The list's cells (without the checkbox), row by row."""
    rows = []
    for body in re.findall(r'<tr tabindex="0".*?</tr>', html, re.DOTALL):
        cells = re.findall(r"<td>(.*?)</td>", body, re.DOTALL)
        cleaned = [re.sub(r"<[^>]+>", "", cell).strip() for cell in cells]
        rows.append(cleaned[1:])
    return rows


async def test_excel_holds_every_matching_row_like_the_list(seller):
    listing = await seller.get("/portal/claims/list?cell=RETURN_REQUESTED", headers=HTMX)
    response = await seller.get("/portal/claims/export.xlsx?cell=RETURN_REQUESTED")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "attachment" in response.headers["content-disposition"]
    rows = sheet_rows(response.content)
    assert rows[0] == MANUAL_LIST_COLUMNS
    assert rows[1:] == list_rows(listing.text)
    assert len(rows) == 6
    assert rows[-1][MANUAL_LIST_COLUMNS.index("订购号码")] == "638452888"


async def test_excel_holds_only_the_selected_rows(seller):
    chosen = await Claim.filter(order__order_no__in=["638452888", "638452889"]).values_list(
        "id", flat=True
    )
    query = "&".join(f"sel={claim_id}" for claim_id in chosen)
    response = await seller.get(f"/portal/claims/export.xlsx?cell=RETURN_REQUESTED&{query}")
    rows = sheet_rows(response.content)
    assert sorted(row[ORDER_NO] for row in rows[1:]) == ["638452888", "638452889"]


async def test_excel_button_submits_the_list_form(seller):
    page = await seller.get("/portal/claims?cell=RETURN_REQUESTED")
    assert 'action="/portal/claims/export.xlsx"' in page.text
    assert text(page.text, "export-excel") == "Excel"
    assert text(page.text, "select-all") == "选择所有"
    assert 'name="sel"' in page.text


async def test_formulas_are_neutralised(seller):
    await Claim.filter(order__order_no="638452888").update(reason='=HYPERLINK("http://x")')
    await Claim.filter(order__order_no="638452889").update(reason="+1-2")
    await Claim.filter(order__order_no="638452891").update(reason="@SUM(A1)")
    response = await seller.get("/portal/claims/export.xlsx?cell=RETURN_REQUESTED")
    reasons = {row[ORDER_NO]: row[REASON] for row in sheet_rows(response.content)[1:]}
    assert reasons["638452888"] == '\'=HYPERLINK("http://x")'
    assert reasons["638452889"] == "'+1-2"
    assert reasons["638452891"] == "'@SUM(A1)"
    workbook = load_workbook(io.BytesIO(response.content))
    assert all(cell.data_type != "f" for row in workbook.worksheets[0].iter_rows() for cell in row)


async def test_excel_in_english_uses_english_headers(seller):
    seller.cookies.set("qsm_lang", "en")
    response = await seller.get("/portal/claims/export.xlsx?cell=RETURN_REQUESTED")
    rows = sheet_rows(response.content)
    assert rows[0][0] == "Status" and rows[1][0] == "Return Return requested"


async def test_another_seller_cannot_export_shop1_rows(seller):
    claim = await Claim.get(order__order_no="638452888")
    async with make_client() as shop2:
        await login(shop2, "shop2", "shop2-pass")
        response = await shop2.get(f"/portal/claims/export.xlsx?sel={claim.id}")
        assert response.status_code == 404
        mine = await shop2.get("/portal/claims/export.xlsx?search=1")
        assert [row[ORDER_NO] for row in sheet_rows(mine.content)[1:]] == ["738452001"]


async def test_bad_export_query_is_a_message(seller):
    response = await seller.get("/portal/claims/export.xlsx?sel=abc")
    assert response.status_code == 400


def _text_width(value: str) -> int:
    return sum(2 if "\u3000" <= ch <= "\u9fff" or "\uff00" <= ch <= "\uffef" else 1 for ch in value)


async def test_dates_are_real_dates_in_the_manuals_format(seller):
    response = await seller.get("/portal/claims/export.xlsx?cell=RETURN_REQUESTED")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    requested = header.index("要求日") + 1
    ordered = header.index("订购日") + 1
    order_no = header.index("订购号码") + 1
    by_order = {sheet.cell(r, order_no).value: r for r in range(2, sheet.max_row + 1)}
    cell = sheet.cell(by_order["638452888"], requested)
    # a date a spreadsheet sorts and filters as a date, not the text "2021/07/20"
    assert cell.is_date and cell.value == datetime(2021, 7, 20)
    assert cell.number_format == "yyyy/mm/dd"
    assert sheet.cell(by_order["638452888"], ordered).is_date
    # an empty date is an empty cell, not an empty string
    completed = header.index("取消退货完成日") + 1
    assert sheet.cell(by_order["638452888"], completed).value is None


async def test_the_header_is_frozen_filtered_and_columns_fit(seller):
    response = await seller.get("/portal/claims/export.xlsx?cell=RETURN_REQUESTED")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    last_column = get_column_letter(sheet.max_column)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == f"A1:{last_column}{sheet.max_row}"
    assert sheet.max_row == 6
    for index in range(1, sheet.max_column + 1):
        letter = get_column_letter(index)
        width = sheet.column_dimensions[letter].width
        texts = [shown(sheet.cell(r, index).value) for r in range(1, sheet.max_row + 1)]
        needed = max(_text_width(t) for t in texts)
        assert needed <= width <= max(needed + 4, 12), (letter, texts[0], width)


async def test_an_export_before_any_query_asks_what_to_export(seller):
    response = await seller.get("/portal/claims/export.xlsx")
    assert response.status_code == 400
    assert "spreadsheetml" not in response.headers["content-type"]
    assert text(response.text, "error-message").startswith("还没有查询")
    # the list form with no query sends only its (empty) fields: the same answer
    fragment = await seller.get("/portal/claims/export.xlsx", headers=HTMX)
    assert fragment.status_code == 400
    assert text(fragment.text, "error-message").startswith("还没有查询")
    # a query pressed with every field empty is a query: every claim, on purpose
    everything = await seller.get("/portal/claims/export.xlsx?search=1")
    assert everything.status_code == 200


async def test_excel_follows_the_lists_sort(seller):
    query = "cell=RETURN_REQUESTED&sort=REQUEST_DATE&dir=ASC"
    listing = await seller.get(f"/portal/claims/list?{query}", headers=HTMX)
    response = await seller.get(f"/portal/claims/export.xlsx?{query}")
    rows = sheet_rows(response.content)
    on_screen = list_rows(listing.text)
    assert rows[1:] == on_screen
    # oldest request first, the reverse of the default order
    assert rows[1][ORDER_NO] == "638452888"


@pytest.mark.parametrize(
    ("key", "direction"),
    [
        (SortKey.REQUEST_DATE, SortDirection.DESC),
        (SortKey.DEADLINE, SortDirection.ASC),
        (SortKey.ORDER_DATE, SortDirection.DESC),
    ],
)
async def test_the_sheet_holds_the_lists_rows_in_its_order_across_batches(
    seller, monkeypatch, tmp_path, key, direction
):
    """The sheet reads plain values in keyset batches; with tiny batches (and a tiny
    width sample) every row still comes once, in the list's order, with the list's texts,
    for each sort (the deadline's has a nulls segment)."""
    monkeypatch.setattr(claim_list, "BATCH", 3)
    monkeypatch.setattr(claim_sheet, "WIDTH_SAMPLE", 4)
    shop1 = await Seller.get(login_id="shop1")
    sort = ClaimSort(key, direction)
    page = await claim_list.load(shop1.id, None, first=100, sort=sort)
    assert not page.has_next
    expected = [row_values(row.claim, "zh") for row in page.rows]
    path = tmp_path / "sheet.xlsx"
    spec = SheetSpec(shop1.id, None, get_clock().today(), "zh", sort=sort)
    assert await claim_sheet.write_sheet(path, spec) == len(expected) > 10
    rows = sheet_rows(path.read_bytes())
    assert rows[0] == MANUAL_LIST_COLUMNS
    assert rows[1:] == expected
