"""The manual's chapters replayed through GraphQL on the manual's dates."""

from __future__ import annotations

from datetime import datetime

from models import policy
from models.clock import Clock, parse_instant
from models.demo import ORDER_FAQ_CANCEL, ORDER_PENDING_WITHDRAWAL, ORDER_RETURN
from models.entities import Claim, WithdrawalRound
from models.enums import ActorKind, ClaimStatus, ClaimType
from models.labels import label
from models.ops.claims import change_claim_status
from models.ops.runner import Actor
from tests.gql import ops
from tests.gql.helpers import Api, claim_id_of

INQUIRY_PATH = "向Qoo10进行咨询 > 退款·投诉撤回 > 投诉撤回"


def at(text: str) -> datetime:
    return parse_instant(text)


async def grid(api: Api) -> dict:
    return (await api.data(ops.GRID, as_="shop1"))["claimStatusCounts"]


async def buyer_summary(api: Api, buyer: str = "buyer1") -> dict:
    return await api.data(ops.BUYER_SUMMARY, as_=buyer)


async def request(api: Api, claim_id: str, message: str = "商品已经发出，请撤回。") -> dict:
    body = await api.data(
        ops.REQUEST, {"input": {"claimId": claim_id, "sellerMessage": message}}, as_="shop1"
    )
    return body["claimWithdrawalRequest"]


async def test_chapter1_request_sets_deadline_and_counts(api: Api, clock: Clock) -> None:
    claim_id = await claim_id_of(api, ORDER_RETURN)
    before_grid = await grid(api)
    before_buyer = await buyer_summary(api)

    payload = await request(api, claim_id, "  商品已经发出，请撤回退货申请。  ")

    assert payload["userErrors"] == []
    assert payload["withdrawal"]["requestDate"] == "2021-08-03"
    assert payload["withdrawal"]["deadline"] == "2021-08-09"
    assert payload["withdrawal"]["sellerMessage"] == "商品已经发出，请撤回退货申请。"
    assert payload["claim"]["withdrawalState"] == "REQUESTED"
    assert (await grid(api))["withdrawalRequested"] == before_grid["withdrawalRequested"] + 1
    after_buyer = await buyer_summary(api)
    assert (
        after_buyer["buyerSummary"]["withdrawalRequested"]
        == before_buyer["buyerSummary"]["withdrawalRequested"] + 1
    )
    pending = {r["order"]["orderNo"]: r for r in after_buyer["myWithdrawalRequests"]}
    assert pending[ORDER_RETURN]["withdrawal"]["deadline"] == "2021-08-09"
    notices = await api.data("{ notifications(unreadOnly: true) { kind orderNo } }", as_="buyer1")
    assert {"kind": "WITHDRAWAL_REQUESTED", "orderNo": ORDER_RETURN} in notices["notifications"]


async def test_chapter1_blocked_statuses_point_to_the_inquiry(api: Api, clock: Clock) -> None:
    operator = Actor(ActorKind.OPERATOR)
    blocked = sorted(policy.BLOCKED_STATUSES - {ClaimStatus.WITHDRAWN})
    for status in blocked:
        claim_type = next(t for t, ss in policy.STATUSES_BY_TYPE.items() if status in ss)
        row = (
            await Claim.filter(seller__login_id="shop1", type=claim_type, status=status).first()
            or await Claim.filter(
                seller__login_id="shop1",
                type=claim_type,
                status__in=[s for s in ClaimStatus if s not in policy.CLOSED_STATUSES],
            ).first()
        )
        assert row is not None, status
        if row.status != status:
            await change_claim_status(row.id, status, operator)
        order_no = (await row.order).order_no
        claim_id = await claim_id_of(api, order_no)

        payload = await request(api, claim_id)

        assert [e["code"] for e in payload["userErrors"]] == ["CLAIM_NOT_WITHDRAWABLE"], status
        message = payload["userErrors"][0]["message"]
        # the status by its label, never its raw code (issue 11: no "(CANCELLING)")
        assert INQUIRY_PATH in message and label(status) in message
        assert status.value not in message
        order = (await api.data(ops.ORDER, {"no": order_no}, as_="shop1"))["order"]
        action = order["claim"]["withdrawalActions"][0]
        assert action["action"] == "REQUEST" and action["allowed"] is False
        assert action["reason"] == "CLAIM_NOT_WITHDRAWABLE" and INQUIRY_PATH in action["message"]


