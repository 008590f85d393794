"""The first statement of every claim operation: lock the claim and read, in the same
statement, what the operation would otherwise read one statement at a time.

Why one statement: on SQLite every write transaction holds the one connection from BEGIN
to COMMIT, and each statement in it waits a turn of the event loop (while 31 other
requests run their Python), so a statement less inside the transaction is throughput for
every writer; on PostgreSQL each is a round trip. Tortoise built the claim's select
(`select_for_update().first()`), then the operation read the latest round, the order's
number (for the notices) and the seller's webhook endpoints (the outbox) one by one.

What it reads besides the claim, and why each stays right:
- the order's number: immutable, so reading it with the lock cannot be stale;
- whether the seller has an enabled webhook endpoint (`webhooks`): only when it has one
  does the event's outbox read which endpoints want the event (`models.webhooks.events`).
  It is read by the statement that takes the claim's lock, inside the same transaction as
  the event it guards, as the separate read was; an endpoint committed after it takes part
  from the next event on, as one committed after the separate read did;
- the latest round, on SQLite only (one snapshot for the whole transaction, one writer at
  a time). On PostgreSQL a `FOR UPDATE` that waited for a racing transaction returns the
  claim's new version but the joined rows as its own snapshot saw them, so a round opened
  by the winner would be missing: the round is read by its own statement after the lock,
  as before (`runner.load_latest_round`).

The models are built by Tortoise's own `_init_from_db` from the columns Tortoise would
have selected, so the operation sees exactly the objects `Claim.filter(…).first()` gave.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from tortoise import connections

from models.entities import Claim, WithdrawalRound

#: Column aliases of the extra values (not columns of `claim`).
_ORDER_NO = "qsm__order_no"
_WEBHOOKS = "qsm__webhooks"
#: Prefix of the latest round's columns in the SQLite statement.
_ROUND = "qsm__r__"


@dataclass(frozen=True)
class LockedClaim:
    """The locked claim and what was read with it."""

    claim: Claim
    order_no: str
    #: The seller has at least one enabled webhook endpoint.
    webhooks: bool
    #: The latest round when the statement read it (SQLite), else not read (see module doc).
    latest: WithdrawalRound | None
    latest_read: bool


def _columns(model: type[Claim] | type[WithdrawalRound]) -> tuple[str, ...]:
    return tuple(model._meta.fields_db_projection.values())


@cache
def _statement(pg: bool, by_seller: bool, by_buyer: bool) -> str:
    """The statement for one dialect and scope (built once: the model's columns are fixed)."""
    claim = ", ".join(f'c."{col}"' for col in _columns(Claim))
    marks = iter(f"${i}" if pg else "?" for i in range(1, 4))
    where = [f'c."id" = {next(marks)}']
    if by_seller:
        where.append(f'c."seller_id" = {next(marks)}')
    if by_buyer:
        where.append(f'c."buyer_id" = {next(marks)}')
    hooks = (
        'EXISTS (SELECT 1 FROM "webhook_endpoint" w WHERE w."seller_id" = c."seller_id" '
        'AND w."enabled")'
    )
    select = f'SELECT {claim}, o."order_no" AS "{_ORDER_NO}", {hooks} AS "{_WEBHOOKS}"'
    joins = 'FROM "claim" c JOIN "customer_order" o ON o."id" = c."order_id"'
    if pg:
        return f"{select} {joins} WHERE {' AND '.join(where)} LIMIT 1 FOR UPDATE OF c"
    rnd = ", ".join(f'r."{col}" AS "{_ROUND}{col}"' for col in _columns(WithdrawalRound))
    return (
        f"{select}, {rnd} {joins} "
        'LEFT JOIN "withdrawal_round" r ON r."claim_id" = c."id" AND r."round_no" = c."round_count" '
        f"WHERE {' AND '.join(where)} LIMIT 1"
    )


async def lock_claim(
    claim_id: int, *, seller_id: int | None = None, buyer_id: int | None = None
) -> LockedClaim | None:
    """The claim `claim_id` (of this seller / buyer when given), locked for this
    transaction on PostgreSQL, with its order's number and webhook flag; None if none."""
    conn = connections.get("default")
    pg = conn.capabilities.dialect == "postgres"
    params = [claim_id] + [s for s in (seller_id, buyer_id) if s is not None]
    _, rows = await conn.execute_query(
        _statement(pg, seller_id is not None, buyer_id is not None), params
    )
    if not rows:
        return None
    row = rows[0]
    claim = Claim._init_from_db(**{col: row[col] for col in _columns(Claim)})
    latest = None
    if not pg and row[f"{_ROUND}id"] is not None:
        latest = WithdrawalRound._init_from_db(
            **{col: row[f"{_ROUND}{col}"] for col in _columns(WithdrawalRound)}
        )
    return LockedClaim(claim, row[_ORDER_NO], bool(row[_WEBHOOKS]), latest, latest_read=not pg)


@cache
def _update_statement(pg: bool, names: tuple[str, ...]) -> str:
    """`UPDATE "claim" SET <names> WHERE "id" = … AND "version" = …` for one dialect."""
    projection = Claim._meta.fields_db_projection
    marks = iter(f"${i}" if pg else "?" for i in range(1, len(names) + 3))
    sets = ", ".join(f'"{projection[name]}" = {next(marks)}' for name in names)
    return f'UPDATE "claim" SET {sets} WHERE "id" = {next(marks)} AND "version" = {next(marks)}'


async def guarded_update(claim_id: int, version: int, changes: dict[str, Any]) -> int:
    """The conditional UPDATE of a claim read at `version`: how many rows it changed (0:
    somebody else changed the claim first).

    What `Claim.filter(id=…, version=…).update(**changes)` runs, without building the
    query each time (0.2 ms of Tortoise's query building per transition, measured): the
    values are converted by the same field method Tortoise's update uses
    (`Field.to_db_value(value, None)`), so the same column values are written
    (`tests/models/test_claim_lock.py` compares the rows)."""
    conn = connections.get("default")
    fields_map = Claim._meta.fields_map
    names = tuple(changes)
    values = [fields_map[name].to_db_value(changes[name], None) for name in names]
    updated, _ = await conn.execute_query(
        _update_statement(conn.capabilities.dialect == "postgres", names),
        [*values, claim_id, version],
    )
    return updated


@cache
def _round_statement(pg: bool) -> str:
    columns = ", ".join(f'"{col}"' for col in _columns(WithdrawalRound))
    marks = ("$1", "$2") if pg else ("?", "?")
    return (
        f'SELECT {columns} FROM "withdrawal_round" '
        f'WHERE "claim_id" = {marks[0]} AND "round_no" = {marks[1]} LIMIT 2'
    )


async def latest_round(claim: Claim) -> WithdrawalRound | None:
    """The claim's latest round (`round_no` = its `round_count`), as
    `WithdrawalRound.get_or_none(claim_id=…, round_no=…)` gives it, from a cached statement
    (on PostgreSQL the runner reads it after the lock: see the module doc)."""
    if not claim.round_count:
        return None
    conn = connections.get("default")
    _, rows = await conn.execute_query(
        _round_statement(conn.capabilities.dialect == "postgres"), [claim.id, claim.round_count]
    )
    if not rows:
        return None
    assert len(rows) == 1, "(claim_id, round_no) is unique"
    return WithdrawalRound._init_from_db(**{col: rows[0][col] for col in _columns(WithdrawalRound)})
