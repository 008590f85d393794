"""Every query and mutation as anonymous, as shop2 and as buyer2 against shop1's and
buyer1's objects: nothing leaks and nothing changes."""

from __future__ import annotations

import json
from typing import Any

from models.clock import Clock
from models.demo import ORDER_FAQ_CANCEL, ORDER_PENDING_WITHDRAWAL, ORDER_RETURN
from models.entities import (
    Claim,
    ClaimEvent,
    Inquiry,
    Memo,
    Notification,
    Order,
    WithdrawalRound,
)
from tests.gql import ops
from tests.gql.helpers import Api, claim_id_of

QUERIES = {
    "viewer": "{ viewer { loginId displayName } }",
    "grid": "{ claimStatusCounts { withdrawalRequested withdrawalHeld cells { status count } } }",
    "claims": "{ claims(first: 100) { totalCount edges { node { id order { orderNo } } } } }",
    "order": ops.ORDER,
    "memos": "{ memos(first: 100) { totalCount edges { node { title order { orderNo } } } } }",
    "notifications": "{ notifications { text orderNo } }",
    "buyerSummary": "{ buyerSummary { withdrawalRequested returning } }",
    "myWithdrawalRequests": "{ myWithdrawalRequests { id order { orderNo } } }",
    "inquiryCategories": "{ inquiryCategories { code } }",
}


async def snapshot() -> dict[str, Any]:
    """What a leak-free refusal must leave untouched."""
    return {
        "counts": [
            await model.all().count()
            for model in (Claim, WithdrawalRound, ClaimEvent, Memo, Notification, Inquiry)
        ],
        "claims": await Claim.all()
        .order_by("id")
        .values_list("id", "status", "withdrawal_state", "version"),
        "orders": await Order.all().order_by("id").values_list("id", "tracking_no", "status"),
        "memos": await Memo.all().order_by("id").values_list("id", "status"),
    }


def codes(body: dict[str, Any], field: str) -> list[str]:
    return [e["code"] for e in body["data"][field]["userErrors"]]


async def test_nothing_leaks_and_nothing_changes(api: Api, clock: Clock) -> None:
    return_claim = await claim_id_of(api, ORDER_RETURN)
    pending_claim = await claim_id_of(api, ORDER_PENDING_WITHDRAWAL)
    secrets = {
        ORDER_RETURN,
        ORDER_PENDING_WITHDRAWAL,
        ORDER_FAQ_CANCEL,
        return_claim,
        pending_claim,
    }
    before = await snapshot()

    mutations: dict[str, tuple[str, dict[str, Any], str]] = {
        "request": (
            ops.REQUEST,
            {"claimId": return_claim, "sellerMessage": "x"},
            "claimWithdrawalRequest",
        ),
        "cancel": (ops.CANCEL, {"claimId": pending_claim}, "claimWithdrawalCancel"),
        "rerequest": (
            ops.REREQUEST,
            {"claimId": pending_claim, "sellerMessage": "x"},
            "claimWithdrawalRerequest",
        ),
        "respond": (
            ops.RESPOND,
            {"claimId": pending_claim, "accept": True},
            "claimWithdrawalRespond",
        ),
        "memo": (ops.MEMO_SEND, {"orderNo": ORDER_RETURN, "title": "t", "body": "b"}, "memoSend"),
        "inquiry": (
            ops.INQUIRY,
            {
                "category": "REFUND_CLAIM_WITHDRAWAL",
                "subcategory": "CLAIM_WITHDRAWAL",
                "title": "t",
                "body": "b",
                "lang": "zh",
                "orderNo": ORDER_RETURN,
            },
            "inquirySubmit",
        ),
        "shipment": (
            ops.SHIPMENT,
            {"orderNo": ORDER_FAQ_CANCEL, "carrier": "c", "trackingNo": "1"},
            "shipmentRegister",
        ),
    }
    # Who gets which refusal: another party's object is NOT_FOUND, the wrong kind of
    # account (or none) is UNAUTHENTICATED.
    expected = {
        None: dict.fromkeys(mutations, "UNAUTHENTICATED"),
        "shop2": {
            "request": "NOT_FOUND",
            "cancel": "NOT_FOUND",
            "rerequest": "NOT_FOUND",
            "respond": "UNAUTHENTICATED",
            "memo": "NOT_FOUND",
            "inquiry": "NOT_FOUND",
            "shipment": "NOT_FOUND",
        },
        "buyer2": {
            "request": "UNAUTHENTICATED",
            "cancel": "UNAUTHENTICATED",
            "rerequest": "UNAUTHENTICATED",
            "respond": "NOT_FOUND",
            "memo": "NOT_FOUND",
            "inquiry": "UNAUTHENTICATED",
            "shipment": "UNAUTHENTICATED",
        },
    }

    for who in (None, "shop2", "buyer2"):
        for name, query in QUERIES.items():
            body = await api.post(query, {"no": ORDER_RETURN}, as_=who)
            text = json.dumps(body, ensure_ascii=False)
            assert not any(secret in text for secret in secrets), (who, name, text)
            if who is None:
                assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED", name
        order = await api.post(ops.ORDER, {"no": ORDER_RETURN}, as_=who)
        assert order["data"] is None or order["data"]["order"] is None

        for name, (query, variables, field) in mutations.items():
            body = await api.post(query, {"input": variables}, as_=who)
            assert codes(body, field) == [expected[who][name]], (who, name, body)
            text = json.dumps(body, ensure_ascii=False)
            assert not any(secret in text for secret in secrets - {return_claim, pending_claim})

    assert await snapshot() == before


async def test_seller_only_fields_refuse_buyers_the_same_way(api: Api, clock: Clock) -> None:
    body = await api.post(QUERIES["grid"], as_="buyer1")
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    body = await api.post(QUERIES["buyerSummary"], as_="shop1")
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_shop2_sees_only_its_own_grid(api: Api, clock: Clock) -> None:
    grid = (await api.data(QUERIES["grid"], as_="shop2"))["claimStatusCounts"]
    counts = {c["status"]: c["count"] for c in grid["cells"]}
    assert counts["RETURN_REQUESTED"] == 1 and sum(counts.values()) == 1
    assert grid["withdrawalRequested"] == 0
