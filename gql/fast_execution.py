"""graphql-core's executor with a short path for plain leaf and object fields.

Why: the claims page answers ~1,100 fields, ~950 of them leaves (an id, a string, a date,
an enum, a label) that only read an attribute of their row, and ~150 objects (edges, nodes,
orders) read the same way. For each one graphql-core builds a path entry and an `Info`
object, looks up its arguments, calls the resolver through Strawberry's wrapper and
completes the value through three nested checks (and for an object its `is_type_of`):
4-10 µs a field on this box, 5-11 ms of the page (issue 15's profile).

What: the executor's `execute_fields` learns, once per selection set and request, which of
its fields are *plain*: no resolver of its own (Strawberry's attribute read) or one of
`gql/fast_fields.py`'s plain resolvers, no middleware, and a type known before the value:

- a leaf (scalar or enum, maybe non-null): read, then the type's own
  `coerce_output_value` (for a `str`, a `bool` or an enum member, its result for that
  value, looked up; for a `date`, a `datetime` or an `int`, called without
  `_complete_leaf`'s checks), exactly what graphql-core does;
- an object type (not an interface or union, and no `is_type_of` but Strawberry's own
  `isinstance`), or a list of them: read, check every value before anything runs, then
  graphql-core's own `collect_and_execute_subfields` for each object, its errors handled
  by graphql-core's `handle_field_error` at the same paths as graphql-core's
  `execute_field` and `complete_list_item_value` handle them.

Anything else (abstract types, async resolvers, directives on an object field, any value
that is missing on a non-null type, an error, not a list, of the wrong type or not
serializable) goes through graphql-core's own `execute_field`, which reads it again and
reports it exactly as before: the answers and the errors are the same, only the common
case is shorter (`tests/gql/test_fast_execution.py` runs both executors side by side).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import EnumMeta
from operator import attrgetter
from typing import Any

from graphql import (
    FieldNode,
    FragmentSpreadNode,
    GraphQLBoolean,
    GraphQLID,
    GraphQLInt,
    GraphQLLeafType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLString,
    ListValueNode,
    ObjectValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    VariableNode,
    get_named_type,
    is_leaf_type,
)
from graphql.execution import executor as executor_module
from graphql.execution.collect_fields import CollectedFields
from graphql.execution.collect_fields import collect_fields as _collect_fields
from graphql.execution.values import get_argument_values
from graphql.pyutils import Path, Undefined, gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import CustomGraphQLEnumType

#: Strawberry's GraphQLField.extensions key for the field's definition.
_DEFINITION = "strawberry-definition"
#: The attribute `gql/fast_fields.py` sets on a resolver that reads only its source row
#: and its arguments (synchronous, never awaits, no `info`).
PLAIN_MARK = "_qsm_plain"


def _attribute_reader(python_name: str) -> Callable[..., Any]:
    """`source.<python_name>` (C's attrgetter: no Python frame per read)."""
    return attrgetter(python_name)


#: Kinds of planned field (see `FastExecutor._plan`).
LEAF, OBJECT, OBJECTS = 1, 2, 3


@dataclass(frozen=True)
class _ObjectSpec:
    """An inline object field's statically known type: the object type, whether the
    value (or, for a list, each item) may be null, and the type's `is_type_of` check
    (Strawberry's own, which ignores `info`; None when the type has none)."""

    object_type: GraphQLObjectType
    item_type: Any
    non_null: bool
    is_type_of: Callable[[Any, Any], Any] | None


#: A planned field: (response name, kind or None for graphql-core's path, reader, the
#: field's type, the `_ObjectSpec` of an OBJECT/OBJECTS field or the `_leaf_shortcut` of
#: a LEAF).
Plan = list[tuple[str, int | None, Any, Any, Any]]


#: Plans shared across requests, by (parent type, response names, ids of the field
#: nodes): a cached document's nodes are the same objects in every request, so its
#: selection sets are planned once, not once per request (`viewer` planned its one
#: selection set on every request; the order panel ~7 sets: its CPU −5 %). At most
#: SHARED_PLANS_MAX entries: past that the cache starts again (a few hundred documents
#: are in use at once; the parse cache keeps as many).
_SHARED_PLANS: dict[tuple[Any, ...], tuple[tuple[Any, ...], Plan, bool]] = {}
SHARED_PLANS_MAX = 4096


def _names_a_variable(node: FieldNode) -> bool:
    """Whether the field's arguments use a variable anywhere (in a list or an object)."""
    stack = [argument.value for argument in node.arguments or ()]
    while stack:
        value = stack.pop()
        if isinstance(value, VariableNode):
            return True
        if isinstance(value, ListValueNode):
            stack.extend(value.values)
        elif isinstance(value, ObjectValueNode):
            stack.extend(field.value for field in value.fields)
    return False


class FastExecutor(StrawberryGraphQLCoreExecutionContext):
    """Strawberry's execution context; plain leaf and object fields skip the per-field
    machinery."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:  # noqa: ANN401
        super().__init__(*args, **kwargs)
        #: id(grouped field set) -> (the set, its plan); the set is kept so its id stays
        #: unique for the request (graphql-core memoizes the sets per selection).
        self._plans: dict[int, tuple[Any, Plan, bool]] = {}
        #: (object type, id(field details)) -> (the details, grouped subfields or None)
        self._collected: dict[tuple[Any, int], tuple[Any, Any]] = {}
        manager = self.middleware_manager
        self._plain_allowed = not (manager and manager._middleware_resolvers)
        #: No directive in the operation: its collected fields are shared across
        #: requests (`collect_subfields`, `shared_root_fields`).
        self._static = _is_static(self.operation, self.fragments)

    def collect_subfields(
        self, return_type: GraphQLObjectType, field_details_list: Any
    ) -> CollectedFields:
        """graphql-core's (memoized per request), its answer for a static operation kept
        across requests by the field nodes (kept alive with it, so their ids name
        them), as `_SHARED_PLANS` keeps plans."""
        if not self._static:
            return super().collect_subfields(return_type, field_details_list)
        key = (return_type, *map(id, (d.node for d in field_details_list)))
        shared = _SHARED_SUBFIELDS.get(key)
        if shared is not None:
            return shared[1]
        collected = super().collect_subfields(return_type, field_details_list)
        nodes = tuple(d.node for d in field_details_list)
        _remember(_SHARED_SUBFIELDS, key, (nodes, collected), SHARED_COLLECTIONS_MAX)
        return collected

    def _shared_plan(
        self, parent_type: GraphQLObjectType, grouped_field_set: Any
    ) -> tuple[Plan, bool]:
        """The plan of a selection set, and whether any of its fields is plain; shared by
        every request of the same cached document (`_SHARED_PLANS`) unless a field's
        arguments name a variable (its reader then binds this request's values)."""
        nodes = tuple(d.node for details in grouped_field_set.values() for d in details)
        key = (parent_type, tuple(grouped_field_set), tuple(map(id, nodes)))
        shared = _SHARED_PLANS.get(key)
        if shared is not None:
            return shared[1], shared[2]
        plan = self._plan(parent_type, grouped_field_set)
        any_plain = any(kind is not None for _, kind, _, _, _ in plan)
        if not any(_names_a_variable(node) for node in nodes):
            if len(_SHARED_PLANS) >= SHARED_PLANS_MAX:
                _SHARED_PLANS.clear()
            # the nodes are kept with their plan, so their ids name them while it lives
            _SHARED_PLANS[key] = (nodes, plan, any_plain)
        return plan, any_plain

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> Plan:
        """For each response name: its kind and reader (None: graphql-core's path). A
        reader takes the source and returns the raw value."""
        plan: Plan = []
        for response_name, details in grouped_field_set.items():
            reader = self._reader(parent_type, details)
            kind, spec, field_type = None, None, None
            if reader is not None:
                field_type = parent_type.fields[details[0].node.name.value].type
                kind, spec = _kind_of(field_type)
                if kind is None:
                    reader = None
            plan.append((response_name, kind, reader, field_type, spec))
        return plan

    def _reader(self, parent_type: GraphQLObjectType, details: Any) -> Any:  # noqa: ANN401
        if not self._plain_allowed:
            return None
        first = details[0]
        if any(
            d.fragment_variable_values is not None
            or d.defer_usage is not None
            or (d.node.directives and not is_leaf_type(get_named_type(_type_of(parent_type, d))))
            for d in details
        ):
            return None
        field_def = parent_type.fields.get(first.node.name.value)
        if field_def is None:
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
            plan, any_plain = self._shared_plan(parent_type, grouped_field_set)
            cached = self._plans[id(grouped_field_set)] = (grouped_field_set, plan, any_plain)
        _, plan, any_plain = cached
        if not any_plain:
            return super().execute_fields(
                parent_type, source_value, path, grouped_field_set, position_context
            )
        results: dict[str, Any] = {}
        awaitable_fields: list[str] = []
        is_awaitable = self.is_awaitable
        try:
            for response_name, kind, reader, field_type, spec in plan:
                if kind == LEAF:
                    try:
                        value = reader(source_value)
                    except Exception:  # noqa: BLE001 - graphql-core's path reports it
                        value = Undefined
                    # the common case: a str, a bool or an enum member the type gives
                    # unchanged or by name, or a date, a datetime or an int the type's
                    # own call serializes (`_leaf_shortcut`)
                    if type(value) is spec[0]:
                        if spec[3] is None:
                            coerced = value if spec[1] is None else spec[1].get(value)
                        else:
                            try:
                                coerced = spec[3](value)
                            except Exception:  # noqa: BLE001 - graphql-core's path reports it
                                coerced = None
                        if coerced is not None and coerced is not Undefined:
                            results[response_name] = coerced
                            continue
                    elif value is None and spec[2]:
                        results[response_name] = None
                        continue
                    value = _complete_leaf(value, field_type)
                    if value is not Undefined:
                        results[response_name] = value
                        continue
                elif kind is not None:
                    value = self._inline_object(
                        kind,
                        reader,
                        field_type,
                        spec,
                        parent_type,
                        source_value,
                        grouped_field_set[response_name],
                        path,
                        response_name,
                        position_context,
                    )
                    if value is not Undefined:
                        results[response_name] = value
                        if is_awaitable(value):
                            awaitable_fields.append(response_name)
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

    def _inline_object(
        self,
        kind: int,
        reader: Any,  # noqa: ANN401
        field_type: Any,  # noqa: ANN401
        spec: _ObjectSpec,
        parent_type: GraphQLObjectType,
        source: Any,  # noqa: ANN401
        details: Any,  # noqa: ANN401
        path: Path | None,
        response_name: str,
        position_context: Any,  # noqa: ANN401
    ) -> Any:  # noqa: ANN401
        """An object (or list of objects) field completed as graphql-core completes it,
        without its `Info` and per-value checks; Undefined when graphql-core's own path
        must take it (checked before anything runs, so nothing runs twice)."""
        try:
            value = reader(source)
        except Exception:  # noqa: BLE001 - graphql-core's path raises it again and reports it
            return Undefined
        if value is None:
            return Undefined if isinstance(field_type, GraphQLNonNull) else None
        if value is Undefined or isinstance(value, Exception):
            return Undefined
        is_type_of = spec.is_type_of
        if kind == OBJECT:
            if is_type_of is not None and not _is_type(is_type_of, value):
                return Undefined
            field_path = Path(path, response_name, parent_type.name)
            return self._complete(
                spec.object_type, details, field_path, value, field_type, position_context
            )
        if type(value) is not list and type(value) is not tuple:
            return Undefined
        is_awaitable = self.is_awaitable
        for item in value:
            if item is None:
                if spec.non_null:
                    return Undefined
            elif (
                isinstance(item, Exception)
                or is_awaitable(item)
                or (is_type_of is not None and not _is_type(is_type_of, item))
            ):
                return Undefined
        field_path = Path(path, response_name, parent_type.name)
        try:
            completed = self._complete_items(spec, details, field_path, value, position_context)
        except Exception as raw_error:
            self.handle_field_error(raw_error, field_type, details, field_path)
            return None
        if is_awaitable(completed):
            return self._guarded(completed, field_type, details, field_path)
        return completed

    def _complete(
        self,
        object_type: GraphQLObjectType,
        details: Any,  # noqa: ANN401
        path: Path,
        value: Any,  # noqa: ANN401
        return_type: Any,  # noqa: ANN401
        position_context: Any,  # noqa: ANN401
    ) -> Any:  # noqa: ANN401
        """One object's sub-selections, errors handled as graphql-core's `execute_field`
        (and `complete_list_item_value`, for an item) handles them."""
        try:
            grouped = self._subfields(object_type, details) if position_context is None else None
            if grouped is None:
                completed = self.collect_and_execute_subfields(
                    object_type, details, path, value, position_context
                )
            else:
                # what `execute_collected_subfields` does without deferred fragments
                completed = self.execute_fields(object_type, value, path, grouped, None)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, details, path)
            return None
        if self.is_awaitable(completed):
            return self._guarded(completed, return_type, details, path)
        return completed

    def _subfields(self, object_type: GraphQLObjectType, details: Any) -> Any:  # noqa: ANN401
        """The object's collected subfields (graphql-core's memoized `collect_subfields`,
        looked up once per selection and request), None when they defer fragments."""
        key = (object_type, id(details))
        known = self._collected.get(key)
        if known is None:
            grouped, new_defer_usages, _ = self.collect_subfields(object_type, details)
            # `details` kept so its id stays unique for the request
            known = self._collected[key] = (details, None if new_defer_usages else grouped)
        return known[1]

    def _complete_items(
        self,
        spec: _ObjectSpec,
        details: Any,  # noqa: ANN401
        path: Path,
        items: Any,  # noqa: ANN401
        position_context: Any,  # noqa: ANN401
    ) -> Any:  # noqa: ANN401
        """A list of objects as graphql-core's `complete_iterable_value` completes it."""
        completed: list[Any] = []
        awaitable_indices: list[int] = []
        is_awaitable = self.is_awaitable
        try:
            for index, item in enumerate(items):
                if item is None:
                    completed.append(None)
                    continue
                result = self._complete(
                    spec.object_type,
                    details,
                    path.add_key(index, None),
                    item,
                    spec.item_type,
                    position_context,
                )
                if is_awaitable(result):
                    awaitable_indices.append(index)
                completed.append(result)
        except Exception:
            if awaitable_indices:
                self.settle_in_background([completed[i] for i in awaitable_indices])
            raise
        if not awaitable_indices:
            return completed

        async def get_completed() -> list[Any]:
            values = await gather_with_cancel(*(completed[i] for i in awaitable_indices))
            for i, value in zip(awaitable_indices, values, strict=True):
                completed[i] = value
            return completed

        return get_completed()

    async def _guarded(
        self,
        completed: Any,  # noqa: ANN401
        return_type: Any,  # noqa: ANN401
        details: Any,  # noqa: ANN401
        path: Path,
    ) -> Any:  # noqa: ANN401
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, details, path)
            return None

    async def _gather(self, results: dict[str, Any], names: list[str]) -> dict[str, Any]:
        values = await gather_with_cancel(*(results[name] for name in names))
        results.update(zip(names, values, strict=True))
        return results


