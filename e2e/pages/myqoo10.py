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

    # 与卖家的纸条: the buyer's conversations, each with an answer form.

    def thread(self, order_no: str) -> Locator:
        """One order's conversation card (its memos and the answer form)."""
        return self.page.get_by_test_id(f"my-thread-{order_no}")

    def thread_memos(self, order_no: str) -> Locator:
        """The memos of one conversation, oldest first."""
        return self.thread(order_no).get_by_test_id("thread-memo")

    def thread_badge(self, order_no: str) -> Locator:
        """The red N: a memo from the seller waits for this buyer's answer."""
        return self.thread(order_no).get_by_test_id("my-thread-n")

    def reply_success(self, order_no: str) -> Locator:
        return self.thread(order_no).get_by_test_id("my-reply-success")

    def answer(self, order_no: str, body: str) -> None:
        """Write the answer to the seller and send it (the page reloads)."""
        self.page.get_by_test_id(f"my-reply-body-{order_no}").fill(body)
        with self.page.expect_navigation():
            self.page.get_by_test_id(f"my-reply-submit-{order_no}").click()
