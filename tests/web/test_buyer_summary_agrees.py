"""The MyQoo10 page and the API's buyerSummary show the same numbers (one definition)."""

from models import demo as d
from models.entities import Buyer, Claim, Seller
from models.ops import withdrawals
from tests.web.helpers import text

SUMMARY = """{ buyerSummary { awaitingShipment shipping delivered cancelling returning
  refundWaiting refunded withdrawalRequested } }"""
PAGE_TESTIDS = {
    "awaitingShipment": "my-count-awaiting-shipment",
    "shipping": "my-count-shipping",
    "delivered": "my-count-delivered",
    "cancelling": "my-count-cancelling",
    "returning": "my-count-returning",
    "refundWaiting": "my-count-refund-waiting",
    "refunded": "my-count-refunded",
    "withdrawalRequested": "my-count-withdrawal",
}


async def test_page_and_api_agree(buyer1):
    shop1 = await Seller.get(login_id="shop1")
    claim = await Claim.get(order__order_no=d.ORDER_RETURN)
    await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
    page = (await buyer1.get("/myqoo10")).text
    api = (await buyer1.post("/graphql", json={"query": SUMMARY})).json()["data"]["buyerSummary"]
    on_page = {field: int(text(page, testid)) for field, testid in PAGE_TESTIDS.items()}
    assert on_page == api
    buyer = await Buyer.get(login_id="buyer1")
    assert (
        api["withdrawalRequested"]
        == await Claim.filter(buyer_id=buyer.id, withdrawal_state="REQUESTED").count()
    )
    assert api["withdrawalRequested"] >= 1 and api["returning"] >= 1


PENDING = "{ myWithdrawalRequests { order { orderNo } } }"


async def test_page_and_api_list_the_same_pending_requests_in_the_same_order(buyer1, clock):
    """Oldest request first on both (the page listed by claim id, the API by updated_at)."""
    import re

    from models import policy

    shop1 = await Seller.get(login_id="shop1")
    buyer = await Buyer.get(login_id="buyer1")
    candidates = await Claim.filter(
        buyer_id=buyer.id,
        seller_id=shop1.id,
        status__in=list(policy.WITHDRAWABLE_STATUSES),
        withdrawal_state__isnull=True,
    ).order_by("id")
    assert len(candidates) >= 3
    # request the newest claim first, a day before the others, then the rest
    already = await Claim.filter(buyer_id=buyer.id, withdrawal_state="REQUESTED").order_by("id")
    ordered = [candidates[-1], *candidates[:-1]]
    for number, claim in enumerate(ordered):
        await withdrawals.request_withdrawal(shop1.id, claim.id, f"please {number}")
        clock.advance(days=0.01)
    page = (await buyer1.get("/myqoo10")).text
    on_page = re.findall(r'data-testid="my-request-(\d+)"', page)
    api = (await buyer1.post("/graphql", json={"query": PENDING})).json()["data"]
    in_api = [row["order"]["orderNo"] for row in api["myWithdrawalRequests"]]
    # the demo's own pending requests are older than this test's
    expected = [(await c.order).order_no for c in [*already, *ordered]]
    assert on_page == in_api == expected
