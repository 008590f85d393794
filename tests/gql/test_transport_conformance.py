"""/graphql as a GraphQL-over-HTTP client sees it (issue 13, items 4 and 7): a code on
every top-level error, no suggestions, the response media type and its status codes,
`extensions.cost`, `OPTIONS`, CORS closed by default, Apollo's persisted queries.

Through HTTP on the real ASGI app (production settings, like a deployment)."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from graphql import parse

from gql.apq import PersistedQueries
from gql.cost import MAX_COST, query_cost
from gql.limits import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS
from gql.media import negotiate
from tests.gql.helpers import PRODUCTION, Api
from web.app import create_app

GRAPHQL_JSON = "application/graphql-response+json"
ACCEPT_GRAPHQL = {"Accept": f"{GRAPHQL_JSON}, application/json;q=0.9"}


async def post(
    client: httpx.AsyncClient, body: dict[str, Any], headers: dict[str, str] | None = None
) -> httpx.Response:
    return await client.post("/graphql", json=body, headers=headers or {})


def only_error(response: httpx.Response) -> dict[str, Any]:
    (error,) = response.json()["errors"]
    return error


# --- every top-level error has extensions.code ------------------------------------------


@pytest.mark.parametrize(
    ("document", "variables", "code"),
    [
        ("{", None, "GRAPHQL_PARSE_FAILED"),
        ("{ viewr { loginId } }", None, "GRAPHQL_VALIDATION_FAILED"),
        ("query($n: Int) { __typename }", None, "GRAPHQL_VALIDATION_FAILED"),
        (
            "query($f: ClaimFilter) { claims(filter: $f) { totalCount } }",
            {"f": {"dateTo": "2021-13-45"}},
            "BAD_USER_INPUT",
        ),
        (
            "query($first: Int!) { claims(first: $first) { totalCount } }",
            {},
            "BAD_USER_INPUT",
        ),
        ("{ " + "a " * (MAX_TOKENS + 1) + "}", None, "QUERY_TOO_LARGE"),
        (
            "{ " + " ".join(f"a{i}: __typename" for i in range(MAX_ALIASES + 1)) + " }",
            None,
            "TOO_MANY_ALIASES",
        ),
        (
            '{ order(orderNo: "1") {'
            + " claim { order {" * (MAX_DEPTH // 2)
            + " orderNo "
            + "} }" * (MAX_DEPTH // 2)
            + " } }",
            None,
            "QUERY_TOO_DEEP",
        ),
        (
            "{ claims(first: 100) { edges { node { events { kind } order { orderNo }"
            " withdrawalRounds { state } } } } b: claims(first: 100) { edges { node {"
            " events { kind } order { orderNo } withdrawalRounds { state } } } } }",
            None,
            "QUERY_TOO_COSTLY",
        ),
        ("{ __schema { types { name } } }", None, "GRAPHQL_VALIDATION_FAILED"),
    ],
)
async def test_request_errors_carry_a_code(
    client: httpx.AsyncClient, document: str, variables: dict[str, Any] | None, code: str
) -> None:
    response = await post(client, {"query": document, "variables": variables})
    assert response.status_code == 200
    body = response.json()
    assert body["data"] is None
    assert {e["extensions"]["code"] for e in body["errors"]} == {code}, body


async def test_an_unknown_operation_name_is_a_request_error_with_a_code(
    client: httpx.AsyncClient,
) -> None:
    body = {"query": "query A { __typename }", "operationName": "B"}
    legacy = await post(client, body)
    assert legacy.status_code == 200
    assert only_error(legacy)["extensions"]["code"] == "OPERATION_RESOLUTION_FAILURE"
    assert '"B"' in only_error(legacy)["message"]
    modern = await post(client, body, ACCEPT_GRAPHQL)
    assert modern.status_code == 400 and "data" not in modern.json()
    assert only_error(modern)["extensions"]["code"] == "OPERATION_RESOLUTION_FAILURE"


async def test_several_operations_and_no_operation_name_run_none(
    client: httpx.AsyncClient,
) -> None:
    """The spec's GetOperation: with several operations, operationName is required (it ran
    the first one, `viewer` here, before)."""
    document = "query A { viewer { __typename } } query B { __typename }"
    for method in ("POST", "GET"):
        for headers, status in (({}, 200), (ACCEPT_GRAPHQL, 400)):
            if method == "POST":
                response = await post(client, {"query": document}, headers)
            else:
                response = await client.get("/graphql", params={"query": document}, headers=headers)
            assert response.status_code == status, (method, headers, response.text)
            assert response.json().get("data") is None
            error = only_error(response)
            assert error["extensions"]["code"] == "OPERATION_RESOLUTION_FAILURE"
            assert "operation name" in error["message"]
    named = await post(client, {"query": document, "operationName": "B"})
    assert named.json()["data"] == {"__typename": "Query"} and "errors" not in named.json()
    single = await post(client, {"query": "query A { __typename }"})
    assert single.json()["data"] == {"__typename": "Query"}


async def test_a_non_string_operation_name_is_a_bad_request(client: httpx.AsyncClient) -> None:
    response = await post(client, {"query": "{ __typename }", "operationName": ["A"]})
    assert response.status_code == 400
    assert only_error(response)["extensions"]["code"] == "BAD_REQUEST"


async def test_a_mutation_over_get_is_method_not_allowed(client: httpx.AsyncClient) -> None:
    response = await client.get(
        "/graphql", params={"query": "mutation { logout { userErrors { code } } }"}
    )
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"
    assert only_error(response)["extensions"]["code"] == "METHOD_NOT_ALLOWED"


async def test_other_methods_are_405_with_allow(client: httpx.AsyncClient) -> None:
    response = await client.put("/graphql", json={"query": "{ __typename }"})
    assert response.status_code == 405
    assert "POST" in response.headers["allow"]
    assert only_error(response)["extensions"]["code"] == "METHOD_NOT_ALLOWED"


async def test_field_errors_keep_their_codes(api: Api) -> None:
    body = await api.post("{ claimStatusCounts { withdrawalRequested } }")
    assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"]


# --- no suggestions of any kind ---------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "variables", "mistake"),
    [
        ("{ viewr { loginId } }", None, "viewr"),
        ("{ claims(frist: 1) { totalCount } }", None, "frist"),
        ("{ claims(sort: {key: REQUEST_DAT}) { totalCount } }", None, "REQUEST_DAT"),
        (
            "query($s: ClaimSortKey!) { claims(sort: {key: $s}) { totalCount } }",
            {"s": "REQUEST_DAT"},
            "REQUEST_DAT",
        ),
        ("{ claims(filter: {statuse: []}) { totalCount } }", None, "statuse"),
        (
            "query($f: ClaimFilter) { claims(filter: $f) { totalCount } }",
            {"f": {"statuse": []}},
            "statuse",
        ),
        ("query($f: ClaimFiltr) { claims(filter: $f) { totalCount } }", None, "ClaimFiltr"),
        ("{ viewer { ... on SellerViewr { shopName } } }", None, "SellerViewr"),
    ],
)
async def test_errors_make_no_suggestions(
    client: httpx.AsyncClient, document: str, variables: dict[str, Any] | None, mistake: str
) -> None:
    body = (await post(client, {"query": document, "variables": variables})).json()
    messages = [e["message"] for e in body["errors"]]
    assert any(mistake in m for m in messages), messages  # the error is about the mistake
    assert not any("Did you mean" in m for m in messages), messages


# --- application/graphql-response+json ---------------------------------------------------


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "application/json"),
        ("*/*", "application/json"),
        ("application/json", "application/json"),
        (GRAPHQL_JSON, GRAPHQL_JSON),
        (f"{GRAPHQL_JSON}, application/json;q=0.9", GRAPHQL_JSON),
        (f"application/json, {GRAPHQL_JSON}", GRAPHQL_JSON),
        (f"application/json, {GRAPHQL_JSON};q=0.5", "application/json"),
        (f"{GRAPHQL_JSON};q=0", "application/json"),
        ("text/html", "application/json"),
    ],
)
async def test_the_response_media_type_follows_accept(
    client: httpx.AsyncClient, accept: str | None, media: str
) -> None:
    assert negotiate(accept) == media
    headers = {} if accept is None else {"Accept": accept}
    response = await post(client, {"query": "{ __typename }"}, headers)
    assert response.status_code == 200
    assert response.headers["content-type"].split(";")[0] == media
    assert response.json()["data"] == {"__typename": "Query"}


@pytest.mark.parametrize(
    "document",
    ["{", "{ viewr { loginId } }", "query($n: Int!) { claims(first: $n) { totalCount } }"],
)
async def test_request_errors_are_400_without_data_in_graphql_response_json(
    client: httpx.AsyncClient, document: str
) -> None:
    modern = await post(client, {"query": document}, ACCEPT_GRAPHQL)
    assert modern.status_code == 400
    assert modern.headers["content-type"] == f"{GRAPHQL_JSON}; charset=utf-8"
    assert "data" not in modern.json() and modern.json()["errors"]
    legacy = await post(client, {"query": document})
    assert legacy.status_code == 200
    assert legacy.headers["content-type"] == "application/json"
    assert legacy.json()["data"] is None and legacy.json()["errors"]


async def test_field_errors_are_200_with_data_in_graphql_response_json(
    client: httpx.AsyncClient, demo: None
) -> None:
    response = await post(client, {"query": "{ viewer { loginId } }"}, ACCEPT_GRAPHQL)
    assert response.status_code == 200
    body = response.json()
    assert "data" in body
    anonymous = await post(
        client, {"query": "{ claimStatusCounts { withdrawalRequested } }"}, ACCEPT_GRAPHQL
    )
    assert anonymous.status_code == 200
    assert "data" in anonymous.json()
    assert anonymous.json()["errors"][0]["path"] == ["claimStatusCounts"]


async def test_transport_refusals_come_in_the_negotiated_media_type(
    client: httpx.AsyncClient,
) -> None:
    plain = await client.post(
        "/graphql", content=b"{}", headers={"Content-Type": "text/plain", **ACCEPT_GRAPHQL}
    )
    assert plain.status_code == 415
    assert plain.headers["content-type"].startswith(GRAPHQL_JSON)
    assert only_error(plain)["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
    assert "data" not in plain.json()
    not_json = await client.post(
        "/graphql",
        content=b"{not json",
        headers={"Content-Type": "application/json", **ACCEPT_GRAPHQL},
    )
    assert not_json.status_code == 400
    assert not_json.headers["content-type"].startswith(GRAPHQL_JSON)


# --- extensions.cost ---------------------------------------------------------------------

PAGE = "query($n: Int) { claims(first: $n) { edges { node { id order { orderNo } } } } }"


async def test_every_response_reports_its_cost(api: Api) -> None:
    body = await api.post(PAGE, {"n": 20}, as_="shop1")
    assert "errors" not in body
    expected = query_cost(parse(PAGE), {"n": 20})
    assert expected > 0
    assert body["extensions"]["cost"] == {
        "requestedQueryCost": expected,
        "maximumAvailable": MAX_COST,
    }
    bigger = await api.post(PAGE, {"n": 40}, as_="shop1")
    assert bigger["extensions"]["cost"]["requestedQueryCost"] > expected
    invalid = await api.post("{ viewr }")
    assert invalid["extensions"]["cost"]["maximumAvailable"] == MAX_COST
    unparsed = await api.post("{")
    assert unparsed["extensions"]["cost"] == {
        "requestedQueryCost": None,
        "maximumAvailable": MAX_COST,
    }


NODES = "query($ids: [ID!]!) { nodes(ids: $ids) { id ... on Claim { order { orderNo } } } }"


async def test_nodes_are_priced_by_how_many_ids_they_fetch(api: Api) -> None:
    """A hundred objects by id cost like a page of a hundred, not like one object."""
    ids = [f"id{n}" for n in range(100)]

    def cost(n: int) -> int:
        return query_cost(parse(NODES), {"ids": ids[:n]})

    each = cost(2) - cost(1)
    assert each > 0 and cost(100) - cost(1) == 99 * each and cost(100) >= 100
    literal = parse('{ nodes(ids: ["a", "b", "c"]) { id ... on Claim { order { orderNo } } } }')
    assert query_cost(literal) == query_cost(parse(NODES), {"ids": ids[:3]})
    body = await api.post(NODES, {"ids": ids[:10]}, as_="shop1")
    assert body["extensions"]["cost"]["requestedQueryCost"] == query_cost(
        parse(NODES), {"ids": ids[:10]}
    )


# --- OPTIONS and CORS --------------------------------------------------------------------

APP_ORIGIN = "https://app.example"
PREFLIGHT = {
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "content-type",
}


async def test_options_answers_204_with_allow_and_no_cors_by_default(
    client: httpx.AsyncClient,
) -> None:
    plain = await client.options("/graphql")
    assert plain.status_code == 204
    assert set(plain.headers["allow"].replace(" ", "").split(",")) >= {"GET", "POST"}
    preflight = await client.options("/graphql", headers={"Origin": APP_ORIGIN, **PREFLIGHT})
    assert preflight.status_code == 204
    assert not any(h.startswith("access-control-") for h in preflight.headers)


@pytest.fixture
async def cors_client(db: None) -> AsyncIterator[httpx.AsyncClient]:
    settings = dataclasses.replace(PRODUCTION, cors_origins=(APP_ORIGIN,))
    transport = httpx.ASGITransport(app=create_app(settings, init_db=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


async def test_cors_preflight_only_for_listed_origins(cors_client: httpx.AsyncClient) -> None:
    listed = await cors_client.options("/graphql", headers={"Origin": APP_ORIGIN, **PREFLIGHT})
    assert listed.status_code == 200
    assert listed.headers["access-control-allow-origin"] == APP_ORIGIN
    assert "POST" in listed.headers["access-control-allow-methods"]
    other = await cors_client.options(
        "/graphql", headers={"Origin": "https://evil.example", **PREFLIGHT}
    )
    assert "access-control-allow-origin" not in other.headers
    plain = await cors_client.options("/graphql")
    assert plain.status_code == 204 and "allow" in plain.headers


# --- Apollo Automatic Persisted Queries ----------------------------------------------------

VIEWER = "query Viewer { viewer { loginId } }"


def persisted(query: str, sha: str | None = None, version: int = 1) -> dict[str, Any]:
    sha = sha or hashlib.sha256(query.encode()).hexdigest()
    return {"persistedQuery": {"version": version, "sha256Hash": sha}}


async def test_apq_round_trip_as_apollo_link_does_it(api: Api) -> None:
    """Apollo's link: hash only; on PersistedQueryNotFound, hash and query; from then on
    hash only, over POST and GET (`useGETForHashedQueries`)."""
    token = await api.token("shop1")
    auth = {"Authorization": f"Bearer {token}"}
    hash_only = {"operationName": "Viewer", "variables": {}, "extensions": persisted(VIEWER)}
    miss = await post(api.client, hash_only, auth)
    assert miss.status_code == 200
    assert miss.json()["errors"] == [
        {"message": "PersistedQueryNotFound", "extensions": {"code": "PERSISTED_QUERY_NOT_FOUND"}}
    ]
    assert "no-cache" in miss.headers["cache-control"]
    registered = await post(api.client, {**hash_only, "query": VIEWER}, auth)
    assert registered.status_code == 200
    assert registered.json()["data"] == {"viewer": {"loginId": "shop1"}}
    again = await post(api.client, hash_only, auth)
    assert again.json()["data"] == {"viewer": {"loginId": "shop1"}}
    over_get = await api.client.get(
        "/graphql",
        params={"operationName": "Viewer", "extensions": json.dumps(persisted(VIEWER))},
        headers=auth,
    )
    assert over_get.status_code == 200
    assert over_get.json()["data"] == {"viewer": {"loginId": "shop1"}}


async def test_apq_refuses_a_wrong_hash_and_other_versions(client: httpx.AsyncClient) -> None:
    wrong = await post(client, {"query": VIEWER, "extensions": persisted(VIEWER, sha="ab" * 32)})
    assert wrong.status_code == 400
    assert only_error(wrong)["message"] == "provided sha does not match query"
    assert only_error(wrong)["extensions"]["code"] == "BAD_REQUEST"
    # nothing was stored under the wrong hash
    after = await post(client, {"extensions": persisted(VIEWER, sha="ab" * 32)})
    assert only_error(after)["extensions"]["code"] == "PERSISTED_QUERY_NOT_FOUND"
    version = await post(client, {"query": VIEWER, "extensions": persisted(VIEWER, version=2)})
    assert version.status_code == 400
    assert only_error(version)["extensions"]["code"] == "PERSISTED_QUERY_NOT_SUPPORTED"
    garbage = await post(client, {"extensions": {"persistedQuery": "x"}})
    assert garbage.status_code == 400
    assert only_error(garbage)["extensions"]["code"] == "BAD_REQUEST"


def test_the_persisted_query_store_is_bounded_least_recently_used_first() -> None:
    store = PersistedQueries(max_documents=2, max_chars=30)
    store.put("a", "{ a }")
    store.put("b", "{ b }")
    assert store.get("a") == "{ a }"  # a is now the most recently used
    store.put("c", "{ c }")
    assert store.get("b") is None and store.get("a") and store.get("c")
    store.put("big", "x" * 25)  # over the character budget: the least recent (a) goes
    assert store.get("a") is None and store.get("c") and store.get("big")
    store.put("huge", "x" * 31)  # larger than the whole store: never kept
    assert store.get("huge") is None
