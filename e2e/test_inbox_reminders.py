"""Qpost and the buyer's notices on the manual's dates (issue 12, item 2): the seller
requests on 2021-08-03 ("提出撤销申请后系统会发通知消息至卖家Qpost"), sees the notice with the
unread count in the header and marks it read; the buyer sees the request; on 2021-08-07,
two days before the 客户回应期限 2021/08/09, both get their reminder, once; and the inbox
at a phone's 390 px."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.data import ORDER_RETURN
from e2e.pages import ConfirmDialog, Layout, SuccessDialog, TransactionPanel
from e2e.pages.inbox import InboxPage
from e2e.server import LiveServer

pytestmark = pytest.mark.inbox

CLOCK = "2021-08-03T10:00:00+09:00"

SENT = f"已向客户发送订单 {ORDER_RETURN} 的撤回要请。客户回应期限：2021/08/09。"
REQUESTED = f"卖家请求撤回订单 {ORDER_RETURN} 的投诉。请在 2021/08/09 之前回应。"
SELLER_REMINDER = f"客户尚未回应订单 {ORDER_RETURN} 的撤回要请，回应期限为 2021/08/09。"
BUYER_REMINDER = f"请在 2021/08/09 之前回应订单 {ORDER_RETURN} 的撤回要请。"

#: The page's width and the widest elements past the right edge (to name a culprit).
_SCROLL_WIDTH = "() => document.documentElement.scrollWidth"
#: Pairs of header controls whose boxes intersect.
_HEADER_OVERLAPS = """() => {
  const els = [...document.querySelectorAll(
    'header .brand, header .menu a, header .menu-title, header .inbox-link, ' +
    'header .lang-switch button, header .who, header [data-testid=logout]')]
    .filter(el => el.getBoundingClientRect().width > 0);
  const hits = [];
  for (let i = 0; i < els.length; i++) for (let j = i + 1; j < els.length; j++) {
    const a = els[i], b = els[j];
    if (a.contains(b) || b.contains(a)) continue;
    const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
    if (Math.min(p.right, q.right) - Math.max(p.left, q.left) > 0.5 &&
        Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top) > 0.5)
      hits.push(`${a.textContent.trim()} / ${b.textContent.trim()}`);
  }
  return hits;
}"""


def test_qpost_notices_and_the_deadline_reminder(
    seller: Page, buyer: Page, step, server: LiveServer
) -> None:
    header = Layout(seller)
    qpost = InboxPage(seller)
    panel = TransactionPanel(seller)
    buyer_header = Layout(buyer)
    notices = InboxPage(buyer, InboxPage.BUYER)

    with step("8/03-1", "提出撤销申请后系统会发通知消息至卖家Qpost"):
        seller.goto("/portal")
        expect(header.unread_badge).to_have_text("1")  # the demo's request of 8/02
        panel.open(ORDER_RETURN)
        panel.request_withdrawal("商品已经发出，请撤回退货申请。")
        ConfirmDialog(seller).ok()
        expect(SuccessDialog(seller).text).to_have_text("撤回要请已成功提交。")
        seller.goto("/portal/claims")
        expect(header.unread_badge).to_have_text("2")
        header.open_inbox()
        expect(qpost.unread_total).to_have_text("2 条未读")
        newest = qpost.items.first
        expect(qpost.text_of(newest)).to_have_text(SENT)
        expect(qpost.state_of(newest)).to_have_text("未读")

    with step("8/03-2", "Qpost: 标为已读 (mark the notice read)"):
        qpost.mark_read(qpost.notice(SENT))
        expect(qpost.marked).to_have_text("已标为已读。")
        expect(qpost.state_of(qpost.notice(SENT))).to_have_text("已读")
        expect(header.unread_badge).to_have_text("1")
        expect(qpost.unread_total).to_have_text("1 条未读")

    with step("8/03-3", "买家在MyQoo10的通知里看到撤回要请", on=buyer):
        buyer.goto("/myqoo10")
        expect(buyer_header.unread_badge).to_have_text("2")
        buyer_header.open_inbox()
        expect(notices.text_of(notices.items.first)).to_contain_text(REQUESTED)
        expect(notices.notice(REQUESTED)).to_have_count(1)

    with step("8/06", "截止日两天前之前：还没有提醒"):
        assert server.set_clock("2021-08-06T21:00:00+09:00") == "2021-08-06"
        qpost.open()
        expect(qpost.notice(SELLER_REMINDER)).to_have_count(0)
        notices.open()
        expect(notices.notice(BUYER_REMINDER)).to_have_count(0)

    with step("8/07-1", "8/07：客户回应期限 2021/08/09 的两天前，卖家收到提醒"):
        assert server.set_clock("2021-08-07T09:00:00+09:00") == "2021-08-07"
        seller.goto("/portal/claims")
        expect(header.unread_badge).to_have_text("3")  # 8/02 request, its 8/06 reminder, ours
        header.open_inbox()
        expect(qpost.notice(SELLER_REMINDER)).to_have_count(1)
        expect(qpost.state_of(qpost.notice(SELLER_REMINDER))).to_have_text("未读")

    with step("8/07-2", "买家也收到「请在 2021/08/09 之前回应」的提醒，只有一次", on=buyer):
        notices.open()
        expect(notices.notice(BUYER_REMINDER)).to_have_count(1)
        buyer.reload()
        notices.open(unread_only=True)
        expect(notices.notice(BUYER_REMINDER)).to_have_count(1)
        qpost.open()
        expect(qpost.notice(SELLER_REMINDER)).to_have_count(1)

    with step("8/08", "第二天不再重复提醒；全部标为已读"):
        assert server.set_clock("2021-08-08T09:00:00+09:00") == "2021-08-08"
        qpost.open()
        expect(qpost.notice(SELLER_REMINDER)).to_have_count(1)
        qpost.mark_all_read()
        expect(qpost.unread_notices()).to_have_count(0)
        expect(header.unread_badge).to_have_count(0)
        notices.open()
        expect(notices.notice(BUYER_REMINDER)).to_have_count(1)

    with step("390px", "手机宽度 390 px：页眉不重叠，通知页不横向滚动", on=buyer):
        for page, inbox in ((seller, qpost), (buyer, notices)):
            page.set_viewport_size({"width": 390, "height": 844})
            inbox.open()
            expect(inbox.items.first).to_be_visible()
            assert page.evaluate(_SCROLL_WIDTH) <= 390
            assert page.evaluate(_HEADER_OVERLAPS) == []
        expect(buyer_header.unread_badge).to_be_visible()
        expect(buyer_header.menu_inbox).to_be_in_viewport()
