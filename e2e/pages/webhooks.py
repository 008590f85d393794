"""The seller's webhooks settings page (`/portal/settings/webhooks`) and an endpoint's
delivery log."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


class WebhooksPage:
    PATH = "/portal/settings/webhooks"

    def __init__(self, page: Page) -> None:
        self.page = page
        self.url_input: Locator = page.get_by_test_id("webhook-url")
        self.description_input: Locator = page.get_by_test_id("webhook-description")
        self.events: Locator = page.get_by_test_id("webhook-event")
        self.add_button: Locator = page.get_by_test_id("webhook-add")
        self.secret: Locator = page.get_by_test_id("webhook-secret")
        self.error: Locator = page.get_by_test_id("webhook-error")
        self.rows: Locator = page.get_by_test_id("webhook-row")
        self.state: Locator = page.get_by_test_id("webhook-state")
        self.done: Locator = page.get_by_test_id("webhook-done")
        # the delivery log
        self.deliveries: Locator = page.get_by_test_id("webhook-delivery")
        self.delivery_status: Locator = page.get_by_test_id("webhook-delivery-status")
        self.attempts: Locator = page.get_by_test_id("webhook-attempt")
        self.redelivered: Locator = page.get_by_test_id("webhook-redelivered")

    def add(self, url: str, description: str = "") -> None:
        """Fill the form (all events stay ticked) and [添加]."""
        self.url_input.fill(url)
        self.description_input.fill(description)
        with self.page.expect_navigation():
            self.add_button.click()

    def toggle(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_test_id("webhook-toggle").first.click()

    def open_log(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_test_id("webhook-log-link").first.click()

    def redeliver(self) -> None:
        with self.page.expect_navigation():
            self.page.get_by_test_id("webhook-redeliver").first.click()
