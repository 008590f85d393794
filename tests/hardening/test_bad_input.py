"""Property-based bad input over every mutation and filter: never an HTTP 500 or a masked
internal error, always a specific userError or GraphQL validation error, never a write.

Each example is checked against a snapshot of everything a mutation could change.
"""

from __future__ import annotations

import base64
import json
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import demo as d
from models.entities import ClaimEvent, Inquiry, Memo, Notification, Order, WithdrawalRound
from tests.gql.helpers import Api, claim_id_of

EXAMPLES = 60
HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
KNOWN_CODES = {
    "NOT_FOUND",
    "INVALID_INPUT",
    "UNAUTHENTICATED",
    "CLAIM_NOT_WITHDRAWABLE",
    "WITHDRAWAL_ALREADY_PENDING",
    "NO_PENDING_WITHDRAWAL",
    "WITHDRAWAL_NOT_ON_HOLD",
    "COOLDOWN_ACTIVE",
    "IDEMPOTENCY_KEY_REUSED",
    "SHIPMENT_BLOCKED",
}

_gid = lambda text: base64.b64encode(text.encode()).decode()  # noqa: E731

nasty_text = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "",
            "   ",
            "\x00",
            "a\x00b",
            "\ud800",
            "\u202e\u200b",
            "x" * 100_000,
            "字" * 1001,
            "<script>alert(1)</script>",
            "'; DROP TABLE claim; --",
            '=HYPERLINK("http://x")',
        ]
    ),
)
bad_ids = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(
        [
            _gid("Claim:999999"),
            _gid("Claim:-1"),
            _gid("Claim:abc"),
            _gid("Order:1"),
            _gid("Claim:1e9"),
            _gid("Claim:" + "9" * 40),
            "Q2xhaW06",
            "====",
        ]
    ),
)
invalid_messages = st.one_of(
    st.just(""),
    st.text(alphabet=" \t\n", max_size=20),
    st.text(min_size=1001, max_size=1100),
    st.builds(lambda a, b: f"{a}\x00{b}", st.text(max_size=5), st.text(max_size=5)),
    st.builds(lambda a: f"{a}\x07", st.text(max_size=5)),
)


async def snapshot() -> tuple[Any, ...]:
    orders = await Order.all().order_by("id").values_list("tracking_no", "carrier")
    return (
        await WithdrawalRound.all().count(),
        await ClaimEvent.all().count(),
        await Memo.all().count(),
        await Inquiry.all().count(),
        await Notification.all().count(),
        tuple(orders),
    )


def assert_refused(body: dict[str, Any], field: str | None = None) -> None:
    """A specific refusal: GraphQL errors with messages, or known userErrors codes."""
    for error in body.get("errors") or []:
        assert "Internal server error" not in error["message"], error
        assert "Traceback" not in error["message"]
    if body.get("errors"):
        return
    (payload,) = body["data"].values()
    codes = {e["code"] for e in payload["userErrors"]}
    assert codes, f"accepted bad input: {body}"
    assert codes <= KNOWN_CODES, codes


async def post(api: Api, query: str, variables: dict[str, Any], as_: str = "shop1") -> dict:
    headers = {
        "Authorization": f"Bearer {await api.token(as_)}",
        "Content-Type": "application/json",
    }
    # ASCII-escaped JSON, so lone surrogates ("\ud800") reach the server as a client could
    # send them (httpx's json= would fail to encode them before sending)
    body = json.dumps({"query": query, "variables": variables}, ensure_ascii=True)
    response = await api.client.post("/graphql", content=body, headers=headers)
    assert response.status_code in (200, 400), (response.status_code, response.text[:300])
    if response.status_code == 400 and not response.text.lstrip().startswith("{"):
        assert "invalid Unicode" in response.text or "JSON" in response.text, response.text
        return {"errors": [{"message": response.text}]}
    return response.json()


