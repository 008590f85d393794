"""Triage on the manual's day (2021-08-03): sort the list by 客户回应期限, only the
deadlines within 2 days, page forward and back (rows per page 10), reload and Back keep the
place, a red 延迟 marker opens that cell's delayed claims, and a shared link with the panel
open shows the same list and panel.

Setup: withdrawal requests made through the API on earlier days (the server's clock moved
to each day and back), so several rounds are open with different deadlines."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from e2e.data import ORDER_PENDING_WITHDRAWAL, ORDER_RETURN
from e2e.pages import ClaimsPage, TransactionPanel
from e2e.server import LiveServer

pytestmark = pytest.mark.triage

CLOCK = "2021-08-03T10:00:00+09:00"

#: Requests made before the day (round requested → 客户回应期限 = +6 days).
REQUESTS = (
    ("2021-07-28T10:00:00+09:00", "638452911"),  # deadline 2021/08/03 (today)
    ("2021-07-30T10:00:00+09:00", "638452912"),  # 2021/08/05
    ("2021-07-30T10:00:00+09:00", "638452914"),  # 2021/08/05
    ("2021-07-31T10:00:00+09:00", "638452913"),  # 2021/08/06
)
#: Soonest deadline first (ties by claim id), then the demo's own request (08/08).
BY_DEADLINE = ["638452911", "638452912", "638452914", "638452913", ORDER_PENDING_WITHDRAWAL]
DEADLINES = ["2021/08/03", "2021/08/05", "2021/08/05", "2021/08/06", "2021/08/08"]
LOGIN = 'mutation($p: String!) { login(input: {loginId: "shop1", password: $p}) { token } }'
CLAIM = "query($no: String!) { order(orderNo: $no) { claim { id } } }"
REQUEST = """mutation($id: ID!) { claimWithdrawalRequest(input: {claimId: $id,
  sellerMessage: "商品已经发出，请撤回投诉。"}) { userErrors { code message } } }"""


def _open_rounds(server: LiveServer) -> None:
    """The requests, each on its own day, through the API; then back to 2021-08-03."""
    with httpx.Client(base_url=server.base_url, timeout=30) as api:

        def gql(query: str, **variables: str) -> dict:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            body = api.post(
                "/graphql", json={"query": query, "variables": variables}, headers=headers
            ).json()
            assert "errors" not in body, body
            return body["data"]

        token = ""
        token = gql(LOGIN, p="shop1-pass")["login"]["token"]
        for instant, order_no in REQUESTS:
            server.set_clock(instant)
            claim_id = gql(CLAIM, no=order_no)["order"]["claim"]["id"]
            result = gql(REQUEST, id=claim_id)["claimWithdrawalRequest"]
            assert result["userErrors"] == [], result
    assert server.set_clock(CLOCK) == "2021-08-03"


def test_sort_filter_page_and_keep_the_place(seller: Page, server: LiveServer, step) -> None:
    _open_rounds(server)
    claims = ClaimsPage(seller)

    with step("1", "点击列表的「客户回应期限」：期限最近的排在最前，没有期限的在后"):
        claims.open()
        claims.sort_header("response_deadline").click()
        expect(seller).to_have_url(re.compile(r"sort=DEADLINE&dir=ASC"))
        expect(claims.rows.first).to_have_attribute("data-testid", "claim-row-638452911")
        assert claims.order_numbers()[:5] == BY_DEADLINE
        assert claims.column_cells("客户回应期限")[:6] == [*DEADLINES, ""]
        assert claims.column_cells("撤回索赔")[:5] == ["撤回要请"] * 5
        expect(claims.sort_header("response_deadline")).to_contain_text("▲")

    with step("2", "再点一次：期限最远的排在最前（没有期限的仍在后）"):
        claims.sort_header("response_deadline").click()
        expect(seller).to_have_url(re.compile(r"dir=DESC"))
        expect(claims.rows.first).to_have_attribute(
            "data-testid", f"claim-row-{ORDER_PENDING_WITHDRAWAL}"
        )
        assert claims.order_numbers()[:5] == BY_DEADLINE[::-1]

    with step("3", "详情查询：勾选「客户回应期限将至」（2 天内）并查询"):
        claims.query_deadline_within()
        expect(claims.total).to_have_text("共 3 件")
        expect(claims.query_within_days).to_have_value("2")
        assert sorted(claims.order_numbers()) == sorted(BY_DEADLINE[:3])
        expect(seller).to_have_url(re.compile(r"within=1"))

    with step("4", "每页 10 件，按客户回应期限排序：翻到下一页，再翻回上一页"):
        claims.open()
        claims.detail_tab.click()
        expect(claims.detail_panel).to_be_visible()
        expect(claims.status_panel).to_be_hidden()
        claims.query_page_size.select_option("10")
        claims.query_submit.click()
        expect(claims.total).to_have_text("共 29 件")
        claims.sort_header("response_deadline").click()
        # wait for the sorted page itself: the unsorted one also has 10 rows and no prev link
        expect(claims.rows.first).to_have_attribute("data-testid", "claim-row-638452911")
        expect(claims.rows).to_have_count(10)
        expect(claims.prev_link).to_have_count(0)
        first_page = claims.order_numbers()
        assert first_page[:5] == BY_DEADLINE
        claims.next_link.click()
        expect(seller).to_have_url(re.compile(r"after="))
        expect(claims.prev_link).to_be_visible()
        expect(claims.rows.first).not_to_have_attribute("data-testid", "claim-row-638452911")
        second_page = claims.order_numbers()
        assert len(second_page) == 10 and not set(second_page) & set(first_page)
        claims.next_link.click()
        expect(claims.next_link).to_have_count(0)
        expect(claims.rows).to_have_count(9)
        claims.prev_link.click()
        expect(seller).to_have_url(re.compile(r"before="))
        expect(claims.rows.first).to_have_attribute("data-testid", f"claim-row-{second_page[0]}")
        assert claims.order_numbers() == second_page

    with step("5", "重新载入页面：仍是同一页、同样的排序"):
        seller.reload()
        expect(claims.rows.first).to_have_attribute("data-testid", f"claim-row-{second_page[0]}")
        assert claims.order_numbers() == second_page
        expect(claims.sort_header("response_deadline")).to_contain_text("▲")
        expect(claims.detail_panel).to_be_visible()

    with step("6", "浏览器【后退】：回到上一个位置（第三页），再后退到第二页"):
        seller.go_back()
        expect(claims.next_link).to_have_count(0)
        expect(claims.rows).to_have_count(9)
        seller.go_back()
        expect(claims.rows.first).to_have_attribute("data-testid", f"claim-row-{second_page[0]}")

    with step("7", "状态类查询：点击「退货申请」旁红色的「延迟」，列出延迟的投诉"):
        claims.open()
        marker = claims.delayed_marker("RETURN_REQUESTED")
        expect(marker).to_have_text("延迟 2")
        marker.click()
        expect(seller).to_have_url(re.compile(r"cell=RETURN_REQUESTED&delayed=1"))
        expect(claims.rows).to_have_count(2)
        expect(claims.total).to_have_text("共 2 件")
        assert ORDER_RETURN in claims.order_numbers()

    with step("8", "双击订单打开交易信息：地址栏记下打开的交易信息"):
        panel = claims.open_transaction(ORDER_RETURN)
        expect(panel.root).to_be_visible()
        expect(seller).to_have_url(re.compile(rf"panel={ORDER_RETURN}"))
        shared = seller.url

    with step("9", "在另一个窗口打开分享的链接：同样的列表和交易信息"):
        other = seller.context.new_page()
        other.goto(shared)
        other_claims = ClaimsPage(other)
        expect(other_claims.rows).to_have_count(2)
        expect(TransactionPanel(other).root).to_have_attribute("data-order-no", ORDER_RETURN)
        expect(other_claims.total).to_have_text("共 2 件")
        other.close()
