"""[Excel]: the selected rows, or every matching row, as the list shows them."""

from __future__ import annotations

import io
import re

from openpyxl import load_workbook

from models.entities import Claim
from tests.web.helpers import HTMX, MANUAL_LIST_COLUMNS, login, make_client, text


def sheet_rows(content: bytes) -> list[list[str]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    sheet = workbook.worksheets[0]
    return [
        [cell if cell is not None else "" for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]


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
    assert rows[-1][8] == "638452888"


async def test_excel_holds_only_the_selected_rows(seller):
    chosen = await Claim.filter(order__order_no__in=["638452888", "638452889"]).values_list(
        "id", flat=True
    )
    query = "&".join(f"sel={claim_id}" for claim_id in chosen)
    response = await seller.get(f"/portal/claims/export.xlsx?cell=RETURN_REQUESTED&{query}")
    rows = sheet_rows(response.content)
    assert sorted(row[8] for row in rows[1:]) == ["638452888", "638452889"]


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
    reasons = {row[8]: row[2] for row in sheet_rows(response.content)[1:]}
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
        assert [row[8] for row in sheet_rows(mine.content)[1:]] == ["738452001"]


async def test_bad_export_query_is_a_message(seller):
    response = await seller.get("/portal/claims/export.xlsx?sel=abc")
    assert response.status_code == 400
