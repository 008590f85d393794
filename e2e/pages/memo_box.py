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

    def row_body(self, row: Locator) -> Locator:
        """The memo's text, shown when its row's title is expanded."""
        return row.get_by_test_id("memo-row-body")

    def expand(self, row: Locator) -> None:
        """Open a row to read its body (click the title)."""
        row.get_by_test_id("memo-row-title").click()

    def tab(self, channel: str) -> Locator:
        """A sub-tab: switches the channel (BUYER_SELLER, CUSTOMER_CENTER, INQUIRY_RECORDS)."""
        return self.page.get_by_test_id(f"memo-box-tab-{channel}")

    def mark_answered(self, row: Locator) -> None:
        """Tick one row and press [标记为已答复] (the page reloads)."""
        row.get_by_role("checkbox").check()
        with self.page.expect_navigation():
            self.page.get_by_test_id("memo-box-mark-answered").click()

    @property
    def success(self) -> Locator:
        return self.page.get_by_test_id("memo-box-success")

    @property
    def next_page(self) -> Locator:
        return self.page.get_by_test_id("memo-box-next")

    @property
    def previous_page(self) -> Locator:
        return self.page.get_by_test_id("memo-box-prev")