async def test_chapter1_refusal_in_the_request_language(api: Api, clock: Clock) -> None:
    await change_claim_status(
        (await Claim.get(order__order_no=ORDER_FAQ_CANCEL)).id,
        ClaimStatus.CANCELLING,
        Actor(ActorKind.OPERATOR),
    )
    claim_id = await claim_id_of(api, ORDER_FAQ_CANCEL)
    body = await api.data(
        ops.REQUEST,
        {"input": {"claimId": claim_id, "sellerMessage": "please"}},
        as_="shop1",
        headers={"Accept-Language": "en-US,en;q=0.8"},
    )
    message = body["claimWithdrawalRequest"]["userErrors"][0]["message"]
    # the status by its label only (issue 11: no raw "CANCELLING" in a sentence)
    assert message.startswith('A claim in status "Cancelling" cannot be withdrawn')


async def test_chapter3_cancel_then_cooldown_of_five_days(api: Api, clock: Clock) -> None:
    clock.set(at("2021-08-04T10:00:00+09:00"))
    claim_id = await claim_id_of(api, ORDER_RETURN)
    assert (await request(api, claim_id))["userErrors"] == []

    cancel = await api.data(ops.CANCEL, {"input": {"claimId": claim_id}}, as_="shop1")
    assert cancel["claimWithdrawalCancel"]["userErrors"] == []
    assert cancel["claimWithdrawalCancel"]["withdrawal"]["state"] == "CANCELLED"
    assert cancel["claimWithdrawalCancel"]["claim"]["nextRequestAllowedOn"] == "2021-08-09"

    again = await request(api, claim_id)
    assert [e["code"] for e in again["userErrors"]] == ["COOLDOWN_ACTIVE"]
    assert "2021/08/09" in again["userErrors"][0]["message"]
    order = (await api.data(ops.ORDER, {"no": ORDER_RETURN}, as_="shop1"))["order"]
    assert order["claim"]["withdrawalActions"][0]["reason"] == "COOLDOWN_ACTIVE"

    clock.advance(5)
    later = await request(api, claim_id)
    assert later["userErrors"] == []
    assert (later["withdrawal"]["round"], later["withdrawal"]["deadline"]) == (2, "2021-08-15")


async def test_chapter4_reject_hold_and_rerequest(api: Api, clock: Clock) -> None:
    claim_id = await claim_id_of(api, ORDER_RETURN)
    assert (await request(api, claim_id))["userErrors"] == []
    held_before = (await grid(api))["withdrawalHeld"]

    clock.set(at("2021-08-04T10:00:00+09:00"))
    respond = await api.data(
        ops.RESPOND,
        {
            "input": {
                "claimId": claim_id,
                "accept": False,
                "reasonCode": "OTHER",
                "reasonText": "test",
            }
        },
        as_="buyer1",
    )
    payload = respond["claimWithdrawalRespond"]
    assert payload["userErrors"] == []
    assert payload["withdrawal"]["state"] == "HELD"
    assert (await grid(api))["withdrawalHeld"] == held_before + 1

    order = (await api.data(ops.ORDER, {"no": ORDER_RETURN}, as_="shop1"))["order"]
    claim = order["claim"]
    assert claim["withdrawal"]["requestDate"] == "2021-08-03"
    assert claim["withdrawal"]["heldDate"] == "2021-08-04"
    assert claim["withdrawal"]["heldAt"].startswith("2021-08-04T10:00:00+09:00")
    assert claim["withdrawal"]["rejectionReason"] == {
        "code": "OTHER",
        "text": "test",
        "label": "其他原因",
    }
    assert claim["rerequestDeadline"] == "2021-08-10"
    actions = {a["action"]: a["allowed"] for a in claim["withdrawalActions"]}
    assert actions == {"REQUEST": False, "CANCEL": True, "REREQUEST": True}

    body = await api.data(
        ops.REREQUEST,
        {"input": {"claimId": claim_id, "sellerMessage": "请再考虑一下。"}},
        as_="shop1",
    )
    rerequest = body["claimWithdrawalRerequest"]
    assert rerequest["userErrors"] == []
    assert (rerequest["withdrawal"]["round"], rerequest["withdrawal"]["deadline"]) == (
        2,
        "2021-08-10",
    )
    assert [r["state"] for r in rerequest["claim"]["withdrawalRounds"]] == ["HELD", "REQUESTED"]
    kinds = [e["kind"] for e in rerequest["claim"]["events"]]
    assert kinds[-3:] == ["WITHDRAWAL_REQUESTED", "WITHDRAWAL_REJECTED", "WITHDRAWAL_REREQUESTED"]


