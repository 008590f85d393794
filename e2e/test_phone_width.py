"""Phones (issue 12, point 7): at 390×844 — an iPhone 12/13/14's CSS viewport — the seller
portal's header, the claims page, the transaction panel, the memo box, the notice inbox and
the buyer's MyQoo10 never scroll sideways, and the header's controls never sit on top of
each other.

"No horizontal scrolling" is `document.documentElement.scrollWidth <= 390`: anything wider
than the screen (a table, a long word, a fixed-width box) makes the page pan sideways.
Wide tables may scroll inside their own box; the page itself may not.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import Sessions
from e2e.data import BUYER, ORDER_PENDING_WITHDRAWAL, ORDER_RETURN, SELLER
from e2e.pages import ClaimsPage, Layout, MemoBox, MyQoo10Page, TransactionPanel

pytestmark = pytest.mark.phone

CLOCK = "2021-08-03T10:00:00+09:00"

WIDTH = 390
PHONE = {
    "viewport": {"width": WIDTH, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}


@pytest.fixture(scope="module")
def browser_context_args(browser_context_args: dict) -> dict:
    """The seller's browser is a phone too."""
    return {**browser_context_args, **PHONE}


#: What sticks out: the page's scroll width and the elements reaching past the screen's
#: right edge outside any scrolling box (so a failure names the culprit).
_OVERFLOW = """(width) => {
  const clipped = el => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (getComputedStyle(p).overflowX !== 'visible') return true;
    }
    return false;
  };
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.right > width + 0.5 && !clipped(el)) {
      const id = el.dataset.testid ? `[data-testid=${el.dataset.testid}]`
        : el.id ? `#${el.id}` : el.className ? `.${String(el.className).split(' ')[0]}` : '';
      wide.push(`${el.tagName.toLowerCase()}${id} right=${Math.round(r.right)}`);
    }
  }
  return {scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 8)};
}"""

#: Pairs of the header's controls whose boxes intersect (nested elements excepted), and
#: controls that spill out of the header's own box onto the page below it.
_OVERLAPS = """() => {
  const header = document.querySelector('header');
  if (!header) return ['no header'];
  const controls = [...header.querySelectorAll(
    'a, button, select, input:not([type=hidden]), .brand, .who, .menu-title, [data-testid]'
  )].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
  });
  const name = el => el.dataset.testid || el.textContent.trim().slice(0, 20);
  const box = header.getBoundingClientRect();
  const overlaps = [];
  for (const el of controls) {
    const r = el.getBoundingClientRect();
    if (r.top < box.top - 0.5 || r.bottom > box.bottom + 0.5 || r.left < box.left - 0.5
        || r.right > box.right + 0.5) overlaps.push(`${name(el)} outside the header`);
  }
  for (let i = 0; i < controls.length; i++) {
    for (let j = i + 1; j < controls.length; j++) {
      const a = controls[i], b = controls[j];
      if (a.contains(b) || b.contains(a)) continue;
      const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
      const x = Math.min(p.right, q.right) - Math.max(p.left, q.left);
      const y = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
      if (x > 0.5 && y > 0.5) overlaps.push(`${name(a)} × ${name(b)}`);
    }
  }
  return overlaps;
}"""


def assert_fits_the_phone(page: Page) -> None:
    """No sideways scrolling, and no header control on top of another or off the header."""
    page.wait_for_load_state("networkidle")
    overflow = page.evaluate(_OVERFLOW, WIDTH)
    assert overflow["scrollWidth"] <= WIDTH, (
        f"{page.url} scrolls sideways at {WIDTH}px: scrollWidth {overflow['scrollWidth']}; "
        f"past the edge: {', '.join(overflow['wide'])}"
    )
    overlaps = page.evaluate(_OVERLAPS)
    assert not overlaps, f"{page.url}: header controls overlap: {'; '.join(overlaps)}"


@pytest.fixture
def phone_buyer(open_page: Callable[..., Page], sessions: Sessions) -> Page:
    """buyer1 on their phone, on MyQoo10."""
    return sessions.sign_in(open_page(**PHONE), BUYER, "/myqoo10")


def test_seller_header_fits_a_phone(seller: Page, step) -> None:
    layout = Layout(seller)
    with step("1", "J·QSM 首页 (390px): 菜单、通知、语言、账号、退出互不重叠，不横向滚动"):
        expect(layout.account_name).to_have_text(SELLER.name)
        expect(layout.logout_button).to_be_visible()
        assert_fits_the_phone(seller)


def test_claims_page_fits_a_phone(seller: Page, step) -> None:
    claims = ClaimsPage(seller)
    with step("1", "取消/退货/未收取: 统计表和退货申请的列表"):
        claims.open()
        claims.list_cell("RETURN_REQUESTED")
        expect(claims.row(ORDER_RETURN)).to_be_visible()
        assert_fits_the_phone(seller)


def test_transaction_panel_fits_a_phone(seller: Page, step) -> None:
    claims = ClaimsPage(seller)
    with step("1", "列表中双击订单 → 交易信息"):
        claims.open()
        claims.list_cell("RETURN_REQUESTED")
        panel = claims.open_transaction(ORDER_RETURN)
        expect(panel.field("order-no")).to_have_text(ORDER_RETURN)
        assert_fits_the_phone(seller)

    with step("2", "交易信息 as a page of its own (/portal/orders/<no>)"):
        panel = TransactionPanel(seller).open(ORDER_RETURN)
        expect(panel.field("order-no")).to_have_text(ORDER_RETURN)
        assert_fits_the_phone(seller)


def test_memo_box_fits_a_phone(seller: Page, step) -> None:
    with step("1", "纸条盒 (留言/其他)"):
        memos = MemoBox(seller).open()
        expect(memos.rows(ORDER_RETURN).first).to_be_visible()
        assert_fits_the_phone(seller)


def test_seller_inbox_fits_a_phone(seller: Page, step) -> None:
    with step("1", "卖家Qpost: the notice inbox, reached from the header"):
        seller.get_by_test_id("menu-inbox").click()
        expect(seller.get_by_test_id("inbox")).to_be_visible()
        assert_fits_the_phone(seller)


def test_buyer_myqoo10_fits_a_phone(phone_buyer: Page, step) -> None:
    my = MyQoo10Page(phone_buyer)
    with step("1", "MyQoo10 on the buyer's phone: counts, requests, memos", on=phone_buyer):
        expect(my.root).to_be_visible()
        expect(my.count("withdrawal")).to_be_visible()
        # The request card with its accept / reject forms: the widest part of the page.
        expect(my.request(ORDER_PENDING_WITHDRAWAL)).to_be_visible()
        assert_fits_the_phone(phone_buyer)


def test_buyer_inbox_fits_a_phone(phone_buyer: Page, step) -> None:
    with step("1", "The buyer's notices, reached from the header", on=phone_buyer):
        phone_buyer.get_by_test_id("menu-inbox").click()
        expect(phone_buyer.get_by_test_id("inbox")).to_be_visible()
        assert_fits_the_phone(phone_buyer)
