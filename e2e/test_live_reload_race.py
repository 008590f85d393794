"""A change that lands while the grid's, the list's or the open panel's live reload is still
in flight is not lost: the seller's page ends on the last change, not on the state that
reload read.

The grid and the list each replace themselves (`hx-swap="outerHTML"`) when a change is
announced. htmx queues a trigger that arrives while the element's own request is in flight
and runs it when that request ends, but on the element it was queued on: by then the
swap has removed that element, and htmx drops a request of an element no longer in the
page. So the second of two quick changes (a bulk request announces one per claim) was
never shown. The grid and the list now swap their content only; the panel, whose live
element sits inside it, is asked again by web/static/portal.js. The tests hold the first reload's answer (read before the second change)
until the second change's announcement has reached the page, then lets it through.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from e2e.data import MANUAL_GRID, ORDER_BUYER2_RETURN, ORDER_FAQ_CANCEL, ORDER_RETURN
from e2e.pages import ClaimsPage

pytestmark = pytest.mark.live

CLOCK = "2021-08-03T10:00:00+09:00"
LIVE_TIMEOUT_MS = 5000

_CLAIM_ID = "query($no: String!) { order(orderNo: $no) { claim { id } } }"
_REQUEST = """mutation($id: ID!) {
  claimWithdrawalRequest(input: {claimId: $id, sellerMessage: "请撤回投诉。"}) {
    userErrors { code }
  }
}"""
_CANCEL = """mutation($id: ID!) {
  claimWithdrawalCancel(input: {claimId: $id}) { userErrors { code } }
}"""
#: Counts the distinct announcements the page has received (htmx's SSE extension fires
#: `htmx:sseMessage` on each element that listens, and it bubbles; the data names the
#: claim and its version, so one announcement counts once however many elements listen).
_COUNT_ANNOUNCEMENTS = """() => {
  const seen = new Set();
  window.__announced = 0;
  document.body.addEventListener("htmx:sseMessage", (event) => {
    seen.add(event.detail.data);
    window.__announced = seen.size;
  });
}"""


def _graphql(page: Page, query: str, variables: dict[str, Any]) -> dict[str, Any]:
    """The seller's own GraphQL call (the browser context's cookie), as another tab would."""
    response = page.request.post("/graphql", data={"query": query, "variables": variables})
    assert response.ok, response.text()
    body = response.json()
    assert "errors" not in body, body
    return body["data"]


def _withdrawal(page: Page, mutation: str, order_no: str) -> None:
    """Requests (`_REQUEST`) or cancels (`_CANCEL`) the withdrawal of the order's claim."""
    claim_id = _graphql(page, _CLAIM_ID, {"no": order_no})["order"]["claim"]["id"]
    payload = next(iter(_graphql(page, mutation, {"id": claim_id}).values()))
    assert payload["userErrors"] == []


def _pump_until(page: Page, done: Callable[[], bool], timeout_ms: int = LIVE_TIMEOUT_MS) -> None:
    """Waits for `done` while letting Playwright run the route handlers (a plain sleep would
    not: the sync API only dispatches them while it waits)."""
    for _ in range(timeout_ms // 50):
        if done():
            return
        page.wait_for_timeout(50)
    assert done(), "the reloads never started"


class HeldReloads:
    """Holds the first reload of one fragment: its answer is read at once (the state before
    the second change) but handed to the page only when `release` is called."""

    def __init__(self, page: Page, matches: Callable[[str], bool]) -> None:
        self.held: list[Callable[[], None]] = []
        self.calls = 0
        page.route(matches, self._handle)

    def _handle(self, route: Route) -> None:
        self.calls += 1
        if self.calls > 1:
            route.continue_()
            return
        stale = route.fetch()
        self.held.append(lambda: route.fulfill(response=stale))

    def release(self) -> None:
        for fulfil in self.held:
            fulfil()


def test_a_change_during_the_grids_and_lists_reload_is_shown(seller: Page, step) -> None:
    claims = ClaimsPage(seller)
    requested = MANUAL_GRID["WITHDRAWAL_REQUESTED"]

    with step("1", "The seller keeps the claims page open on the 退货 claims"):
        claims.open()
        claims.list_cell("RETURN_REQUESTED")
        expect(claims.count("WITHDRAWAL_REQUESTED")).to_have_text(str(requested))
        seller.evaluate(_COUNT_ANNOUNCEMENTS)
        grid = HeldReloads(seller, lambda url: "/portal/claims/grid" in url)
        listing = HeldReloads(
            seller, lambda url: "/portal/claims/list" in url and "refresh=1" in url
        )

    with step("2", "A first request from elsewhere: both reloads start and are held"):
        _withdrawal(seller, _REQUEST, ORDER_RETURN)
        seller.wait_for_function("() => window.__announced >= 1")
        _pump_until(seller, lambda: grid.calls == 1 and listing.calls == 1)

    with step("3", "A second request lands and is announced while both reloads are in flight"):
        _withdrawal(seller, _REQUEST, ORDER_BUYER2_RETURN)
        seller.wait_for_function("() => window.__announced >= 2")

    with step(
        "4",
        "The held answers (read before the second request) arrive: the page still ends on the second",
    ):
        grid.release()
        listing.release()
        expect(claims.count("WITHDRAWAL_REQUESTED")).to_have_text(
            str(requested + 2), timeout=LIVE_TIMEOUT_MS
        )
        for order_no in (ORDER_RETURN, ORDER_BUYER2_RETURN):
            expect(claims.row(order_no)).to_contain_text("撤回要请", timeout=LIVE_TIMEOUT_MS)


def test_a_change_during_the_open_panels_reload_is_shown(seller: Page, step) -> None:
    claims = ClaimsPage(seller)

    with step("1", "The seller keeps the panel of a cancel claim open"):
        claims.open()
        claims.list_cell("CANCEL_REQUESTED")
        panel = claims.open_transaction(ORDER_FAQ_CANCEL)
        expect(panel.request_button).to_be_visible()
        seller.evaluate(_COUNT_ANNOUNCEMENTS)
        held = HeldReloads(seller, lambda url: f"/portal/orders/{ORDER_FAQ_CANCEL}?shown=" in url)

    with step("2", "A withdrawal request from elsewhere: the panel's reload starts and is held"):
        _withdrawal(seller, _REQUEST, ORDER_FAQ_CANCEL)
        seller.wait_for_function("() => window.__announced >= 1")
        _pump_until(seller, lambda: held.calls == 1)

    with step("3", "The request is cancelled, announced while that reload is in flight"):
        _withdrawal(seller, _CANCEL, ORDER_FAQ_CANCEL)
        seller.wait_for_function("() => window.__announced >= 2")

    with step("4", "The held answer (the request) arrives: the panel still ends on the cancel"):
        held.release()
        expect(panel.history_row("取消撤回要请 #1")).to_have_count(1, timeout=LIVE_TIMEOUT_MS)
        expect(panel.round_state).to_have_count(0, timeout=LIVE_TIMEOUT_MS)
