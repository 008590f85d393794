"""The manual's example: 7/29 the seller requests → until 8/4 the buyer does not answer →
8/5 the system withdraws the claim."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.data import ORDER_RETURN
from e2e.pages import ClaimsPage, ConfirmDialog, SuccessDialog, TransactionPanel
from e2e.server import LiveServer

pytestmark = pytest.mark.expiry

CLOCK = "2021-07-29T15:00:00+09:00"


def test_unanswered_request_expires_on_the_eighth_day(
    seller: Page, step, server: LiveServer
) -> None:
    claims = ClaimsPage(seller)
    panel = TransactionPanel(seller)
    confirm = ConfirmDialog(seller)
    success = SuccessDialog(seller)

    with step("7/29", "例：7/29卖家提出撤销申请"):
        claims.open()
        expect(claims.count("WITHDRAWAL_REQUESTED")).to_have_text("1")
        claims.query(order_no=ORDER_RETURN)
        claims.open_transaction(ORDER_RETURN)
        expect(panel.deadline).to_have_text("2021/08/04")
        panel.request_withdrawal("请在8/4之前回复。")
        confirm.ok()
        expect(success.text).to_have_text("撤回要请已成功提交。")
        success.close()
        expect(panel.round_deadline).to_have_text("2021/08/04")
        expect(claims.count("WITHDRAWAL_REQUESTED")).to_have_text("2")

    with step("8/4", "→8/4为止买家不撤销也没有回应"):
        assert server.set_clock("2021-08-04T23:00:00+09:00") == "2021-08-04"
        panel.open(ORDER_RETURN)
        expect(panel.round_state).to_have_text("撤回要请")
        expect(panel.round_deadline).to_have_text("2021/08/04")
        expect(panel.field("claim-status")).to_have_text("退货 退货申请")
        expect(panel.cancel_button).to_be_visible()

    with step("8/5", "8/5系统自动撤销。"):
        assert server.set_clock("2021-08-05T00:30:00+09:00") == "2021-08-05"
        panel.open(ORDER_RETURN)
        expect(panel.field("claim-status")).to_have_text("退货 撤回完成")
        expect(panel.history_row("期限已过自动撤回 #1")).to_have_count(1)
        expect(panel.round_state).to_have_count(0)
        expect(panel.cancel_button).to_have_count(0)
        claims.open()
        expect(claims.count("WITHDRAWAL_REQUESTED")).to_have_text("1")
        claims.query(order_no=ORDER_RETURN)
        expect(claims.row(ORDER_RETURN)).to_contain_text("退货 撤回完成")
