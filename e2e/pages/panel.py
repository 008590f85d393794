"""交易信息: the order, its claim, 撤回索赔信息, shipment, 客户管理 and the history."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


class TransactionPanel:
    """The panel (`partials/panel.html`), below the list or on `/portal/orders/<no>`."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.root: Locator = page.get_by_test_id("panel")
        self.title: Locator = self.root.get_by_role("heading", level=2)
        # 撤回索赔信息
        self.withdrawal_section: Locator = page.get_by_test_id("withdrawal-section")
        self.withdraw_select: Locator = page.get_by_test_id("withdrawal-select")
        self.message: Locator = page.get_by_test_id("withdrawal-message")
        self.deadline: Locator = page.get_by_test_id("withdrawal-deadline")
        self.tip: Locator = page.get_by_test_id("withdrawal-tip")
        self.request_button: Locator = page.get_by_test_id("btn-request")
        self.cancel_button: Locator = page.get_by_test_id("btn-cancel")
        self.rerequest_button: Locator = page.get_by_test_id("btn-rerequest")
        self.complete_cancel_button: Locator = page.get_by_test_id("btn-complete-cancel")
        self.refusal: Locator = page.get_by_test_id("withdrawal-refusal")
        self.inquiry_link: Locator = page.get_by_test_id("inquiry-link")
        self.success: Locator = page.get_by_test_id("withdrawal-success")
        self.error: Locator = page.get_by_test_id("withdrawal-error")
        self.round_requested_on: Locator = page.get_by_test_id("round-requested-on")
        self.round_deadline: Locator = page.get_by_test_id("round-deadline")
        self.round_held_on: Locator = page.get_by_test_id("round-held-on")
        self.round_seller_message: Locator = page.get_by_test_id("round-seller-message")
        self.round_rejection: Locator = page.get_by_test_id("round-rejection")
        self.round_state: Locator = page.get_by_test_id("round-state")
        self.rerequest_deadline: Locator = page.get_by_test_id("rerequest-deadline")
        # 退货状态确认与处理: [退货要求接受/验证], disabled, and why
        self.return_accept_button: Locator = page.get_by_test_id("btn-return-accept")
        self.return_accept_why: Locator = page.get_by_test_id("return-accept-why")
        # 运送单号 … 运送跟踪, and the claim's 附件
        self.tracking_link: Locator = page.get_by_test_id("tracking-link")
        self.attachments: Locator = page.get_by_test_id("panel-attachments")
        self.attachment_links: Locator = page.get_by_test_id("claim-attachment")
        self.memo_file: Locator = page.get_by_test_id("memo-file")
        # history
        self.history_rows: Locator = page.get_by_test_id("history-row")
        # 客户管理 / 纸条盒
        self.memo_send_link: Locator = page.get_by_test_id("memo-send-link")
        self.memo_box_link: Locator = page.get_by_test_id("memo-box-link")
        self.memo_badge: Locator = page.get_by_test_id("memo-badge-n")
        self.memo_title: Locator = page.get_by_test_id("memo-title")
        self.memo_body: Locator = page.get_by_test_id("memo-body")
        self.memo_submit: Locator = page.get_by_test_id("memo-submit")
        self.memo_success: Locator = page.get_by_test_id("memo-success")
        #: The order's conversation (纸条往来), oldest memo first.
        self.thread: Locator = page.get_by_test_id("memo-thread")
        self.thread_memos: Locator = self.thread.get_by_test_id("thread-memo")
        self.privacy_warning: Locator = self.root.get_by_test_id("privacy-warning")
        # 运送单号登记
        self.carrier: Locator = page.get_by_test_id("shipment-carrier")
        self.tracking_no: Locator = page.get_by_test_id("shipment-tracking-no")
        self.shipment_submit: Locator = page.get_by_test_id("shipment-submit")
        self.shipment_success: Locator = page.get_by_test_id("shipment-success")
        self.shipment_error: Locator = page.get_by_test_id("shipment-error")

    def open(self, order_no: str) -> TransactionPanel:
        """The panel as a page of its own (`/portal/orders/<no>`)."""
        self.page.goto(f"/portal/orders/{order_no}")
        return self

    def field(self, name: str) -> Locator:
        """One order/claim field, e.g. `order-no`, `requested-on`, `claim-status`."""
        return self.page.get_by_test_id(f"panel-{name}")

    def history_row(self, text: str) -> Locator:
        """History rows mentioning `text` (e.g. `再次要请撤回 #2`)."""
        return self.history_rows.filter(has_text=text)

    def choose_withdrawal(self, answer: str) -> None:
        """Set 撤回索赔要请 to Y or N (Y enables the seller message)."""
        self.withdraw_select.select_option(answer)

    def write_withdrawal_request(self, message: str) -> None:
        """撤回索赔要请 = Y and the seller message, not sent yet."""
        self.choose_withdrawal("Y")
        self.message.fill(message)

    def request_withdrawal(self, message: str) -> None:
        """Step 2: 撤回索赔要请 = Y, write the message, press 【…的撤回要请】 (asks to confirm)."""
        self.write_withdrawal_request(message)
        self.request_button.click()

    def cancel_withdrawal(self) -> None:
        """Press 【取消撤回要请】 (asks to confirm)."""
        self.cancel_button.click()

    def complete_cancellation(self) -> None:
        """FAQ: give up and accept the buyer's cancellation (asks to confirm)."""
        self.complete_cancel_button.click()

    def write_rerequest(self, message: str) -> None:
        """The seller message for 【再次要请撤回】, not sent yet."""
        self.message.fill(message)

    def rerequest_withdrawal(self, message: str) -> None:
        """Write the new message and press 【再次要请撤回】 (asks to confirm)."""
        self.message.fill(message)
        self.rerequest_button.click()

    def open_memo_box(self) -> None:
        """Click 纸条盒: the 留言/其他 page filtered to this order."""
        self.memo_box_link.click()

    def send_memo(self, title: str, body: str) -> None:
        """给客户发送纸条: title, body, [发纸条]."""
        self.memo_send_link.click()
        self.memo_title.fill(title)
        self.memo_body.fill(body)
        self.memo_submit.click()

    def register_shipment(self, carrier: str, tracking_no: str) -> None:
        """运送单号登记: carrier and tracking number, [登记]."""
        self.carrier.fill(carrier)
        self.tracking_no.fill(tracking_no)
        self.shipment_submit.click()
