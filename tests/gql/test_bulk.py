"""`claimWithdrawalRequestBulk`: one message to many claims, good rows done, failed rows
reported per row (REJECT_FAILED_ROWS), idempotent, capped per call."""

from __future__ import annotations

import pytest

from models import policy
from models.clock import Clock
from models.demo import ORDER_BUYER2_RETURN, ORDER_PENDING_WITHDRAWAL, ORDER_RETURN
from models.entities import Claim, Notification, WithdrawalRound
from tests.gql import ops
from tests.gql.helpers import Api, claim_id_of

BULK = """
mutation($input: ClaimWithdrawalRequestBulkInput!) {
  claimWithdrawalRequestBulk(input: $input) {
    results {
      claimId orderNo done
      claim { status withdrawalState }
      withdrawal { state deadline sellerMessage }
      userErrors { field code message }
    }
    doneCount refusedCount
    userErrors { field code message }
  }
}"""

#: A shop1 claim in 取消中 (cancelling): not withdrawable here.
ORDER_CANCELLING = "638452903"
#: shop1's two 退货要求 claims of 2021/08/02-03 (withdrawable, nothing pending).
ORDER_RETURN_NEW = ("638452909", "638452910")


async def bulk(api: Api, *, lang: str = "en", **input_: object) -> dict:
    body = await api.data(BULK, {"input": input_}, as_="shop1", headers={"Accept-Language": lang})
    return body["claimWithdrawalRequestBulk"]


async def grid(api: Api) -> dict:
    return (await api.data(ops.GRID, as_="shop1"))["claimStatusCounts"]


async def test_good_rows_are_done_and_each_refused_row_says_why(api: Api, clock: Clock) -> None:
    named = [
        await claim_id_of(api, ORDER_RETURN),
        await claim_id_of(api, ORDER_PENDING_WITHDRAWAL),
        await claim_id_of(api, ORDER_CANCELLING),
        await claim_id_of(api, "738452001", as_="shop2"),
        await claim_id_of(api, ORDER_BUYER2_RETURN),
    ]
    before = await grid(api)

    payload = await bulk(api, claimIds=named, sellerMessage="商品已经发出，请撤回。")

    assert payload["userErrors"] == []
    assert (payload["doneCount"], payload["refusedCount"]) == (2, 3)
    rows = payload["results"]
    assert [r["orderNo"] for r in rows] == [
        ORDER_RETURN,
        ORDER_PENDING_WITHDRAWAL,
        ORDER_CANCELLING,
        None,  # another seller's claim reads as not found, nothing about it leaks
        ORDER_BUYER2_RETURN,
    ]
    assert [r["done"] for r in rows] == [True, False, False, False, True]
    assert rows[0]["withdrawal"] == {
        "state": "REQUESTED",
        "deadline": "2021-08-09",
        "sellerMessage": "商品已经发出，请撤回。",
    }
    errors = [r["userErrors"] for r in rows]
    assert errors[0] == [] and errors[4] == []
    assert [(e[0]["field"], e[0]["code"]) for e in errors[1:4]] == [
        (["claimIds", "1"], "WITHDRAWAL_ALREADY_PENDING"),
        (["claimIds", "2"], "CLAIM_NOT_WITHDRAWABLE"),
        (["claimIds", "3"], "NOT_FOUND"),
    ]
    # the reason in the reader's language, the status by its label, never its code
    assert errors[2][0]["message"].startswith('A claim in status "Cancelling"')
    assert "CANCELLING" not in errors[2][0]["message"]

    after = await grid(api)
    assert after["withdrawalRequested"] == before["withdrawalRequested"] + 2
    buyer1 = await api.data(ops.BUYER_SUMMARY, as_="buyer1")
    assert ORDER_RETURN in {r["order"]["orderNo"] for r in buyer1["myWithdrawalRequests"]}
    buyer2 = await api.data(ops.BUYER_SUMMARY, as_="buyer2")
    assert [r["order"]["orderNo"] for r in buyer2["myWithdrawalRequests"]] == [ORDER_BUYER2_RETURN]


