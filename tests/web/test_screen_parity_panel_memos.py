"""The transaction panel and the memo box: the portal and the API show the same screen.

Both read one read model (`models.screens.panel`, `models.screens.memo_box`,
`models.screens.thread`). Each test drives the same data through both surfaces and
compares rounds, events, every button (complete-cancel included), the memo box rows of
every channel (inquiries included) with their bodies and pages both ways, the panel's
memo thread and MyQoo10's conversations.
The tamper tests replace the read model and expect both surfaces to follow: a surface
that assembles the screen by itself fails them.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from typing import Any

import httpx
import pytest

from gql import ids
from models import demo as d
from models import policy
from models.entities import Buyer, Claim, Seller
from models.enums import ActorKind, MemoChannel, MemoType
from models.ops import inquiries, memos, withdrawals
from models.ops.rules import PanelAction, PanelActionAvailability
from models.ops.runner import Actor
from models.screens import memo_box as memo_box_screen
from models.screens import panel as panel_screen
from models.screens.memo_box import MemoBox, MemoBoxRow, Party, RowSource
from tests.web.helpers import HTMX, attrs, csrf_of, has, texts

BUTTONS = {
    "REQUEST": "btn-request",
    "CANCEL": "btn-cancel",
    "REREQUEST": "btn-rerequest",
    "COMPLETE_CANCEL": "btn-complete-cancel",
}
PANEL = """query($no: String!) { order(orderNo: $no) { orderNo panel {
  claim { status }
  withdrawal { id round state }
  withdrawalRounds { round state }
  events { id kind round }
  actions { action allowed reason }
  hasUnansweredMemo
} } }"""
MEMO_BOX = """query($f: MemoFilter) { memoBox(filter: $f) {
  limited rows { id source status category title orderNo unanswered } } }"""
_MEMO_ROW = re.compile(
    r'<tr data-testid="memo-row-[^"]*"[^>]*?data-source="(\w+)" data-row-id="(\d+)" '
    r'data-status="(\w*)" data-category="(\w*)"'
)


async def api_panel(client: httpx.AsyncClient, order_no: str) -> dict[str, Any]:
    body = await client.post("/graphql", json={"query": PANEL, "variables": {"no": order_no}})
    data = body.json()
    assert "errors" not in data, data
    return data["data"]["order"]["panel"]


async def portal_panel(client: httpx.AsyncClient, order_no: str) -> str:
    response = await client.get(f"/portal/orders/{order_no}", headers=HTMX)
    assert response.status_code == 200, response.text
    return response.text


def _event_id(global_id: str) -> int:
    return ids.decode(global_id, "ClaimEvent")


async def assert_same_panel(client: httpx.AsyncClient, order_no: str) -> dict[str, Any]:
    """The buttons, the history, the open round and the red N agree; returns the API's."""
    api = await api_panel(client, order_no)
    page = await portal_panel(client, order_no)
    allowed = {a["action"] for a in api["actions"] if a["allowed"]}
    assert {a for a, testid in BUTTONS.items() if has(page, testid)} == allowed
    on_page = [(int(str(a["data-event-id"])), a["data-kind"]) for a in attrs(page, "history-row")]
    assert on_page == [(_event_id(e["id"]), e["kind"]) for e in api["events"]]
    latest = api["withdrawal"]
    shown = attrs(page, "withdrawal-round")
    if latest and latest["state"] in ("REQUESTED", "HELD"):
        assert [(a["data-round-no"], a["data-state"]) for a in shown] == [
            (str(latest["round"]), latest["state"])
        ]
    else:
        assert shown == []
    refusal = attrs(page, "withdrawal-refusal")
    if refusal:
        request = next(a for a in api["actions"] if a["action"] == "REQUEST")
        assert refusal[0]["data-code"] == request["reason"]
    assert has(page, "memo-badge-n") == api["hasUnansweredMemo"]
    return api


