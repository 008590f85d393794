"""Limits, masking, transport rules, introspection, GraphiQL from local files, the SDL."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import httpx
import pytest
from graphql import GraphQLScalarType, build_schema
from graphql.utilities.print_schema import print_input_value

from gql import ids
from gql.limits import MAX_ALIASES, MAX_DEPTH, MAX_TOKENS
from gql.schema import sdl
from models.clock import Clock
from models.demo import ORDER_RETURN
from tests.gql import ops
from tests.gql.helpers import Api

SCHEMA_FILE = Path(__file__).parents[2] / "gql" / "schema.graphql"


def test_checked_in_sdl_matches_the_code() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == sdl(), (
        "gql/schema.graphql is stale: run `qsm export-schema` "
        "(or python -m gql.export) and commit it"
    )


def _signatures(text: str) -> set[str]:
    """Every field as `name(arg: Type = default, ...): Type` and every scalar as `scalar X`,
    whatever line breaks the arguments' descriptions put in the printed SDL."""
    schema = build_schema(text)
    found = {
        f"scalar {t.name}" for t in schema.type_map.values() if isinstance(t, GraphQLScalarType)
    }
    for type_ in schema.type_map.values():
        for name, field in getattr(type_, "fields", {}).items():
            args = getattr(field, "args", {})
            signature = ", ".join(print_input_value(arg, value) for arg, value in args.items())
            found.add(f"{name}({signature}): {field.type}" if args else f"{name}: {field.type}")
    return found


def test_sdl_keeps_the_contract_names() -> None:
    text = _signatures(sdl())
    for name in (
        "claimStatusCounts(filter: ClaimFilter = null): ClaimStatusCounts!",
        "claimWithdrawalRequest(input: ClaimWithdrawalRequestInput!): ClaimWithdrawalPayload!",
        "claimWithdrawalRespond(input: ClaimWithdrawalRespondInput!): ClaimWithdrawalPayload!",
        "memoSend(input: MemoSendInput!): MemoSendPayload!",
        "shipmentRegister(input: ShipmentRegisterInput!): ShipmentRegisterPayload!",
        "withdrawalActions: [ActionAvailability!]!",
        "buyerSummary: BuyerSummary!",
        "scalar Upload",
    ):
        assert name in text, name


async def test_too_deep_query_is_refused(api: Api, clock: Clock) -> None:
    inner = "orderNo"
    for _ in range(MAX_DEPTH):
        inner = f"claim {{ order {{ {inner} }} }}"
    body = await api.post(f'{{ order(orderNo: "{ORDER_RETURN}") {{ {inner} }} }}', as_="shop1")
    assert body["data"] is None
    assert "exceeds maximum operation depth" in body["errors"][0]["message"]


async def test_too_many_aliases_are_refused(api: Api, clock: Clock) -> None:
    fields = " ".join(f"a{i}: __typename" for i in range(MAX_ALIASES + 1))
    body = await api.post(f"{{ {fields} }}", as_="shop1")
    assert "aliases found" in body["errors"][0]["message"]
    assert "data" not in body or body["data"] is None


async def test_too_many_tokens_are_refused(api: Api, clock: Clock) -> None:
    body = await api.post("{ " + "__typename " * (MAX_TOKENS + 1) + "}")
    assert (
        "more than" in body["errors"][0]["message"]
        and str(MAX_TOKENS) in body["errors"][0]["message"]
    )


