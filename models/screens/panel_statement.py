"""The transaction panel's rows in one statement: the order with its buyer and seller,
its open (else latest) claim, the claim's rounds and events, the order's memos.

Why: the panel read them with five querysets (order with `select_related`, claim,
rounds, events, memos; `tests/models/test_panel_statement.py` still builds the panel with
them and compares every column on both databases). On SQLite, Tortoise runs every statement under one lock around the full round trip to
aiosqlite's thread (`ConnectionWrapper`), so concurrent requests cannot pipeline
statements and throughput is bounded by a request's statement count: the bench measured
the server's CPU idle three quarters of the time behind the panel's five statements. On
PostgreSQL each statement is a round trip and a driver call too.

How: one `UNION ALL` of the seven parts, each row its table's columns as one JSON object
keyed by column name (`json_object` on SQLite, `json_build_object` on PostgreSQL), in the
parts' own order (`ORDER BY part`, then each part's sort keys, as the querysets order
them). The JSON values are turned back into what the driver gives for that column
(SQLite: its text, integers and NULLs as they are; PostgreSQL: an instant as an aware UTC
`datetime`, a day as a `date`, as asyncpg returns them), then `Model._init_from_db` builds
the instances exactly as Tortoise's executor does; the buyer and the seller are attached
to the order as `select_related` attaches them.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from functools import cache
from typing import Any

from tortoise import fields
from tortoise.exceptions import MultipleObjectsReturned
from tortoise.models import Model

from models.entities import Buyer, Claim, ClaimEvent, Memo, Order, Seller, WithdrawalRound

#: A part without that sort key (typed: PostgreSQL resolves a UNION's column types pair
#: by pair, and an untyped NULL would become text).
_NO_N, _NO_T = "CAST(NULL AS INTEGER)", "CAST(NULL AS {timestamp})"
#: (model, its table or CTE and filter, the integer sort key, the instant sort key), in the
#: order the parts come back: the rounds by number, the events and memos by time then id.
_PARTS: tuple[tuple[type[Model], str, str, str], ...] = (
    (Order, '"o"', _NO_N, _NO_T),
    (Buyer, '"buyer" WHERE "id" IN (SELECT "buyer_id" FROM "o")', _NO_N, _NO_T),
    (Seller, '"seller" WHERE "id" IN (SELECT "seller_id" FROM "o")', _NO_N, _NO_T),
    (Claim, '"c"', _NO_N, _NO_T),
    (
        WithdrawalRound,
        '"withdrawal_round" WHERE "claim_id" = (SELECT "id" FROM "c")',
        '"round_no"',
        _NO_T,
    ),
    (ClaimEvent, '"claim_event" WHERE "claim_id" = (SELECT "id" FROM "c")', '"id"', '"at"'),
    (Memo, '"memo" WHERE "order_id" = (SELECT "id" FROM "o")', '"id"', '"sent_at"'),
)

Convert = Callable[[Any], Any]


def _instant(value: str | None) -> datetime | None:
    """A `timestamptz` as JSON text, as asyncpg returns it (aware, UTC)."""
    return None if value is None else datetime.fromisoformat(value).astimezone(UTC)


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


@cache
def _converters(model: type[Model], dialect: str) -> tuple[tuple[str, Convert], ...]:
    """(column, converter) for the columns whose JSON value is not the driver's value."""
    if dialect == "sqlite":
        return ()
    found = []
    for name, column in model._meta.fields_db_projection.items():
        field = model._meta.fields_map[name]
        if isinstance(field, fields.DatetimeField):
            found.append((column, _instant))
        elif isinstance(field, fields.DateField):
            found.append((column, _day))
    return tuple(found)


def _json_object(model: type[Model], dialect: str) -> str:
    function = "json_object" if dialect == "sqlite" else "json_build_object"
    columns = model._meta.fields_db_projection.values()
    return f"{function}(" + ", ".join(f"'{c}', \"{c}\"" for c in columns) + ")"


@cache
def _sql(dialect: str) -> str:
    """The statement (built once per dialect: the models' columns do not change)."""
    one, two = ("?", "?") if dialect == "sqlite" else ("$1", "$2")
    timestamp = "TEXT" if dialect == "sqlite" else "TIMESTAMPTZ"
    parts = [
        f"SELECT {i} AS part, {n} AS n, {t.format(timestamp=timestamp)} AS t, "
        f"{_json_object(model, dialect)} AS row FROM {source}"
        for i, (model, source, n, t) in enumerate(_PARTS)
    ]
    return (
        f'WITH "o" AS (SELECT * FROM "customer_order" WHERE "order_no" = {one} '
        f'AND "seller_id" = {two} LIMIT 2), '
        '"c" AS (SELECT * FROM "claim" WHERE "order_id" = (SELECT "id" FROM "o" LIMIT 1) '
        'ORDER BY "created_at" DESC, "id" DESC LIMIT 1) '
        + " UNION ALL ".join(parts)
        + ' ORDER BY "part", "t", "n"'
    )


async def read_rows(order_no: str, seller_id: int) -> dict[type[Model], list[Any]] | None:
    """Each part's model instances (None when the seller has no such order)."""
    db = Order._choose_db()
    dialect = db.capabilities.dialect
    _, found = await db.execute_query(_sql(dialect), [order_no, seller_id])
    rows: dict[type[Model], list[Any]] = {model: [] for model, *_ in _PARTS}
    for part, _n, _t, text in found:
        model = _PARTS[part][0]
        values = json.loads(text) if isinstance(text, str | bytes) else dict(text)
        for column, convert in _converters(model, dialect):
            values[column] = convert(values[column])
        rows[model].append(model._init_from_db(**values))
    orders = rows[Order]
    if len(orders) > 1:  # what `get_or_none` raises (order_no is unique)
        raise MultipleObjectsReturned(Order)
    if not orders:
        return None
    order = orders[0]
    object.__setattr__(order, "_buyer", rows[Buyer][0] if rows[Buyer] else None)
    object.__setattr__(order, "_seller", rows[Seller][0] if rows[Seller] else None)
    return rows
