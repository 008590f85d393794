"""The order detail (交易信息) answers the same with `gql/orders/fast.py`'s synchronous
resolvers as with the Strawberry resolvers they replace: every field the portal and the
bench's `ORDER` query read, for the seller (the panel read model's rows) and for the buyer
(the dataloaders), with a held round, a rejection reason, events and memos both ways."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from tortoise.expressions import Subquery

from gql.orders.fast import ANSWERS
from gql.schema import build_schema
from models.entities import Claim, Memo, Order, Seller
from tests.bench.scenarios import ORDER as BENCH_ORDER
from tests.gql import ops
from tests.gql.helpers import Api, claim_id_of

ORDER_NO = "638452888"

DETAIL = """query($no: String!) {
  order(orderNo: $no) {
    id orderNo cartNo itemCode sellerItemCode itemName quantity optionInfo orderDate shipDate
    carrier trackingNo trackingUrl status statusLabel ja: statusLabel(lang: JA) shopName
    buyerMaskedId hasUnansweredMemo completeDate
    claim {
      id type status statusLabel reason requestDate withdrawalState withdrawalLabel(lang: EN)
      withdrawal { id round state stateLabel sellerMessage requestedAt requestDate deadline
                   heldAt heldDate rejectionReason { code text label } }
      withdrawalRounds { id round state requestDate deadline }
      withdrawalActions { action allowed reason message label }
      nextRequestAllowedOn rerequestDeadline
      events { id kind label actor actorLabel(lang: JA) round message at fromStatus toState }
    }
    claims { id status }
    memos { id sender title body status sentAt senderLabel sentByViewer awaitingViewer }
    thread { id title sender }
    panel {
      claim { id status }
      withdrawal { id state }
      withdrawalRounds { id round }
      events { id kind }
      actions { action allowed reason message label }
      requestDeadline rerequestDeadline hasUnansweredMemo
      memos { id title }
      savedReplies { id title body }
    }
  }
}"""


@contextmanager
def strawberry_resolvers() -> Iterator[None]:
    """The replaced Strawberry resolvers back on the schema for a block."""
    schema = build_schema(development=False)._schema
    fields = [schema.get_type(t).fields[f] for t, f in ANSWERS]  # type: ignore[union-attr]
    fast = [field.resolve for field in fields]
    for field in fields:
        field.resolve = field.resolve.fallback
    try:
        yield
    finally:
        for field, resolve in zip(fields, fast, strict=True):
            field.resolve = resolve


async def _both(api: Api, query: str, as_: str) -> tuple[dict[str, Any], dict[str, Any]]:
    fast = await api.post(query, {"no": ORDER_NO, "orderNo": ORDER_NO}, as_=as_)
    with strawberry_resolvers():
        slow = await api.post(query, {"no": ORDER_NO, "orderNo": ORDER_NO}, as_=as_)
    assert "errors" not in fast, fast
    return fast, slow


async def test_order_detail_answers_the_same_on_both_paths(api: Api) -> None:
    claim = await claim_id_of(api, ORDER_NO)
    await api.data(ops.REQUEST, {"input": {"claimId": claim, "sellerMessage": "pls"}}, as_="shop1")
    answer = {"claimId": claim, "accept": False, "reasonCode": "OTHER", "reasonText": "no"}
    await api.data(ops.RESPOND, {"input": answer}, as_="buyer1")
    memo = {"orderNo": ORDER_NO, "title": "where is it", "body": "please answer"}
    await api.data(ops.MEMO_SEND, {"input": memo}, as_="buyer1")

    for query in (DETAIL, BENCH_ORDER):
        fast, slow = await _both(api, query, "shop1")
        assert fast == slow
    order = fast["data"]["order"]
    # the answer holds what the comparison is about: no empty panel compared with itself
    assert order["shopName"] and order["buyerMaskedId"].endswith("*****")
    assert order["hasUnansweredMemo"] is True
    assert order["claim"]["withdrawal"]["state"] == "HELD"
    assert order["claim"]["withdrawal"]["heldDate"]
    assert len(order["claim"]["events"]) >= 2
    assert order["memos"][0]["title"] == "where is it"

    # the buyer's order has no panel: every replaced field falls back to the dataloaders
    buyer_query = DETAIL.replace("panel {", "panelOfBuyer: panel {")
    fast, slow = await _both(api, buyer_query, "buyer1")
    assert fast == slow
    order = fast["data"]["order"]
    assert order["panelOfBuyer"] is None
    assert order["claim"]["withdrawal"]["state"] == "HELD"
    assert order["shopName"]


async def test_an_order_without_claim_or_memos_answers_the_same(api: Api) -> None:
    seller = await Seller.get(login_id="shop1")
    bare = (
        await Order.filter(seller_id=seller.id)
        .exclude(id__in=Subquery(Claim.all().values("order_id")))
        .exclude(id__in=Subquery(Memo.all().values("order_id")))
        .order_by("id")
        .first()
    )
    assert bare is not None
    # an order without claim or memos, and an unknown number (null), on both paths
    for number in (bare.order_no, "000000000"):
        fast = await api.post(DETAIL, {"no": number}, as_="shop1")
        with strawberry_resolvers():
            slow = await api.post(DETAIL, {"no": number}, as_="shop1")
        assert "errors" not in fast, fast
        assert fast == slow
    fast = await api.post(DETAIL, {"no": bare.order_no}, as_="shop1")
    order = fast["data"]["order"]
    assert order["claim"] is None and order["memos"] == [] and order["shopName"]
