"""取消&未收取: the 状态类查询 grid, the 详情查询 form and the list."""

from __future__ import annotations

from playwright.sync_api import Download, Locator, Page

from e2e.pages.panel import TransactionPanel


class ClaimsPage:
    """`/portal/claims`."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.title: Locator = page.get_by_test_id("claims-title")
        self.status_tab: Locator = page.get_by_test_id("tab-status-query")
        self.detail_tab: Locator = page.get_by_test_id("tab-detail-query")
        self.grid: Locator = page.get_by_test_id("status-grid")
        # 详情查询
        self.query_form: Locator = page.get_by_test_id("detail-query")
        self.query_date_field: Locator = page.get_by_test_id("query-date-field")
        self.query_date_from: Locator = page.get_by_test_id("query-date-from")
        self.query_date_to: Locator = page.get_by_test_id("query-date-to")
        self.query_type: Locator = page.get_by_test_id("query-type")
        self.query_status: Locator = page.get_by_test_id("query-status")
        self.query_wstate: Locator = page.get_by_test_id("query-wstate")
        self.query_order_no: Locator = page.get_by_test_id("query-order-no")
        self.query_submit: Locator = page.get_by_test_id("query-submit")
        self.query_refresh: Locator = page.get_by_test_id("query-refresh")
        # the list
        self.list: Locator = page.get_by_test_id("claim-list")
        self.rows: Locator = page.get_by_test_id("claim-table").locator("tbody tr.claim-row")
        self.total: Locator = page.get_by_test_id("list-total")
        self.empty: Locator = page.get_by_test_id("list-empty")
        self.select_all_button: Locator = page.get_by_test_id("select-all")
        # triage: the deadline filter, the held filter, rows per page, the pager
        self.query_within: Locator = page.get_by_test_id("query-within")
        self.query_within_days: Locator = page.get_by_test_id("query-within-days")
        self.query_held: Locator = page.get_by_test_id("query-held")
        self.query_page_size: Locator = page.get_by_test_id("query-page-size")
        self.next_link: Locator = page.get_by_test_id("list-next")
        self.prev_link: Locator = page.get_by_test_id("list-prev")
        self.status_panel: Locator = page.get_by_test_id("tabpanel-status")
        self.detail_panel: Locator = page.get_by_test_id("tabpanel-detail")
        self.excel_button: Locator = page.get_by_test_id("export-excel")

    def open(self) -> ClaimsPage:
        self.page.goto("/portal/claims")
        return self

    # 状态类查询
    def count(self, cell: str) -> Locator:
        """The count link of one grid cell, e.g. `WITHDRAWAL_REQUESTED` (撤回要请)."""
        return self.page.get_by_test_id(f"grid-{cell}")

    def grid_row(self, key: str) -> Locator:
        """A grid row by claim type key (CANCEL, RETURN, EXCHANGE, NON_RECEIPT, WITHDRAWAL)."""
        return self.page.get_by_test_id(f"grid-row-{key}")

    def list_cell(self, cell: str) -> None:
        """Click a grid count: the list shows that cell's claims."""
        self.count(cell).click()

    # 详情查询
    def query(
        self,
        *,
        order_no: str = "",
        claim_type: str = "",
        status: str = "",
        withdrawal_state: str = "",
    ) -> None:
        """Fill 详情查询 (selects by their visible labels) and press [查询]."""
        self.detail_tab.click()
        self.query_order_no.fill(order_no)
        if claim_type:
            self.query_type.select_option(label=claim_type)
        if status:
            self.query_status.select_option(label=status)
        if withdrawal_state:
            self.query_wstate.select_option(label=withdrawal_state)
        self.query_submit.click()

    def delayed_marker(self, cell: str) -> Locator:
        """The red 延迟 N next to a grid count: a link to that cell's delayed claims."""
        return self.page.get_by_test_id(f"grid-{cell}-delayed")

    def query_deadline_within(self, days: int | None = None, *, page_size: int = 0) -> None:
        """详情查询 with 客户回应期限将至 ticked (N days, the form's default if None)."""
        self.detail_tab.click()
        self.query_within.check()
        if days is not None:
            self.query_within_days.fill(str(days))
        if page_size:
            self.query_page_size.select_option(str(page_size))
        self.query_submit.click()

    # the list
    def sort_header(self, column: str) -> Locator:
        """A sortable column header's link (`requested_on`, `response_deadline`, `ordered_on`)."""
        return self.page.get_by_test_id(f"sort-{column}")

    def column_cells(self, column: str) -> list[str]:
        """The texts of one list column, row by row (columns as in models/screens/claim_rows.py)."""
        header = self.page.get_by_test_id("claim-table").locator("thead th")
        names = header.all_inner_texts()
        index = next(i for i, n in enumerate(names) if n.strip().rstrip("▲▼").strip() == column)
        return self.rows.locator(f"td:nth-child({index + 1})").all_inner_texts()

    def row(self, order_no: str) -> Locator:
        return self.page.get_by_test_id(f"claim-row-{order_no}")

    def order_numbers(self) -> list[str]:
        """The 订购号码 of every row on screen, in order (read once the list has settled)."""
        return self.rows.locator("[data-testid^='claim-link-']").all_inner_texts()

    def open_transaction(self, order_no: str) -> TransactionPanel:
        """Double-click the order's row: 交易信息 opens below the list."""
        self.row(order_no).dblclick()
        return TransactionPanel(self.page)

    def open_transaction_with_keyboard(self, order_no: str) -> TransactionPanel:
        """Focus the row and press Enter (the keyboard way to open 交易信息)."""
        self.row(order_no).focus()
        self.row(order_no).press("Enter")
        return TransactionPanel(self.page)

    def select_all(self) -> None:
        """[选择所有]."""
        self.select_all_button.click()

    def download_excel(self) -> Download:
        """[Excel]: the checked rows, else every matching row, as .xlsx."""
        with self.page.expect_download() as info:
            self.excel_button.click()
        return info.value
