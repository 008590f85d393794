"""What the codegen fixes change for a client (docs/graphql.md, Codegen): the claim's
withdrawal label under its new name in every language, the deprecated old name still
answering as before for documents that never passed `lang`, and the custom scalars
announcing their specification through introspection."""

from __future__ import annotations

import httpx

from models.demo import ORDER_RETURN
from tests.gql import ops
from tests.gql.helpers import Api, claim_id_of

LABELS = """
query($no: String!) {
  order(orderNo: $no) {
    claim {
      withdrawalState
      zh: withdrawalLabel
      en: withdrawalLabel(lang: EN)
      ja: withdrawalLabel(lang: JA)
      old: withdrawalStateLabel
      withdrawal { stateLabel(lang: EN) }
    }
  }
}"""


async def test_withdrawal_label_new_name_and_deprecated_old_one(api: Api) -> None:
    before = (await api.data(LABELS, {"no": ORDER_RETURN}, as_="shop1"))["order"]["claim"]
    assert before["withdrawalState"] is None
    assert before["en"] is None and before["old"] is None

    claim_id = await claim_id_of(api, ORDER_RETURN)
    asked = await api.data(
        ops.REQUEST, {"input": {"claimId": claim_id, "sellerMessage": "请撤回"}}, as_="shop1"
    )
    assert asked["claimWithdrawalRequest"]["userErrors"] == []

    claim = (await api.data(LABELS, {"no": ORDER_RETURN}, as_="shop1"))["order"]["claim"]
    assert claim["withdrawalState"] == "REQUESTED"
    assert (claim["zh"], claim["ja"], claim["en"]) == ("撤回要请", "撤回要請", "Requested")
    assert claim["old"] == "撤回要请"  # the old default, unchanged for argument-less documents
    assert claim["en"] == claim["withdrawal"]["stateLabel"]


async def test_old_label_with_lang_is_a_validation_error(api: Api) -> None:
    body = await api.post(
        "query($no: String!) { order(orderNo: $no) { claim { withdrawalStateLabel(lang: EN) } } }",
        {"no": ORDER_RETURN},
        as_="shop1",
    )
    assert body.get("data") is None
    assert "lang" in body["errors"][0]["message"]


SCALARS = """
{
  date: __type(name: "Date") { kind specifiedByURL description }
  dateTime: __type(name: "DateTime") { kind specifiedByURL description }
  upload: __type(name: "Upload") { kind specifiedByURL description }
}"""


async def test_custom_scalars_carry_specified_by(dev_client: httpx.AsyncClient) -> None:
    response = await dev_client.post("/graphql", json={"query": SCALARS})
    body = response.json()
    assert "errors" not in body, body
    data = body["data"]
    rfc3339 = "https://www.rfc-editor.org/rfc/rfc3339#section-5.6"
    assert data["date"]["specifiedByURL"] == rfc3339
    assert data["dateTime"]["specifiedByURL"] == rfc3339
    assert data["upload"]["specifiedByURL"] == (
        "https://github.com/jaydenseric/graphql-multipart-request-spec"
    )
    assert all(data[name]["kind"] == "SCALAR" for name in ("date", "dateTime", "upload"))


async def test_dates_keep_their_wire_format(api: Api) -> None:
    """@specifiedBy changed no value: a Date is YYYY-MM-DD, a DateTime carries +09:00."""
    claim_id = await claim_id_of(api, ORDER_RETURN)
    asked = await api.data(
        ops.REQUEST, {"input": {"claimId": claim_id, "sellerMessage": "请撤回"}}, as_="shop1"
    )
    withdrawal = asked["claimWithdrawalRequest"]["withdrawal"]
    assert withdrawal["deadline"] == "2021-08-09"
    claim = asked["claimWithdrawalRequest"]["claim"]
    assert claim["withdrawal"]["requestedAt"].startswith("2021-08-03T")
    assert claim["withdrawal"]["requestedAt"].endswith("+09:00")
