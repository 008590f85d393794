"""Relay Global Object Identification: `node(id:)` refetches what a client holds, `nodes`
does it in bulk, and neither tells anyone about objects that are not theirs."""

from __future__ import annotations

import base64
from typing import Any

import pytest

from gql import ids
from models.clock import Clock
from models.demo import (
    ORDER_BUYER2_RETURN,
    ORDER_PENDING_WITHDRAWAL,
    ORDER_RETURN,
    ORDER_SHOP2_RETURN,
)
from models.policy import NODES_MAX_IDS
from tests.gql import ops
from tests.gql.helpers import Api
from tests.gql.test_performance import _more_claims, sql_statements

NODE = "query($id: ID!) { node(id: $id) { __typename id } }"
NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }"

#: What the seller and the buyer can reach by following the API's paths.
OBJECTS = """
query($no: String!, $memoNo: String!) {
  viewer { id }
  order(orderNo: $no) { id claim { id withdrawal { id } events { id } } }
  memoOrder: order(orderNo: $memoNo) { memos { id } }
  notifications { id }
}"""

#: Ids that name nothing: unknown rows, unknown types, garbage.
MADE_UP = [
    ids.encode("Claim", 999_999),
    ids.encode("Order", 2**40),
    base64.b64encode(b"Shop:1").decode(),
    "not-an-id!",
    "",
]


async def _inquiry_id(api: Api) -> str:
    data = await api.data(
        ops.INQUIRY,
        {
            "input": {
                "category": "REFUND_CLAIM_WITHDRAWAL",
                "subcategory": "CLAIM_WITHDRAWAL",
                "title": "投诉撤回",
                "body": "请帮忙撤回订单的投诉。",
                "lang": "zh",
            }
        },
        as_="shop1",
    )
    return data["inquirySubmit"]["inquiry"]["id"]


@pytest.fixture(autouse=True)
def _endpoint_nobody_calls(monkeypatch: pytest.MonkeyPatch) -> None:
    """The sellers' webhook endpoint points at 127.0.0.1 (no relay runs in these tests)."""
    monkeypatch.setenv("QSM_WEBHOOK_ALLOW_PRIVATE", "1")


async def _webhook_ids(api: Api) -> dict[str, str]:
    """shop1's endpoint (created here) and the delivery of the withdrawal request that
    follows (written in the request's transaction)."""
    made = await api.data(
        """mutation($in: WebhookEndpointCreateInput!) {
          webhookEndpointCreate(input: $in) { endpoint { id } userErrors { code } } }""",
        {"in": {"url": "http://127.0.0.1:9/hook", "events": ["WITHDRAWAL_REQUESTED"]}},
        as_="shop1",
    )
    endpoint_id = made["webhookEndpointCreate"]["endpoint"]["id"]
    claim_id = (await _order_and_claim(api, ORDER_RETURN, "shop1"))[1]
    asked = await api.data(
        """mutation($id: ID!) { claimWithdrawalRequest(
          input: {claimId: $id, sellerMessage: "请撤回"}) { userErrors { code } } }""",
        {"id": claim_id},
        as_="shop1",
    )
    assert asked["claimWithdrawalRequest"]["userErrors"] == []
    log = await api.data(
        "query($e: ID!) { webhookDeliveries(endpointId: $e) { edges { node { id } } } }",
        {"e": endpoint_id},
        as_="shop1",
    )
    delivery_id = log["webhookDeliveries"]["edges"][0]["node"]["id"]
    return {"WebhookEndpoint": endpoint_id, "WebhookDelivery": delivery_id}


async def _reachable(api: Api, as_: str) -> dict[str, str]:
    """One ID of each type the viewer reaches through the ordinary queries, by type."""
    data = await api.data(
        OBJECTS, {"no": ORDER_PENDING_WITHDRAWAL, "memoNo": ORDER_RETURN}, as_=as_
    )
    order = data["order"]
    claim = order["claim"]
    found = {
        "viewer": data["viewer"]["id"],
        "Order": order["id"],
        "Claim": claim["id"],
        "ClaimWithdrawal": claim["withdrawal"]["id"],
        "ClaimEvent": claim["events"][0]["id"],
        "Memo": data["memoOrder"]["memos"][0]["id"],
        "Notification": data["notifications"][0]["id"],
    }
    if as_.startswith("shop"):
        found["Inquiry"] = await _inquiry_id(api)
        found.update(await _webhook_ids(api))
    return found


async def _node(api: Api, global_id: str, as_: str) -> dict[str, Any]:
    return await api.post(NODE, {"id": global_id}, as_=as_)


async def test_a_claim_of_the_list_refetches_as_itself(api: Api, clock: Clock) -> None:
    fields = "id status statusLabel(lang: EN) requestDate withdrawal { state deadline } order { orderNo }"
    listed = await api.data(
        f"{{ claims(first: 5) {{ edges {{ node {{ {fields} }} }} }} }}", as_="shop1"
    )
    nodes = [edge["node"] for edge in listed["claims"]["edges"]]
    assert len(nodes) == 5
    refetch = f"""
    query ClaimRefetch($id: ID!) {{ node(id: $id) {{ __typename ...ClaimRow }} }}
    fragment ClaimRow on Claim {{ {fields} }}"""
    for claim in nodes:
        data = await api.data(refetch, {"id": claim["id"]}, as_="shop1")
        assert data["node"] == {"__typename": "Claim", **claim}


async def test_every_type_round_trips_for_the_seller(api: Api, clock: Clock) -> None:
    for kind, global_id in (await _reachable(api, "shop1")).items():
        data = await api.data(NODE, {"id": global_id}, as_="shop1")
        expected = "SellerViewer" if kind == "viewer" else kind
        assert data["node"] == {"__typename": expected, "id": global_id}, kind