def _type_of(parent_type: GraphQLObjectType, details: Any) -> Any:  # noqa: ANN401
    field_def = parent_type.fields.get(details.node.name.value)
    return field_def.type if field_def is not None else None


#: id(field type) -> (the type, its kind, its spec): the schema's types live as long as
#: the process, so each is looked at once, not once per request (enum tables included).
_KINDS: dict[int, tuple[Any, int | None, Any]] = {}


def _kind_of(field_type: Any) -> tuple[int | None, Any]:  # noqa: ANN401
    """`_kind` of the type, with a LEAF's `_leaf_shortcut` as its spec (cached)."""
    known = _KINDS.get(id(field_type))
    if known is None or known[0] is not field_type:
        kind, spec = _kind(field_type)
        if kind == LEAF:
            spec = _leaf_shortcut(field_type)
        known = _KINDS[id(field_type)] = (field_type, kind, spec)
    return known[1], known[2]


def _kind(field_type: Any) -> tuple[int | None, _ObjectSpec | None]:  # noqa: ANN401
    """LEAF for a (non-null) scalar or enum; OBJECT / OBJECTS for a (non-null) object
    type or a (non-null) list of (non-null) object types whose `is_type_of` is none or
    Strawberry's own; None for anything else (abstract types, nested lists, lists of
    leaves, an object type with its own `is_type_of`)."""
    inner = field_type.of_type if isinstance(field_type, GraphQLNonNull) else field_type
    if is_leaf_type(inner):
        return LEAF, None
    kind = OBJECT
    item_type = inner
    if isinstance(inner, GraphQLList):
        kind = OBJECTS
        item_type = inner.of_type
    object_type = item_type.of_type if isinstance(item_type, GraphQLNonNull) else item_type
    if not isinstance(object_type, GraphQLObjectType):
        return None, None
    is_type_of = object_type.is_type_of
    if is_type_of is not None and getattr(is_type_of, "__qualname__", "") != _STRAWBERRY_IS_TYPE_OF:
        return None, None
    non_null = isinstance(item_type, GraphQLNonNull) if kind == OBJECTS else False
    return kind, _ObjectSpec(object_type, item_type, non_null, is_type_of)


