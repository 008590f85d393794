"""The conversation (issue 12, item 1) on the manual's dates: the seller writes to the buyer
from the transaction panel (给客户发送纸条), the buyer reads it in MyQoo10 on a phone
(390 px) and answers, the seller reads the answer with its body in the panel's thread and
in the memo box (纸条盒), and the red N moves to whoever has to answer and clears."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import Sessions
from e2e.data import BUYER, ORDER_RETURN
from e2e.pages import MemoBox, MyQoo10Page, SuccessDialog, TransactionPanel
from e2e.server import LiveServer

pytestmark = pytest.mark.conversation

CLOCK = "2021-08-03T10:00:00+09:00"

PHONE_WIDTH = 390
PHONE = {
    "viewport": {"width": PHONE_WIDTH, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
SELLER_TITLE = "关于您的退货"
SELLER_BODY = "商品已经发出，运送单号请见附件。\n如已收到，请撤回退货申请。"
BUYER_BODY = "收到了，谢谢。我会撤回退货申请。"
BUYER_MEMO = "商品がまだ届いていません。確認をお願いします。"


@pytest.fixture
def phone_buyer(open_page: Callable[..., Page], sessions: Sessions) -> Page:
    """buyer1 on a phone (390×844), signed in, on MyQoo10."""
    return sessions.sign_in(open_page(**PHONE), BUYER, "/myqoo10")


def page_width(page: Page) -> int:
    return int(page.evaluate("document.documentElement.scrollWidth"))


def test_seller_and_buyer_talk_and_the_n_follows_who_must_answer(
    seller: Page, phone_buyer: Page, server: LiveServer, step
) -> None:
    panel = TransactionPanel(seller)
    success = SuccessDialog(seller)
    box = MemoBox(seller)
    my = MyQoo10Page(phone_buyer)

    with step("1", "交易信息: 纸条往来 shows the buyer's memo with its body; the red N"):
        panel.open(ORDER_RETURN)
        expect(panel.thread_memos).to_have_count(1)
        expect(panel.thread_memos.first).to_contain_text(BUYER_MEMO)
        expect(panel.memo_badge).to_have_text("N")

    with step("2", "给客户发送纸条: the seller writes; the thread shows it last, the N clears"):
        panel.send_memo(SELLER_TITLE, SELLER_BODY)
        expect(success.text).to_have_text("纸条已发送。")
        success.close()
        expect(panel.thread_memos).to_have_count(2)
        last = panel.thread_memos.last
        expect(last.get_by_test_id("thread-title")).to_have_text(SELLER_TITLE)
        expect(last.get_by_test_id("thread-body")).to_have_text(SELLER_BODY)
        expect(last.get_by_test_id("thread-status")).to_have_text("未答复")
        expect(panel.memo_badge).to_have_count(0)

    server.advance_days(1)  # 2021-08-04: the buyer reads it the next day, on a phone

    with step("3", "MyQoo10 (390 px): the seller's memo with its body and a red N", on=phone_buyer):
        my.open()
        expect(my.thread_memos(ORDER_RETURN)).to_have_count(2)
        expect(my.thread_memos(ORDER_RETURN).last).to_contain_text(SELLER_BODY.split("\n")[0])
        expect(my.thread_badge(ORDER_RETURN)).to_have_text("N")
        assert page_width(phone_buyer) <= PHONE_WIDTH

    with step(
        "4", "The buyer answers the seller from MyQoo10; the buyer's N clears", on=phone_buyer
    ):
        my.answer(ORDER_RETURN, BUYER_BODY)
        expect(my.reply_success(ORDER_RETURN)).to_have_text("回复已发送。")
        expect(my.thread_memos(ORDER_RETURN)).to_have_count(3)
        expect(my.thread_memos(ORDER_RETURN).last).to_contain_text(BUYER_BODY)
        expect(my.thread_badge(ORDER_RETURN)).to_have_count(0)
        assert page_width(phone_buyer) <= PHONE_WIDTH

    with step("5", "交易信息: the answer with its body, last; the seller's memo 已答复; red N"):
        panel.open(ORDER_RETURN)
        expect(panel.thread_memos).to_have_count(3)
        answer = panel.thread_memos.last
        expect(answer.get_by_test_id("thread-body")).to_have_text(BUYER_BODY)
        expect(panel.thread_memos.nth(1).get_by_test_id("thread-status")).to_have_text("已答复")
        expect(panel.memo_badge).to_have_text("N")

    with step("6", "纸条盒: the answer's row, opened to read its body"):
        panel.open_memo_box()
        rows = box.rows(ORDER_RETURN)
        expect(rows).to_have_count(3)
        newest = rows.first
        expect(newest.get_by_test_id("memo-row-status")).to_have_text("未答复")
        box.expand(newest)
        expect(box.row_body(newest)).to_be_visible()
        expect(box.row_body(newest)).to_have_text(BUYER_BODY)

    with step("7", "纸条盒: tick it, [标记为已答复]; the panel's N clears"):
        box.mark_answered(box.rows(ORDER_RETURN).first)
        expect(box.success).to_have_text("已将 1 条纸条标记为已答复。")
        expect(box.rows(ORDER_RETURN).first.get_by_test_id("memo-row-status")).to_have_text(
            "已答复"
        )
        panel.open(ORDER_RETURN)
        expect(panel.memo_badge).to_have_count(0)
