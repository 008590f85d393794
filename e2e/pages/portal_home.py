"""The J·QSM start page with the menu 运送/取消/未收取 > 取消/退货/未收取."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


class PortalHome:
    """`/portal`."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.menu: Locator = page.get_by_test_id("home-menu")
        self.claims_link: Locator = page.get_by_test_id("home-menu-claims")

    def open(self) -> PortalHome:
        self.page.goto("/portal")
        return self

    def go_to_claims(self) -> None:
        """Follow 运送/取消/未收取 > 取消/退货/未收取."""
        self.claims_link.click()
