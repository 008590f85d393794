"""同意取消 through the API, with the same rule as the portal's button (it existed only in
the portal): available exactly when the panel lists COMPLETE_CANCEL."""

from __future__ import annotations

from models import demo as d
from tests.gql.helpers import Api, claim_id_of

ACCEPT = """mutation($id: ID!) { claimCancellationAccept(input: {claimId: $id}) {
  claim { status } userErrors { field code message } } }"""
PANEL_ACTIONS = (
    "query($no: String!) { order(orderNo: $no) { panel { actions { action allowed } } } }"
)


def offered(data: dict) -> set[str]:
    return {a["action"] for a in data["order"]["panel"]["actions"] if a["allowed"]}


async def test_seller_accepts_the_cancellation_the_panel_offers(api: Api):
    panel = await api.data(PANEL_ACTIONS, {"no": d.ORDER_FAQ_CANCEL}, as_="shop1")
    assert "COMPLETE_CANCEL" in offered(panel)
    claim = await claim_id_of(api, d.ORDER_FAQ_CANCEL)
    done = await api.data(ACCEPT, {"id": claim}, as_="shop1")
    assert done["claimCancellationAccept"] == {
        "claim": {"status": "CANCELLING"},
        "userErrors": [],
    }
    again = await api.data(ACCEPT, {"id": claim}, as_="shop1")
    assert again["claimCancellationAccept"]["claim"] is None
    assert [e["code"] for e in again["claimCancellationAccept"]["userErrors"]] == [
        "INVALID_TRANSITION"
    ]


async def test_not_offered_not_allowed_and_not_for_others(api: Api):
    panel = await api.data(PANEL_ACTIONS, {"no": d.ORDER_RETURN}, as_="shop1")
    assert "COMPLETE_CANCEL" not in offered(panel)
    return_claim = await claim_id_of(api, d.ORDER_RETURN)
    refused = await api.data(ACCEPT, {"id": return_claim}, as_="shop1")
    assert [e["code"] for e in refused["claimCancellationAccept"]["userErrors"]] == [
        "INVALID_TRANSITION"
    ]
    cancel_claim = await claim_id_of(api, d.ORDER_FAQ_CANCEL)
    other = await api.data(ACCEPT, {"id": cancel_claim}, as_="shop2")
    assert [e["code"] for e in other["claimCancellationAccept"]["userErrors"]] == ["NOT_FOUND"]
    buyer = await api.data(ACCEPT, {"id": cancel_claim}, as_="buyer1")
    assert [e["code"] for e in buyer["claimCancellationAccept"]["userErrors"]] == [
        "UNAUTHENTICATED"
    ]
