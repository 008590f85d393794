"""A query cost cap in Shopify's style: every object costs 1, a connection costs its
selection times `first` (default 50), scalars are free. A document over the cap is refused
before it runs, with its cost and the cap in the error; every response carries both in
`extensions.cost`.

It runs in the validation step (`gql/limits.py`'s `RequestLimits`), after the document
passed validation (Strawberry then returns the errors set here without executing). Fragment cycles are cut off anyway, so the
pricing never loops whatever document it is handed.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    ListValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
)

from models.queries import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE

MAX_COST = 1000
#: Connection size assumed when `first` is absent or not a usable number.
ASSUMED_PAGE = DEFAULT_PAGE_SIZE


def _page_size(field: FieldNode, variables: dict[str, Any]) -> int | None:
    """`first` (or `last`, paging backward) of a field, or the number of `ids` it fetches
    (`nodes(ids:)`: a list of objects, priced like a page of them), literal or variable,
    clamped to the API's cap; None if absent."""
    for argument in field.arguments or ():
        if argument.name.value not in ("first", "last", "ids"):
            continue
        value: Any = None
        if isinstance(argument.value, IntValueNode):
            value = int(argument.value.value)
        elif isinstance(argument.value, ListValueNode):
            value = len(argument.value.values)
        elif isinstance(argument.value, VariableNode):
            value = variables.get(argument.value.name.value)
        if isinstance(value, list):
            value = len(value)
        if not isinstance(value, int) or isinstance(value, bool):
            return ASSUMED_PAGE
        return max(0, min(value, MAX_PAGE_SIZE))
    return None


class _Pricer:
    def __init__(self, document: DocumentNode, variables: dict[str, Any]) -> None:
        self.variables = variables
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    def selection(self, node: SelectionSetNode | None, seen: frozenset[str]) -> int:
        if node is None:
            return 0
        return sum(self._one(s, seen) for s in node.selections)

    def _one(self, selection: Any, seen: frozenset[str]) -> int:
        if isinstance(selection, FieldNode):
            if selection.selection_set is None:
                return 0
            inner = self.selection(selection.selection_set, seen)
            size = _page_size(selection, self.variables)
            return 1 + inner if size is None else 2 + size * inner
        if isinstance(selection, InlineFragmentNode):
            return self.selection(selection.selection_set, seen)
        if isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = self.fragments.get(name)
            if fragment is None or name in seen:
                return 0
            return self.selection(fragment.selection_set, seen | {name})
        return 0


def query_cost(document: DocumentNode, variables: dict[str, Any] | None = None) -> int:
    """The highest cost among the document's operations."""
    pricer = _Pricer(document, variables or {})
    costs = [
        pricer.selection(d.selection_set, frozenset())
        for d in document.definitions
        if isinstance(d, OperationDefinitionNode)
    ]
    return max(costs, default=0)


#: Arguments whose value sets how many objects a field returns (see `_page_size`).
PAGE_ARGUMENTS = frozenset({"first", "last", "ids"})


def _uses_variables(node: Any) -> bool:
    """Whether any field under `node` takes a page size from a variable."""
    for selection in getattr(getattr(node, "selection_set", None), "selections", None) or ():
        if isinstance(selection, FieldNode):
            for argument in selection.arguments or ():
                if argument.name.value in PAGE_ARGUMENTS and _has_variable(argument.value):
                    return True
        if _uses_variables(selection):
            return True
    return False


def _has_variable(value: Any) -> bool:
    if isinstance(value, VariableNode):
        return True
    return isinstance(value, ListValueNode) and any(_has_variable(v) for v in value.values)


def static_cost(document: DocumentNode) -> int | None:
    """The document's cost when no page size comes from a variable (then it is the same
    for every request, and `gql/limits.py` keeps it with the document's validation),
    else None (priced per request with its variables)."""
    if any(_uses_variables(d) for d in document.definitions):
        return None
    return query_cost(document)


def too_costly(cost: int) -> GraphQLError:
    """The refusal of a document over the cap (code QUERY_TOO_COSTLY)."""
    return GraphQLError(
        f"This query would cost {cost}, more than the maximum of "
        f"{MAX_COST}. Ask for fewer rows (first) or fewer nested fields.",
        extensions={"code": "QUERY_TOO_COSTLY", "cost": cost, "maximumCost": MAX_COST},
    )


def cost_results(cost: int | None) -> dict[str, Any]:
    """What every response carries in `extensions`, in Shopify's and Saleor's words:
    `{"requestedQueryCost": n, "maximumAvailable": MAX_COST}` (`requestedQueryCost` is
    null when the document did not parse, so there was nothing to price)."""
    return {"cost": {"requestedQueryCost": cost, "maximumAvailable": MAX_COST}}