async def test_panel_agrees_through_request_reject_and_rerequest(seller, clock):
    shop1 = await Seller.get(login_id="shop1")
    buyer1 = await Buyer.get(login_id="buyer1")
    claim = await Claim.get(order__order_no=d.ORDER_RETURN)
    first = await assert_same_panel(seller, d.ORDER_RETURN)
    assert [a["action"] for a in first["actions"]] == [a.value for a in PanelAction]
    assert {a["action"] for a in first["actions"] if a["allowed"]} == {"REQUEST"}

    await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
    pending = await assert_same_panel(seller, d.ORDER_RETURN)
    assert {a["action"] for a in pending["actions"] if a["allowed"]} == {"CANCEL"}

    clock.advance(days=1)
    await withdrawals.reject_withdrawal(buyer1.id, claim.id, "OTHER", "test")
    held = await assert_same_panel(seller, d.ORDER_RETURN)
    assert {a["action"] for a in held["actions"] if a["allowed"]} == {"CANCEL", "REREQUEST"}

    await withdrawals.rerequest_withdrawal(shop1.id, claim.id, "once more")
    again = await assert_same_panel(seller, d.ORDER_RETURN)
    assert [r["round"] for r in again["withdrawalRounds"]] == [1, 2]


async def test_complete_cancel_availability_agrees_and_has_its_own_route(seller, clock):
    """The FAQ's cancel claim: both show [complete cancel]; its route accepts it; then
    neither shows it and both name the same refusal for a new request."""
    api = await assert_same_panel(seller, d.ORDER_FAQ_CANCEL)
    assert {a["action"] for a in api["actions"] if a["allowed"]} >= {"COMPLETE_CANCEL"}
    page = await portal_panel(seller, d.ORDER_FAQ_CANCEL)
    button = attrs(page, "btn-complete-cancel")[0]
    assert button["formaction"] == f"/portal/orders/{d.ORDER_FAQ_CANCEL}/cancellation/accept"
    claim = await Claim.get(order__order_no=d.ORDER_FAQ_CANCEL)
    response = await seller.post(
        str(button["formaction"]),
        data={"csrf_token": csrf_of(page), "claim_id": str(claim.id)},
        headers=HTMX,
    )
    assert response.status_code == 200 and has(response.text, "withdrawal-success")
    after = await assert_same_panel(seller, d.ORDER_FAQ_CANCEL)
    assert not any(a["allowed"] for a in after["actions"])
    assert (await Claim.get(id=claim.id)).status == "CANCELLING"


async def test_each_action_posts_to_its_own_route(seller, clock):
    page = await portal_panel(seller, d.ORDER_RETURN)
    request = attrs(page, "btn-request")[0]["formaction"]
    assert request == f"/portal/orders/{d.ORDER_RETURN}/withdrawal/request"
    claim = await Claim.get(order__order_no=d.ORDER_RETURN)
    form = {"csrf_token": csrf_of(page), "claim_id": str(claim.id)}
    done = await seller.post(
        str(request), data={**form, "withdraw": "Y", "seller_message": "hi"}, headers=HTMX
    )
    assert has(done.text, "withdrawal-success")
    cancel = attrs(done.text, "btn-cancel")[0]["formaction"]
    assert cancel == f"/portal/orders/{d.ORDER_RETURN}/withdrawal/cancel"
    cancelled = await seller.post(str(cancel), data=form, headers=HTMX)
    assert has(cancelled.text, "withdrawal-success")
    assert (await Claim.get(id=claim.id)).withdrawal_state == "CANCELLED"
    await assert_same_panel(seller, d.ORDER_RETURN)


async def test_an_order_without_a_claim_has_no_buttons_on_either(seller, clock):
    api = await assert_same_panel(seller, d.ORDER_NO_CLAIM)
    assert api["actions"] == [] and api["events"] == []


