"""Live updates (issue 13, item 6): the seller keeps the claims page open with the
transaction panel of order 638452888; the buyer rejects the withdrawal request in MyQoo10;
without any reload the seller's panel shows the rejection, the grid counts it as held and
the list's 撤回索赔 column says so, while the rows the seller ticked stay ticked (htmx's SSE
extension on /portal/live; the checkboxes are `hx-preserve`d)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from e2e.data import ORDER_RETURN
from e2e.pages import ClaimsPage, ConfirmDialog, MyQoo10Page, SuccessDialog

pytestmark = pytest.mark.live

CLOCK = "2021-08-04T09:00:00+09:00"
#: The stream delivers within a second; the browser's re-fetch and render get the rest.
LIVE_TIMEOUT_MS = 5000


def test_the_sellers_open_panel_shows_the_buyers_rejection_without_reload(
    seller: Page, buyer: Page, step
) -> None:
    claims = ClaimsPage(seller)
    my = MyQoo10Page(buyer)

    with step("1", "The seller requests the withdrawal from the panel on the claims page"):
        claims.open()
        claims.list_cell("RETURN_REQUESTED")
        panel = claims.open_transaction(ORDER_RETURN)
        panel.request_withdrawal("test")
        ConfirmDialog(seller).ok()
        SuccessDialog(seller).close()
        expect(panel.round_state).to_have_text("撤回要请")
        expect(claims.count("WITHDRAWAL_HELD")).to_have_text("0")
        expect(claims.row(ORDER_RETURN)).to_contain_text("撤回要请")
        ticked = seller.get_by_test_id(f"claim-select-{ORDER_RETURN}")
        ticked.check()  # a selection in progress must survive the live refresh

    # Nothing on the seller's page is touched from here on: no reload, no click.
    seller.evaluate("window.__notReloaded = true")

    with step("2", "The buyer rejects it in MyQoo10", on=buyer):
        my.open()
        my.reject(ORDER_RETURN, "其他原因", "test")
        expect(my.success).to_have_text("已拒绝撤回要请。")

    with step("3", "The seller's open panel and grid show the rejection by themselves"):
        expect(panel.round_rejection).to_have_text("[其他原因] test", timeout=LIVE_TIMEOUT_MS)
        expect(panel.round_held_on).to_have_text("2021/08/04", timeout=LIVE_TIMEOUT_MS)
        expect(panel.rerequest_button).to_be_visible(timeout=LIVE_TIMEOUT_MS)
        expect(claims.count("WITHDRAWAL_HELD")).to_have_text("1", timeout=LIVE_TIMEOUT_MS)
        # the list's 撤回索赔 column too, and the seller's tick is still there
        expect(claims.row(ORDER_RETURN)).to_contain_text("撤回保留", timeout=LIVE_TIMEOUT_MS)
        expect(ticked).to_be_checked()
        assert seller.evaluate("window.__notReloaded") is True
