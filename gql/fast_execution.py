"""graphql-core's executor with a short path for plain leaf fields.

Why: the claims page answers ~1,100 fields, ~950 of them leaves (an id, a string, a date,
an enum, a label) that only read an attribute of their row. For each one graphql-core
builds a path entry and an `Info` object, looks up its arguments, calls the resolver
through Strawberry's wrapper and completes the value through three nested checks: 4-10 µs
a field on this box, 5-11 ms of the page (issue 15's profile).

What: the executor's `execute_fields` learns, once per selection set and request, which of
its fields are *plain*: a leaf type (scalar or enum, maybe non-null), no resolver of its
own (Strawberry's attribute read) or one of `gql/fast_fields.py`'s plain resolvers, no
middleware. Those it answers inline: read the attribute (or call the plain resolver with
the field's arguments, coerced once), then the type's own `coerce_output_value`, exactly
what graphql-core does. Anything else (objects, lists, async resolvers, any field whose
value is missing on a non-null type, is an error, or fails to serialize) goes through
graphql-core's own `execute_field`, which reads it again and reports it exactly as
before: the answers and the errors are the same, only the common case is shorter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import (
    GraphQLLeafType,
    GraphQLNonNull,
    GraphQLObjectType,
    get_named_type,
    is_leaf_type,
)
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

#: Strawberry's GraphQLField.extensions key for the field's definition.
_DEFINITION = "strawberry-definition"
#: The attribute `gql/fast_fields.py` sets on a resolver that reads only its source row
#: and its arguments (synchronous, never awaits, no `info`).
PLAIN_MARK = "_qsm_plain"


def _attribute_reader(python_name: str) -> Callable[..., Any]:
    def read(source: Any) -> Any:  # noqa: ANN401
        return getattr(source, python_name)

    return read


class FastExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context; plain leaf fields skip the per-field machinery."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(*args, **kwargs)
        #: id(grouped field set) -> (the set, its plan); the set is kept so its id stays
        #: unique for the request (graphql-core memoizes the sets per selection).
        self._plans: dict[int, tuple[Any, list[tuple[str, Any, Any]]]] = {}
        manager = self.middleware_manager
        self._plain_allowed = not (manager and manager._middleware_resolvers)

    def _plan(
        self, parent_type: GraphQLObjectType, grouped_field_set: Any
    ) -> list[tuple[str, Any, Any]]:
        """For each response name: (name, reader or None, leaf type). A reader takes the
        source and returns the raw value."""
        plan: list[tuple[str, Any, Any]] = []
        for response_name, details in grouped_field_set.items():
            plan.append((response_name, self._reader(parent_type, details), None))
            if plan[-1][1] is not None:
                field_def = parent_type.fields[details[0].node.name.value]
                plan[-1] = (response_name, plan[-1][1], field_def.type)
        return plan

    def _reader(self, parent_type: GraphQLObjectType, details: Any) -> Any:  # noqa: ANN401
        if not self._plain_allowed:
            return None
        first = details[0]
        if first.fragment_variable_values is not None or first.defer_usage is not None:
            return None
        field_def = parent_type.fields.get(first.node.name.value)
        if field_def is None or not is_leaf_type(get_named_type(field_def.type)):
            return None
        field_type = field_def.type
        inner = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
        if not is_leaf_type(inner):  # a list of leaves
            return None
        resolve = field_def.resolve
        if resolve is not None and getattr(resolve, PLAIN_MARK, False):
            try:
                args = (
                    get_argument_values(
                        field_def, first.node, self.variable_values, None, self.hide_suggestions
                    )
                    if field_def.args or first.node.arguments
                    else {}
                )
            except Exception:  # noqa: BLE001 - graphql-core's path reports it
                return None

            def call(source: Any) -> Any:  # noqa: ANN401
                return resolve(source, None, **args)

            return call
        definition = (field_def.extensions or {}).get(_DEFINITION)
        if (
            resolve is not None
            and getattr(resolve, "_is_default", False)
            and definition is not None
            and definition.is_basic_field
            and not first.node.arguments
        ):
            return _attribute_reader(definition.python_name)
        return None

    def execute_fields(
        self,
        parent_type: GraphQLObjectType,
        source_value: Any,
        path: Path | None,
        grouped_field_set: Any,
        position_context: Any,
    ) -> Any:
        cached = self._plans.get(id(grouped_field_set))
        if cached is None:
            cached = self._plans[id(grouped_field_set)] = (
                grouped_field_set,
                self._plan(parent_type, grouped_field_set),
            )
        plan = cached[1]
        if all(reader is None for _, reader, _ in plan):
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        results: dict[str, Any] = {}
        awaitable_fields: list[str] = []
        is_awaitable = self.is_awaitable
        try:
            for response_name, reader, field_type in plan:
                if reader is not None:
                    value = _plain_value(reader, source_value, field_type)
                    if value is not Undefined:
                        results[response_name] = value
                        continue
                # graphql-core's own path: a non-plain field, or a plain one to report
                result = self.execute_field(
                    parent_type,
                    source_value,
                    grouped_field_set[response_name],
                    Path(path, response_name, parent_type.name),
                    position_context,
                )
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[f] for f in awaitable_fields])
            raise
        if not awaitable_fields:
            return results

        async def get_results() -> dict[str, Any]:
            for name in awaitable_fields:
                results[name] = await results[name]
            return results

        if len(awaitable_fields) == 1:
            return get_results()
        return self._gather(results, awaitable_fields)

    async def _gather(self, results: dict[str, Any], names: list[str]) -> dict[str, Any]:
        values = await gather_with_cancel(*(results[name] for name in names))
        results.update(zip(names, values, strict=True))
        return results


def _plain_value(reader: Any, source: Any, field_type: Any) -> Any:  # noqa: ANN401
    """The completed value, or Undefined when graphql-core's own path must take it (a
    null on a non-null type, an error, a value the type does not serialize)."""
    try:
        value = reader(source)
    except Exception:  # noqa: BLE001 - graphql-core's path raises it again and reports it
        return Undefined
    non_null = isinstance(field_type, GraphQLNonNull)
    if value is None:
        return Undefined if non_null else None
    if isinstance(value, Exception):
        return Undefined
    leaf: GraphQLLeafType = field_type.of_type if non_null else field_type
    try:
        coerced = leaf.coerce_output_value(value)
    except Exception:  # noqa: BLE001
        return Undefined
    if coerced is None or coerced is Undefined:
        return Undefined
    return coerced
