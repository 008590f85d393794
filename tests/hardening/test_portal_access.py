"""Access matrix of the portal: every page, fragment, export, attachment and form, as
anonymous, another seller, a buyer and another buyer, against shop1's and buyer1's objects.
Nothing of theirs may show, nothing may change; other parties' objects behave as missing.
(The GraphQL side of the matrix is tests/gql/test_access.py.)"""

from __future__ import annotations

import io
import re
from typing import Any

import httpx
import openpyxl
import pytest

from models import demo as d
from models.entities import (
    Buyer,
    Claim,
    ClaimEvent,
    Inquiry,
    Memo,
    Notification,
    Order,
    Seller,
    WithdrawalRound,
)
from models.enums import ActorKind
from models.ops import memos, uploads, withdrawals
from models.ops.runner import Actor
from tests.web.helpers import login, make_client

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
#: What must never appear in a response to someone who is not shop1 (or, for the order's
#: own pages, its buyer): data of that order no request carries (the order number itself
#: does: pages may echo what the visitor typed): item code, tracking number, memo title,
#: the seller's message.
SHOP1_MARKERS = ("897969031", "123456789001", "关于退货", "please withdraw, thanks")
ACTORS = {
    "anonymous": None,
    "shop2": ("shop2", "shop2-pass"),
    "buyer1": ("buyer1", "buyer1-pass"),
    "buyer2": ("buyer2", "buyer2-pass"),
}
_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@pytest.fixture
async def shop1_objects(demo) -> dict[str, Any]:
    """A pending request on the manual's order and a seller memo with an attachment."""
    shop1 = await Seller.get(login_id="shop1")
    claim = await Claim.get(order__order_no=d.ORDER_RETURN)
    await withdrawals.request_withdrawal(shop1.id, claim.id, "please withdraw, thanks")
    memo = await memos.send_memo(
        Actor(ActorKind.SELLER, shop1.id),
        d.ORDER_RETURN,
        "关于退货",
        "请看附件",
        attachment=uploads.Upload("photo.png", PNG),
    )
    return {"claim_id": claim.id, "memo_id": memo.id}


async def snapshot() -> tuple[Any, ...]:
    return (
        await WithdrawalRound.all().order_by("id").values_list("id", "state"),
        await ClaimEvent.all().count(),
        await Memo.all().count(),
        await Inquiry.all().count(),
        await Notification.all().count(),
        await Order.all().order_by("id").values_list("tracking_no", "status"),
        await Claim.all().order_by("id").values_list("status", "withdrawal_state", "version"),
    )


async def client_for(actor: str) -> tuple[httpx.AsyncClient, str]:
    """A signed-in browser for the actor and a CSRF token valid for its own session."""
    client = make_client()
    credentials = ACTORS[actor]
    if credentials is not None:
        assert (await login(client, *credentials)).status_code == 303
    home = "/login" if credentials is None else ("/portal" if "shop" in actor else "/myqoo10")
    page = await client.get(home)
    token = _CSRF.search(page.text)
    return client, token.group(1) if token else ""


