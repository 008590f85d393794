"""The transaction panel's rows in one SQLite statement: the order with its buyer and
seller, its open (else latest) claim, the claim's rounds and events, the order's memos.

Why SQLite only: Tortoise runs every SQLite statement under one lock around the full
round trip to aiosqlite's thread (`ConnectionWrapper`), so concurrent requests cannot
pipeline statements and a request's throughput is bounded by its statement count (the
bench measured the panel's five statements as most of its time under load, the server
CPU idle three quarters of it). PostgreSQL has a pool and no such lock: it keeps the
five prepared statements (`panel._read_rows`), the general path this one is compared
with (`tests/models/test_panel_statements.py`).

How: one `UNION ALL` of the seven parts, each row a `json_object` of its table's columns
keyed by column name, in the parts' own order (`ORDER BY part`, then each part's sort
keys, as the querysets order them). On SQLite a JSON text holds exactly what the driver
gives (TEXT, INTEGER and NULL columns: ISO dates and instants are stored as text), so
`Model._init_from_db` builds the same instances as Tortoise's executor; the buyer and the
seller are attached to the order as `select_related` attaches them.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from tortoise.exceptions import MultipleObjectsReturned
from tortoise.models import Model

from models.entities import Buyer, Claim, ClaimEvent, Memo, Order, Seller, WithdrawalRound

#: (model, the part's FROM … WHERE …, its sort keys) in the order the rows come back.
_PARTS: tuple[tuple[type[Model], str, str, str], ...] = (
    (Order, '"o"', "NULL", "NULL"),
    (Buyer, '"buyer" WHERE "id" IN (SELECT "buyer_id" FROM "o")', "NULL", "NULL"),
    (Seller, '"seller" WHERE "id" IN (SELECT "seller_id" FROM "o")', "NULL", "NULL"),
    (Claim, '"c"', "NULL", "NULL"),
    (
        WithdrawalRound,
        '"withdrawal_round" WHERE "claim_id" = (SELECT "id" FROM "c")',
        '"round_no"',
        "NULL",
    ),
    (ClaimEvent, '"claim_event" WHERE "claim_id" = (SELECT "id" FROM "c")', '"at"', '"id"'),
    (Memo, '"memo" WHERE "order_id" = (SELECT "id" FROM "o")', '"sent_at"', '"id"'),
)


def _json_object(model: type[Model]) -> str:
    columns = model._meta.fields_db_projection.values()
    return "json_object(" + ", ".join(f"'{c}', \"{c}\"" for c in columns) + ")"


@cache
def _sql() -> str:
    """The statement (built once: the models' columns do not change at run time)."""
    parts = [
        f"SELECT {i} AS part, {s1} AS s1, {s2} AS s2, {_json_object(model)} AS row FROM {src}"
        for i, (model, src, s1, s2) in enumerate(_PARTS)
    ]
    return (
        'WITH "o" AS (SELECT * FROM "customer_order" WHERE "order_no" = ? AND "seller_id" = ? '
        'LIMIT 2), "c" AS (SELECT * FROM "claim" WHERE "order_id" = (SELECT "id" FROM "o") '
        'ORDER BY "created_at" DESC, "id" DESC LIMIT 1) '
        + " UNION ALL ".join(parts)
        + ' ORDER BY "part", "s1", "s2"'
    )


async def read_rows(order_no: str, seller_id: int) -> dict[type[Model], list[Any]] | None:
    """Each part's model instances (None when the seller has no such order)."""
    db = Order._choose_db()
    _, found = await db.execute_query(_sql(), [order_no, seller_id])
    rows: dict[type[Model], list[Any]] = {model: [] for model, *_ in _PARTS}
    for part, _s1, _s2, text in found:
        model = _PARTS[part][0]
        rows[model].append(model._init_from_db(**json.loads(text)))
    orders = rows[Order]
    if len(orders) > 1:  # what `get_or_none` raises (order_no is unique)
        raise MultipleObjectsReturned(Order)
    if not orders:
        return None
    order = orders[0]
    object.__setattr__(order, "_buyer", rows[Buyer][0] if rows[Buyer] else None)
    object.__setattr__(order, "_seller", rows[Seller][0] if rows[Seller] else None)
    return rows