async def test_both_surfaces_render_the_panel_read_model(seller, clock, monkeypatch):
    """Tamper with the read model: only complete-cancel allowed, one event left. A surface
    that computed its own buttons or history would still show the real ones."""
    real = panel_screen.read

    async def tampered(*args: Any, **kwargs: Any) -> panel_screen.TransactionPanel | None:
        panel = await real(*args, **kwargs)
        assert panel is not None
        actions = [
            PanelActionAvailability(a.action, a.action == PanelAction.COMPLETE_CANCEL, a.error)
            for a in panel.actions
        ]
        return replace(panel, actions=actions, events=panel.events[:1])

    shop1 = await Seller.get(login_id="shop1")
    claim = await Claim.get(order__order_no=d.ORDER_RETURN)
    await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
    monkeypatch.setattr(panel_screen, "read", tampered)
    api = await assert_same_panel(seller, d.ORDER_RETURN)
    assert {a["action"] for a in api["actions"] if a["allowed"]} == {"COMPLETE_CANCEL"}
    assert len(api["events"]) == 1


async def api_memo_box(client: httpx.AsyncClient, **flt: str) -> dict[str, Any]:
    body = await client.post("/graphql", json={"query": MEMO_BOX, "variables": {"f": flt}})
    data = body.json()
    assert "errors" not in data, data
    return data["data"]["memoBox"]


async def portal_memo_box(client: httpx.AsyncClient, query: str) -> list[tuple[str, int, str, str]]:
    response = await client.get(f"/portal/memos?{query}")
    assert response.status_code == 200, response.text
    return [(s, int(i), st, c) for s, i, st, c in _MEMO_ROW.findall(response.text)]


def _rows_of(box: dict[str, Any]) -> list[tuple[str, int, str, str]]:
    return [
        (
            r["source"],
            ids.decode(r["id"], "Memo" if r["source"] == "MEMO" else "Inquiry"),
            r["status"],
            r["category"],
        )
        for r in box["rows"]
    ]


@pytest.mark.parametrize("channel", [c.value for c in MemoChannel])
async def test_memo_box_rows_agree_on_every_channel(seller, clock, channel):
    shop1 = await Seller.get(login_id="shop1")
    for number in range(2):
        await inquiries.submit_inquiry(
            shop1.id,
            category="REFUND_CLAIM_WITHDRAWAL",
            subcategory="CLAIM_WITHDRAWAL",
            title=f"please withdraw {number}",
            body="the item was shipped",
            lang="zh",
            order_no=d.ORDER_RETURN,
        )
        clock.advance(days=0.01)
    on_page = await portal_memo_box(seller, f"channel={channel}")
    in_api = _rows_of(await api_memo_box(seller, channel=channel))
    assert on_page == in_api
    if channel == MemoChannel.INQUIRY_RECORDS:
        assert [row[0] for row in in_api] == ["INQUIRY", "INQUIRY"]  # newest first
        assert in_api[0][1] > in_api[1][1]
    # narrowed to one order, still the same rows
    on_page = await portal_memo_box(seller, f"channel={channel}&order_no={d.ORDER_RETURN}")
    in_api = _rows_of(await api_memo_box(seller, channel=channel, orderNo=d.ORDER_RETURN))
    assert on_page == in_api


async def test_memo_box_default_channel_agrees(seller, clock):
    on_page = await portal_memo_box(seller, "")
    in_api = _rows_of(await api_memo_box(seller))
    assert on_page == in_api and on_page, "the demo has buyer-seller memos"


async def test_both_surfaces_render_the_memo_box_read_model(seller, clock, monkeypatch):
    """Replace the read model's answer with one made-up inquiry row: both show exactly it."""
    made_up = MemoBoxRow(
        source=RowSource.INQUIRY,
        id=424242,
        sent_at=datetime.fromisoformat("2021-08-03T10:00:00+09:00"),
        type=MemoType.NORMAL,
        status="ANSWERED",
        sender="SELLER SHOP TI",
        sent_from=Party.QSM,
        received_by=Party.QOO10,
        category="REFUND",
        recipient="Qoo10",
        title="made up",
        order_no="",
        attachment_memo_id=None,
        attachment_name=None,
        unanswered=False,
    )

    async def fake(*args: Any, **kwargs: Any) -> MemoBox:
        return MemoBox(rows=[made_up], limited=False)

    monkeypatch.setattr(memo_box_screen, "load", fake)
    expected = [("INQUIRY", 424242, "ANSWERED", "REFUND")]
    for channel in MemoChannel:
        assert await portal_memo_box(seller, f"channel={channel.value}") == expected
        assert _rows_of(await api_memo_box(seller, channel=channel.value)) == expected