async def test_refusals_are_in_the_requests_language(api: Api, clock: Clock) -> None:
    named = [await claim_id_of(api, ORDER_CANCELLING)]
    zh = await bulk(api, lang="zh", claimIds=named, sellerMessage="请撤回")
    ja = await bulk(api, lang="ja", claimIds=named, sellerMessage="请撤回")
    assert zh["results"][0]["userErrors"][0]["message"].startswith("处理状态为「取消中」")
    assert ja["results"][0]["userErrors"][0]["message"].startswith("処理状態「")


async def test_a_retry_with_the_same_key_answers_the_same_and_asks_nothing_twice(
    api: Api, clock: Clock
) -> None:
    named = [
        await claim_id_of(api, ORDER_RETURN),
        await claim_id_of(api, ORDER_CANCELLING),
        await claim_id_of(api, ORDER_RETURN_NEW[0]),
    ]
    input_ = {"claimIds": named, "sellerMessage": "请撤回", "idempotencyKey": "bulk-7f3a"}
    first = await bulk(api, **input_)
    rounds = await WithdrawalRound.all().count()
    notices = await Notification.all().count()

    second = await bulk(api, **input_)

    assert second == first
    assert [r["done"] for r in first["results"]] == [True, False, True]
    assert await WithdrawalRound.all().count() == rounds
    assert await Notification.all().count() == notices
    # without the key the same call is a new call: the done rows are now "already pending"
    again = await bulk(api, claimIds=named, sellerMessage="请撤回")
    assert [r["userErrors"][0]["code"] for r in again["results"]] == [
        "WITHDRAWAL_ALREADY_PENDING",
        "CLAIM_NOT_WITHDRAWABLE",
        "WITHDRAWAL_ALREADY_PENDING",
    ]


async def test_all_matching_a_filter_is_read_on_the_server(api: Api, clock: Clock) -> None:
    flt = {"statuses": ["RETURN_REQUESTED"]}
    input_ = {"filter": flt, "sellerMessage": "请撤回", "idempotencyKey": "all-return-requested"}

    payload = await bulk(api, **input_)

    # the grid's 退货要求 5: every one, not a page of them, newest request first
    assert payload["userErrors"] == []
    rows = payload["results"]
    assert [r["orderNo"] for r in rows] == [
        *reversed(ORDER_RETURN_NEW),
        ORDER_BUYER2_RETURN,
        ORDER_PENDING_WITHDRAWAL,
        ORDER_RETURN,
    ]
    assert (payload["doneCount"], payload["refusedCount"]) == (4, 1)
    refused = rows[3]["userErrors"][0]
    assert refused["field"] == ["filter"] and refused["code"] == "WITHDRAWAL_ALREADY_PENDING"
    assert await bulk(api, **input_) == payload


async def test_a_retry_still_answers_claims_that_left_the_filter(api: Api, clock: Clock) -> None:
    """Claims with no withdrawal yet, as of the first call: after it they are REQUESTED and
    no longer match, and the retry still reports them done (and asks nothing twice)."""
    ids = await Claim.filter(order__order_no__in=ORDER_RETURN_NEW).values_list("id", flat=True)
    await Claim.filter(id__in=ids).update(withdrawal_state="CANCELLED")
    flt = {"statuses": ["RETURN_REQUESTED"], "withdrawalStates": ["CANCELLED"]}
    input_ = {"filter": flt, "sellerMessage": "请撤回", "idempotencyKey": "k-cancelled"}
    first = await bulk(api, **input_)
    assert first["doneCount"] == 2
    rounds = await WithdrawalRound.all().count()
    assert await bulk(api, **input_) == first
    assert await WithdrawalRound.all().count() == rounds


