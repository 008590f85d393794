"""Chapter 1's request in Japanese and in English through the language switch; the choice
is remembered across pages. Expected labels are read from web/i18n/<lang>.json."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from e2e.data import ORDER_BUYER2_RETURN, ORDER_RETURN, catalogue
from e2e.pages import ClaimsPage, ConfirmDialog, Layout, MemoBox, SuccessDialog

pytestmark = pytest.mark.i18n

CLOCK = "2021-08-03T10:00:00+09:00"


@pytest.mark.parametrize(
    ("lang", "order_no"), [("ja", ORDER_RETURN), ("en", ORDER_BUYER2_RETURN)], ids=["ja", "en"]
)
def test_request_in_another_language(seller: Page, step, lang: str, order_no: str) -> None:
    t = catalogue(lang)
    zh = catalogue("zh")
    layout = Layout(seller)
    claims = ClaimsPage(seller)
    confirm = ConfirmDialog(seller)
    success = SuccessDialog(seller)
    box = MemoBox(seller)

    with step("lang", f"语言切换 → {lang}"):
        claims.open()
        expect(claims.title).to_have_text(zh["claims.title"])
        layout.switch_language(lang)
        expect(seller.locator("html")).to_have_attribute("lang", re.compile(f"^{lang}"))
        expect(layout.lang_button(lang)).to_have_attribute("aria-current", "true")
        expect(claims.title).to_have_text(t["claims.title"])
        expect(claims.status_tab).to_have_text(t["claims.tab.status"])
        expect(layout.menu_claims).to_have_text(t["menu.claims"])

    with step("1", "如下图所示，点开订单交易信息。"):
        claims.query(order_no=order_no)
        panel = claims.open_transaction(order_no)
        expect(panel.title).to_have_text(t["panel.title"])
        expect(panel.withdrawal_section).to_contain_text(t["panel.withdrawal_info"])
        expect(panel.withdrawal_section).to_contain_text(t["panel.withdraw_select"])
        expect(panel.withdrawal_section).to_contain_text(t["panel.deadline"])
        expect(panel.deadline).to_have_text("2021/08/09")

    with step(
        "2", "点击「撤回索赔要请」选择Y，在卖家留言栏填写撤销理由后点击【退货的撤回要请】按钮。"
    ):
        expect(panel.request_button).to_have_text(t["panel.btn.request.RETURN"])
        panel.write_withdrawal_request(f"withdrawal please ({lang})")

    with step("3", "出现下图对话框后点击【OK】按钮。"):
        panel.request_button.click()
        expect(confirm.text).to_have_text(t["panel.confirm.request"])
        expect(confirm.cancel_button).to_have_text(t["dialog.cancel"])

    with step("4", "出现下图对话框，表示已经成功提交撤销申请。"):
        confirm.ok()
        expect(success.text).to_have_text(t["panel.success.request"])
        success.close()
        expect(panel.cancel_button).to_have_text(t["panel.btn.cancel"])

    with step("remembered", "语言选择在其他页面保持不变"):
        layout.menu_memos.click()
        expect(box.title).to_have_text(t["memo_box.title"])
        layout.menu_claims.click()
        expect(claims.title).to_have_text(t["claims.title"])
        layout.switch_language("zh")
        expect(claims.title).to_have_text(zh["claims.title"])
