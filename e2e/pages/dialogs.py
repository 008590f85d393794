"""The portal's dialogs: [确定]/[返回] before an action (the manual's [OK]/[取消]), the
success notice after, the bulk request, and "sign in again" when the session ended."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


class ConfirmDialog:
    """The `<dialog>` portal.js opens for a button with `data-confirm` (the manual's step 3;
    its [OK]/[取消] now read [确定]/[返回], so 取消 never answers "取消撤回要请吗？")."""

    def __init__(self, page: Page) -> None:
        self.root: Locator = page.get_by_test_id("confirm-dialog")
        self.text: Locator = page.get_by_test_id("confirm-text")
        self.ok_button: Locator = page.get_by_test_id("confirm-ok")
        self.cancel_button: Locator = page.get_by_test_id("confirm-cancel")

    def ok(self) -> None:
        """[确定]: go ahead with the action."""
        self.ok_button.click()

    def cancel(self) -> None:
        """[返回]: close the dialog, nothing is sent."""
        self.cancel_button.click()


class SuccessDialog:
    """The notice that the action worked (step 4), a modal `<dialog>`."""

    def __init__(self, page: Page) -> None:
        self.root: Locator = page.get_by_test_id("success-dialog")
        self.text: Locator = page.get_by_test_id("success-text")
        self.ok_button: Locator = page.get_by_test_id("success-ok")

    def close(self) -> None:
        """[OK] on the success notice."""
        self.ok_button.click()


class SessionExpiredDialog:
    """Appended to the page when an htmx request finds the session ended: the page and
    what was typed stay; [重新登录] signs in and comes back to the same page."""

    def __init__(self, page: Page) -> None:
        self.root: Locator = page.get_by_test_id("session-expired")
        self.text: Locator = page.get_by_test_id("session-expired-text")
        self.draft_note: Locator = page.get_by_test_id("session-draft-note")
        self.sign_in_link: Locator = page.get_by_test_id("session-signin")
        self.stay_button: Locator = page.get_by_test_id("session-stay")

    def sign_in_again(self) -> None:
        """[重新登录]: to the login form, which comes back here afterwards."""
        self.sign_in_link.click()


class BulkRequestDialog:
    """The list's [批量撤回要请]: the dialog with the ticked count and all matching the
    query, one message, then each claim's result (`partials/bulk_*.html`)."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.list_button: Locator = page.get_by_test_id("bulk-request")
        self.root: Locator = page.get_by_test_id("bulk-dialog")
        self.selected_count: Locator = page.get_by_test_id("bulk-selected-count")
        self.all_count: Locator = page.get_by_test_id("bulk-all-count")
        self.all_refusal: Locator = page.get_by_test_id("bulk-all-refusal")
        self.message: Locator = page.get_by_test_id("bulk-message")
        self.error: Locator = page.get_by_test_id("bulk-error")
        self.ask_selected_button: Locator = page.get_by_test_id("bulk-submit-selected")
        self.ask_all_button: Locator = page.get_by_test_id("bulk-submit-all")
        self.close_button: Locator = page.get_by_test_id("bulk-close")
        self.result_root: Locator = page.get_by_test_id("bulk-result-dialog")
        self.summary: Locator = page.get_by_test_id("bulk-summary")
        self.result_ok: Locator = page.get_by_test_id("bulk-result-ok")

    def tick(self, *order_nos: str) -> None:
        """Tick these rows of the list (选择)."""
        for order_no in order_nos:
            self.page.get_by_test_id(f"claim-select-{order_no}").check()

    def open(self) -> BulkRequestDialog:
        """[批量撤回要请] under the list: the dialog for the ticked rows and the query."""
        self.list_button.click()
        return self

    def write(self, message: str) -> None:
        """The 卖家留言 every buyer receives."""
        self.message.fill(message)

    def ask_selected(self) -> None:
        """The ticked rows' button (asks [OK] first, see ConfirmDialog)."""
        self.ask_selected_button.click()

    def ask_all(self) -> None:
        """The "all N matching" button (asks [OK] first, see ConfirmDialog)."""
        self.ask_all_button.click()

    def result(self, order_no: str) -> Locator:
        """One claim's row in the results (its `data-done` is 1 or 0)."""
        return self.page.get_by_test_id(f"bulk-result-{order_no}")

    def outcome(self, order_no: str) -> Locator:
        return self.result(order_no).get_by_test_id("bulk-outcome")

    def reason(self, order_no: str) -> Locator:
        return self.result(order_no).get_by_test_id("bulk-reason")

    def close_results(self) -> None:
        """[OK] on the results: the dialog goes, the grid and list show the new state."""
        self.result_ok.click()
