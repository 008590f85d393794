"""向Qoo10进行咨询: the inquiry form."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


class InquiryForm:
    """`/portal/inquiries/new` (prefilled from a refusal's link)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.form: Locator = page.get_by_test_id("inquiry-form")
        self.title: Locator = page.get_by_test_id("inquiry-page").get_by_role("heading", level=1)
        self.order_no: Locator = page.get_by_test_id("inquiry-order-no")
        self.category: Locator = page.get_by_test_id("inquiry-category")
        self.subcategory: Locator = page.get_by_test_id("inquiry-subcategory")
        self.language: Locator = page.get_by_test_id("inquiry-lang")
        self.subject: Locator = page.get_by_test_id("inquiry-title")
        self.body: Locator = page.get_by_test_id("inquiry-body")
        self.submit_button: Locator = page.get_by_test_id("inquiry-submit")
        self.success: Locator = page.get_by_test_id("inquiry-success")
        self.privacy_warning: Locator = page.get_by_test_id("privacy-warning")
        #: 商品: the name of the item with the code above.
        self.item_code: Locator = page.get_by_test_id("inquiry-item-code")
        self.item_name: Locator = page.get_by_test_id("inquiry-item-name")
        #: ※ 可以查看Qoo10 卖家手册，点击这里。
        self.manual_note: Locator = page.get_by_test_id("inquiry-manual-note")
        self.manual_link: Locator = page.get_by_test_id("seller-manual-link")

    def selected_label(self, select: Locator) -> Locator:
        """The selected option of a select (its text is the visible label)."""
        return select.locator("option:checked")

    def ask(self, title: str, body: str) -> None:
        """Write the inquiry and send it."""
        self.subject.fill(title)
        self.body.fill(body)
        self.submit_button.click()