async def test_every_type_round_trips_for_the_buyer(api: Api, clock: Clock) -> None:
    for kind, global_id in (await _reachable(api, "buyer1")).items():
        data = await api.data(NODE, {"id": global_id}, as_="buyer1")
        expected = "BuyerViewer" if kind == "viewer" else kind
        assert data["node"] == {"__typename": expected, "id": global_id}, kind


async def test_another_partys_objects_answer_like_made_up_ids(api: Api, clock: Clock) -> None:
    missing = await _node(api, MADE_UP[0], "shop2")
    assert missing["data"] == {"node": None} and "errors" not in missing
    for made_up in MADE_UP:
        assert await _node(api, made_up, "shop2") == missing, made_up
    # everything of shop1's (its orders' objects, its notices, its inquiry, itself)
    for kind, global_id in (await _reachable(api, "shop1")).items():
        assert await _node(api, global_id, "shop2") == missing, kind
        assert await _node(api, global_id, "buyer2") == missing, kind
    # everything of buyer1's
    for kind, global_id in (await _reachable(api, "buyer1")).items():
        assert await _node(api, global_id, "buyer2") == missing, kind
        assert await _node(api, global_id, "shop2") == missing, kind


async def _order_and_claim(api: Api, order_no: str, as_: str) -> tuple[str, str]:
    data = await api.data(
        "query($no: String!) { order(orderNo: $no) { id claim { id } } }", {"no": order_no}, as_=as_
    )
    return data["order"]["id"], data["order"]["claim"]["id"]


async def _viewer_id(api: Api, as_: str) -> str:
    return (await api.data("{ viewer { id } }", as_=as_))["viewer"]["id"]


async def test_the_buyer_sees_their_orders_only(api: Api, clock: Clock) -> None:
    """buyer2's claim at shop1 is shop1's and buyer2's, not buyer1's; shop2's claim is
    shop2's and buyer2's, not shop1's."""
    missing = await _node(api, MADE_UP[0], "shop1")
    assert missing["data"] == {"node": None} and "errors" not in missing
    at_shop1 = await _order_and_claim(api, ORDER_BUYER2_RETURN, "shop1")
    at_shop2 = await _order_and_claim(api, ORDER_SHOP2_RETURN, "shop2")
    for global_id in at_shop1:
        assert await _node(api, global_id, "buyer1") == missing
        assert (await api.data(NODE, {"id": global_id}, as_="shop1"))["node"]["id"] == global_id
    for global_id in at_shop2:
        assert await _node(api, global_id, "shop1") == missing
    for global_id in (*at_shop1, *at_shop2):
        assert (await api.data(NODE, {"id": global_id}, as_="buyer2"))["node"]["id"] == global_id
    # a seller's inquiry is never a buyer's; an account is only its own node
    assert await _node(api, await _inquiry_id(api), "buyer1") == missing
    assert await _node(api, await _viewer_id(api, "shop1"), "buyer1") == missing
    assert await _node(api, await _viewer_id(api, "buyer1"), "shop1") == missing


async def test_nodes_keeps_order_and_length_with_nulls_in_place(api: Api, clock: Clock) -> None:
    mine = await _reachable(api, "shop1")
    foreign = (await _order_and_claim(api, ORDER_SHOP2_RETURN, "shop2"))[1]
    asked = [
        mine["Claim"],
        "not-an-id!",
        mine["Order"],
        foreign,
        mine["Notification"],
        ids.encode("Memo", 999_999),
        mine["Claim"],
        mine["ClaimEvent"],
    ]
    data = await api.data(NODES, {"ids": asked}, as_="shop1")
    got = [node["id"] if node else None for node in data["nodes"]]
    assert got == [
        mine["Claim"],
        None,
        mine["Order"],
        None,
        mine["Notification"],
        None,
        mine["Claim"],
        mine["ClaimEvent"],
    ]
    assert (await api.data(NODES, {"ids": []}, as_="shop1")) == {"nodes": []}


async def test_more_than_the_cap_is_refused_with_a_code(api: Api, clock: Clock) -> None:
    claim = (await _reachable(api, "shop1"))["Claim"]
    allowed = await api.data(NODES, {"ids": [claim] * NODES_MAX_IDS}, as_="shop1")
    assert len(allowed["nodes"]) == NODES_MAX_IDS
    body = await api.post(
        NODES,
        {"ids": [claim] * (NODES_MAX_IDS + 1)},
        as_="shop1",
        headers={"Accept-Language": "en"},
    )
    assert body["data"] is None
    [error] = body["errors"]
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "ids"}
    assert str(NODES_MAX_IDS) in error["message"] and "IDs" in error["message"]


async def test_anonymous_callers_are_asked_to_sign_in(api: Api, clock: Clock) -> None:
    for query, variables in ((NODE, {"id": MADE_UP[0]}), (NODES, {"ids": [MADE_UP[0]]})):
        body = await api.post(query, variables)
        assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_nodes_of_50_claims_cost_what_5_cost(api: Api, clock: Clock) -> None:
    await _more_claims(60)
    listed = await api.data("{ claims(first: 50) { edges { node { id } } } }", as_="shop1")
    claim_ids = [edge["node"]["id"] for edge in listed["claims"]["edges"]]
    query = """
    query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Claim {
      status order { orderNo shopName } withdrawal { state } events { kind }
    } } }"""
    counts = {}
    for size in (5, 50):
        with sql_statements() as statements:
            data = await api.data(query, {"ids": claim_ids[:size]}, as_="shop1")
        assert [node["id"] for node in data["nodes"]] == claim_ids[:size]
        assert any(node["withdrawal"] for node in data["nodes"])
        counts[size] = len(statements)
    assert counts[50] == counts[5], counts
