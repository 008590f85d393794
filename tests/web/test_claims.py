"""The claims page 取消&未收取: the chapter-2 grid, count links, the detail query, paging."""

from __future__ import annotations

import re
from datetime import date

import pytest

from models import demo as demo_data
from models.entities import Claim
from tests.web.helpers import HTMX, MANUAL_LIST_COLUMNS, attrs, has, text, texts
from web.portal import claims as claims_module

#: The manual's chapter-2 screenshot.
MANUAL_GRID = {
    "CANCEL_REQUESTED": "3",
    "CANCELLING": "2",
    "CANCEL_COMPLETED": "4",
    "RETURN_REQUESTED": "5",
    "RETURNING": "5",
    "RETURN_HELD": "0",
    "RETURN_RECEIVED": "0",
    "RETURN_COMPLETED": "4",
    "EXCHANGE_REQUESTED_OR_CONFIRMED": "1",
    "EXCHANGE_RESHIPPING": "0",
    "EXCHANGE_COMPLETED": "1",
    "NR_REPORTED": "2",
    "NR_SELLER_CONFIRMED": "2",
    "NR_DELAYED": "2",
    "NR_REFUNDED": "0",
    "NR_PARTIALLY_REFUNDED": "0",
    "WITHDRAWAL_REQUESTED": "1",
    "WITHDRAWAL_HELD": "0",
}


def row_order_nos(html: str) -> list[str]:
    return [
        a["data-testid"].removeprefix("claim-row-")  # type: ignore[union-attr]
        for a in _rows(html)
    ]


def _rows(html: str) -> list[dict[str, str | None]]:
    return [{"data-testid": m} for m in re.findall(r'data-testid="(claim-row-\d+)"', html)]


async def test_claims_page_shows_the_manual_grid(seller):
    page = await seller.get("/portal/claims")
    assert page.status_code == 200
    assert text(page.text, "claims-title") == "取消&未收取"
    assert text(page.text, "tab-status-query") == "状态类查询"
    assert text(page.text, "tab-detail-query") == "详情查询"
    assert {cell: text(page.text, f"grid-{cell}") for cell in MANUAL_GRID} == MANUAL_GRID
    grid = text(page.text, "status-grid")
    for words in (
        "- 退货保留",
        "- 已收件/退款请求",
        "申请交换/卖家确认",
        "确认延迟",
        "部分退款完成",
    ):
        assert words in grid
    # row headers in the manual's order
    headers = [
        text(page.text, f"grid-row-{key}").split()[0]
        for key in ("CANCEL", "RETURN", "EXCHANGE", "NON_RECEIPT", "WITHDRAWAL")
    ]
    assert headers == ["取消", "退货", "交换", "未收取申告", "撤回索赔"]
    assert "撤回要请" in text(page.text, "grid-row-WITHDRAWAL")
    assert "撤回保留" in text(page.text, "grid-row-WITHDRAWAL")


async def test_each_count_is_a_plain_link_and_an_htmx_list_load(seller):
    page = await seller.get("/portal/claims")
    link = attrs(page.text, "grid-WITHDRAWAL_REQUESTED")[0]
    assert link["href"] == "/portal/claims?cell=WITHDRAWAL_REQUESTED"
    assert link["hx-get"] == "/portal/claims/list?cell=WITHDRAWAL_REQUESTED"
    assert link["hx-target"] == "#claim-list"
    fragment = await seller.get(link["hx-get"], headers=HTMX)
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert row_order_nos(fragment.text) == [demo_data.ORDER_PENDING_WITHDRAWAL]
    full = await seller.get(link["href"])
    assert row_order_nos(full.text) == [demo_data.ORDER_PENDING_WITHDRAWAL]
    assert "<html" in full.text


@pytest.mark.parametrize("cell", sorted(MANUAL_GRID))
async def test_every_count_lists_as_many_rows(seller, cell):
    page = await seller.get(f"/portal/claims/list?cell={cell}", headers=HTMX)
    assert len(row_order_nos(page.text)) == int(MANUAL_GRID[cell])


async def test_list_has_the_manual_columns_and_the_row_values(seller):
    page = await seller.get("/portal/claims?cell=RETURN_REQUESTED")
    table = page.text.split('data-testid="claim-table"', 1)[1]
    head = table.split("</thead>", 1)[0]
    header = [
        re.sub(r"<[^>]+>|[▲▼]", "", th).strip()
        for th in re.findall(r"<th[^>]*>(.*?)</th>", head, re.DOTALL)
    ]
    assert header == ["选择", *MANUAL_LIST_COLUMNS]
    row = text(page.text, "claim-row-638452888")
    assert (
        row
        == "退货 退货申请 订购取消 2021/07/20 卖家直接发送 2021/07/08 2021/07/13 638452888 210340349 897969031"
    )
    attributes = attrs(page.text, "claim-row-638452888")[0]
    assert attributes["tabindex"] == "0"
    assert attributes["hx-get"] == "/portal/orders/638452888"
    # Enter opens it too: portal.js turns Enter on a row into `open-row` (no htmx trigger
    # filter, which the CSP would block as eval); e2e chapter 2 presses Enter for real
    assert attributes["hx-trigger"] == "dblclick, open-row"
    assert text(page.text, "list-total") == "共 5 件"


