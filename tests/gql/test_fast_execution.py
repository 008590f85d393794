"""The executor's short path for plain leaf fields (gql/fast_execution.py) answers exactly
what graphql-core's own path answers: the same data for a page full of labels, enums,
dates and nulls, and the same errors, at the same paths, when a value is wrong."""

from __future__ import annotations

from enum import Enum
from typing import Any

import pytest
import strawberry
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from gql.fast_execution import FastExecutor
from gql.schema import build_schema
from tests.gql import ops
from tests.gql.helpers import Api, claim_id_of

PAGE = """query($first: Int) {
  claims(first: $first) {
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node {
      id type status typeLabel statusLabel(lang: JA) withdrawalState withdrawalLabel(lang: EN)
      withdrawalStateLabel delayed reason nonReceiptReason nonReceiptType requestDate
      completeDate collectionMethod partnerName responseDeadline nextRequestAllowedOn
      ja: typeLabel(lang: JA) en: statusLabel(lang: EN)
      order { id orderNo cartNo itemCode sellerItemCode itemName quantity orderDate shipDate
              status statusLabel(lang: JA) carrier trackingNo trackingUrl completeDate }
      withdrawal { id round state stateLabel(lang: EN) deadline requestDate requestedAt
                   heldDate rejectionReason { code text label(lang: JA) } }
      events { id kind label actorLabel(lang: EN) actor round message at fromStatus toState }
    } }
  }
}"""


@pytest.fixture
def graphql_core_path() -> Any:  # noqa: ANN401
    """Switch the schema back to graphql-core's own executor for a block."""
    schema = build_schema(development=False)

    class Switch:
        def __enter__(self) -> None:
            schema.execution_context_class = StrawberryGraphQLCoreExecutionContext

        def __exit__(self, *exc: object) -> None:
            schema.execution_context_class = FastExecutor

    return Switch()


async def test_the_claims_page_answers_the_same_on_both_paths(
    api: Api, graphql_core_path: Any
) -> None:
    claim = await claim_id_of(api, "638452888")
    await api.data(ops.REQUEST, {"input": {"claimId": claim, "sellerMessage": "pls"}}, as_="shop1")
    answer = {"claimId": claim, "accept": False, "reasonCode": "OTHER", "reasonText": "no"}
    await api.data(ops.RESPOND, {"input": answer}, as_="buyer1")
    assert build_schema(development=False).execution_context_class is FastExecutor
    fast = await api.post(PAGE, {"first": 50}, as_="shop1")
    with graphql_core_path:
        slow = await api.post(PAGE, {"first": 50}, as_="shop1")
    assert "errors" not in fast, fast
    assert fast == slow
    nodes = [e["node"] for e in fast["data"]["claims"]["edges"]]
    held = next(n for n in nodes if n["id"] == claim)
    assert held["withdrawal"]["rejectionReason"]["label"]
    assert any(n["completeDate"] is None for n in nodes)


class Color(Enum):
    RED = "red"


@strawberry.type
class Item:
    name: str
    note: str | None
    color: Color
    count: int


@strawberry.type
class Query:
    @strawberry.field
    def fine(self) -> list[Item]:
        return [Item(name="a", note=None, color=Color.RED, count=1)] * 3

    @strawberry.field
    def null_name(self) -> Item | None:
        return Item(name=None, note="n", color=Color.RED, count=2)  # type: ignore[arg-type]

    @strawberry.field
    def bad_enum(self) -> Item | None:
        return Item(name="c", note=None, color="green", count=3)  # type: ignore[arg-type]

    @strawberry.field
    def bad_int(self) -> list[Item] | None:
        return [
            Item(name="d", note=None, color=Color.RED, count=4),
            Item(name="e", note=None, color=Color.RED, count="x"),  # type: ignore[arg-type]
        ]


async def test_a_wrong_value_is_reported_as_graphql_core_reports_it() -> None:
    item = "{ name note color count }"
    document = f"{{ fine {item} nullName {item} badEnum {item} badInt {item} }}"
    results = []
    for executor in (FastExecutor, StrawberryGraphQLCoreExecutionContext):
        schema = strawberry.Schema(query=Query, execution_context_class=executor)
        result = await schema.execute(document)
        errors = sorted((e.message, tuple(map(str, e.path or ()))) for e in result.errors or [])
        results.append((result.data, errors))
    assert results[0] == results[1]
    data, errors = results[0]
    assert data == {
        "fine": [{"name": "a", "note": None, "color": "RED", "count": 1}] * 3,
        "nullName": None,
        "badEnum": None,
        "badInt": None,
    }
    assert sorted(path for _, path in errors) == [
        ("badEnum", "color"),
        ("badInt", "1", "count"),
        ("nullName", "name"),
    ]
