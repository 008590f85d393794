"""Bulk withdrawal request on the manual's day (2021-08-03): tick several claims (some
withdrawable, some not), one message, [OK], each claim's result; the grid's 撤回要请 moves
by the claims done and the buyer sees the requests; "all N matching" a query; the query's
Excel holds real dates."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from e2e.data import MANUAL_GRID, ORDER_FAQ_CANCEL, ORDER_PENDING_WITHDRAWAL, ORDER_RETURN
from e2e.pages import ClaimsPage, ConfirmDialog, MyQoo10Page
from e2e.pages.dialogs import BulkRequestDialog

pytestmark = pytest.mark.bulk

CLOCK = "2021-08-03T10:00:00+09:00"

#: shop1's demo claims beside the manual's (models.demo's serials): a return in 退货中
#: (withdrawable) and a completed return (退货完成, not withdrawable here).
ORDER_RETURNING = "638452911"
ORDER_RETURN_COMPLETED = "638452916"
#: 取消 claims: 取消申请 3 (withdrawable), 取消中 2 and 取消完成 4 (not).
CANCEL_CLAIMS = 9
MESSAGE = "商品已经发出，请撤回投诉。谢谢。"


def test_bulk_request_on_ticked_rows_and_on_a_query(
    seller: Page, buyer: Page, step, tmp_path: Path
) -> None:
    claims = ClaimsPage(seller)
    bulk = BulkRequestDialog(seller)
    confirm = ConfirmDialog(seller)
    my = MyQoo10Page(buyer)
    requested = MANUAL_GRID["WITHDRAWAL_REQUESTED"]

    with step("1", "详情查询: 投诉类型 退货 → 勾选四件（两件可以撤回要请，两件不可以）"):
        claims.open()
        expect(claims.count("WITHDRAWAL_REQUESTED")).to_have_text(str(requested))
        claims.query(claim_type="退货")
        expect(claims.row(ORDER_RETURN_COMPLETED)).to_be_visible()
        bulk.tick(ORDER_RETURN, ORDER_PENDING_WITHDRAWAL, ORDER_RETURNING, ORDER_RETURN_COMPLETED)

    with step("2", "点击【批量撤回要请】，输入一条卖家留言"):
        bulk.open()
        expect(bulk.root).to_be_visible()
        expect(bulk.selected_count).to_have_text("已勾选 4 件投诉。")
        expect(bulk.all_count).to_have_text("符合当前查询条件的投诉共 14 件。")
        bulk.write(MESSAGE)

    with step("3", "点击【向选中的 4 件提出撤回要请】，对话框中点击【OK】"):
        bulk.ask_selected()
        expect(confirm.text).to_have_text("确定要向 4 件投诉的客户发送撤回要请吗？")
        confirm.ok()
        expect(bulk.summary).to_have_text("已要请 2 件，未能要请 2 件。")
        expect(bulk.outcome(ORDER_RETURN)).to_have_text("已要请")
        expect(bulk.outcome(ORDER_RETURNING)).to_have_text("已要请")
        expect(bulk.outcome(ORDER_PENDING_WITHDRAWAL)).to_have_text("未能要请")
        expect(bulk.reason(ORDER_PENDING_WITHDRAWAL)).to_contain_text("该投诉已有撤回要请")
        # a closed claim says so, by its status label (the refusal's own sentence)
        expect(bulk.reason(ORDER_RETURN_COMPLETED)).to_contain_text("退货完成")
        expect(bulk.outcome(ORDER_RETURN_COMPLETED)).to_have_text("未能要请")

    with step("4", "关闭结果：状态类查询的「撤回要请」增加 2 件"):
        bulk.close_results()
        expect(bulk.result_root).to_have_count(0)
        expect(claims.count("WITHDRAWAL_REQUESTED")).to_have_text(str(requested + 2))
        expect(claims.row(ORDER_RETURNING)).to_contain_text("撤回要请")

    with step("5", "买家的 MyQoo10 显示两件撤回要请", on=buyer):
        my.open()
        for order_no in (ORDER_RETURN, ORDER_RETURNING):
            expect(my.request(order_no)).to_be_visible()
            expect(my.request_message(order_no)).to_have_text(MESSAGE)
            expect(my.request_deadline(order_no)).to_have_text("2021/08/09")

    with step("6", "详情查询: 投诉类型 取消 → 不勾选，【符合查询条件的全部 9 件】"):
        claims.query(claim_type="取消")
        expect(claims.rows).to_have_count(CANCEL_CLAIMS)
        bulk.open()
        expect(bulk.selected_count).to_have_count(0)
        expect(bulk.all_count).to_have_text(f"符合当前查询条件的投诉共 {CANCEL_CLAIMS} 件。")
        bulk.write(MESSAGE)

    with step("7", f"点击【向符合查询条件的全部 {CANCEL_CLAIMS} 件提出撤回要请】，点击【OK】"):
        bulk.ask_all()
        expect(confirm.text).to_have_text(f"确定要向 {CANCEL_CLAIMS} 件投诉的客户发送撤回要请吗？")
        confirm.ok()
        # 取消申请 3 done; 取消中 2 and 取消完成 4 refused, each with its reason
        expect(bulk.summary).to_have_text("已要请 3 件，未能要请 6 件。")
        expect(bulk.outcome(ORDER_FAQ_CANCEL)).to_have_text("已要请")
        expect(seller.locator("[data-testid^='bulk-result-'][data-done='0']")).to_have_count(6)

    with step("8", "关闭结果：「撤回要请」再增加 3 件"):
        bulk.close_results()
        expect(claims.count("WITHDRAWAL_REQUESTED")).to_have_text(str(requested + 5))

    with step("9", "Excel: 查询结果的日期是日期（不是文字）"):
        download = claims.download_excel()
        path = tmp_path / "cancel.xlsx"
        download.save_as(path)
        sheet = load_workbook(path).active
        header = [cell.value for cell in sheet[1]]
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref
        assert sheet.max_row == CANCEL_CLAIMS + 1
        requested_on = header.index("要求日") + 1
        dates = [sheet.cell(r, requested_on) for r in range(2, sheet.max_row + 1)]
        assert all(cell.is_date and isinstance(cell.value, datetime) for cell in dates)
        assert {cell.number_format for cell in dates} == {"yyyy/mm/dd"}
