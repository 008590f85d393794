"""GraphQL abuse: the cost cap, cyclic fragments, batching, GET mutations, introspection."""

import pytest

from gql.cost import MAX_COST, query_cost
from tests.gql.helpers import Api

PAGE = """query($first: Int) { claims(first: $first) { totalCount edges { cursor node {
  id status order { orderNo } withdrawal { id state } events { kind } } } } }"""


def _aliased(n: int) -> str:
    page = "claims(first: 100) { edges { node { id order { orderNo } withdrawal { id } "
    page += "events { kind } withdrawalRounds { state } withdrawalActions { action } } } }"
    return "{ " + " ".join(f"a{i}: {page}" for i in range(n)) + " }"


async def test_a_normal_page_is_within_the_cost_cap(api: Api):
    data = await api.data(PAGE, {"first": 50}, as_="shop1")
    assert data["claims"]["totalCount"] == 29


async def test_an_expensive_document_is_refused_with_its_cost(api: Api):
    body = await api.post(_aliased(3), as_="shop1")
    (error,) = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["cost"] > MAX_COST
    assert str(MAX_COST) in error["message"]
    assert body.get("data") is None


async def test_cost_counts_first_from_variables(api: Api):
    from graphql import parse

    document = parse(PAGE)
    assert query_cost(document, {"first": 100}) > query_cost(document, {"first": 10})
    assert query_cost(document, {"first": 10**9}) == query_cost(document, {"first": 100})


@pytest.mark.parametrize(
    "document",
    [
        "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
        "query { ...A } fragment A on Query { viewer { ...A } }",
    ],
)
async def test_cyclic_fragments_are_refused_not_looped(api: Api, document):
    body = await api.post(document, as_="shop1")
    assert body["errors"] and body.get("data") is None


async def test_batched_requests_are_refused(api: Api):
    response = await api.client.post(
        "/graphql", json=[{"query": "{ viewer { loginId } }"}, {"query": "{ viewer { loginId } }"}]
    )
    assert response.status_code == 400


async def test_get_mutation_is_refused(api: Api):
    response = await api.client.get(
        "/graphql", params={"query": "mutation { logout { userErrors { code } } }"}
    )
    assert response.status_code in (400, 405)


async def test_no_introspection_in_production(api: Api):
    body = await api.post("{ __schema { types { name } } }", as_="shop1")
    assert body["errors"]
