"""Chapter 5 — 常见问题: re-requests are unlimited (three rejections, three re-requests), and
the shipped order whose cancel claim blocks the tracking number."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.data import ORDER_FAQ_CANCEL, ORDER_OTHER_CANCEL, ORDER_RETURN
from e2e.pages import ConfirmDialog, MyQoo10Page, SuccessDialog, TransactionPanel

pytestmark = pytest.mark.ch5

CLOCK = "2021-08-03T10:00:00+09:00"
TRACKING_NO = "123456789012"


def test_three_rejections_and_three_rerequests(seller: Page, buyer: Page, step) -> None:
    panel = TransactionPanel(seller)
    confirm = ConfirmDialog(seller)
    success = SuccessDialog(seller)
    my = MyQoo10Page(buyer)

    with step("Q2-0", "提出撤销申请"):
        panel.open(ORDER_RETURN)
        panel.request_withdrawal("第1次：请撤回退货申请。")
        confirm.ok()
        expect(success.text).to_have_text("撤回要请已成功提交。")
        success.close()

    for rejection in (1, 2, 3):
        with step(f"Q2-{rejection}a", f"被买家拒绝 (第{rejection}次)", on=buyer):
            my.open()
            expect(my.request(ORDER_RETURN)).to_be_visible()
            my.reject(ORDER_RETURN, "其他原因", f"reject {rejection}")
            expect(my.success).to_have_text("已拒绝撤回要请。")
        with step(f"Q2-{rejection}b", f"再次提出撤销申请 (第{rejection}次)"):
            panel.open(ORDER_RETURN)
            expect(panel.round_rejection).to_have_text(f"[其他原因] reject {rejection}")
            panel.rerequest_withdrawal(f"第{rejection + 1}次：请撤回退货申请。")
            confirm.ok()
            expect(success.text).to_have_text("已再次要请撤回。")
            success.close()
            expect(panel.round_state).to_have_text("撤回要请")

    with step("Q2-A", "再次提出撤销申请的次数是不限的"):
        for round_no in (1, 2, 3):
            expect(panel.history_row(f"客户拒绝撤回 #{round_no}")).to_have_count(1)
        for round_no in (2, 3, 4):
            expect(panel.history_row(f"再次要请撤回 #{round_no}")).to_have_count(1)
        expect(panel.round_seller_message).to_have_text("第4次：请撤回退货申请。")
    with step("Q2-MyQoo10", "买家的MyQoo10: 第4次撤回要请", on=buyer):
        my.open()
        expect(my.request_message(ORDER_RETURN)).to_have_text("第4次：请撤回退货申请。")


def test_shipped_order_with_a_cancel_claim(seller: Page, buyer: Page, step, console) -> None:
    console.allow_status(409)  # the refused tracking number is answered 409, shown in words
    panel = TransactionPanel(seller)
    confirm = ConfirmDialog(seller)
    success = SuccessDialog(seller)
    my = MyQoo10Page(buyer)

    with step("Q1", "因为卖家提交取消申请导致不能填写单号"):
        panel.open(ORDER_FAQ_CANCEL)
        expect(panel.field("claim-status")).to_have_text("取消 取消要求")
        panel.register_shipment("佐川急便", TRACKING_NO)
        expect(panel.shipment_error).to_have_text(
            f"订单 {ORDER_FAQ_CANCEL} 有处理中的取消投诉（取消要求），不能填写运送单号。"
            "请先向客户提出撤回要请，或完成取消处理。"
        )
        expect(panel.field("tracking-no")).to_have_text("")

    with step("Q1-request", "向买家提出撤销申请 【取消的撤回要请】"):
        expect(panel.request_button).to_have_text("取消的撤回要请")
        panel.request_withdrawal("商品已经发出，请撤回取消申请。")
        confirm.ok()
        expect(success.text).to_have_text("撤回要请已成功提交。")
        success.close()

    with step("Q1-accept", "买家同意撤销申请", on=buyer):
        my.open()
        my.accept(ORDER_FAQ_CANCEL)
        buyer_confirm = ConfirmDialog(buyer)
        expect(buyer_confirm.text).to_have_text("同意撤回后，投诉将被撤回。确定吗？")
        buyer_confirm.ok()
        expect(my.success).to_have_text("已同意撤回，投诉已撤回。")
        expect(my.request(ORDER_FAQ_CANCEL)).to_have_count(0)

    with step("Q1-ship", "撤销后可以填写运送单号"):
        panel.open(ORDER_FAQ_CANCEL)
        expect(panel.field("claim-status")).to_have_text("取消 撤回完成")
        expect(panel.history_row("客户同意撤回 #1")).to_have_count(1)
        panel.register_shipment("佐川急便", TRACKING_NO)
        expect(panel.shipment_success).to_have_text("运送单号已登记。")
        expect(panel.field("tracking-no")).to_have_text(TRACKING_NO)
        expect(panel.field("carrier")).to_have_text("佐川急便")


def test_seller_gives_up_and_completes_the_cancellation(seller: Page, step, console) -> None:
    """FAQ, the other answer: "还是删除订单退款取决于卖家自身" — accept the cancellation."""
    console.allow_status(409)  # the tracking number stays refused, answered 409 in words
    panel = TransactionPanel(seller)
    confirm = ConfirmDialog(seller)
    success = SuccessDialog(seller)

    with step("Q1-alt", "删除订单退款：卖家同意取消申请"):
        panel.open(ORDER_OTHER_CANCEL)
        expect(panel.field("claim-status")).to_have_text("取消 取消要求")
        panel.complete_cancellation()
        expect(confirm.text).to_contain_text("要同意客户的取消申请吗？")
        confirm.ok()
        expect(success.text).to_have_text("已同意取消，订单进入取消处理。")
        success.close()
        expect(panel.field("claim-status")).to_have_text("取消 取消中")
        expect(panel.request_button).to_have_count(0)
        expect(panel.complete_cancel_button).to_have_count(0)

    with step("Q1-alt-ship", "取消处理中不能填写运送单号"):
        panel.register_shipment("佐川急便", TRACKING_NO)
        expect(panel.shipment_error).to_contain_text("（取消中），不能填写运送单号")
