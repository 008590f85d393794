"""Webhooks for integrators: the seller follows the menu to the webhooks page, adds an
endpoint (the secret shown once), a withdrawal request is delivered signed (verified with
the reference library), the log shows it, [重新发送] sends the same webhook-id again, and
the endpoint is switched off."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect
from standardwebhooks import Webhook

from e2e.data import ORDER_RETURN
from e2e.pages import ConfirmDialog, SuccessDialog, TransactionPanel
from e2e.pages.webhooks import WebhooksPage
from e2e.server import LiveServer, live_server
from tests.webhook_receiver import Receiver, receiver

pytestmark = pytest.mark.webhooks

CLOCK = "2021-08-03T10:00:00+09:00"


@pytest.fixture(scope="module")
def server() -> Iterator[LiveServer]:
    """This module's server lets webhooks reach the test's receiver on 127.0.0.1."""
    os.environ["QSM_WEBHOOK_ALLOW_PRIVATE"] = "1"
    try:
        with live_server(CLOCK) as live:
            yield live
    finally:
        del os.environ["QSM_WEBHOOK_ALLOW_PRIVATE"]


@pytest.fixture
def hook() -> Iterator[Receiver]:
    with receiver() as r:
        yield r


def _wait_for(hook: Receiver, count: int) -> None:
    deadline = time.monotonic() + 20
    while len(hook.requests) < count and time.monotonic() < deadline:
        time.sleep(0.1)


def test_add_an_endpoint_get_the_signed_delivery_and_redeliver_it(
    seller: Page, step, hook: Receiver
) -> None:
    settings = WebhooksPage(seller)
    panel = TransactionPanel(seller)

    with step("1", "菜单「Webhook 设置」: 添加端点，签名密钥只显示一次"):
        seller.get_by_test_id("menu-webhooks").click()
        seller.wait_for_url(f"**{WebhooksPage.PATH}")
        settings.add(hook.url, "ERP")
        secret = settings.secret.input_value()
        assert secret.startswith("whsec_")
        expect(settings.state).to_have_text("启用中")

    with step("2", "提出撤回要请 → 接收端收到带签名的 withdrawal.requested"):
        panel.open(ORDER_RETURN)
        panel.request_withdrawal("商品已经发出，请撤回退货申请。")
        ConfirmDialog(seller).ok()
        expect(SuccessDialog(seller).text).to_have_text("撤回要请已成功提交。")
        _wait_for(hook, 1)
        assert len(hook.requests) == 1
        first = hook.requests[0]
        payload = Webhook(secret).verify(first.body, first.headers)
        assert payload["type"] == "withdrawal.requested"
        assert payload["data"]["orderNo"] == ORDER_RETURN

    with step("3", "发送记录: 已送达；[重新发送] 以同一 webhook-id 再次发送"):
        seller.goto(WebhooksPage.PATH)
        settings.open_log()
        expect(settings.delivery_status).to_have_text("已送达")
        expect(settings.attempts).to_have_count(1)
        settings.redeliver()
        expect(settings.redelivered).to_be_visible()
        _wait_for(hook, 2)
        assert hook.ids() == [first.headers["webhook-id"]] * 2

    with step("4", "停用端点"):
        seller.goto(WebhooksPage.PATH)
        settings.toggle()
        expect(settings.state).to_have_text("已停用")
        expect(settings.done).to_have_text("已停用该端点。")