async def test_expiry_is_applied_on_read(api: Api, clock: Clock) -> None:
    clock.set(at("2021-07-29T10:00:00+09:00"))
    claim_id = await claim_id_of(api, ORDER_RETURN)
    payload = await request(api, claim_id)
    assert payload["withdrawal"]["deadline"] == "2021-08-04"

    clock.set(at("2021-08-04T23:59:00+09:00"))
    claim = (await api.data(ops.ORDER, {"no": ORDER_RETURN}, as_="shop1"))["order"]["claim"]
    assert (claim["status"], claim["withdrawal"]["state"]) == ("RETURN_REQUESTED", "REQUESTED")

    clock.set(at("2021-08-05T00:01:00+09:00"))
    claim = (await api.data(ops.ORDER, {"no": ORDER_RETURN}, as_="shop1"))["order"]["claim"]
    assert (claim["status"], claim["withdrawal"]["state"]) == ("WITHDRAWN", "EXPIRED")
    assert claim["events"][-1]["actor"] == "SYSTEM"

    late = await api.data(
        ops.RESPOND, {"input": {"claimId": claim_id, "accept": True}}, as_="buyer1"
    )
    assert [e["code"] for e in late["claimWithdrawalRespond"]["userErrors"]] == [
        "RESPONSE_WINDOW_CLOSED"
    ]
    again = await request(api, claim_id)
    assert [e["code"] for e in again["userErrors"]] == ["CLAIM_NOT_WITHDRAWABLE"]


async def test_expiry_seen_by_the_buyer_first(api: Api, clock: Clock) -> None:
    """The demo's pending request (8/2 → deadline 8/8) expires when the buyer reads on 8/9."""
    clock.set(at("2021-08-09T09:00:00+09:00"))
    data = await buyer_summary(api)
    assert ORDER_PENDING_WITHDRAWAL not in {
        r["order"]["orderNo"] for r in data["myWithdrawalRequests"]
    }
    claim = await Claim.get(order__order_no=ORDER_PENDING_WITHDRAWAL)
    assert claim.status == ClaimStatus.WITHDRAWN


async def test_faq_shipment_blocked_until_the_cancel_is_withdrawn(api: Api, clock: Clock) -> None:
    shipment = {"orderNo": ORDER_FAQ_CANCEL, "carrier": "佐川急便", "trackingNo": "123456789002"}
    blocked = await api.data(ops.SHIPMENT, {"input": shipment}, as_="shop1")
    assert [e["code"] for e in blocked["shipmentRegister"]["userErrors"]] == ["SHIPMENT_BLOCKED"]
    assert blocked["shipmentRegister"]["order"] is None

    claim_id = await claim_id_of(api, ORDER_FAQ_CANCEL)
    assert (await request(api, claim_id))["userErrors"] == []
    accept = await api.data(
        ops.RESPOND, {"input": {"claimId": claim_id, "accept": True}}, as_="buyer1"
    )
    assert accept["claimWithdrawalRespond"]["claim"]["status"] == "WITHDRAWN"

    done = await api.data(ops.SHIPMENT, {"input": shipment}, as_="shop1")
    assert done["shipmentRegister"]["userErrors"] == []
    assert done["shipmentRegister"]["order"]["trackingNo"] == "123456789002"
    assert done["shipmentRegister"]["order"]["status"] == "SHIPPING"


async def test_faq_rerequests_are_unlimited(api: Api, clock: Clock) -> None:
    claim_id = await claim_id_of(api, ORDER_RETURN)
    assert (await request(api, claim_id))["userErrors"] == []
    reject = {"claimId": claim_id, "accept": False, "reasonCode": "WANT_REFUND"}
    for round_no in (2, 3, 4):
        body = await api.data(ops.RESPOND, {"input": reject}, as_="buyer1")
        assert body["claimWithdrawalRespond"]["userErrors"] == []
        body = await api.data(
            ops.REREQUEST, {"input": {"claimId": claim_id, "sellerMessage": "again"}}, as_="shop1"
        )
        assert body["claimWithdrawalRerequest"]["withdrawal"]["round"] == round_no
    claim = await Claim.get(order__order_no=ORDER_RETURN)
    assert await WithdrawalRound.filter(claim_id=claim.id).count() == 4
    assert claim.type == ClaimType.RETURN