REQUEST = """mutation($id: ID!, $m: String!, $k: String) {
  claimWithdrawalRequest(input: {claimId: $id, sellerMessage: $m, idempotencyKey: $k})
  { withdrawal { id } userErrors { field code message } } }"""
CANCEL = """mutation($id: ID!) { claimWithdrawalCancel(input: {claimId: $id})
  { withdrawal { id } userErrors { code message } } }"""
REREQUEST = """mutation($id: ID!, $m: String!) {
  claimWithdrawalRerequest(input: {claimId: $id, sellerMessage: $m})
  { withdrawal { id } userErrors { code message } } }"""
RESPOND = """mutation($id: ID!, $accept: Boolean!, $code: RejectionReason, $text: String) {
  claimWithdrawalRespond(input: {claimId: $id, accept: $accept, reasonCode: $code,
  reasonText: $text}) { withdrawal { id } userErrors { code message } } }"""
MEMO = """mutation($no: String!, $t: String!, $b: String!) {
  memoSend(input: {orderNo: $no, title: $t, body: $b}) { memo { id } userErrors { code } } }"""
INQUIRY = """mutation($c: String!, $s: String!, $t: String!, $b: String!, $l: String!,
  $no: String) { inquirySubmit(input: {category: $c, subcategory: $s, title: $t, body: $b,
  lang: $l, orderNo: $no}) { inquiry { id } userErrors { code } } }"""
SHIPMENT = """mutation($no: String!, $c: String!, $t: String!) {
  shipmentRegister(input: {orderNo: $no, carrier: $c, trackingNo: $t})
  { order { orderNo } userErrors { code } } }"""
CLAIMS = """query($f: ClaimFilter, $first: Int, $after: String) {
  claims(filter: $f, first: $first, after: $after) { totalCount edges { cursor } } }"""
GRID = """query($f: ClaimFilter) { claimStatusCounts(filter: $f) { withdrawalRequested } }"""
MEMOS = """query($f: MemoFilter, $first: Int, $after: String) {
  memos(filter: $f, first: $first, after: $after) { edges { cursor } } }"""


@HYPOTHESIS
@given(claim_id=bad_ids, message=nasty_text, key=st.one_of(st.none(), nasty_text))
async def test_request_with_bad_claim_ids(api: Api, claim_id, message, key):
    before = await snapshot()
    body = await post(api, REQUEST, {"id": claim_id, "m": message or "m", "k": key})
    assert_refused(body)
    assert await snapshot() == before


@HYPOTHESIS
@given(message=invalid_messages)
async def test_request_and_rerequest_with_bad_messages(api: Api, message):
    claim = await claim_id_of(api, d.ORDER_RETURN)
    before = await snapshot()
    for query in (REQUEST, REREQUEST):
        body = await post(api, query, {"id": claim, "m": message})
        assert_refused(body)
    assert await snapshot() == before


@HYPOTHESIS
@given(
    claim_id=bad_ids,
    accept=st.one_of(st.booleans(), st.just("yes"), st.none()),
    code=st.one_of(st.none(), st.sampled_from(["OTHER", "other", "", "NOPE", 3])),
    text=st.one_of(st.none(), nasty_text),
)
async def test_cancel_and_respond_with_bad_input(api: Api, claim_id, accept, code, text):
    before = await snapshot()
    assert_refused(await post(api, CANCEL, {"id": claim_id}))
    body = await post(
        api, RESPOND, {"id": claim_id, "accept": accept, "code": code, "text": text}, "buyer1"
    )
    assert_refused(body)
    assert await snapshot() == before


@HYPOTHESIS
@given(
    order_no=st.one_of(nasty_text, st.just(d.ORDER_SHOP2_RETURN)),
    title=nasty_text,
    body_text=nasty_text,
)
async def test_memo_with_bad_input(api: Api, order_no, title, body_text):
    if order_no not in (d.ORDER_SHOP2_RETURN,) and title.strip() and body_text.strip():
        order_no = order_no + "#nope"  # an order that cannot exist: only bad input here
    before = await snapshot()
    assert_refused(await post(api, MEMO, {"no": order_no, "t": title, "b": body_text}))
    assert await snapshot() == before