#: Strawberry's generated `is_type_of` (an `isinstance` over the type and its
#: interfaces; it never reads `info`), the only one called here without `info`.
_STRAWBERRY_IS_TYPE_OF = (
    "GraphQLCoreConverter.from_object.<locals>._get_is_type_of.<locals>.is_type_of"
)


def _is_type(is_type_of: Callable[[Any, Any], Any], value: Any) -> bool:  # noqa: ANN401
    """True only when the check says so synchronously (anything else: graphql-core's
    path, which runs it with `info` and reports)."""
    try:
        return is_type_of(value, None) is True
    except Exception:  # noqa: BLE001
        return False


def _complete_leaf(value: Any, field_type: Any) -> Any:  # noqa: ANN401
    """The completed value, or Undefined when graphql-core's own path must take it (a
    read that failed, a null on a non-null type, an error, a value the type does not
    serialize)."""
    if value is Undefined:
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


class _NoShortcut:
    """The type no value has (`_leaf_shortcut` of a leaf whose every value takes its
    type's own call)."""


#: A leaf's shortcut: (exact type, table, nullable, call); see `_leaf_shortcut`.
LeafShortcut = tuple[type, dict[Any, str] | None, bool, Callable[[Any], Any] | None]


def _leaf_shortcut(field_type: Any) -> LeafShortcut:  # noqa: ANN401
    """(exact type, table, nullable, call) for values the leaf type completes without
    `_complete_leaf`'s checks: a `str` for String and ID, a `bool` for Boolean (given
    back unchanged), a member of a Strawberry enum's Python enum (its name, read from
    the type's own `coerce_output_value` for every member); for Int an `int`, for a
    Strawberry scalar (Date, DateTime) a value of exactly its Python type, each given to
    the type's own `coerce_output_value` (`call`: the claims page answers ~150 dates,
    each through `_complete_leaf` before). Nullable is False for a non-null type. Any
    other value takes `_complete_leaf` (and a call that raises or gives nothing,
    graphql-core's path, which reports it)."""
    nullable = not isinstance(field_type, GraphQLNonNull)
    leaf = field_type if nullable else field_type.of_type
    if leaf is GraphQLString or leaf is GraphQLID:
        return str, None, nullable, None
    if leaf is GraphQLBoolean:
        return bool, None, nullable, None
    if isinstance(leaf, CustomGraphQLEnumType) and isinstance(leaf.wrapped_cls, EnumMeta):
        table: dict[Any, str] = {}
        for member in leaf.wrapped_cls:
            try:
                table[member] = leaf.coerce_output_value(member)
            except Exception:  # noqa: BLE001, S112 - that member takes the type's call
                continue
        return leaf.wrapped_cls, table, nullable, None
    if leaf is GraphQLInt:
        return int, None, nullable, leaf.coerce_output_value
    definition = (getattr(leaf, "extensions", None) or {}).get(_DEFINITION)
    origin = getattr(definition, "origin", None)
    if isinstance(leaf, GraphQLScalarType) and isinstance(origin, type):
        return origin, None, nullable, leaf.coerce_output_value
    return _NoShortcut, None, nullable, None


