"""纸条盒 / 留言/其他: the memos between the shop and its buyers."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


class MemoBox:
    """`/portal/memos`."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.root: Locator = page.get_by_test_id("memo-box")
        self.title: Locator = self.root.get_by_role("heading", level=1)
        self.order_filter_note: Locator = page.get_by_test_id("memo-box-order")
        self.status_filter: Locator = page.get_by_test_id("memo-box-status")
        self.submit: Locator = page.get_by_test_id("memo-box-submit")
        self.empty: Locator = page.get_by_test_id("memo-box-empty")

    def open(self) -> MemoBox:
        self.page.goto("/portal/memos")
        return self

    def rows(self, order_no: str) -> Locator:
        """The memo rows of one order."""
        return self.page.get_by_test_id(f"memo-row-{order_no}")

    def channel(self, channel: str) -> Locator:
        """The channel radio (BUYER_SELLER = 与客户之间的纸条, …)."""
        return self.page.get_by_test_id(f"memo-box-channel-{channel}")

    def filter_status(self, label: str) -> None:
        """Choose a status (e.g. 未答复) and run the query."""
        self.status_filter.select_option(label=label)
        self.submit.click()
