"""Chapter 1 — 如何申请撤销投诉: request the withdrawal of order 638452888's return claim on
2021/08/03 (deadline 2021/08/09), and the refusal for every non-withdrawable status."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

from e2e.data import (
    BLOCKED_CASES,
    INQUIRY_PATH_TEXT,
    ORDER_RETURN,
    BlockedCase,
    move_claims_code,
)
from e2e.pages import (
    ClaimsPage,
    ConfirmDialog,
    InquiryForm,
    MyQoo10Page,
    SuccessDialog,
    TransactionPanel,
)
from e2e.server import LiveServer

pytestmark = pytest.mark.ch1

CLOCK = "2021-08-03T10:00:00+09:00"
MESSAGE = "商品已经发出，请撤回退货申请。"


@pytest.fixture(scope="module")
def blocked_claims(server: LiveServer) -> Iterator[tuple[BlockedCase, ...]]:
    """An operator moves one distinct demo claim into each non-withdrawable status."""
    server.run_python(move_claims_code(BLOCKED_CASES))
    yield BLOCKED_CASES


def test_request_withdrawal_of_the_return_claim(seller: Page, buyer: Page, step) -> None:
    claims = ClaimsPage(seller)
    confirm = ConfirmDialog(seller)
    success = SuccessDialog(seller)
    my = MyQoo10Page(buyer)

    with step("1", "如下图所示，点开订单交易信息。"):
        claims.open()
        expect(claims.count("WITHDRAWAL_REQUESTED")).to_have_text("1")
        claims.list_cell("RETURN_REQUESTED")
        expect(claims.row(ORDER_RETURN)).to_contain_text("退货 退货申请")
        panel = claims.open_transaction(ORDER_RETURN)
        expect(panel.title).to_have_text("交易信息")
        expect(panel.field("order-no")).to_have_text(ORDER_RETURN)
        expect(panel.field("ordered-on")).to_have_text("2021/07/08")
        expect(panel.field("option-info")).to_have_text("Color:Blue4")
        expect(panel.field("shipped-on")).to_have_text("2021/07/13")
        expect(panel.field("carrier")).to_have_text("佐川急便")
        expect(panel.field("tracking-no")).to_have_text("123456789001")
        expect(panel.field("requested-on")).to_have_text("2021/07/20")
        expect(panel.field("reason")).to_have_text("订购取消")

    with step(
        "2",
        "点击「撤回索赔要请」选择Y，在卖家留言栏填写撤销理由后点击【退货的撤回要请】按钮。",
    ):
        expect(panel.withdrawal_section).to_contain_text("撤回索赔信息")
        expect(panel.withdraw_select).to_have_value("N")
        expect(panel.message).to_be_disabled()
        expect(panel.deadline).to_have_text("2021/08/09")
        expect(panel.tip).to_contain_text("如果在期限内没有客户回应，则会自动撤回要请。")
        panel.choose_withdrawal("Y")
        expect(panel.message).to_be_enabled()
        expect(panel.message).to_have_attribute("placeholder", "请在此填写和客户联系内容。")
        expect(panel.request_button).to_have_text("退货的撤回要请")
        panel.write_withdrawal_request(MESSAGE)

    with step("3", "出现下图对话框后点击【OK】按钮。"):
        panel.request_button.click()
        expect(confirm.root).to_be_visible()
        expect(confirm.text).to_have_text("要向客户提出撤回要请吗？")
        expect(confirm.ok_button).to_have_text("确定")  # issue 12: 确定 / 返回, not OK / 取消

    with step("4", "出现下图对话框，表示已经成功提交撤销申请。"):
        confirm.ok()
        expect(success.root).to_be_visible()
        expect(success.text).to_have_text("撤回要请已成功提交。")
        success.close()
        expect(success.root).to_be_hidden()
        expect(panel.round_requested_on).to_have_text("2021/08/03")
        expect(panel.round_deadline).to_have_text("2021/08/09")
        expect(panel.round_state).to_have_text("撤回要请")
        expect(panel.round_seller_message).to_have_text(MESSAGE)
        expect(panel.request_button).to_have_count(0)
        expect(panel.cancel_button).to_have_text("取消撤回要请")
        expect(claims.count("WITHDRAWAL_REQUESTED")).to_have_text("2")
        # the list on screen refreshes by itself, like the grid
        expect(claims.row(ORDER_RETURN)).to_contain_text(re.compile(r"退货 退货申请\s+撤回要请"))
        claims.list_cell("WITHDRAWAL_REQUESTED")
        expect(claims.rows).to_have_count(2)
        expect(claims.row(ORDER_RETURN)).to_contain_text(re.compile(r"退货 退货申请\s+撤回要请"))

    with step("4-MyQoo10", "在MyQoo10上显示撤回申请的件数数字。", on=buyer):
        my.open()
        expect(my.count("withdrawal")).to_have_text("2")
        expect(my.count("withdrawal-purchase")).to_have_text("2")
        expect(my.request(ORDER_RETURN)).to_contain_text("SELLER SHOP TI")
        expect(my.request_message(ORDER_RETURN)).to_have_text(MESSAGE)
        expect(my.request_deadline(ORDER_RETURN)).to_have_text("2021/08/09")


@pytest.mark.parametrize("case", BLOCKED_CASES, ids=lambda case: case.status)
def test_blocked_status_is_refused_with_the_inquiry_path(
    seller: Page, step, blocked_claims: tuple[BlockedCase, ...], case: BlockedCase
) -> None:
    panel = TransactionPanel(seller)
    with step("※注意", "订单处于下面几种状态不能申请撤销投诉。"):
        panel.open(case.order_no)
        expect(panel.field("claim-status")).to_contain_text(case.label)
        # the status by its label only (issue 11: no raw "({case.status})" in a sentence)
        expect(panel.refusal).to_contain_text(f"「{case.label}」")
        expect(panel.refusal).not_to_contain_text(f"({case.status})")
        expect(panel.refusal).to_contain_text(INQUIRY_PATH_TEXT)
        expect(panel.inquiry_link).to_have_text("向Qoo10进行咨询")
        expect(panel.request_button).to_have_count(0)
        expect(panel.withdraw_select).to_have_count(0)
        expect(panel.cancel_button).to_have_count(0)


def test_blocked_claim_leads_to_the_inquiry_form(
    seller: Page, step, blocked_claims: tuple[BlockedCase, ...]
) -> None:
    case = blocked_claims[0]
    panel = TransactionPanel(seller)
    inquiry = InquiryForm(seller)
    with step(
        "※注意",
        "这几种状态的订单撤销请通过向Qoo10进行咨询>分类[退款·投诉撤回]>[投诉撤回]进行咨询。",
    ):
        panel.open(case.order_no)
        panel.inquiry_link.click()
        expect(seller).to_have_url(re.compile(r"/portal/inquiries/new\?"))
        expect(inquiry.title).to_have_text("向Qoo10进行咨询")
        expect(inquiry.order_no).to_have_text(case.order_no)
        expect(inquiry.selected_label(inquiry.category)).to_have_text("退款·投诉撤回")
        expect(inquiry.selected_label(inquiry.subcategory)).to_have_text("投诉撤回")
        expect(inquiry.privacy_warning).to_contain_text("请不要误用")
        inquiry.ask("投诉撤回", f"订单 {case.order_no} 的投诉请帮忙撤回。")
        expect(inquiry.success).to_contain_text("咨询已提交")