# --- field collection shared across requests (documents without directives) -----------
#
# Why: graphql-core collects an operation's root fields, and each object's subfields, on
# every request: it walks the selection sets, follows fragments, evaluates `@skip` /
# `@include` / `@defer` on each selection and groups the fields by response name. For an
# operation without any directive the answer depends only on the document and the types,
# and the parse cache (gql/limits.py) gives every request the same document objects:
# `viewer` collected its root and its one object on every request, the claims page six
# selection sets, the mutation four.
#
# What: `shared_root_fields` (graphql-core's `collect_fields` for the root, installed by
# `install_shared_roots`) and `FastExecutor.collect_subfields` keep the collection of a
# *static* operation (`_is_static`: no directive anywhere in it or the fragments it
# spreads, no fragment arguments) across requests, by the operation node and by the field
# nodes. Anything else is collected per request exactly as before.

#: id(operation) -> (the operation, whether it is static: see `_is_static`).
_STATIC: dict[int, tuple[OperationDefinitionNode, bool]] = {}
#: (root type, id(operation)) -> (the operation, its collected root fields).
_SHARED_ROOTS: dict[tuple[Any, int], tuple[OperationDefinitionNode, CollectedFields]] = {}
#: (object type, ids of the field nodes) -> (the nodes, their collected subfields).
_SHARED_SUBFIELDS: dict[tuple[Any, ...], tuple[Any, CollectedFields]] = {}
#: Past this many entries a cache starts again (like `_SHARED_PLANS`). The per-operation
#: caches keep their operations alive: 512 is twice the parse cache's documents
#: (gql/limits.py), so a stream of one-off documents holds at most that many.
SHARED_OPERATIONS_MAX = 512
SHARED_COLLECTIONS_MAX = 4096


