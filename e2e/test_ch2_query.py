"""Chapter 2 — 撤销投诉申请·结果的查询方法: the grid's counts, a count link and the detail
query list the right rows, 交易信息 on double-click, the red N of 纸条盒, memos, Excel."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from e2e.data import MANUAL_GRID, ORDER_PENDING_WITHDRAWAL, ORDER_RETURN, RETURN_REQUESTED_ORDERS
from e2e.pages import ClaimsPage, MemoBox, SuccessDialog

pytestmark = pytest.mark.ch2

CLOCK = "2021-08-03T10:00:00+09:00"


def excel_order_numbers(path: Path) -> list[str]:
    """The 订购号码 column of a downloaded sheet (header row first)."""
    sheet = load_workbook(path, read_only=True).active
    rows = [
        [str(v) if v is not None else "" for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    column = rows[0].index("订购号码")
    return [row[column] for row in rows[1:]]


def test_grid_counts_are_the_manuals(seller: Page, step) -> None:
    claims = ClaimsPage(seller)
    with step("1", "J·QSM>运送/取消/未收取>取消/退货/未收取 进入投诉申请查询页面。"):
        seller.get_by_test_id("menu-claims").click()
        expect(claims.title).to_have_text("取消&未收取")
    with step("2", "从「状态类查询」页面可以看到申请撤回的件数，点击数字可以查询订单详情。"):
        for cell, count in MANUAL_GRID.items():
            expect(claims.count(cell), cell).to_have_text(str(count))
        expect(claims.grid_row("WITHDRAWAL")).to_contain_text("撤回要请")
        expect(claims.grid_row("RETURN-2")).to_contain_text("- 退货保留")
        expect(claims.grid_row("RETURN-3")).to_contain_text("- 已收件/退款请求")


def test_count_link_lists_the_rows(seller: Page, step) -> None:
    claims = ClaimsPage(seller)
    with step("3", "点击数字之后列表中会出现订单详情，双击需要查询的订单详情。"):
        claims.open()
        expect(claims.empty).to_contain_text("请点击「状态类查询」中的数字")
        claims.list_cell("RETURN_REQUESTED")
        expect(seller).to_have_url(re.compile(r"cell=RETURN_REQUESTED"))
        expect(claims.rows).to_have_count(len(RETURN_REQUESTED_ORDERS))
        expect(claims.total).to_have_text(f"共 {len(RETURN_REQUESTED_ORDERS)} 件")
        assert sorted(claims.order_numbers()) == sorted(RETURN_REQUESTED_ORDERS)
        expect(claims.row(ORDER_RETURN)).to_contain_text(
            re.compile(
                r"退货 退货申请\s+订购取消\s+2021/07/20\s+卖家直接发送\s+2021/07/08\s+2021/07/13\s+638452888\s+210340349"
            )
        )
        claims.list_cell("WITHDRAWAL_REQUESTED")
        expect(claims.rows).to_have_count(1)
        expect(claims.row(ORDER_PENDING_WITHDRAWAL)).to_contain_text(
            re.compile(r"退货 退货申请\s+撤回要请")
        )


def test_detail_query_lists_the_rows(seller: Page, step) -> None:
    claims = ClaimsPage(seller)
    with step("2", "或者点击「详情查询」，像下图一样选择检索条件点击【查询】按钮也可以进行查询。"):
        claims.open()
        claims.query(order_no=ORDER_RETURN, claim_type="退货")
        expect(claims.rows).to_have_count(1)
        expect(claims.row(ORDER_RETURN)).to_be_visible()
    with step("2-type", "详情查询: 投诉类型 退货 · 处理状态 退货 · 退货申请"):
        claims.query(claim_type="退货", status="退货 · 退货申请")
        expect(claims.rows).to_have_count(len(RETURN_REQUESTED_ORDERS))
        assert sorted(claims.order_numbers()) == sorted(RETURN_REQUESTED_ORDERS)
    with step("2-wstate", "详情查询: 撤回索赔状态 撤回要请"):
        claims.query(withdrawal_state="撤回要请")
        expect(claims.rows).to_have_count(1)
        expect(claims.row(ORDER_PENDING_WITHDRAWAL)).to_be_visible()
    with step("2-none", "详情查询: 投诉类型 交换 · 订购号码 638452888"):
        claims.query(order_no=ORDER_RETURN, claim_type="交换")
        expect(claims.rows).to_have_count(0)
        expect(claims.empty).to_have_text("没有符合条件的数据。")


def test_double_click_opens_transaction_info(seller: Page, step) -> None:
    claims = ClaimsPage(seller)
    with step("3", "点击数字之后列表中会出现订单详情，双击需要查询的订单详情。"):
        claims.open()
        claims.list_cell("RETURN_REQUESTED")
        panel = claims.open_transaction(ORDER_RETURN)
    with step(
        "4",
        "双击详情后可在「交易信息」中查看订单详情。也可以从该页面最下方的「客户管理」栏发纸条给买家。",
    ):
        expect(panel.title).to_have_text("交易信息")
        expect(panel.field("order-no")).to_have_text(ORDER_RETURN)
        expect(panel.field("ordered-on")).to_have_text("2021/07/08")
        expect(panel.field("total-payment")).to_have_text("200 现金")
        expect(panel.field("carrier")).to_have_text("佐川急便")
        expect(panel.field("address")).to_have_text("Japan")
        expect(panel.field("requested-on")).to_have_text("2021/07/20")
        expect(panel.memo_send_link).to_have_text("给客户发送纸条")
        expect(panel.root.get_by_role("heading", name="客户管理")).to_be_visible()
    with step("4-Enter", "双击（或按 Enter）查看交易信息"):
        panel = claims.open_transaction_with_keyboard(ORDER_PENDING_WITHDRAWAL)
        expect(panel.field("order-no")).to_have_text(ORDER_PENDING_WITHDRAWAL)


def test_red_n_on_memo_box_leads_to_the_unanswered_memo(seller: Page, step) -> None:
    claims = ClaimsPage(seller)
    box = MemoBox(seller)
    with step(
        "5",
        "有1件以上未回答的客服时【纸条盒】会显示红色N字样，点击之后可以直接在「留言/其他」管理页面查看详情。",
    ):
        claims.open()
        claims.query(order_no=ORDER_RETURN)
        panel = claims.open_transaction(ORDER_RETURN)
        expect(panel.memo_box_link).to_contain_text("纸条盒")
        expect(panel.memo_badge).to_have_text("N")
        expect(panel.memo_badge).to_have_css(
            "background-color", re.compile(r"rgb\((1\d\d|2\d\d), \d{1,2}, \d{1,2}\)")
        )
        panel.open_memo_box()
        expect(box.title).to_have_text("留言/其他")
        expect(box.order_filter_note).to_contain_text(ORDER_RETURN)
        expect(box.channel("BUYER_SELLER")).to_be_checked()
        row = box.rows(ORDER_RETURN)
        expect(row).to_have_count(1)
        expect(row).to_contain_text("2021-07-20 09:40:03")
        expect(row.get_by_test_id("memo-row-status")).to_have_text("未答复")
        expect(row.get_by_test_id("memo-row-sender")).to_have_text("s*****")
        expect(row).to_contain_text("SELLER SHOP TI")
        expect(row.get_by_test_id("memo-row-title")).to_have_text(
            f"未受取の通知注文番号 {ORDER_RETURN}"
        )


def test_send_a_memo_to_the_buyer(seller: Page, step) -> None:
    claims = ClaimsPage(seller)
    success = SuccessDialog(seller)
    box = MemoBox(seller)
    with step("小贴士", "撤销投诉申请时可以通过【给客户发送纸条】与买家进行联系。"):
        claims.open()
        claims.list_cell("WITHDRAWAL_REQUESTED")
        panel = claims.open_transaction(ORDER_PENDING_WITHDRAWAL)
        expect(panel.privacy_warning).to_contain_text("客户个人资料")
        panel.send_memo("关于撤回退货申请", "商品已经发出，请确认后撤回退货申请。")
        expect(success.text).to_have_text("纸条已发送。")
        success.close()
        expect(panel.memo_success).to_have_text("纸条已发送。")
        box.open()
        row = box.rows(ORDER_PENDING_WITHDRAWAL)
        expect(row.get_by_test_id("memo-row-title")).to_have_text("关于撤回退货申请")
        expect(row.get_by_test_id("memo-row-sender")).to_have_text("SELLER SHOP TI")


def test_excel_holds_the_listed_rows(seller: Page, step, tmp_path: Path) -> None:
    claims = ClaimsPage(seller)
    with step("选择所有 Excel", "选择所有  Excel"):
        claims.open()
        claims.list_cell("RETURN_REQUESTED")
        expect(claims.rows).to_have_count(len(RETURN_REQUESTED_ORDERS))
        on_screen = claims.order_numbers()
        download = claims.download_excel()
        assert download.suggested_filename.endswith(".xlsx")
        every = tmp_path / "all.xlsx"
        download.save_as(every)
        assert excel_order_numbers(every) == on_screen
    with step("选择 Excel", "选择 → Excel（只下载选中的行）"):
        seller.get_by_test_id(f"claim-select-{ORDER_RETURN}").check()
        picked = tmp_path / "picked.xlsx"
        claims.download_excel().save_as(picked)
        assert excel_order_numbers(picked) == [ORDER_RETURN]
        claims.select_all()
        for order_no in on_screen:
            expect(seller.get_by_test_id(f"claim-select-{order_no}")).to_be_checked()
