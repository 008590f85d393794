"""Everything the portal can do, the API can do (issue 13, item 8).

The first tests read the app's routes and `web.portal.api_twins.TWINS`: a new portal route
without a row, a POST route without an API operation, an operation missing from the schema
or a stale docs table fails here. The others do each operation added for parity through
the API and check the portal shows the same (and the other way round): the inquiry form's
item-name lookup and the panel's saved replies (常用回复).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import httpx
import pytest
from graphql import GraphQLObjectType, get_named_type
from starlette.routing import Route

from access.settings import Settings
from gql import ids
from gql.schema import build_schema
from models import demo as d
from models.entities import Memo, SavedReply
from tests.web.helpers import HTMX, csrf_of, login, make_client, text
from web import i18n
from web.app import create_app
from web.portal import api_twins

ROOT = Path(__file__).resolve().parents[2]
ORDER = d.ORDER_RETURN
#: POST routes allowed to have no API twin, each a decision in docs/graphql.md.
POST_WITHOUT_TWIN = {"/lang"}

ITEM_NAME = "query($code: String!) { inquiryItemName(itemCode: $code) }"
PANEL = """query($no: String!) { order(orderNo: $no) { itemCode
  panel { savedReplies { id title body } memos { title body } } } }"""
MEMO_SEND = """mutation($input: MemoSendInput!) { memoSend(input: $input) {
  memo { title body } userErrors { field code message } } }"""


def _app_routes() -> set[tuple[str, str]]:
    """(method, path) of every GET / POST route of the app, the test clock's included."""
    settings = Settings(env="production", clock_control=True, sweep_interval=0, secret_key="x")
    found = set()
    for route in create_app(settings, init_db=False).routes:
        if isinstance(route, Route) and route.path not in api_twins.NOT_PORTAL:
            found |= {(m, route.path) for m in route.methods or () if m in ("GET", "POST")}
    return found


def test_every_portal_route_has_exactly_one_row():
    rows = [(t.method, t.path) for t in api_twins.TWINS]
    assert len(rows) == len(set(rows)), "a route is listed twice"
    routes = _app_routes()
    assert routes - set(rows) == set(), "portal routes without a row in web/portal/api_twins.py"
    assert set(rows) - routes == set(), "rows for routes the portal no longer has"


def test_every_state_changing_route_has_an_api_operation():
    posts = [t for t in api_twins.TWINS if t.method == "POST"]
    assert len(posts) >= 15
    missing = [t.path for t in posts if not t.api and t.path not in POST_WITHOUT_TWIN]
    assert missing == [], "POST routes without an API operation"
    for twin in posts:
        if twin.path in POST_WITHOUT_TWIN:
            assert twin.none_needed, f"{twin.path}: say why no API operation is needed"


def _resolve(schema: Any, name: str) -> bool:
    """Whether `name` (root field, path from one, or `Type.field`) exists in the schema
    and is not deprecated (the table names what a client should use today)."""
    head, *rest = name.split(".")
    if head[0].isupper():
        parent = schema.get_type(head)
    else:
        roots = (schema.query_type, schema.mutation_type, schema.subscription_type)
        root = next((r for r in roots if r is not None and head in r.fields), None)
        if root is None or root.fields[head].deprecation_reason:
            return False
        parent = get_named_type(root.fields[head].type)
    for part in rest:
        if not isinstance(parent, GraphQLObjectType) or part not in parent.fields:
            return False
        if parent.fields[part].deprecation_reason:
            return False
        parent = get_named_type(parent.fields[part].type)
    return True


def test_every_named_operation_is_in_the_schema():
    schema = build_schema()._schema
    named = {op for t in api_twins.TWINS for op in t.api}
    assert {"claimCancellationAccept", "claimWithdrawalRequestBulk", "memoReply"} <= named
    assert {"notificationsMarkRead", "inquiryItemName", "order.panel.savedReplies"} <= named
    assert sorted(op for op in named if not _resolve(schema, op)) == []
    assert not _resolve(schema, "order.panel.noSuchField")
    assert not _resolve(schema, "Claim.withdrawalStateLabel"), "deprecated fields do not count"


def test_the_docs_table_is_generated_from_the_module():
    doc = (ROOT / "docs" / "graphql.md").read_text(encoding="utf-8")
    assert api_twins.doc_section(doc) == api_twins.markdown(), (
        "run: .venv/bin/python -m web.portal.api_twins --write docs/graphql.md"
    )


# --- the operations added for parity, through both surfaces ------------------------------


@contextlib.asynccontextmanager
async def _signed_in(login_id: str) -> AsyncIterator[httpx.AsyncClient]:
    """A browser signed in through the login form (its cookie also signs /graphql in)."""
    async with make_client() as client:
        response = await login(client, login_id, f"{login_id}-pass")
        assert response.status_code == 303, response.text
        yield client


@pytest.fixture
async def shop1(demo: None) -> AsyncIterator[httpx.AsyncClient]:
    """A browser signed in as shop1: the portal's cookie also signs /graphql in."""
    async with _signed_in("shop1") as client:
        yield client


async def gql(client: httpx.AsyncClient, query: str, **variables: Any) -> dict[str, Any]:
    response = await client.post("/graphql", json={"query": query, "variables": variables})
    assert response.status_code == 200, response.text
    return response.json()


async def portal_item_name(client: httpx.AsyncClient, code: str) -> str:
    response = await client.get("/portal/inquiries/item-name", params={"item_code": code})
    assert response.status_code == 200, response.text
    return text(response.text, "inquiry-item-name")