def _is_static(operation: OperationDefinitionNode, fragments: dict[str, Any]) -> bool:
    """Whether the operation's fields are the same whatever its variables: no directive
    anywhere in its selections or the fragments they spread (`@skip` / `@include` read
    variables, `@defer` splits the answer) and no fragment arguments. Looked at once per
    operation node (the parse cache gives every request the same nodes)."""
    known = _STATIC.get(id(operation))
    if known is not None and known[0] is operation:
        return known[1]
    static = not operation.directives and _static_selections(
        operation.selection_set, fragments, set()
    )
    if len(_STATIC) >= SHARED_OPERATIONS_MAX:
        _STATIC.clear()
    _STATIC[id(operation)] = (operation, static)
    return static


def _static_selections(
    selection_set: SelectionSetNode | None, fragments: dict[str, Any], seen: set[str]
) -> bool:
    stack = [selection_set]
    while stack:
        current = stack.pop()
        if current is None:
            continue
        for selection in current.selections:
            if selection.directives:
                return False
            if isinstance(selection, FragmentSpreadNode):
                if getattr(selection, "arguments", None):
                    return False
                name = selection.name.value
                if name in seen:
                    continue
                seen.add(name)
                details = fragments.get(name)
                if details is None or details.variable_signatures:
                    return False
                definition = details.definition
                if definition.directives:
                    return False
                stack.append(definition.selection_set)
            else:
                stack.append(selection.selection_set)
    return True