@HYPOTHESIS
@given(
    category=nasty_text,
    sub=nasty_text,
    title=nasty_text,
    lang=nasty_text,
    order_no=st.one_of(st.none(), nasty_text),
)
async def test_inquiry_with_bad_input(api: Api, category, sub, title, lang, order_no):
    before = await snapshot()
    variables = {"c": category, "s": sub, "t": title, "b": "body", "l": lang, "no": order_no}
    assert_refused(await post(api, INQUIRY, variables))
    assert await snapshot() == before


@HYPOTHESIS
@given(
    order_no=st.one_of(nasty_text, st.sampled_from([d.ORDER_FAQ_CANCEL, d.ORDER_SHOP2_RETURN])),
    carrier=nasty_text,
    tracking=st.one_of(nasty_text, st.just("12 34"), st.just("")),
)
async def test_shipment_with_bad_input(api: Api, order_no, carrier, tracking):
    if order_no not in (d.ORDER_FAQ_CANCEL, d.ORDER_SHOP2_RETURN):
        order_no = order_no + "#nope"
    before = await snapshot()
    assert_refused(await post(api, SHIPMENT, {"no": order_no, "c": carrier, "t": tracking}))
    assert await snapshot() == before


filters = st.fixed_dictionaries(
    {},
    optional={
        "types": st.lists(st.sampled_from(["CANCEL", "RETURN", "BOGUS", 1]), max_size=3),
        "statuses": st.lists(st.sampled_from(["RETURN_REQUESTED", "withdrawn", ""]), max_size=3),
        "dateField": st.sampled_from(["ORDER", "REQUEST", "COMPLETE", "NOW", None]),
        "dateFrom": st.sampled_from(["2021-07-01", "0000-01-01", "9999-12-31", "2021-13-45", "x"]),
        "dateTo": st.sampled_from(["2021-08-31", "0001-01-01", "", "2021-02-30"]),
        "orderNo": nasty_text,
        "cartNo": nasty_text,
        "itemCode": nasty_text,
        "sellerItemCode": nasty_text,
        "delayedOnly": st.sampled_from([True, False, "yes", None]),
    },
)
cursors = st.one_of(
    st.none(), nasty_text, st.sampled_from([_gid("2021-08-01|5"), "MjAyMS0wOC0wMXx4"])
)
firsts = st.one_of(st.none(), st.integers(min_value=-(2**40), max_value=2**40))


@HYPOTHESIS
@given(flt=filters, first=firsts, after=cursors)
async def test_claim_and_grid_filters_never_fail_badly(api: Api, flt, first, after):
    for query, variables in (
        (CLAIMS, {"f": flt, "first": first, "after": after}),
        (GRID, {"f": flt}),
    ):
        body = await post(api, query, variables)
        for error in body.get("errors") or []:
            assert "Internal server error" not in error["message"], error
        if not body.get("errors"):
            (result,) = body["data"].values()
            assert result is not None


@HYPOTHESIS
@given(
    flt=st.fixed_dictionaries(
        {},
        optional={
            "dateFrom": st.sampled_from(["2021-07-01", "0000-01-01", "x"]),
            "status": st.sampled_from(["UNANSWERED", "nope"]),
            "channel": st.sampled_from(["BUYER_SELLER", "", 3]),
            "itemCode": nasty_text,
            "orderNo": nasty_text,
        },
    ),
    first=firsts,
    after=cursors,
)
async def test_memo_filters_never_fail_badly(api: Api, flt, first, after):
    body = await post(api, MEMOS, {"f": flt, "first": first, "after": after})
    for error in body.get("errors") or []:
        assert "Internal server error" not in error["message"], error