async def test_detail_query_filters(seller):
    async def rows(query: str) -> list[str]:
        page = await seller.get(f"/portal/claims/list?search=1&{query}", headers=HTMX)
        assert page.status_code == 200, page.text
        return row_order_nos(page.text)

    assert await rows("order_no=638452888") == ["638452888"]
    assert await rows("cart_no=210340349") == ["638452888"]
    assert await rows("item_code=897969031") == ["638452888"]
    assert await rows("seller_item_code=SKU-0001") == ["638452889"]
    assert len(await rows("type=CANCEL")) == 9
    assert len(await rows("type=RETURN&status=RETURNING")) == 5
    assert await rows("wstate=REQUESTED") == ["638452889"]
    assert len(await rows("delayed=1")) == 4  # 2 return requests + 2 non-receipt reports
    assert len(await rows("date_field=REQUEST&date_from=2021-07-20&date_to=2021-07-20")) == 1
    shop1 = Claim.filter(seller__login_id="shop1")
    in_range = await shop1.filter(
        requested_on__gte=date(2021, 7, 30), requested_on__lte=date(2021, 8, 3)
    ).count()
    assert len(await rows("date_field=REQUEST&date_from=2021/07/30&date_to=2021/08/03")) == in_range
    assert len(await rows("date_field=ORDER&date_from=2021-07-08&date_to=2021-07-08")) == 29
    completed = await shop1.filter(completed_on__gte=date(2021, 7, 1)).count()
    assert completed > 0
    assert len(await rows("date_field=COMPLETE&date_from=2021-07-01")) == completed


async def test_detail_query_form_posts_to_the_list(seller):
    page = await seller.get("/portal/claims")
    form = attrs(page.text, "detail-query")[0]
    assert form["hx-get"] == "/portal/claims/list" and form["action"] == "/portal/claims"
    assert text(page.text, "query-submit") == "查询"
    assert text(page.text, "query-refresh") == "刷新"
    # without JS the form's GET renders the whole page with the rows
    full = await seller.get("/portal/claims?search=1&order_no=638452888")
    assert row_order_nos(full.text) == ["638452888"]
    assert attrs(full.text, "query-order-no")[0]["value"] == "638452888"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("date_from=2021-13-40", "日期格式不正确"),
        ("date_from=2021-08-03&date_to=2021-08-01", "开始日期晚于结束日期"),
        ("type=BOGUS", "无效的选项"),
        ("order_no=" + "9" * 51, "最多50个字符"),
        ("after=not-a-cursor", "翻页信息已失效"),
    ],
)
async def test_bad_query_gets_a_form_message_not_a_500(seller, query, message):
    page = await seller.get(f"/portal/claims/list?search=1&{query}", headers=HTMX)
    assert page.status_code == 400
    assert message in text(page.text, "list-error")
    full = await seller.get(f"/portal/claims?search=1&{query}")
    assert full.status_code == 400 and message in text(full.text, "list-error")


async def test_pagination_walks_every_row_once(seller, monkeypatch):
    monkeypatch.setattr(claims_module, "PAGE_SIZE", 2)
    seen: list[str] = []
    url = "/portal/claims/list?search=1&type=CANCEL"
    pages = 0
    while url:
        page = await seller.get(url, headers=HTMX)
        pages += 1
        seen += row_order_nos(page.text)
        url = attrs(page.text, "list-next")[0]["hx-get"] if has(page.text, "list-next") else ""
    expected = await Claim.filter(seller__login_id="shop1", type="CANCEL").values_list(
        "order__order_no", flat=True
    )
    assert len(seen) == len(set(seen)) == 9
    assert sorted(seen) == sorted(expected)
    assert pages == 5


async def test_grid_fragment_for_refresh_after_actions(seller):
    page = await seller.get("/portal/claims")
    grid = attrs(page.text, "status-grid")[0]
    # after the seller's own action (an htmx event) and after anyone's (the live stream),
    # the grid reloads its content in place: the element that listens is never swapped out
    assert grid["hx-trigger"].split(", ") == ["claims-changed from:body", "sse:claim-changed"]
    assert (grid["hx-get"], grid["hx-swap"]) == ("/portal/claims/grid", "innerHTML")
    fragment = await seller.get("/portal/claims/grid", headers=HTMX)
    assert text(fragment.text, "grid-WITHDRAWAL_REQUESTED") == "1"
    assert attrs(fragment.text, "status-grid") == []  # the content only


async def test_another_seller_sees_only_their_claims(client):
    from tests.web.helpers import login

    await login(client, "shop2", "shop2-pass")
    page = await client.get("/portal/claims")
    assert text(page.text, "grid-RETURN_REQUESTED") == "1"
    listing = await client.get("/portal/claims/list?cell=RETURN_REQUESTED", headers=HTMX)
    assert row_order_nos(listing.text) == [demo_data.ORDER_SHOP2_RETURN]
    assert texts(listing.text, "claim-row-638452888") == []
