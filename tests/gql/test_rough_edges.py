"""Issue 12's rough edges on the API: a refusal says what happened, in the caller's language.

A stale cancel after the buyer rejected answered "there is no pending request", though the
request was right there, on hold; a closed claim's withdrawalActions told the frontend to
ask Qoo10. The codes stay the contract's; the sentences now say what became of it.
"""

from __future__ import annotations

import pytest

from models import demo as d
from tests.gql import ops
from tests.gql.helpers import Api, claim_id_of, requested_then_rejected


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", "客户已于 2021/08/03 拒绝了撤回要请，该要请现为撤回保留。"),
        ("ja", "顧客が 2021/08/03 に撤回要請を拒否したため、要請は撤回保留になっています。"),
        ("en", "The buyer rejected the withdrawal request on 2021/08/03; it is now on hold."),
    ],
)
async def test_a_stale_cancel_says_the_buyer_rejected_in_the_callers_language(
    api: Api, lang: str, expected: str
):
    claim, seen = await requested_then_rejected(api, d.ORDER_RETURN)
    stale = await api.data(
        ops.CANCEL,
        {"input": {"claimId": claim, "withdrawalId": seen, "expectedState": "REQUESTED"}},
        as_="shop1",
        headers={"Accept-Language": lang},
    )
    (error,) = stale["claimWithdrawalCancel"]["userErrors"]
    assert error["code"] == "NO_PENDING_WITHDRAWAL"  # the contract's code is kept
    assert error["message"].startswith(expected)


async def test_a_withdrawn_claims_actions_say_the_buyer_accepted_not_ask_qoo10(api: Api):
    claim = await claim_id_of(api, d.ORDER_RETURN)
    await api.data(
        ops.REQUEST, {"input": {"claimId": claim, "sellerMessage": "please"}}, as_="shop1"
    )
    await api.data(ops.RESPOND, {"input": {"claimId": claim, "accept": True}}, as_="buyer1")
    data = await api.data(ops.ORDER, {"no": d.ORDER_RETURN}, as_="shop1")
    actions = {a["action"]: a for a in data["order"]["claim"]["withdrawalActions"]}
    request = actions["REQUEST"]
    assert request["allowed"] is False and request["reason"] == "CLAIM_NOT_WITHDRAWABLE"
    assert request["message"].startswith("客户已于 2021/08/03 同意撤回要请")
    assert "向Qoo10进行咨询" not in request["message"]
    cancel = actions["CANCEL"]
    assert cancel["reason"] == "NO_PENDING_WITHDRAWAL"
    assert cancel["message"] == "客户已于 2021/08/03 同意撤回要请，该投诉已撤回。"


INQUIRY = """
mutation($input: InquirySubmitInput!) {
  inquirySubmit(input: $input) { inquiry { id title } userErrors { field code message } }
}"""


async def test_an_inquiry_sent_twice_with_one_key_is_filed_once(api: Api):
    form = {
        "category": "REFUND_CLAIM_WITHDRAWAL",
        "subcategory": "CLAIM_WITHDRAWAL",
        "title": "撤回",
        "body": "请帮忙撤回。",
        "lang": "zh",
        "orderNo": d.ORDER_RETURN,
        "idempotencyKey": "inq-1",
    }
    first = await api.data(INQUIRY, {"input": form}, as_="shop1")
    again = await api.data(INQUIRY, {"input": {**form, "title": "again"}}, as_="shop1")
    one = first["inquirySubmit"]["inquiry"]
    assert again["inquirySubmit"]["inquiry"] == one and one["title"] == "撤回"
    other = await api.data(INQUIRY, {"input": {**form, "idempotencyKey": "inq-2"}}, as_="shop1")
    assert other["inquirySubmit"]["inquiry"]["id"] != one["id"]
    # a key already standing for a withdrawal operation is refused, not reused
    claim = await claim_id_of(api, d.ORDER_RETURN)
    await api.data(
        ops.REQUEST,
        {"input": {"claimId": claim, "sellerMessage": "please", "idempotencyKey": "k"}},
        as_="shop1",
    )
    reused = await api.data(INQUIRY, {"input": {**form, "idempotencyKey": "k"}}, as_="shop1")
    (error,) = reused["inquirySubmit"]["userErrors"]
    assert error["code"] == "IDEMPOTENCY_KEY_REUSED"


async def test_the_order_has_the_panels_tracking_link(api: Api):
    """运送跟踪 on both surfaces: the API's Order.trackingUrl is the panel's link."""
    query = "query($no: String!) { order(orderNo: $no) { trackingNo trackingUrl } }"
    data = await api.data(query, {"no": d.ORDER_RETURN}, as_="shop1")
    order = data["order"]
    assert order["trackingUrl"] == (
        "https://k2k.sagawa-exp.co.jp/p/web/okurijosearch.do?okurijoNo=" + order["trackingNo"]
    )
    none = await api.data(query, {"no": d.ORDER_FAQ_CANCEL}, as_="shop1")  # not shipped yet
    assert none["order"]["trackingNo"] == "" and none["order"]["trackingUrl"] is None


async def test_a_rerequest_from_a_stale_page_names_the_new_round(api: Api):
    """Two tabs on a held request: the first re-requests, the second (still showing the
    hold) is told a new request was made and until when the buyer may answer."""
    claim, _ = await requested_then_rejected(api, d.ORDER_RETURN)
    held = await api.data(ops.ORDER, {"no": d.ORDER_RETURN}, as_="shop1")
    seen = held["order"]["claim"]["withdrawal"]["id"]
    tab = {"claimId": claim, "withdrawalId": seen, "expectedState": "HELD"}
    first = await api.data(ops.REREQUEST, {"input": {**tab, "sellerMessage": "a"}}, as_="shop1")
    assert first["claimWithdrawalRerequest"]["userErrors"] == []
    second = await api.data(ops.REREQUEST, {"input": {**tab, "sellerMessage": "b"}}, as_="shop1")
    (error,) = second["claimWithdrawalRerequest"]["userErrors"]
    assert error["code"] == "WITHDRAWAL_NOT_ON_HOLD"
    assert (
        error["message"] == "已于 2021/08/03 提出新的撤回要请（第2次），客户回应期限为 2021/08/09。"
    )
