"""Acting on what the user saw: a cancel / answer naming a round that changed is refused."""

from models import demo as d
from tests.gql import ops
from tests.gql.helpers import Api, claim_id_of, requested_then_rejected


async def test_cancel_of_a_request_the_buyer_rejected_meanwhile_is_refused(api: Api):
    claim, seen = await requested_then_rejected(api, d.ORDER_RETURN)
    stale = await api.data(
        ops.CANCEL,
        {"input": {"claimId": claim, "withdrawalId": seen, "expectedState": "REQUESTED"}},
        as_="shop1",
    )
    payload = stale["claimWithdrawalCancel"]
    assert [e["code"] for e in payload["userErrors"]] == ["NO_PENDING_WITHDRAWAL"]
    after = await api.data(ops.ORDER, {"no": d.ORDER_RETURN}, as_="shop1")
    assert after["order"]["claim"]["withdrawal"]["state"] == "HELD"
    fresh = await api.data(
        ops.CANCEL,
        {"input": {"claimId": claim, "withdrawalId": seen, "expectedState": "HELD"}},
        as_="shop1",
    )
    assert fresh["claimWithdrawalCancel"]["withdrawal"]["state"] == "CANCELLED"


async def test_buyer_answer_to_a_replaced_round_is_refused(api: Api):
    claim = await claim_id_of(api, d.ORDER_RETURN)
    first = await api.data(
        ops.REQUEST, {"input": {"claimId": claim, "sellerMessage": "one"}}, as_="shop1"
    )
    seen = first["claimWithdrawalRequest"]["withdrawal"]["id"]
    await api.data(
        ops.RESPOND,
        {"input": {"claimId": claim, "accept": False, "reasonCode": "OTHER", "reasonText": "no"}},
        as_="buyer1",
    )
    await api.data(
        ops.REREQUEST, {"input": {"claimId": claim, "sellerMessage": "two"}}, as_="shop1"
    )
    answer = await api.data(
        ops.RESPOND,
        {"input": {"claimId": claim, "accept": True, "withdrawalId": seen}},
        as_="buyer1",
    )
    assert [e["code"] for e in answer["claimWithdrawalRespond"]["userErrors"]] == [
        "NO_PENDING_WITHDRAWAL"
    ]
    bogus = await api.data(
        ops.RESPOND,
        {"input": {"claimId": claim, "accept": True, "withdrawalId": "bm90IGFuIGlk"}},
        as_="buyer1",
    )
    assert bogus["claimWithdrawalRespond"]["userErrors"][0]["code"] in (
        "INVALID_INPUT",
        "NOT_FOUND",
    )


async def test_rerequest_naming_a_state_that_changed_meanwhile_is_refused(api: Api):
    """`expectedState` on a re-request is a guard like on cancel (it was accepted and ignored)."""
    claim, seen = await requested_then_rejected(api, d.ORDER_RETURN)
    stale = await api.data(
        ops.REREQUEST,
        {
            "input": {
                "claimId": claim,
                "sellerMessage": "again",
                "withdrawalId": seen,
                "expectedState": "REQUESTED",
            }
        },
        as_="shop1",
    )
    assert [e["code"] for e in stale["claimWithdrawalRerequest"]["userErrors"]] == [
        "WITHDRAWAL_NOT_ON_HOLD"
    ]
    after = await api.data(ops.ORDER, {"no": d.ORDER_RETURN}, as_="shop1")
    assert after["order"]["claim"]["withdrawal"]["state"] == "HELD"
    fresh = await api.data(
        ops.REREQUEST,
        {
            "input": {
                "claimId": claim,
                "sellerMessage": "again",
                "withdrawalId": seen,
                "expectedState": "HELD",
            }
        },
        as_="shop1",
    )
    assert fresh["claimWithdrawalRerequest"]["withdrawal"]["state"] == "REQUESTED"