async def test_the_cap_refuses_the_whole_call(
    api: Api, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(policy, "BULK_REQUEST_MAX", 3)
    rounds = await WithdrawalRound.all().count()

    matching = await bulk(api, filter={"statuses": ["RETURN_REQUESTED"]}, sellerMessage="x")
    assert matching["results"] == []
    [error] = matching["userErrors"]
    assert error["field"] == ["filter"] and error["code"] == "INVALID_INPUT"
    assert error["message"].startswith("5 claims match this query; at most 3")
    assert "Narrow the query" in error["message"]

    named = [await claim_id_of(api, no) for no in (ORDER_RETURN, *ORDER_RETURN_NEW)]
    extra = await claim_id_of(api, ORDER_BUYER2_RETURN)
    selected = await bulk(api, claimIds=[*named, extra], sellerMessage="x")
    assert [(e["field"], e["code"]) for e in selected["userErrors"]] == [
        (["claimIds"], "INVALID_INPUT")
    ]
    assert await WithdrawalRound.all().count() == rounds
    # at the cap it goes through
    assert (await bulk(api, claimIds=named, sellerMessage="x"))["doneCount"] == 3


async def test_calls_that_cannot_run_are_refused_whole(api: Api, clock: Clock) -> None:
    claim = await claim_id_of(api, ORDER_RETURN)
    rounds = await WithdrawalRound.all().count()

    blank = await bulk(api, claimIds=[claim], sellerMessage="   ")
    assert [(e["field"], e["code"]) for e in blank["userErrors"]] == [
        (["sellerMessage"], "INVALID_INPUT")
    ]
    both = await bulk(api, claimIds=[claim], filter={}, sellerMessage="x")
    assert both["userErrors"][0]["message"] == "Name either the claims or a query, not both."
    neither = await bulk(api, sellerMessage="x")
    assert neither["userErrors"][0]["code"] == "INVALID_INPUT"
    none = await bulk(api, claimIds=[], sellerMessage="x")
    assert none["userErrors"][0]["message"] == "Select the claims to ask for withdrawal first."
    reversed_dates = await bulk(
        api, filter={"dateFrom": "2021-08-03", "dateTo": "2021-08-01"}, sellerMessage="x"
    )
    assert reversed_dates["userErrors"][0]["field"] == ["filter", "dateFrom"]
    empty = await bulk(api, filter={"orderNo": "999999999"}, sellerMessage="x")
    assert empty["userErrors"][0]["message"] == "No claim matches this query."
    long_key = await bulk(api, claimIds=[claim], sellerMessage="x", idempotencyKey="k" * 101)
    assert long_key["userErrors"][0]["field"] == ["idempotencyKey"]
    assert await WithdrawalRound.all().count() == rounds


async def test_a_garbage_id_fails_its_row_only(api: Api, clock: Clock) -> None:
    claim = await claim_id_of(api, ORDER_RETURN)
    payload = await bulk(api, claimIds=["not-an-id", claim, claim], sellerMessage="请撤回")
    rows = payload["results"]
    assert [r["done"] for r in rows] == [False, True]  # a claim named twice is asked once
    assert rows[0]["userErrors"][0]["field"] == ["claimIds", "0"]
    assert rows[0]["userErrors"][0]["code"] == "INVALID_INPUT"
    only_bad = await bulk(api, claimIds=["not-an-id"], sellerMessage="请撤回")
    assert only_bad["refusedCount"] == 1 and only_bad["userErrors"] == []
    with_filter = await bulk(api, claimIds=["not-an-id"], filter={}, sellerMessage="请撤回")
    assert with_filter["results"] == [] and with_filter["userErrors"][0]["field"] is None


async def test_a_buyer_cannot_bulk_request(api: Api, clock: Clock) -> None:
    claim = await claim_id_of(api, ORDER_RETURN)
    body = await api.data(
        BULK, {"input": {"claimIds": [claim], "sellerMessage": "x"}}, as_="buyer1"
    )
    payload = body["claimWithdrawalRequestBulk"]
    assert payload["results"] == [] and payload["userErrors"][0]["code"] == "UNAUTHENTICATED"
