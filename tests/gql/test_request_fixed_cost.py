"""The short paths of a request's fixed cost answer exactly what the general ones answer:
enum values by dict lookup (gql/fast_enums.py) as Strawberry's scan does, the grid's labels
and filters (built when asked) as the grid read model says, and a document's cost kept per
document only where its variables cannot change it (gql/limits.py, gql/cost.py)."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLError, parse
from strawberry.schema.schema_converter import CustomGraphQLEnumType

from gql.cost import query_cost, static_cost
from gql.schema import build_schema
from models.entities import Seller
from models.enums import ClaimStatus, ClaimType
from models.queries import ClaimFilter
from models.screens import grid as grid_screen
from tests.gql.helpers import Api

GRID = """query($filter: ClaimFilter) {
  claimStatusCounts(filter: $filter) {
    withdrawalRequested withdrawalHeld
    cells {
      type status count delayed subRow label ja: label(lang: JA) en: label(lang: EN)
      filter { types statuses withdrawalStates dateField dateFrom dateTo delayedOnly }
    }
  }
}"""


def _original(enum_type: CustomGraphQLEnumType, value: Any) -> Any:  # noqa: ANN401
    try:
        return CustomGraphQLEnumType.coerce_output_value(enum_type, value)
    except (GraphQLError, ValueError, TypeError) as exc:
        return type(exc), str(exc)


def _fast(enum_type: CustomGraphQLEnumType, value: Any) -> Any:  # noqa: ANN401
    try:
        return enum_type.coerce_output_value(value)
    except (GraphQLError, ValueError, TypeError) as exc:
        return type(exc), str(exc)


@pytest.mark.parametrize("development", [False, True])
def test_every_enum_answers_as_strawberrys_scan(development: bool) -> None:
    schema = build_schema(development=development)._schema
    enums = [t for t in schema.type_map.values() if isinstance(t, CustomGraphQLEnumType)]
    assert len(enums) > 10
    for enum_type in enums:
        assert "coerce_output_value" in vars(enum_type), enum_type.name  # installed
        for member in enum_type.wrapped_cls:
            assert _fast(enum_type, member) == _original(enum_type, member), member
            # raw values and strangers take the original path, errors included
            assert _fast(enum_type, member.value) == _original(enum_type, member.value)
        assert _fast(enum_type, "NO_SUCH_VALUE") == _original(enum_type, "NO_SUCH_VALUE")
        assert _fast(enum_type, 12) == _original(enum_type, 12)


def test_a_literal_documents_cost_is_kept_and_a_variable_ones_is_not() -> None:
    literal = parse("{ claims(first: 7) { edges { node { id order { id } } } } }")
    assert static_cost(literal) == query_cost(literal) == query_cost(literal, {"first": 99})
    variable = parse(
        "query($n: Int) { a: claims(first: 3) { edges { node { id } } }"
        " ...F } fragment F on Query { claims(first: $n) { edges { node { id } } } }"
    )
    assert static_cost(variable) is None
    assert query_cost(variable, {"n": 5}) != query_cost(variable, {"n": 50})


async def test_costs_in_answers_follow_the_variables(api: Api) -> None:
    document = "query($n: Int) { claims(first: $n) { edges { node { id order { id } } } } }"
    costs = []
    for n in (5, 50, 5):
        body = await api.post(document, {"n": n}, as_="shop1")
        assert "errors" not in body, body
        costs.append(body["extensions"]["cost"]["requestedQueryCost"])
    assert costs == [query_cost(parse(document), {"n": n}) for n in (5, 50, 5)]
    assert costs[0] < costs[1]


@pytest.mark.parametrize(
    "flt", [None, {"types": ["RETURN"]}, {"statuses": ["NR_REPORTED"], "delayedOnly": True}]
)
async def test_grid_labels_and_filters_are_the_read_models(
    api: Api, flt: dict[str, Any] | None
) -> None:
    data = await api.data(GRID, {"filter": flt}, as_="shop1")
    cells = data["claimStatusCounts"]["cells"]
    seller = await Seller.get(login_id="shop1")
    domain_filter = None
    if flt is not None:
        domain_filter = ClaimFilter(
            types=[ClaimType(t) for t in flt.get("types", [])],
            statuses=[ClaimStatus(s) for s in flt.get("statuses", [])],
            delayed_only=flt.get("delayedOnly", False),
        )
    screen = await grid_screen.load(seller.id, domain_filter)
    assert [c["status"] for c in cells] == [c.key.value for c in screen.cells]
    for cell, row in zip(cells, screen.cells, strict=True):
        assert cell["count"] == row.count
        assert cell["label"] == grid_screen.cell_label(row, "zh")
        assert cell["ja"] == grid_screen.cell_label(row, "ja")
        assert cell["en"] == grid_screen.cell_label(row, "en")
        expected = grid_screen.cell_filter(row.spec, domain_filter)
        assert cell["filter"]["types"] == [t.value for t in expected.types]
        assert cell["filter"]["statuses"] == [s.value for s in expected.statuses]
        assert cell["filter"]["withdrawalStates"] == [s.value for s in expected.withdrawal_states]
        assert cell["filter"]["delayedOnly"] == expected.delayed_only
    # the labels are words, never the raw codes, and differ by language
    assert all(c["label"] != c["status"] for c in cells)
    assert any(c["ja"] != c["en"] for c in cells)
