"""The list's [批量撤回要请]: the ticked rows or "all N matching" the query, one message, a
confirmation naming the count, then each claim's result (the operation the API uses)."""

from __future__ import annotations

import re

import httpx
import pytest

from models import policy
from models.demo import ORDER_PENDING_WITHDRAWAL, ORDER_RETURN
from models.entities import Claim, WithdrawalRound
from tests.gql.helpers import Api
from tests.web.helpers import HTMX, attrs, has, make_client, text, texts, token

ROUTE = "/portal/claims/bulk/request"
#: shop1's claim in 取消中: not withdrawable here.
ORDER_CANCELLING = "638452903"


async def ids_of(*order_nos: str) -> list[int]:
    by_no = {
        no: claim_id
        for claim_id, no in await Claim.filter(order__order_no__in=order_nos).values_list(
            "id", "order__order_no"
        )
    }
    return [by_no[no] for no in order_nos]


async def grid_requested(client: httpx.AsyncClient) -> str:
    grid = await client.get("/portal/claims/grid", headers=HTMX)
    return text(grid.text, "grid-WITHDRAWAL_REQUESTED")


def hidden(html: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" value="([^"]*)"', html)


async def post(
    client: httpx.AsyncClient, fields: list[tuple[str, str]], *, htmx: bool = True
) -> httpx.Response:
    csrf = await token(client, "/portal/claims")
    data: dict[str, list[str]] = {"csrf_token": [csrf]}
    for name, value in fields:
        data.setdefault(name, []).append(value)
    return await client.post(ROUTE, data=data, headers=HTMX if htmx else {})


async def test_the_list_has_the_bulk_button_next_to_excel(seller):
    page = await seller.get("/portal/claims?cell=RETURN_REQUESTED")
    [button] = attrs(page.text, "bulk-request")
    assert text(page.text, "bulk-request") == "批量撤回要请"
    assert button["hx-get"] == ROUTE and button["hx-include"] == "closest form"


async def test_the_dialog_names_the_ticked_count_and_all_matching(seller):
    chosen = await ids_of(ORDER_RETURN, ORDER_CANCELLING)
    query = "&".join(f"sel={i}" for i in chosen)
    dialog = await seller.get(f"{ROUTE}?cell=RETURN_REQUESTED&{query}", headers=HTMX)
    assert dialog.status_code == 200
    assert has(dialog.text, "bulk-dialog")
    assert text(dialog.text, "bulk-selected-count") == "已勾选 2 件投诉。"
    # the grid's 退货要求 5: counted on the server, not the rows on screen
    assert text(dialog.text, "bulk-all-count") == "符合当前查询条件的投诉共 5 件。"
    [selected] = attrs(dialog.text, "bulk-submit-selected")
    assert selected["data-confirm"] == "确定要向 2 件投诉的客户发送撤回要请吗？"
    [everything] = attrs(dialog.text, "bulk-submit-all")
    assert everything["data-confirm"] == "确定要向 5 件投诉的客户发送撤回要请吗？"
    assert hidden(dialog.text, "cell") == ["RETURN_REQUESTED"]
    assert hidden(dialog.text, "sel") == [str(i) for i in chosen]


async def test_ticked_rows_get_one_result_each(seller, buyer1):
    chosen = await ids_of(ORDER_RETURN, ORDER_PENDING_WITHDRAWAL, ORDER_CANCELLING)
    before = await grid_requested(seller)
    fields = [("sel", str(i)) for i in chosen]
    fields += [("cell", "RETURN_REQUESTED"), ("confirmed_action", "selected")]
    fields += [("seller_message", "商品已经发出，请撤回。"), ("idempotency_key", "bulk-web-1")]

    response = await post(seller, fields)

    assert response.status_code == 200
    assert response.headers["HX-Trigger"] == "claims-changed"
    assert text(response.text, "bulk-summary") == "已要请 1 件，未能要请 2 件。"
    assert [a["data-done"] for a in attrs(response.text, f"bulk-result-{ORDER_RETURN}")] == ["1"]
    outcomes = texts(response.text, "bulk-outcome")
    reasons = texts(response.text, "bulk-reason")
    assert outcomes == ["已要请", "未能要请", "未能要请"]
    assert reasons[0] == ""
    assert reasons[1].startswith("该投诉已有撤回要请（")
    assert reasons[2].startswith("处理状态为「取消中」的投诉不能在此撤回")
    assert int(await grid_requested(seller)) == int(before) + 1
    myqoo10 = await buyer1.get("/myqoo10")
    assert has(myqoo10.text, f"my-request-{ORDER_RETURN}")
    assert "商品已经发出，请撤回。" in myqoo10.text

    rounds = await WithdrawalRound.all().count()
    again = await post(seller, fields)
    assert texts(again.text, "bulk-outcome") == outcomes
    assert await WithdrawalRound.all().count() == rounds


async def test_all_matching_reads_the_query_again(seller):
    fields = [("cell", "RETURN_REQUESTED"), ("confirmed_action", "all")]
    fields += [("seller_message", "请撤回"), ("idempotency_key", "bulk-web-all")]
    response = await post(seller, fields)
    assert text(response.text, "bulk-summary") == "已要请 4 件，未能要请 1 件。"
    assert len(texts(response.text, "bulk-outcome")) == 5
    requested = await Claim.filter(status="RETURN_REQUESTED", withdrawal_state="REQUESTED")
    assert len(requested) == 5


async def test_all_matching_above_the_cap_asks_to_narrow_the_query(
    seller, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr(policy, "BULK_REQUEST_MAX", 3)
    dialog = await seller.get(f"{ROUTE}?cell=RETURN_REQUESTED", headers=HTMX)
    [everything] = attrs(dialog.text, "bulk-submit-all")
    assert "disabled" in everything
    refusal = text(dialog.text, "bulk-all-refusal")
    assert refusal.startswith("有 5 件投诉符合查询条件，一次最多可以撤回要请 3 件。")
    assert "请缩小查询条件" in refusal

    rounds = await WithdrawalRound.all().count()
    fields = [("cell", "RETURN_REQUESTED"), ("confirmed_action", "all"), ("seller_message", "x")]
    response = await post(seller, fields)
    assert response.status_code == 400
    assert "请缩小查询条件" in text(response.text, "bulk-error")
    assert await WithdrawalRound.all().count() == rounds


async def test_a_refused_call_keeps_the_dialog_and_the_typed_message(seller):
    [claim_id] = await ids_of(ORDER_RETURN)
    long = "长" * (policy.MESSAGE_MAX_LENGTH + 1)
    fields = [("sel", str(claim_id)), ("confirmed_action", "selected"), ("seller_message", long)]
    response = await post(seller, fields)
    assert response.status_code == 400
    assert has(response.text, "bulk-dialog")
    assert "1000" in text(response.text, "bulk-error")
    assert text(response.text, "bulk-message") == long
    assert await WithdrawalRound.filter(claim_id=claim_id).count() == 0


async def test_nothing_ticked_and_no_query_says_what_to_do(seller):
    dialog = await seller.get(ROUTE, headers=HTMX)
    assert text(dialog.text, "bulk-none") == "请先勾选投诉，或先查询。"
    assert not has(dialog.text, "bulk-submit-selected")
    bad = await seller.get(f"{ROUTE}?sel=abc", headers=HTMX)
    assert bad.status_code == 400
    assert text(bad.text, "bulk-error") == "选择的投诉无效，请重新勾选。"


async def test_without_javascript_both_steps_are_pages(seller):
    [claim_id] = await ids_of(ORDER_RETURN)
    page = await seller.get(f"{ROUTE}?sel={claim_id}")
    assert has(page.text, "bulk-page") and "<html" in page.text
    fields = [("sel", str(claim_id)), ("scope", "selected"), ("seller_message", "请撤回")]
    done = await post(seller, fields, htmx=False)
    assert has(done.text, "bulk-result-page")
    assert texts(done.text, "bulk-outcome") == ["已要请"]


async def test_the_form_needs_its_csrf_token(seller):
    [claim_id] = await ids_of(ORDER_RETURN)
    response = await seller.post(
        ROUTE,
        data={"sel": str(claim_id), "scope": "selected", "seller_message": "x"},
        headers=HTMX,
    )
    assert response.status_code == 403
    assert await WithdrawalRound.filter(claim_id=claim_id).count() == 0


async def test_the_dialog_speaks_english(seller):
    seller.cookies.set("qsm_lang", "en")
    [claim_id] = await ids_of(ORDER_CANCELLING)
    fields = [("sel", str(claim_id)), ("confirmed_action", "selected"), ("seller_message", "x")]
    response = await post(seller, fields)
    assert text(response.text, "bulk-summary") == "0 requested, 1 not requested."
    assert texts(response.text, "bulk-reason")[0].startswith('A claim in status "Cancelling"')


async def test_the_portal_and_the_api_give_the_same_outcome_and_sentence(seller):
    """One operation behind both surfaces: the same claims refused with the same sentence,
    the same claims done."""
    order_nos = (ORDER_PENDING_WITHDRAWAL, ORDER_CANCELLING)
    claim_ids = await ids_of(*order_nos)
    fields = [("sel", str(i)) for i in claim_ids]
    fields += [("confirmed_action", "selected"), ("seller_message", "请撤回")]
    portal = await post(seller, fields)
    portal_reasons = texts(portal.text, "bulk-reason")

    async with make_client() as http:
        api = Api(http)
        ids = [
            (
                await api.data(
                    "query($no: String!) { order(orderNo: $no) { claim { id } } }",
                    {"no": no},
                    as_="shop1",
                )
            )["order"]["claim"]["id"]
            for no in order_nos
        ]
        body = await api.data(
            "mutation($input: ClaimWithdrawalRequestBulkInput!) { claimWithdrawalRequestBulk("
            "input: $input) { results { orderNo done userErrors { message } } } }",
            {"input": {"claimIds": ids, "sellerMessage": "请撤回"}},
            as_="shop1",
            headers={"Accept-Language": "zh"},
        )
    results = body["claimWithdrawalRequestBulk"]["results"]
    assert [r["orderNo"] for r in results] == list(order_nos)
    assert [r["done"] for r in results] == [False, False]
    assert [r["userErrors"][0]["message"] for r in results] == portal_reasons
