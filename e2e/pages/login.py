"""登录J·QSM (and MyQoo10's sign-in, the same form)."""

from __future__ import annotations

from playwright.sync_api import Locator, Page


class LoginPage:
    """`/login`."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.form: Locator = page.get_by_test_id("login-form")
        self.login_id: Locator = page.get_by_test_id("login-id")
        self.password: Locator = page.get_by_test_id("login-password")
        self.submit: Locator = page.get_by_test_id("login-submit")
        self.error: Locator = page.get_by_test_id("login-error")

    def open(self) -> LoginPage:
        self.page.goto("/login")
        return self

    def log_in(self, login_id: str, password: str) -> None:
        """Fill in the account and sign in (the server redirects to the role's start page)."""
        self.login_id.fill(login_id)
        self.password.fill(password)
        with self.page.expect_navigation():
            self.submit.click()