def requests(objects: dict[str, Any], token: str) -> list[tuple[str, str, dict[str, Any]]]:
    order = d.ORDER_RETURN
    form = {"csrf_token": token}
    return [
        ("GET", "/portal", {}),
        ("GET", "/portal/claims", {}),
        ("GET", "/portal/claims/grid", {}),
        ("GET", f"/portal/claims/list?order_no={order}", {}),
        ("GET", "/portal/claims/export.xlsx", {}),
        ("GET", f"/portal/claims/export.xlsx?sel={objects['claim_id']}", {}),
        ("GET", f"/portal/orders/{order}", {}),
        ("GET", f"/portal/memos?order_no={order}", {}),
        ("GET", f"/portal/inquiries/new?order_no={order}", {}),
        ("GET", f"/attachments/{objects['memo_id']}", {}),
        ("GET", "/myqoo10", {}),
        (
            "POST",
            f"/portal/orders/{order}/withdrawal",
            {
                **form,
                "claim_id": objects["claim_id"],
                "confirmed_action": "cancel",
                "idempotency_key": "k",
            },
        ),
        ("POST", f"/portal/orders/{order}/memos", {**form, "title": "t", "body": "b"}),
        (
            "POST",
            f"/portal/orders/{order}/shipment",
            {**form, "carrier": "佐川急便", "tracking_no": "999"},
        ),
        (
            "POST",
            "/portal/inquiries",
            {
                **form,
                "order_no": order,
                "category": "REFUND_CLAIM_WITHDRAWAL",
                "subcategory": "CLAIM_WITHDRAWAL",
                "title": "t",
                "body": "b",
                "lang": "zh",
                "channel": "QOO10",
            },
        ),
        (
            "POST",
            f"/myqoo10/claims/{objects['claim_id']}/respond",
            {**form, "decision": "accept"},
        ),
    ]


def _shows_shop1(response: httpx.Response) -> bool:
    if response.headers.get("content-type", "").startswith(
        "application/vnd.openxmlformats-officedocument"
    ):
        sheet = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True).active
        cells = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row)
        return any(marker in cells for marker in SHOP1_MARKERS)
    if response.headers.get("content-type", "").startswith("image/"):
        return True  # shop1's attachment itself
    return any(marker in response.text for marker in SHOP1_MARKERS)


#: The only requests where another party legitimately sees shop1's order: buyer1 (the
#: order's buyer) on their own MyQoo10 page and the attachment of their own order.
ALLOWED = {("buyer1", "/myqoo10"), ("buyer1", "/attachments/")}


@pytest.mark.parametrize("actor", list(ACTORS))
async def test_nothing_of_shop1_leaks_and_nothing_changes(shop1_objects, actor):
    before = await snapshot()
    client, token = await client_for(actor)
    checked = 0
    try:
        for method, url, data in requests(shop1_objects, token):
            if actor == "buyer1" and url.startswith("/myqoo10/claims/"):
                checked += 1  # buyer1 answering their own request is allowed, not a leak
                continue
            if method == "GET":
                response = await client.get(url)
            else:
                response = await client.post(url, data=data)
            checked += 1
            assert response.status_code < 500, (actor, url, response.status_code)
            legit = any(actor == who and url.startswith(path) for who, path in ALLOWED)
            if legit:
                continue
            assert not _shows_shop1(response), (actor, method, url, response.status_code)
            if method == "POST":
                assert response.status_code in (401, 403, 404), (actor, url, response.status_code)
    finally:
        await client.aclose()
    assert checked == 16
    assert await snapshot() == before, actor


async def test_the_markers_do_show_for_shop1_itself(shop1_objects):
    """The positive control: the same requests do show shop1's data to shop1."""
    async with make_client() as shop1:
        await login(shop1, "shop1", "shop1-pass")
        # the export needs a query or a selection (an empty list exports nothing)
        export = f"/portal/claims/export.xlsx?sel={shop1_objects['claim_id']}"
        for url in (f"/portal/orders/{d.ORDER_RETURN}", export):
            assert _shows_shop1(await shop1.get(url)), url
        attachment = await shop1.get(f"/attachments/{shop1_objects['memo_id']}")
        assert attachment.status_code == 200 and attachment.content == PNG


async def test_buyer_identity_is_masked_for_the_seller(shop1_objects):
    buyer1 = await Buyer.get(login_id="buyer1")
    await memos.send_memo(Actor(ActorKind.BUYER, buyer1.id), d.ORDER_RETURN, "质问", "在吗")
    async with make_client() as shop1:
        await login(shop1, "shop1", "shop1-pass")
        box = await shop1.get("/portal/memos")
        assert "s*****" in box.text
        assert buyer1.display_name not in box.text and "buyer1" not in box.text
