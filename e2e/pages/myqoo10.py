"""The buyer's MyQoo10: counts, and each pending withdrawal request to accept or reject."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


class MyQoo10Page:
    """`/myqoo10`."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.root: Locator = page.get_by_test_id("myqoo10")
        self.success: Locator = page.get_by_test_id("my-success")
        self.error: Locator = page.get_by_test_id("my-error")
        self.no_requests: Locator = page.get_by_test_id("my-requests-empty")

    def open(self) -> MyQoo10Page:
        self.page.goto("/myqoo10")
        return self

    def count(self, name: str) -> Locator:
        """A count, e.g. `withdrawal` (キャンセル/払い戻し … 撤回要請)."""
        return self.page.get_by_test_id(f"my-count-{name}")

    def request(self, order_no: str) -> Locator:
        """The pending request card of one order."""
        return self.page.get_by_test_id(f"my-request-{order_no}")

    def request_message(self, order_no: str) -> Locator:
        return self.request(order_no).get_by_test_id("my-request-message")

    def request_deadline(self, order_no: str) -> Locator:
        return self.request(order_no).get_by_test_id("my-request-deadline")

    def accept(self, order_no: str) -> None:
        """[同意撤回] (asks to confirm)."""
        self.page.get_by_test_id(f"my-accept-{order_no}").click()

    def reject(self, order_no: str, reason: str, text: str) -> None:
        """Choose the reason by its label (e.g. 其他原因), write the text, [拒绝]."""
        self.page.get_by_test_id(f"my-reason-{order_no}").select_option(label=reason)
        self.page.get_by_test_id(f"my-reason-text-{order_no}").fill(text)
        with self.page.expect_navigation():
            self.page.get_by_test_id(f"my-reject-{order_no}").click()
