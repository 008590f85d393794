"""The manual's two dialogs: [OK]/[取消] before an action, and the success notice after."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


class ConfirmDialog:
    """The `<dialog>` portal.js opens for a button with `data-confirm` (step 3)."""

    def __init__(self, page: Page) -> None:
        self.root: Locator = page.get_by_test_id("confirm-dialog")
        self.text: Locator = page.get_by_test_id("confirm-text")
        self.ok_button: Locator = page.get_by_test_id("confirm-ok")
        self.cancel_button: Locator = page.get_by_test_id("confirm-cancel")

    def ok(self) -> None:
        """[OK]: go ahead with the action."""
        self.ok_button.click()

    def cancel(self) -> None:
        """[取消]: close the dialog, nothing is sent."""
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
