"""Plain resolvers for the hot pages' small computed fields (labels, `delayed`, a claim's
joined order), set straight on graphql-core's schema after Strawberry built it.

Why: a Strawberry method resolver costs its full wrapper on every call (an `Info` object,
argument conversion, the exception-handler shell), about three times a plain attribute.
The claims page asks `typeLabel`, `statusLabel`, `withdrawalStateLabel`, `delayed` and
`order` for each of its 50 rows; a label needs no more than the stored value and the
`lang` argument. graphql-core calls a field's `resolve(source, info, **args)` with the
arguments already coerced to the enum's *value* (`"zh"`), so these functions take the
value and give exactly what the Strawberry methods give (`tests/gql` and the screen parity
tests compare the answers; the methods stay the schema's source of truth for the SDL and
for any field not listed here).

`Claim.order` is sync when the list's read model joined the order (the claims page),
else it falls back to the Strawberry resolver (the dataloader): no per-row await where the
row is already there. Called without `info` (the executor's short path for object fields)
it answers only from the row, or declines with `Undefined`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema
from graphql.pyutils import Undefined

from gql.fast_execution import PLAIN_MARK
from models import policy
from models.clock import get_clock
from models.enums import WithdrawalState
from models.labels import label
from models.plain_rows import PlainRow

ZH = "zh"


def _lang(value: Any) -> str:  # noqa: ANN401 - graphql-core hands the enum's value
    return getattr(value, "value", value) or ZH


def _label_of(attr: str) -> Callable[..., str]:
    #: (value's type, value, lang) -> label: `label` reads fixed tables, so a label
    #: found once is the label (a few dozen keys: enum members times languages)
    found: dict[tuple[type, Any, Any], str] = {}

    def resolve(source: Any, _info: Any, lang: Any = ZH) -> str:  # noqa: ANN401
        value = getattr(source, attr)
        key = (type(value), value, lang)
        text = found.get(key)
        if text is None:
            text = found[key] = label(value, _lang(lang))
        return text

    return resolve


def _withdrawal_label(source: Any, _info: Any, lang: Any = ZH) -> str | None:  # noqa: ANN401
    state = source.withdrawal_state
    return label(WithdrawalState(state), _lang(lang)) if state else None


def _withdrawal_state_label(source: Any, _info: Any) -> str | None:  # noqa: ANN401
    state = source.withdrawal_state
    return label(WithdrawalState(state), ZH) if state else None


def _delayed(source: Any, info: Any) -> bool:  # noqa: ANN401
    """`policy.is_delayed` with today's date read only when the status can be delayed
    (a claim past its first status never is): the clock's `today()` is a `now()` and a
    Tokyo conversion, asked once per row of the page before."""
    status = source.status
    if status not in policy.FIRST_STATUSES:
        return False
    return policy.is_delayed(status, source.row.requested_on, get_clock().today())


def _claim_order(fallback: Callable[..., Any]) -> Callable[..., Any]:
    from gql.orders.types import Order

    def resolve(source: Any, info: Any, **kwargs: Any) -> Any:  # noqa: ANN401
        row = source.row
        # a plain row of the list carries its order; a model joined by select_related
        # keeps it in `_order`
        order = row.order if isinstance(row, PlainRow) else row.__dict__.get("_order")
        if order is not None and order.id == row.order_id:
            return Order.from_model(order)
        if info is None:
            # gql/fast_execution.py's short path: decline, graphql-core's own path calls
            # again with `info` for the dataloader
            return Undefined
        return fallback(source, info, **kwargs)

    return resolve


#: (type, field) -> resolver; a factory when it needs the Strawberry resolver it replaces.
PLAIN: dict[tuple[str, str], Callable[..., Any]] = {
    ("Claim", "typeLabel"): _label_of("type"),
    ("Claim", "statusLabel"): _label_of("status"),
    ("Claim", "withdrawalLabel"): _withdrawal_label,
    ("Claim", "withdrawalStateLabel"): _withdrawal_state_label,
    ("Claim", "delayed"): _delayed,
    ("Order", "statusLabel"): _label_of("status"),
    ("ClaimWithdrawal", "stateLabel"): _label_of("state"),
    ("ClaimEvent", "label"): _label_of("kind"),
    ("ClaimEvent", "actorLabel"): _label_of("actor"),
    ("RejectionReasonInfo", "label"): _label_of("code"),
    ("ActionAvailability", "label"): _label_of("action"),
}
WRAPPING: dict[tuple[str, str], Callable[[Callable[..., Any]], Callable[..., Any]]] = {
    ("Claim", "order"): _claim_order,
}


def install(schema: GraphQLSchema) -> None:
    """Replace the listed fields' resolvers on graphql-core's schema (types and fields
    must exist: a rename fails here, at start-up, not silently on a page)."""
    for (type_name, field_name), resolver in PLAIN.items():
        # synchronous, reads only its row and arguments: gql/fast_execution.py calls it
        # without the per-field machinery
        setattr(resolver, PLAIN_MARK, True)
        _field(schema, type_name, field_name).resolve = resolver
    for (type_name, field_name), wrap in WRAPPING.items():
        field = _field(schema, type_name, field_name)
        field.resolve = wrap(field.resolve)
        # synchronous when it can answer from the row; declines (Undefined) without
        # `info` otherwise
        setattr(field.resolve, PLAIN_MARK, True)


def _field(schema: GraphQLSchema, type_name: str, field_name: str) -> Any:  # noqa: ANN401
    gql_type = schema.get_type(type_name)
    assert isinstance(gql_type, GraphQLObjectType), type_name
    return gql_type.fields[field_name]
