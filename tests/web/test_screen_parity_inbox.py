"""The notice inbox: the portal page and the API list the same notices in the same order,
with the same sentences, read states and unread count, for a seller and for a buyer.

Both read one read model (`models.screens.inbox`). The tamper test replaces it and
expects both surfaces to follow: a surface that queried the notices by itself fails it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import httpx
import pytest

from gql import ids
from models import demo as d
from models.clock import Clock
from models.entities import Claim, Notification
from models.enums import RejectionReason
from models.ops import notices, withdrawals
from models.screens import inbox as inbox_screen
from models.screens.inbox import NoticePage
from tests.web.helpers import attrs, csrf_of, has, text, texts

#: The API's paged inbox, a page as long as the portal's (both read `inbox.read_page`).
INBOX = (
    "{ notificationConnection(first: 100) { edges { node { id kind text read orderNo } }"
    " unreadCount } }"
)
PAGES = {"shop1": "/portal/inbox", "buyer1": "/myqoo10/inbox"}


async def _api(client: httpx.AsyncClient, lang: str) -> dict[str, Any]:
    response = await client.post(
        "/graphql", json={"query": INBOX}, headers={"Accept-Language": lang}
    )
    body = response.json()
    assert "errors" not in body, body
    connection = body["data"]["notificationConnection"]
    return {
        "notifications": [e["node"] for e in connection["edges"]],
        "unreadNotificationCount": connection["unreadCount"],
    }


async def _assert_same_inbox(client: httpx.AsyncClient, who: str, lang: str = "zh") -> int:
    """Returns how many notices both show."""
    page = (await client.get(PAGES[who])).text
    api = await _api(client, lang)
    read_word = {"zh": "已读", "en": "Read"}[lang]
    states = texts(page, "inbox-item-state")
    on_page = [
        (int(str(a["data-notice-id"])), a["data-kind"], state == read_word)
        for a, state in zip(attrs(page, "inbox-item"), states, strict=True)
    ]
    in_api = [
        (ids.decode(n["id"], "Notification"), n["kind"], n["read"]) for n in api["notifications"]
    ]
    assert on_page == in_api
    sentences = [" ".join(n["text"].split()) for n in api["notifications"]]
    assert texts(page, "inbox-item-text") == sentences
    unread = api["unreadNotificationCount"]
    assert (text(page, "inbox-unread") if has(page, "inbox-unread") else "0") == str(unread)
    assert str(unread) in text(page, "inbox-unread-total")
    return len(in_api)


async def _busy_day(client: httpx.AsyncClient, clock: Clock) -> None:
    """Requests, a rejection, a re-request, a reminder and an expiry for both parties, and
    some notices marked read on the page."""
    claim = await Claim.get(order__order_no=d.ORDER_RETURN)
    await withdrawals.request_withdrawal(claim.seller_id, claim.id, "请撤回")
    clock.advance(1)
    await withdrawals.reject_withdrawal(claim.buyer_id, claim.id, RejectionReason.OTHER, "不")
    await withdrawals.rerequest_withdrawal(claim.seller_id, claim.id, "再次请求")
    clock.advance(4)  # 2021-08-08: the demo's other request expires, ours gets its reminder
    oldest_seller = await Notification.filter(seller_id=claim.seller_id).order_by("id").first()
    oldest_buyer = await Notification.filter(buyer_id=claim.buyer_id).order_by("id").first()
    await notices.mark_read(seller_id=claim.seller_id, ids=[oldest_seller.id])
    await notices.mark_read(buyer_id=claim.buyer_id, ids=[oldest_buyer.id])


@pytest.mark.parametrize("who", ["shop1", "buyer1"])
async def test_the_page_and_the_api_show_the_same_inbox(
    who: str, seller: httpx.AsyncClient, buyer1: httpx.AsyncClient, clock: Clock
) -> None:
    client = seller if who == "shop1" else buyer1
    await _busy_day(client, clock)
    assert await _assert_same_inbox(client, who) >= 5
    # mark one on the page: both surfaces agree again
    page = (await client.get(PAGES[who])).text
    items = attrs(page, "inbox-item")
    unread_id = next(a["data-notice-id"] for a in items if "unread" in str(a["class"]))
    marked = await client.post(
        f"{PAGES[who]}/read", data={"csrf_token": csrf_of(page), "id": unread_id}
    )
    assert marked.status_code == 303
    await _assert_same_inbox(client, who)
    # in English too
    await client.post("/lang", data={"csrf_token": csrf_of(page), "lang": "en"})
    await _assert_same_inbox(client, who, "en")


async def test_both_surfaces_follow_the_read_model(
    seller: httpx.AsyncClient, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _busy_day(seller, clock)
    real = inbox_screen.read_page

    async def tampered(**kw: Any) -> NoticePage:
        screen = await real(**kw)
        kept = list(reversed(screen.notices))[1:]
        return replace(screen, notices=kept, cursors=screen.cursors[1:], unread=screen.unread + 7)

    monkeypatch.setattr(inbox_screen, "read_page", tampered)
    shown = await _assert_same_inbox(seller, "shop1")
    monkeypatch.undo()
    assert shown == await _assert_same_inbox(seller, "shop1") - 1
