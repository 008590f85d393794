"""The notice inbox: the seller's Qpost (`/portal/inbox`) and the buyer's notices
(`/myqoo10/inbox`)."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


class InboxPage:
    """One page for both roles; `path` says whose."""

    SELLER = "/portal/inbox"
    BUYER = "/myqoo10/inbox"

    def __init__(self, page: Page, path: str = SELLER) -> None:
        self.page = page
        self.path = path
        self.root: Locator = page.get_by_test_id("inbox")
        self.items: Locator = page.get_by_test_id("inbox-item")
        self.unread_total: Locator = page.get_by_test_id("inbox-unread-total")
        self.marked: Locator = page.get_by_test_id("inbox-marked")
        self.empty: Locator = page.get_by_test_id("inbox-empty")
        self.mark_all_button: Locator = page.get_by_test_id("inbox-mark-all")

    def open(self, *, unread_only: bool = False) -> InboxPage:
        self.page.goto(self.path + ("?show=unread" if unread_only else ""))
        return self

    def notice(self, text: str) -> Locator:
        """The notices whose sentence contains `text`."""
        return self.items.filter(
            has=self.page.get_by_test_id("inbox-item-text").filter(has_text=text)
        )

    def unread_notices(self) -> Locator:
        return self.page.locator("[data-testid=inbox-item].unread")

    def text_of(self, item: Locator) -> Locator:
        return item.get_by_test_id("inbox-item-text")

    def state_of(self, item: Locator) -> Locator:
        return item.get_by_test_id("inbox-item-state")

    def mark_read(self, item: Locator) -> None:
        """[标为已读] on one notice (the page reloads)."""
        with self.page.expect_navigation():
            item.get_by_test_id("inbox-mark-one").click()

    def mark_all_read(self) -> None:
        with self.page.expect_navigation():
            self.mark_all_button.click()
