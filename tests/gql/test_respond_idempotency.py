"""Issue 10, point 2: the buyer's answer takes an idempotency key, so a client whose
first `claimWithdrawalRespond` got lost on the wire can safely send it again."""

from __future__ import annotations

from models.clock import Clock
from models.demo import ORDER_PENDING_WITHDRAWAL, ORDER_RETURN
from models.entities import ClaimEvent, Notification
from tests.gql import ops
from tests.gql.helpers import Api, claim_id_of


async def _requested(api: Api, order_no: str) -> str:
    claim_id = await claim_id_of(api, order_no)
    await api.data(
        ops.REQUEST, {"input": {"claimId": claim_id, "sellerMessage": "请撤回"}}, as_="shop1"
    )
    return claim_id


def _codes(payload: dict) -> list[str]:
    return [e["code"] for e in payload["claimWithdrawalRespond"]["userErrors"]]


async def test_a_repeated_rejection_replays_the_first_answer(api: Api, clock: Clock) -> None:
    claim_id = await _requested(api, ORDER_RETURN)
    reject = {
        "input": {
            "claimId": claim_id,
            "accept": False,
            "reasonCode": "WANT_REFUND",
            "idempotencyKey": "answer-1",
        }
    }
    first = await api.data(ops.RESPOND, reject, as_="buyer1")
    assert _codes(first) == []
    assert first["claimWithdrawalRespond"]["withdrawal"]["state"] == "HELD"
    events = await ClaimEvent.filter(kind="WITHDRAWAL_REJECTED").count()
    notices = await Notification.all().count()

    again = await api.data(ops.RESPOND, reject, as_="buyer1")
    assert again == first  # byte for byte, and nothing written a second time
    assert await ClaimEvent.filter(kind="WITHDRAWAL_REJECTED").count() == events
    assert await Notification.all().count() == notices

    # Without the key the same answer is refused: the round is no longer pending.
    del reject["input"]["idempotencyKey"]
    assert _codes(await api.data(ops.RESPOND, reject, as_="buyer1")) == ["NO_PENDING_WITHDRAWAL"]


async def test_a_key_reused_for_another_answer_or_claim_is_refused(api: Api, clock: Clock) -> None:
    claim_id = await _requested(api, ORDER_RETURN)
    other_claim = await _requested(api, ORDER_PENDING_WITHDRAWAL)
    accept = {"input": {"claimId": claim_id, "accept": True, "idempotencyKey": "k-2"}}
    first = await api.data(ops.RESPOND, accept, as_="buyer1")
    assert _codes(first) == [] and first["claimWithdrawalRespond"]["claim"]["status"] == "WITHDRAWN"
    assert await api.data(ops.RESPOND, accept, as_="buyer1") == first

    as_reject = {
        "input": {
            "claimId": claim_id,
            "accept": False,
            "reasonCode": "WANT_REFUND",
            "idempotencyKey": "k-2",
        }
    }
    on_other_claim = {"input": {"claimId": other_claim, "accept": True, "idempotencyKey": "k-2"}}
    for reused in (as_reject, on_other_claim):
        assert _codes(await api.data(ops.RESPOND, reused, as_="buyer1")) == [
            "IDEMPOTENCY_KEY_REUSED"
        ]
    other = await api.data(ops.ORDER, {"no": ORDER_PENDING_WITHDRAWAL}, as_="shop1")
    assert other["order"]["claim"]["withdrawalState"] == "REQUESTED"  # untouched

    # Keys belong to whoever sent them: the seller's keys are another namespace.
    seller_key = {"input": {"claimId": other_claim, "idempotencyKey": "k-2"}}
    cancelled = await api.data(ops.CANCEL, seller_key, as_="shop1")
    assert cancelled["claimWithdrawalCancel"]["userErrors"] == []
