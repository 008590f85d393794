"""Synchronous resolvers for the order detail's (交易信息) object fields when their rows are
already in hand, set on graphql-core's schema after Strawberry built it (as
`gql/fast_fields.py` does for the claims page).

Why: `order(orderNo)` reads the whole panel (order with its shop and buyer, claim,
rounds, events, memos) before any field resolves, yet `shopName`, `buyerMaskedId`,
`hasUnansweredMemo`, `claim`, `memos` and the claim's `withdrawal`, `withdrawalRounds`
and `events` are `async` Strawberry resolvers: each one is a coroutine that graphql-core
gathers as a task, with its own trips through the event loop, to return a value that is
already there. Each resolver here answers from the rows in hand synchronously, exactly
as the Strawberry method would (same constructors, same values), and otherwise hands the
call to the Strawberry resolver it replaces: the answer is the same on every path
(`tests/gql/test_order_detail_fast.py` compares them).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graphql import GraphQLObjectType, GraphQLSchema

Resolve = Callable[..., Any]


def _loaded(loader: Any, key: int) -> tuple[bool, Any]:  # noqa: ANN401
    """(True, value) when the request's dataloader already holds `key` (primed or
    loaded), else (False, None): a pending or failed load goes the usual way."""
    future = loader.cache_map.get(key)
    if future is None or not future.done() or future.cancelled() or future.exception():
        return False, None
    return True, future.result()


def _joined(row: Any, relation: str, key: int) -> Any:  # noqa: ANN401
    """The related row `select_related` joined to this model instance, if it did."""
    loaded = getattr(row, "__dict__", None)  # a plain row (models/plain_rows.py) has none
    related = loaded.get(f"_{relation}") if loaded is not None else None
    return related if related is not None and related.id == key else None


#: What an answer function returns when the rows it needs are not in hand.
_NOT_IN_HAND = object()


def _in_hand(answer: Callable[[Any, Any], Any]) -> Callable[[Resolve], Resolve]:
    """A resolver factory: `answer(source, info)` from the rows in hand, or the Strawberry
    resolver it replaces when the answer says they are not."""

    def wrap(fallback: Resolve) -> Resolve:
        def resolve(source: Any, info: Any, **kwargs: Any) -> Any:  # noqa: ANN401
            value = answer(source, info)
            return fallback(source, info, **kwargs) if value is _NOT_IN_HAND else value

        return resolve

    return wrap


def _shop_name(source: Any, _info: Any) -> Any:  # noqa: ANN401
    seller = _joined(source.row, "seller", source.row.seller_id)
    return _NOT_IN_HAND if seller is None else seller.shop_name


def _buyer_masked_id(source: Any, _info: Any) -> Any:  # noqa: ANN401
    buyer = _joined(source.row, "buyer", source.row.buyer_id)
    return _NOT_IN_HAND if buyer is None else buyer.masked_id


def _has_unanswered_memo(source: Any, _info: Any) -> Any:  # noqa: ANN401
    panel = source.panel_model
    return _NOT_IN_HAND if panel is None else panel.unanswered_memo


def _order_claim(source: Any, _info: Any) -> Any:  # noqa: ANN401
    panel = source.panel_model
    if panel is None:
        return _NOT_IN_HAND
    from gql.claims.types import Claim

    return Claim.from_model(panel.claim) if panel.claim else None


def _order_memos(source: Any, _info: Any) -> Any:  # noqa: ANN401
    if source.panel_model is None:
        return _NOT_IN_HAND
    from gql.memos.types import Memo

    return [Memo.from_model(m) for m in source.panel_model.memos]


def _claim_withdrawal(source: Any, info: Any) -> Any:  # noqa: ANN401
    found, rounds = _loaded(info.context.loaders.rounds_by_claim_id, source.row.id)
    if not found:
        return _NOT_IN_HAND
    from gql.claims.types import ClaimWithdrawal

    return ClaimWithdrawal.from_model(rounds[-1]) if rounds else None


def _claim_withdrawal_rounds(source: Any, info: Any) -> Any:  # noqa: ANN401
    found, rounds = _loaded(info.context.loaders.rounds_by_claim_id, source.row.id)
    if not found:
        return _NOT_IN_HAND
    from gql.claims.types import ClaimWithdrawal

    return [ClaimWithdrawal.from_model(r) for r in rounds]


def _claim_events(source: Any, info: Any) -> Any:  # noqa: ANN401
    found, events = _loaded(info.context.loaders.events_by_claim_id, source.row.id)
    if not found:
        return _NOT_IN_HAND
    from gql.claims.types import ClaimEvent

    return [ClaimEvent.from_model(e) for e in events]


#: (type, field) -> its answer from the rows in hand.
ANSWERS: dict[tuple[str, str], Callable[[Any, Any], Any]] = {
    ("Order", "shopName"): _shop_name,
    ("Order", "buyerMaskedId"): _buyer_masked_id,
    ("Order", "hasUnansweredMemo"): _has_unanswered_memo,
    ("Order", "claim"): _order_claim,
    ("Order", "memos"): _order_memos,
    ("Claim", "withdrawal"): _claim_withdrawal,
    ("Claim", "withdrawalRounds"): _claim_withdrawal_rounds,
    ("Claim", "events"): _claim_events,
}


def install(schema: GraphQLSchema) -> None:
    """Wrap the listed fields' resolvers on graphql-core's schema (types and fields must
    exist: a rename fails here, at start-up)."""
    for (type_name, field_name), answer in ANSWERS.items():
        gql_type = schema.get_type(type_name)
        assert isinstance(gql_type, GraphQLObjectType), type_name
        field = gql_type.fields[field_name]
        resolve = _in_hand(answer)(field.resolve)
        # the Strawberry resolver it replaces, for tests comparing both paths
        resolve.fallback = field.resolve  # type: ignore[attr-defined]
        field.resolve = resolve