async def test_get_never_runs_a_mutation(api: Api, client: httpx.AsyncClient, clock: Clock) -> None:
    token = await api.token("shop1")
    response = await client.get(
        "/graphql",
        params={"query": "mutation { logout { userErrors { code } } }"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 405  # the GraphQL-over-HTTP spec's status (issue 13)
    still = await api.data("{ viewer { loginId } }", as_="shop1")
    assert still["viewer"]["loginId"] == "shop1"
    ok = await client.get("/graphql", params={"query": "{ __typename }"})
    assert ok.status_code == 200 and ok.json()["data"] == {"__typename": "Query"}


async def test_batching_is_off(client: httpx.AsyncClient) -> None:
    response = await client.post("/graphql", json=[{"query": "{ __typename }"}] * 2)
    assert response.status_code == 400


async def test_trailing_slash_needs_no_redirect(client: httpx.AsyncClient) -> None:
    for path in ("/graphql", "/graphql/"):
        response = await client.post(path, json={"query": "{ __typename }"})
        assert response.status_code == 200, path


async def test_unexpected_exception_is_masked_and_logged(
    api: Api, clock: Clock, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret database detail /srv/qsm/password=hunter2")

    monkeypatch.setattr("gql.claims.queries.status_grid", broken)
    with caplog.at_level(logging.ERROR, logger="qsm.graphql"):
        body = await api.post(ops.GRID, as_="shop1")
    text = json.dumps(body)
    assert "hunter2" not in text and "RuntimeError" not in text and "Traceback" not in text
    error = body["errors"][0]
    assert error["extensions"]["code"] == "INTERNAL_SERVER_ERROR"
    error_id = error["extensions"]["errorId"]
    assert error_id in error["message"]
    logged = [r for r in caplog.records if error_id in r.getMessage()]
    assert logged and logged[0].exc_info is not None


async def test_introspection_only_in_development(
    client: httpx.AsyncClient, dev_client: httpx.AsyncClient
) -> None:
    query = {"query": "{ __schema { queryType { name } } }"}
    production = (await client.post("/graphql", json=query)).json()
    assert production.get("data") is None and production["errors"]
    development = (await dev_client.post("/graphql", json=query)).json()
    assert development["data"] == {"__schema": {"queryType": {"name": "Query"}}}
    assert "errors" not in development


async def test_field_suggestions_are_off(client: httpx.AsyncClient) -> None:
    body = (await client.post("/graphql", json={"query": "{ viewr { loginId } }"})).json()
    assert "Did you mean" not in body["errors"][0]["message"]


async def test_graphiql_is_local_and_development_only(
    client: httpx.AsyncClient, dev_client: httpx.AsyncClient
) -> None:
    html = {"Accept": "text/html"}
    page = await dev_client.get("/graphql", headers=html)
    assert page.status_code == 200 and "<title>qsm-claims GraphiQL</title>" in page.text
    scripts = [line.split('"')[1] for line in page.text.splitlines() if "<script src=" in line]
    assert scripts and all(src.startswith("/graphql/static/vendor/") for src in scripts)
    assert "unpkg" not in page.text and "jsdelivr" not in page.text
    for src in scripts:
        asset = await dev_client.get(src)
        assert asset.status_code == 200 and len(asset.content) > 1000, src
    assert (await dev_client.get("/graphql/static/vendor/../app.py")).status_code == 404
    assert (await client.get("/graphql", headers=html)).status_code == 404
    assert (await client.get(scripts[0])).status_code == 404


async def test_bad_ids_cursors_and_page_sizes_are_specific_errors(api: Api, clock: Clock) -> None:
    for claim_id, code in (
        ("not-an-id", "INVALID_INPUT"),
        ("%%%", "INVALID_INPUT"),
        (ids.encode("Order", 1), "NOT_FOUND"),
        (ids.encode("Claim", 999999), "NOT_FOUND"),
        (ids.encode("Claim", 10**12), "NOT_FOUND"),
    ):
        body = await api.data(
            ops.REQUEST, {"input": {"claimId": claim_id, "sellerMessage": "x"}}, as_="shop1"
        )
        errors = body["claimWithdrawalRequest"]["userErrors"]
        assert [(e["code"], e["field"]) for e in errors] == [(code, ["claimId"])], claim_id

    negative = await api.post("{ claims(first: -1) { totalCount } }", as_="shop1")
    assert negative["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": "first"}
    cursor = await api.post('{ claims(after: "garbage") { totalCount } }', as_="shop1")
    assert cursor["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
    capped = await api.data("{ claims(first: 1000) { edges { cursor } } }", as_="shop1")
    assert len(capped["claims"]["edges"]) == 29
    dates = await api.post(
        '{ claims(filter: {dateFrom: "2021-08-05", dateTo: "2021-08-01"}) { totalCount } }',
        as_="shop1",
    )
    assert dates["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": "dateFrom"}
    enum = await api.post("{ claims(filter: {types: [NOPE]}) { totalCount } }", as_="shop1")
    assert enum["errors"] and enum.get("data") is None
    empty = await api.data(
        ops.REQUEST,
        {"input": {"claimId": ids.encode("Claim", 1), "sellerMessage": "   "}},
        as_="shop1",
    )
    assert [e["field"] for e in empty["claimWithdrawalRequest"]["userErrors"]] == [
        ["sellerMessage"]
    ]
