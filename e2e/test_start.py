"""从哪里开始操作？ — log in to J·QSM and follow 运送/取消/未收取 > 取消/退货/未收取."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.data import SELLER
from e2e.pages import ClaimsPage, Layout, LoginPage, PortalHome

pytestmark = pytest.mark.start

CLOCK = "2021-08-03T10:00:00+09:00"


def test_log_in_and_follow_the_menu_to_the_claims_grid(page: Page, step) -> None:
    login = LoginPage(page)
    home = PortalHome(page)
    layout = Layout(page)
    claims = ClaimsPage(page)

    with step("0-1", "登录J·QSM"):
        login.open()
        expect(page).to_have_title(re.compile("登录J·QSM"))
        login.log_in(SELLER.login_id, SELLER.password)
        expect(page).to_have_url(re.compile(r"/portal$"))
        expect(layout.account_name).to_have_text(SELLER.name)

    with step("0-2", "运送/取消/未收取 > 取消/退货/未收取"):
        expect(layout.menu_delivery).to_have_text("运送/取消/未收取")
        expect(home.claims_link).to_have_text("取消/退货/未收取")
        home.go_to_claims()
        expect(page).to_have_url(re.compile(r"/portal/claims$"))

    with step("0-3", "取消&未收取"):
        expect(claims.title).to_have_text("取消&未收取")
        expect(claims.status_tab).to_have_text("状态类查询")
        expect(claims.detail_tab).to_have_text("详情查询")
        expect(claims.grid).to_be_visible()
        for key, header in (
            ("CANCEL", "取消"),
            ("RETURN", "退货"),
            ("EXCHANGE", "交换"),
            ("NON_RECEIPT", "未收取申告"),
            ("WITHDRAWAL", "撤回索赔"),
        ):
            expect(claims.grid_row(key).get_by_role("rowheader")).to_have_text(header)
        expect(claims.grid_row("WITHDRAWAL")).to_contain_text("撤回要请")
        expect(claims.grid_row("WITHDRAWAL")).to_contain_text("撤回保留")


def test_wrong_password_is_refused_in_words(page: Page, step, console) -> None:
    console.allow_status(401)
    login = LoginPage(page)
    with step("0-1", "登录J·QSM"):
        login.open()
        login.log_in(SELLER.login_id, "not-the-password")
        expect(login.error).to_have_text("登录ID或密码不正确。")
        expect(page).to_have_url(re.compile(r"/login"))
