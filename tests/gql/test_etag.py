"""ETag / 304 on GraphQL GET (access/etag.py, gql/etag.py): a seller polling the list, the
grid or the panel gets `304 Not Modified` until something they show changed."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import httpx

from models.clock import Clock
from tests.gql import ops
from tests.gql.helpers import Api, claim_id_of

ORDER_NO = "638452888"
LIST = "query { claims(first: 20) { edges { node { id status withdrawalState delayed } } } }"
PANEL = (
    "query($no: String!) { order(orderNo: $no) { orderNo trackingNo "
    "memos { title } claim { id withdrawalState withdrawalActions { action allowed } } } }"
)


async def get(
    api: Api,
    query: str,
    variables: dict[str, Any] | None = None,
    *,
    as_: str,
    etag: str | None = None,
    extensions: dict[str, Any] | None = None,
) -> httpx.Response:
    params = {"query": query} if query else {}
    if variables:
        params["variables"] = json.dumps(variables)
    if extensions:
        params["extensions"] = json.dumps(extensions)
    headers = {"Authorization": f"Bearer {await api.token(as_)}"}
    if etag:
        headers["If-None-Match"] = etag
    return await api.client.get("/graphql", params=params, headers=headers)


async def test_a_repeated_list_is_answered_304_until_a_withdrawal_request(api: Api) -> None:
    first = await get(api, LIST, as_="shop1")
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('W/"')
    assert first.headers["cache-control"] == "private, no-cache"
    assert "Authorization" in first.headers["vary"] and "Cookie" in first.headers["vary"]

    again = await get(api, LIST, as_="shop1", etag=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag

    claim = await claim_id_of(api, ORDER_NO)
    await api.data(ops.REQUEST, {"input": {"claimId": claim, "sellerMessage": "pls"}}, as_="shop1")
    changed = await get(api, LIST, as_="shop1", etag=etag)
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    node = next(
        e["node"] for e in changed.json()["data"]["claims"]["edges"] if e["node"]["id"] == claim
    )
    assert node["withdrawalState"] == "REQUESTED"


async def test_the_buyers_answer_and_a_memo_change_the_sellers_panel_tag(api: Api) -> None:
    claim = await claim_id_of(api, ORDER_NO)
    await api.data(ops.REQUEST, {"input": {"claimId": claim, "sellerMessage": "pls"}}, as_="shop1")
    seen = await get(api, PANEL, {"no": ORDER_NO}, as_="shop1")
    etag = seen.headers["etag"]
    assert (await get(api, PANEL, {"no": ORDER_NO}, as_="shop1", etag=etag)).status_code == 304

    answer = {"claimId": claim, "accept": False, "reasonCode": "OTHER", "reasonText": "no"}
    await api.data(ops.RESPOND, {"input": answer}, as_="buyer1")
    after_answer = await get(api, PANEL, {"no": ORDER_NO}, as_="shop1", etag=etag)
    assert after_answer.status_code == 200
    assert after_answer.json()["data"]["order"]["claim"]["withdrawalState"] == "HELD"

    etag = after_answer.headers["etag"]
    memo = {"orderNo": ORDER_NO, "title": "etag memo", "body": "hello"}
    sent = await api.data(ops.MEMO_SEND, {"input": memo}, as_="shop1")
    assert sent["memoSend"]["userErrors"] == []
    after_memo = await get(api, PANEL, {"no": ORDER_NO}, as_="shop1", etag=etag)
    assert after_memo.status_code == 200
    assert "etag memo" in [m["title"] for m in after_memo.json()["data"]["order"]["memos"]]


async def test_a_day_passing_changes_the_tag(api: Api, clock: Clock) -> None:
    etag = (await get(api, LIST, as_="shop1")).headers["etag"]
    assert (await get(api, LIST, as_="shop1", etag=etag)).status_code == 304
    clock.advance(1)
    moved = await get(api, LIST, as_="shop1", etag=etag)
    assert moved.status_code == 200
    assert moved.headers["etag"] != etag


async def test_another_sellers_tag_never_matches(api: Api) -> None:
    mine = (await get(api, LIST, as_="shop1")).headers["etag"]
    theirs = await get(api, LIST, as_="shop2", etag=mine)
    assert theirs.status_code == 200
    assert theirs.headers["etag"] != mine
    # a wildcard is "any current representation": shop2's own, never shop1's data
    assert (await get(api, LIST, as_="shop2", etag="*")).status_code == 304


async def test_post_buyers_and_unversioned_queries_are_never_304(api: Api) -> None:
    etag = (await get(api, LIST, as_="shop1")).headers["etag"]
    posted = await api.client.post(
        "/graphql",
        json={"query": LIST},
        headers={"Authorization": f"Bearer {await api.token('shop1')}", "If-None-Match": etag},
    )
    assert posted.status_code == 200
    assert "etag" not in posted.headers
    # a query outside the versioned screens (here the viewer) carries no tag
    viewer = await get(api, "{ viewer { loginId } }", as_="shop1")
    assert viewer.status_code == 200 and "etag" not in viewer.headers
    # a buyer has no data version: the same panel query carries no tag
    mine = await get(api, PANEL, {"no": ORDER_NO}, as_="buyer1")
    assert mine.status_code == 200 and mine.json()["data"]["order"]["orderNo"] == ORDER_NO
    assert "etag" not in mine.headers


async def test_a_persisted_query_get_is_tagged_too(api: Api) -> None:
    sha = hashlib.sha256(LIST.encode()).hexdigest()
    persisted = {"persistedQuery": {"version": 1, "sha256Hash": sha}}
    registered = await get(api, LIST, as_="shop1", extensions=persisted)
    assert registered.status_code == 200
    etag = registered.headers["etag"]
    by_hash = await get(api, "", as_="shop1", extensions=persisted, etag=etag)
    assert by_hash.status_code == 304
    assert by_hash.headers["etag"] == etag


async def test_an_answer_with_errors_is_not_tagged(api: Api) -> None:
    # a document that does not validate (an Int where a String goes) answers 200 with
    # `errors`: a client must not keep such an answer and be told "not modified" later
    bad = await get(api, "query { order(orderNo: 12) { orderNo } }", as_="shop1")
    assert bad.status_code == 200 and "errors" in bad.json()
    assert "etag" not in bad.headers


async def test_a_304_costs_the_session_and_one_probe(api: Api) -> None:
    """A poll of the unchanged list signs in (one statement) and runs the sweep-on-read's
    probes and reads the data version together (one more): nothing else."""
    from tests.gql.test_performance import sql_statements

    etag = (await get(api, LIST, as_="shop1")).headers["etag"]
    with sql_statements() as statements:
        again = await get(api, LIST, as_="shop1", etag=etag)
    assert again.status_code == 304
    assert len(statements) == 2, statements


async def test_an_overdue_round_is_expired_before_the_tag_is_made(api: Api, clock: Clock) -> None:
    """The probe that finds an overdue round expires it, and the tag is made from the
    version after the expiry: a poll with the tag of the expired list answers 304."""
    claim = await claim_id_of(api, ORDER_NO)
    await api.data(ops.REQUEST, {"input": {"claimId": claim, "sellerMessage": "pls"}}, as_="shop1")
    clock.advance(8)
    api.tokens.clear()  # the session lapsed meanwhile: sign in again
    swept = await get(api, LIST, as_="shop1")
    assert swept.status_code == 200 and "errors" not in swept.json(), swept.text
    node = next(
        e["node"] for e in swept.json()["data"]["claims"]["edges"] if e["node"]["id"] == claim
    )
    assert node["withdrawalState"] == "EXPIRED"
    again = await get(api, LIST, as_="shop1", etag=swept.headers["etag"])
    assert again.status_code == 304