# --- the conversation (issue 12): the panel's thread, the memo box's bodies and pages,
# MyQoo10's memos — driven through both surfaces, same rows in the same order.

THREAD = """query($no: String!) { order(orderNo: $no) { thread { id sender status body } } }"""
BOX_PAGE = """query($f: MemoFilter, $after: String, $before: String) {
  memoBox(filter: $f, after: $after, before: $before) {
    hasNextPage hasPreviousPage endCursor startCursor
    rows { id source status category body } } }"""
MY_THREADS = """{ myMemoThreads { order { orderNo } memos { id sender status body } } }"""


def _thread_on_page(html: str) -> list[tuple[int, str, str, str]]:
    rows = attrs(html, "thread-memo")
    bodies = texts(html, "thread-body")
    return [
        (int(str(a["data-memo-id"])), str(a["data-sender"]), str(a["data-status"]), body)
        for a, body in zip(rows, bodies, strict=True)
    ]


def _thread_in_api(memos: list[dict[str, Any]]) -> list[tuple[int, str, str, str]]:
    return [
        (ids.decode(m["id"], "Memo"), m["sender"], m["status"], " ".join(m["body"].split()))
        for m in memos
    ]


async def _gql(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> Any:
    data = (await client.post("/graphql", json={"query": query, "variables": variables})).json()
    assert "errors" not in data, data
    return data["data"]


async def assert_same_thread(client: httpx.AsyncClient, order_no: str) -> list[tuple]:
    on_page = _thread_on_page(await portal_panel(client, order_no))
    in_api = _thread_in_api((await _gql(client, THREAD, {"no": order_no}))["order"]["thread"])
    assert on_page == in_api
    return in_api


async def test_panel_thread_agrees_as_the_conversation_goes_on(seller, buyer1, clock):
    shop1 = await Seller.get(login_id="shop1")
    buyer = await Buyer.get(login_id="buyer1")
    first = await assert_same_thread(seller, d.ORDER_RETURN)
    assert [row[1] for row in first] == ["BUYER"]
    clock.advance(days=1)
    await memos.send_memo(Actor(ActorKind.SELLER, shop1.id), d.ORDER_RETURN, "t1", "seller 1")
    clock.advance(days=1)
    await memos.reply_memo(Actor(ActorKind.BUYER, buyer.id), d.ORDER_RETURN, "buyer 2")
    rows = await assert_same_thread(seller, d.ORDER_RETURN)
    assert [(r[1], r[2], r[3]) for r in rows][1:] == [
        ("SELLER", "ANSWERED", "seller 1"),
        ("BUYER", "UNANSWERED", "buyer 2"),
    ]  # newest last on both


async def test_both_surfaces_render_the_panel_thread_read_model(seller, clock, monkeypatch):
    """Drop every memo but the seller's from the panel's thread: both show exactly that."""
    shop1 = await Seller.get(login_id="shop1")
    await memos.send_memo(Actor(ActorKind.SELLER, shop1.id), d.ORDER_RETURN, "t", "only me")
    real = panel_screen.read

    async def tampered(*args: Any, **kwargs: Any) -> panel_screen.TransactionPanel | None:
        panel = await real(*args, **kwargs)
        assert panel is not None and panel.thread is not None
        mine = [m for m in panel.thread.memos if m.mine]
        return replace(panel, thread=replace(panel.thread, memos=mine))

    monkeypatch.setattr(panel_screen, "read", tampered)
    rows = await assert_same_thread(seller, d.ORDER_RETURN)
    assert [(r[1], r[3]) for r in rows] == [("SELLER", "only me")]


def _box_rows(box: dict[str, Any]) -> list[tuple[str, int, str, str, str]]:
    return [
        (
            r["source"],
            ids.decode(r["id"], "Memo" if r["source"] == "MEMO" else "Inquiry"),
            r["status"],
            r["category"],
            " ".join(r["body"].split()),
        )
        for r in box["rows"]
    ]


async def _portal_box_page(client: httpx.AsyncClient, url: str) -> tuple[list[tuple], str]:
    response = await client.get(url)
    assert response.status_code == 200, response.text
    heads = [(s, int(i), st, c) for s, i, st, c in _MEMO_ROW.findall(response.text)]
    bodies = texts(response.text, "memo-row-body")
    return [(*h, b) for h, b in zip(heads, bodies, strict=True)], response.text


async def test_memo_box_bodies_and_pages_agree_both_ways(seller, clock):
    shop1 = await Seller.get(login_id="shop1")
    for n in range(2 * policy.MEMO_BOX_PAGE_SIZE + 5):
        clock.advance(days=0.001)
        await memos.send_memo(
            Actor(ActorKind.SELLER, shop1.id), d.ORDER_NO_CLAIM, f"t{n}", f"body {n}"
        )
    url = f"/portal/memos?order_no={d.ORDER_NO_CLAIM}"
    flt = {"orderNo": d.ORDER_NO_CLAIM}
    after: str | None = None
    seen: list[tuple] = []
    pages = []
    while True:  # forwards: the portal's 下一页 link and the API's endCursor
        on_page, html = await _portal_box_page(seller, url)
        box = (await _gql(seller, BOX_PAGE, {"f": flt, "after": after}))["memoBox"]
        assert on_page == _box_rows(box)
        assert has(html, "memo-box-next") == box["hasNextPage"]
        assert has(html, "memo-box-prev") == box["hasPreviousPage"]
        seen += on_page
        pages.append((url, box["startCursor"], on_page))
        if not box["hasNextPage"]:
            break
        url = str(attrs(html, "memo-box-next")[0]["href"]).replace("&amp;", "&")
        after = box["endCursor"]
    assert len(pages) == 3 and len(seen) == len({r[1] for r in seen}) == 105
    assert [r[4] for r in seen[:2]] == ["body 104", "body 103"]  # newest first
    # backwards from the last page: the portal's 上一页 link and the API's startCursor
    _, html = await _portal_box_page(seller, pages[-1][0])
    back_url = str(attrs(html, "memo-box-prev")[0]["href"]).replace("&amp;", "&")
    on_page, _ = await _portal_box_page(seller, back_url)
    box = (await _gql(seller, BOX_PAGE, {"f": flt, "before": pages[-1][1]}))["memoBox"]
    assert on_page == _box_rows(box) == pages[1][2]


async def test_myqoo10_memos_agree(seller, buyer1, clock):
    shop1 = await Seller.get(login_id="shop1")
    buyer = await Buyer.get(login_id="buyer1")
    await memos.send_memo(Actor(ActorKind.SELLER, shop1.id), d.ORDER_PENDING_WITHDRAWAL, "a", "x")
    clock.advance(days=0.01)
    await memos.reply_memo(Actor(ActorKind.BUYER, buyer.id), d.ORDER_RETURN, "later")
    html = (await buyer1.get("/myqoo10")).text
    api = (await _gql(buyer1, MY_THREADS, {}))["myMemoThreads"]
    orders_on_page = [a["data-order-no"] for a in attrs(html, "memo-thread")]
    assert orders_on_page == [t["order"]["orderNo"] for t in api]
    assert orders_on_page[:2] == [d.ORDER_RETURN, d.ORDER_PENDING_WITHDRAWAL]  # latest first
    assert _thread_on_page(html) == [r for t in api for r in _thread_in_api(t["memos"])]