async def test_item_name_lookup_answers_what_the_portal_shows(shop1):
    code = (await gql(shop1, PANEL, no=ORDER))["data"]["order"]["itemCode"]
    body = await gql(shop1, ITEM_NAME, code=f"  {code} ")
    name = body["data"]["inquiryItemName"]
    assert name and name == await portal_item_name(shop1, code)
    unknown = await gql(shop1, ITEM_NAME, code="000000000")
    assert "errors" not in unknown and unknown["data"] == {"inquiryItemName": None}
    assert await portal_item_name(shop1, "000000000") == i18n.translate(
        "zh", "inquiry.item_unknown"
    )
    # another seller's item: shop2 never sold it, on either surface
    async with _signed_in("shop2") as shop2:
        assert (await gql(shop2, ITEM_NAME, code=code))["data"]["inquiryItemName"] is None
        assert await portal_item_name(shop2, code) == i18n.translate("zh", "inquiry.item_unknown")


@pytest.mark.parametrize(
    ("code", "sentence"), [("   ", "此项为必填项。"), ("9" * 21, "最多20个字符。")]
)
async def test_item_name_lookup_refuses_a_bad_code_by_name(shop1, code, sentence):
    body = await gql(shop1, ITEM_NAME, code=code)
    assert body["data"] == {"inquiryItemName": None}
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert error["extensions"]["field"] == "itemCode"
    assert error["message"] == sentence


async def test_item_name_lookup_is_for_sellers(demo):
    async with _signed_in("buyer1") as buyer:
        body = await gql(buyer, ITEM_NAME, code="897969031")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


class _SavedReplyOptions(HTMLParser):
    """The <option>s of the panel's saved-reply select that carry a reply (not the
    placeholder)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = False
        self.found: list[dict[str, str | None]] = []

    def handle_starttag(self, tag: str, attr_list: list[tuple[str, str | None]]) -> None:
        mapping = dict(attr_list)
        if tag == "select":
            self.inside = mapping.get("data-testid") == "memo-saved-reply"
        elif tag == "option" and self.inside and mapping.get("value"):
            self.found.append(mapping)

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self.inside = False


async def portal_saved_replies(client: httpx.AsyncClient) -> list[tuple[int, str, str]]:
    html = (await client.get(f"/portal/orders/{ORDER}", headers=HTMX)).text
    parser = _SavedReplyOptions()
    parser.feed(html)
    return [(int(str(o["value"])), str(o["data-title"]), str(o["data-body"])) for o in parser.found]


async def api_saved_replies(client: httpx.AsyncClient) -> list[tuple[int, str, str]]:
    panel = (await gql(client, PANEL, no=ORDER))["data"]["order"]["panel"]
    return [
        (ids.decode(r["id"], "SavedReply"), r["title"], r["body"]) for r in panel["savedReplies"]
    ]


async def test_a_reply_saved_through_the_api_is_offered_on_the_panel(shop1):
    assert await portal_saved_replies(shop1) == await api_saved_replies(shop1) == []
    sent = await gql(
        shop1,
        MEMO_SEND,
        input={"orderNo": ORDER, "title": "发货确认", "body": "已经发货了。", "saveReply": True},
    )
    assert sent["data"]["memoSend"] == {
        "memo": {"title": "发货确认", "body": "已经发货了。"},
        "userErrors": [],
    }
    saved = await api_saved_replies(shop1)
    assert [(title, body) for _, title, body in saved] == [("发货确认", "已经发货了。")]
    assert await portal_saved_replies(shop1) == saved
    # without saveReply the memo is sent and nothing more is kept
    plain = await gql(shop1, MEMO_SEND, input={"orderNo": ORDER, "title": "t2", "body": "b2"})
    assert plain["data"]["memoSend"]["userErrors"] == []
    assert await api_saved_replies(shop1) == saved


async def test_a_reply_saved_on_the_portal_is_listed_by_the_api(shop1):
    html = (await shop1.get(f"/portal/orders/{ORDER}", headers=HTMX)).text
    form = {"csrf_token": csrf_of(html), "title": "退货说明", "body": "请寄回。", "save_reply": "1"}
    posted = await shop1.post(f"/portal/orders/{ORDER}/memos", data=form, headers=HTMX)
    assert posted.status_code == 200, posted.text
    saved = await api_saved_replies(shop1)
    assert [(title, body) for _, title, body in saved] == [("退货说明", "请寄回。")]
    assert saved == await portal_saved_replies(shop1)


async def test_a_refused_memo_saves_no_reply(shop1):
    refused = await gql(
        shop1, MEMO_SEND, input={"orderNo": ORDER, "title": " ", "body": "b", "saveReply": True}
    )
    assert refused["data"]["memoSend"]["userErrors"][0]["field"] == ["title"]
    assert await SavedReply.all().count() == 0


async def test_a_buyer_cannot_save_a_reply_and_nothing_is_sent(demo):
    memos_before = await Memo.all().count()
    async with _signed_in("buyer1") as buyer:
        body = await gql(
            buyer,
            MEMO_SEND,
            input={"orderNo": ORDER, "title": "t", "body": "b", "saveReply": True},
        )
    assert body["data"]["memoSend"] == {
        "memo": None,
        "userErrors": [
            {
                "field": ["saveReply"],
                "code": "INVALID_INPUT",
                "message": "只有卖家可以保存常用回复。",
            }
        ],
    }
    assert await Memo.all().count() == memos_before
    assert await SavedReply.all().count() == 0
