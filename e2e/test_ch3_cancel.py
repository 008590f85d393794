"""Chapter 3 — 如何取消撤回投诉申请: cancel a pending request on 2021/08/04; a new request is
refused until 2021/08/09 (5 days), and allowed when the clock reaches that day."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.data import ORDER_RETURN
from e2e.pages import ClaimsPage, ConfirmDialog, SuccessDialog, TransactionPanel
from e2e.server import LiveServer

pytestmark = pytest.mark.ch3

CLOCK = "2021-08-04T10:00:00+09:00"


def test_cancel_a_request_then_wait_five_days(seller: Page, step, server: LiveServer) -> None:
    claims = ClaimsPage(seller)
    confirm = ConfirmDialog(seller)
    success = SuccessDialog(seller)

    with step("准备", "如何申请撤销投诉 (第1章): 退货的撤回要请"):
        panel = TransactionPanel(seller).open(ORDER_RETURN)
        panel.request_withdrawal("test")
        confirm.ok()
        expect(success.text).to_have_text("撤回要请已成功提交。")
        success.close()

    with step("1", "J·QSM>运送/取消/未收取>取消/退货/未收取 进入投诉申请查询页面。"):
        claims.open()
        expect(claims.title).to_have_text("取消&未收取")

    with step("2", "点击「撤回索赔」栏的数字。"):
        expect(claims.grid_row("WITHDRAWAL").get_by_role("rowheader")).to_have_text("撤回索赔")
        expect(claims.count("WITHDRAWAL_REQUESTED")).to_have_text("2")
        claims.list_cell("WITHDRAWAL_REQUESTED")
        expect(claims.rows).to_have_count(2)

    with step("3", "点击数字之后列表中会出现订单详情，双击需要查询的订单详情。"):
        panel = claims.open_transaction(ORDER_RETURN)
        expect(panel.field("order-no")).to_have_text(ORDER_RETURN)

    with step("4", "双击详情后可在「交易信息」中查看订单详情。点击【取消撤回要请】按钮。"):
        expect(panel.round_requested_on).to_have_text("2021/08/04")
        expect(panel.round_deadline).to_have_text("2021/08/10")
        expect(panel.cancel_button).to_have_text("取消撤回要请")

    with step("5", "弹出下图对话框后点击【OK】按钮。"):
        panel.cancel_withdrawal()
        expect(confirm.text).to_have_text("要取消撤回要请吗？取消后5天以内不能再次提出。")

    with step("6", "弹出下图对话框，完成取消撤回投诉申请。"):
        confirm.ok()
        expect(success.text).to_have_text("已取消撤回要请。")
        success.close()
        expect(claims.count("WITHDRAWAL_REQUESTED")).to_have_text("1")
        expect(panel.history_row("取消撤回要请 #1")).to_have_count(1)

    with step("注意事项", "卖家自行取消撤回投诉申请时，取消后的5天以内不能再次提出撤销申请。"):
        panel.open(ORDER_RETURN)
        expect(panel.refusal).to_contain_text("取消撤回要请后5天以内不能再次提出撤回申请。")
        expect(panel.refusal).to_contain_text("2021/08/09")
        expect(panel.request_button).to_have_count(0)
        expect(panel.withdraw_select).to_have_count(0)

    with step("注意事项 +5", "5天后 (2021/08/09) 可以再次提出撤销申请。"):
        assert server.advance_days(5) == "2021-08-09"
        panel.open(ORDER_RETURN)
        expect(panel.refusal).to_have_count(0)
        expect(panel.deadline).to_have_text("2021/08/15")
        panel.request_withdrawal("再次联系后，请撤回退货申请。")
        confirm.ok()
        expect(success.text).to_have_text("撤回要请已成功提交。")
        success.close()
        expect(panel.round_requested_on).to_have_text("2021/08/09")
        expect(panel.round_deadline).to_have_text("2021/08/15")
        expect(panel.round_state).to_have_text("撤回要请")
