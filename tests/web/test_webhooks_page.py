"""The seller's webhooks settings page: add an endpoint (secret shown once, CSRF-checked),
SSRF refusal in the page's language, the delivery log with [redeliver], switch off,
rotate, delete; another seller's endpoint is a 404; linked from the seller's menu."""

from __future__ import annotations

import httpx
import pytest
from standardwebhooks import Webhook

from models.entities import Claim, Notification, WebhookDelivery, WebhookEndpoint
from models.enums import NotificationKind
from models.ops import withdrawals
from models.webhooks import dispatch
from tests.web.helpers import attrs, csrf_of, has, login, make_client, text, texts
from tests.webhook_receiver import receiver

PATH = "/portal/settings/webhooks"


@pytest.fixture(autouse=True)
def _private_ok(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QSM_WEBHOOK_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("QSM_WEBHOOK_RETRY_BASE", "0")


async def _add(seller: httpx.AsyncClient, url: str, events: list[str]) -> httpx.Response:
    page = await seller.get(PATH)
    return await seller.post(
        PATH,
        data={"csrf_token": csrf_of(page.text), "url": url, "events": events, "description": "erp"},
    )


async def test_add_see_the_secret_once_then_the_log_and_redeliver(seller: httpx.AsyncClient):
    home = await seller.get("/portal")
    assert PATH in [a["href"] for a in attrs(home.text, "menu-webhooks")]
    assert has((await seller.get(PATH)).text, "webhook-empty")
    with receiver() as hook:
        added = await _add(seller, hook.url, ["withdrawal.requested"])
        assert added.status_code == 200
        secret = attrs(added.text, "webhook-secret")[0]["value"]
        assert secret and secret.startswith("whsec_")
        again = await seller.get(PATH)
        assert not has(again.text, "webhook-secret")  # shown once
        assert texts(again.text, "webhook-log-link") == [hook.url]

        claim = await Claim.get(order__order_no="638452888")
        await withdrawals.request_withdrawal(claim.seller_id, claim.id, "please")
        await dispatch.run_once()
        Webhook(secret).verify(hook.requests[0].body, hook.requests[0].headers)

        endpoint = await WebhookEndpoint.get(url=hook.url)
        log = await seller.get(f"{PATH}/{endpoint.id}")
        [row] = attrs(log.text, "webhook-delivery")
        assert text(log.text, "webhook-delivery-status") == "已送达"
        assert len(texts(log.text, "webhook-attempt")) == 1
        delivery = await WebhookDelivery.get(endpoint_id=endpoint.id)
        redo = await seller.post(
            f"{PATH}/deliveries/{delivery.id}/redeliver", data={"csrf_token": csrf_of(log.text)}
        )
        assert redo.status_code == 303
        await dispatch.run_once()
    assert hook.ids() == [row["data-webhook-id"]] * 2


async def test_refusals_and_changes(seller: httpx.AsyncClient, monkeypatch):
    monkeypatch.delenv("QSM_WEBHOOK_ALLOW_PRIVATE")
    seller.cookies.set("qsm_lang", "en")
    refused = await _add(seller, "http://169.254.169.254/latest", ["withdrawal.requested"])
    assert refused.status_code == 400
    assert "private network" in text(refused.text, "webhook-error")
    ftp = await _add(seller, "ftp://x/y", ["withdrawal.requested"])
    assert "Only http:// and https://" in text(ftp.text, "webhook-error")
    none = await _add(seller, "https://93.184.216.34/hook", [])
    assert "Choose at least one event" in text(none.text, "webhook-error")
    page = await seller.get(PATH)
    no_csrf = await seller.post(PATH, data={"url": "https://93.184.216.34/x", "events": ["x"]})
    assert no_csrf.status_code == 403

    added = await _add(seller, "https://93.184.216.34/hook", ["memo.received"])
    assert added.status_code == 200
    endpoint = await WebhookEndpoint.get(url="https://93.184.216.34/hook")
    page = await seller.get(PATH)
    token = csrf_of(page.text)
    off = await seller.post(f"{PATH}/{endpoint.id}/disable", data={"csrf_token": token})
    assert off.status_code == 303
    assert text((await seller.get(PATH)).text, "webhook-state") == "Disabled"
    rotated = await seller.post(f"{PATH}/{endpoint.id}/rotate", data={"csrf_token": token})
    new_secret = attrs(rotated.text, "webhook-secret")[0]["value"]
    assert new_secret != endpoint.secret

    async with make_client() as other:
        await login(other, "shop2", "shop2-pass")
        other_page = await other.get(PATH)
        assert (await other.get(f"{PATH}/{endpoint.id}")).status_code == 404
        stolen = await other.post(
            f"{PATH}/{endpoint.id}/delete", data={"csrf_token": csrf_of(other_page.text)}
        )
        assert stolen.status_code == 404
    gone = await seller.post(f"{PATH}/{endpoint.id}/delete", data={"csrf_token": token})
    assert gone.status_code == 303
    assert not await WebhookEndpoint.filter(id=endpoint.id).exists()


async def test_the_disabled_notice_reads_in_the_inbox(seller: httpx.AsyncClient):
    with receiver(always_fail=True) as hook:
        await _add(seller, hook.url, ["withdrawal.requested"])
        endpoint = await WebhookEndpoint.get(url=hook.url)
        await WebhookEndpoint.filter(id=endpoint.id).update(consecutive_failures=99)
        claim = await Claim.get(order__order_no="638452888")
        await withdrawals.request_withdrawal(claim.seller_id, claim.id, "please")
        for _ in range(20):
            await dispatch.run_once()
    notice = await Notification.get(kind=NotificationKind.WEBHOOK_DISABLED)
    assert hook.url in notice.text
    inbox = await seller.get("/portal/inbox")
    assert any(hook.url in t for t in texts(inbox.text, "inbox-item-text"))
    assert "因连续失败已停用" in text((await seller.get(PATH)).text, "webhook-state")
