"""What every page shares: the top bar with the menu, the account and the language switch."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


class Layout:
    """The top bar of `layout.html`."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.account_name: Locator = page.get_by_test_id("account-name")
        self.menu_delivery: Locator = page.get_by_test_id("menu-delivery")
        self.menu_claims: Locator = page.get_by_test_id("menu-claims")
        self.menu_memos: Locator = page.get_by_test_id("menu-memos")
        self.menu_inquiry: Locator = page.get_by_test_id("menu-inquiry")
        self.lang_switch: Locator = page.get_by_test_id("lang-switch")
        self.logout_button: Locator = page.get_by_test_id("logout")
        #: Qpost (seller) / notices (buyer), with the unread count as a badge when > 0.
        self.menu_inbox: Locator = page.get_by_test_id("menu-inbox")
        self.unread_badge: Locator = page.get_by_test_id("inbox-unread")

    def lang_button(self, lang: str) -> Locator:
        """The switch's button for `lang` (zh, ja, en)."""
        return self.page.get_by_test_id(f"lang-{lang}")

    def switch_language(self, lang: str) -> None:
        """Choose a UI language; the server remembers it in a cookie and reloads the page."""
        with self.page.expect_navigation():
            self.lang_button(lang).click()

    def open_inbox(self) -> None:
        with self.page.expect_navigation():
            self.menu_inbox.click()

    def log_out(self) -> None:
        self.logout_button.click()
