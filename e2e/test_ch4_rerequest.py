"""Chapter 4 — 如何再次提出撤回投诉申请: the buyer rejects with [其他原因] test on 2021/08/04;
the seller sees 撤回保留 1 and the panel's 要请日 / 保留日 / reason / 2021/08/10, and
re-requests."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.data import ORDER_RETURN
from e2e.pages import ClaimsPage, ConfirmDialog, MyQoo10Page, SuccessDialog, TransactionPanel

pytestmark = pytest.mark.ch4

CLOCK = "2021-08-04T09:00:00+09:00"


def test_rerequest_after_the_buyer_rejects(seller: Page, buyer: Page, step) -> None:
    claims = ClaimsPage(seller)
    confirm = ConfirmDialog(seller)
    success = SuccessDialog(seller)
    my = MyQoo10Page(buyer)

    with step("准备", "如何申请撤销投诉 (第1章): 退货的撤回要请"):
        panel = TransactionPanel(seller).open(ORDER_RETURN)
        panel.request_withdrawal("test")
        confirm.ok()
        expect(success.text).to_have_text("撤回要请已成功提交。")
        success.close()

    with step("准备-MyQoo10", "买家拒绝撤回要请: [其他原因] test", on=buyer):
        my.open()
        expect(my.request_deadline(ORDER_RETURN)).to_have_text("2021/08/10")
        my.reject(ORDER_RETURN, "其他原因", "test")
        expect(my.success).to_have_text("已拒绝撤回要请。")
        expect(my.request(ORDER_RETURN)).to_have_count(0)

    with step("1", "J·QSM>运送/取消/未收取>取消/退货/未收取 进入投诉申请查询页面。"):
        claims.open()
        expect(claims.title).to_have_text("取消&未收取")

    with step("2", "点击「撤销保留」栏目的数字"):
        expect(claims.count("WITHDRAWAL_HELD")).to_have_text("1")
        expect(claims.count("WITHDRAWAL_REQUESTED")).to_have_text("1")
        claims.list_cell("WITHDRAWAL_HELD")
        expect(claims.rows).to_have_count(1)
        # 处理状态 and the 撤回索赔 column: the held request is its own column now
        expect(claims.row(ORDER_RETURN)).to_contain_text("退货 退货申请")
        expect(claims.row(ORDER_RETURN)).to_contain_text("撤回保留")

    with step("3", "点击数字之后列表中会出现订单详情，双击需要查询的订单详情。"):
        panel = claims.open_transaction(ORDER_RETURN)
        expect(panel.field("order-no")).to_have_text(ORDER_RETURN)

    with step("4", "双击后「交易信息」会出现清单详情，输入撤销理由后，点击【再次要请撤回】按钮。"):
        expect(panel.withdrawal_section).to_contain_text("撤回索赔信息")
        expect(panel.round_requested_on).to_have_text("2021/08/04")
        expect(panel.round_held_on).to_have_text("2021/08/04")
        expect(panel.round_seller_message).to_have_text("test")
        expect(panel.round_rejection).to_have_text("[其他原因] test")
        expect(panel.rerequest_deadline).to_have_text("2021/08/10")
        expect(panel.withdrawal_section).to_contain_text("客户回应期限 (重新请求)")
        expect(panel.rerequest_button).to_have_text("再次要请撤回")
        expect(panel.cancel_button).to_have_text("取消撤回要请")
        panel.write_rerequest("已经和客户联系过，请再次确认撤回。")

    with step("5", "弹出下图对话框后点击【OK】按钮。"):
        panel.rerequest_button.click()
        expect(confirm.text).to_have_text("要再次要请撤回吗？")

    with step("6", "弹出下图对话框，完成取消撤回投诉申请。"):
        confirm.ok()
        expect(success.text).to_have_text("已再次要请撤回。")
        success.close()
        expect(panel.round_state).to_have_text("撤回要请")
        expect(panel.round_deadline).to_have_text("2021/08/10")
        expect(panel.history_row("再次要请撤回 #2")).to_have_count(1)
        expect(claims.count("WITHDRAWAL_HELD")).to_have_text("0")
        expect(claims.count("WITHDRAWAL_REQUESTED")).to_have_text("2")