def _remember(cache: dict[Any, Any], key: Any, value: Any, limit: int) -> None:  # noqa: ANN401
    if len(cache) >= limit:
        cache.clear()
    cache[key] = value


def shared_root_fields(
    schema: Any,  # noqa: ANN401
    fragments: dict[str, Any],
    variable_values: Any,  # noqa: ANN401
    runtime_type: GraphQLObjectType,
    operation: OperationDefinitionNode,
    hide_suggestions: bool = False,
    *args: Any,  # noqa: ANN401
    **kwargs: Any,  # noqa: ANN401
) -> CollectedFields:
    """graphql-core's `collect_fields`, its answer for a static operation kept across
    requests (`install_shared_roots`)."""
    if args or kwargs or not _is_static(operation, fragments):
        return _collect_fields(
            schema,
            fragments,
            variable_values,
            runtime_type,
            operation,
            hide_suggestions,
            *args,
            **kwargs,
        )
    key = (runtime_type, id(operation))
    shared = _SHARED_ROOTS.get(key)
    if shared is not None and shared[0] is operation:
        return shared[1]
    collected = _collect_fields(
        schema, fragments, variable_values, runtime_type, operation, hide_suggestions
    )
    _remember(_SHARED_ROOTS, key, (operation, collected), SHARED_OPERATIONS_MAX)
    return collected


def install_shared_roots() -> None:
    """Make graphql-core's executor collect a static operation's root fields once
    (`shared_root_fields`): its `execute_operation` calls the module's `collect_fields`
    by name, and has no hook for it."""
    executor_module.collect_fields = shared_root_fields  # type: ignore[assignment]
