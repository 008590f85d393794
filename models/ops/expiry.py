"""Expiry of overdue withdrawal rounds (§5.8), set-based: one code path for the periodic
sweep, `qsm sweep`, sweep-on-read and the expiry an operation performs before its rule.

Why raw SQL: the ORM version moved counters with one UPDATE per (seller, key) and built
three Python objects per claim, ~40x slower than the database needs. Here a batch is a
fixed handful of statements whatever its size (the ids travel as ONE parameter: an int[]
on PostgreSQL, a JSON array read with `json_each` on SQLite, so no bound-parameter limit).

Guarantees, unchanged: a batch locks its claims first (the order every operation uses:
claim, then round, then order, then counters, so no deadlocks on PostgreSQL; Tortoise drops FOR UPDATE
from `.values()` queries, hence the raw SELECT … FOR UPDATE; on SQLite the transaction
itself serialises writers), every UPDATE is guarded by the state it expects and a row
count that differs from the batch raises `VersionConflict` (the caller rolls back and
retries on fresh state). Everything happens in one transaction (a savepoint when the
caller already opened one), so a crash leaves nothing half-applied.

Values are bound exactly as Tortoise binds them (aware `datetime` / `date` objects: asyncpg
encodes them natively, on SQLite Tortoise's registered adapters write `isoformat(" ")` /
`isoformat()`), so ORM reads of the rows written here are unchanged.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from models import live, policy
from models.clock import business_date
from models.enums import ActorKind, ClaimStatus, EventKind, Lang, NotificationKind, WithdrawalState
from models.messages import NOTICE_TEMPLATES
from models.ops import counters
from models.ops.retry import VersionConflict
from models.webhooks import events as webhook_events

REQUESTED = WithdrawalState.REQUESTED
EXPIRED = WithdrawalState.EXPIRED
WITHDRAWN = ClaimStatus.WITHDRAWN
#: The zh sentence of the notice both parties get, around the order number, for the
#: `text` column (readers get kind + params rendered in their language).
NOTICE_TEXT = tuple(
    NOTICE_TEMPLATES[NotificationKind.WITHDRAWAL_EXPIRED][Lang.ZH].split("{order_no}")
)

#: `$n` placeholders (with an optional `::type` cast, which only PostgreSQL needs to type
#: parameters in a SELECT list) become SQLite's numbered `?n`.
_PG_PARAM = re.compile(r"\$(\d+)(?:::[a-z]+(?:\[\])?)?")


#: The round's state column, kept out of SQLite's index choice where ids select the rows.
_STATE = '"state"'


def _lit(value: str) -> str:
    """An enum value or key as an SQL literal (our own constants, never user input)."""
    assert "'" not in value
    return f"'{value}'"


class _Batch:
    """The SQL of one batch for this connection's dialect. `$1` is always the id list."""

    def __init__(self, conn: BaseDBAsyncClient) -> None:
        self.conn = conn
        self.pg = conn.capabilities.dialect == "postgres"
        #: The last id list and its JSON text: a batch binds the same list ~8 times.
        self._json: tuple[list[int], str] | None = None

    def _bound(self, ids: list[int]) -> Any:
        if self.pg:
            return ids
        if self._json is None or self._json[0] is not ids:
            self._json = (ids, json.dumps(ids))
        return self._json[1]

    def in_ids(self, column: str) -> str:
        """`column` is one of the ids bound as `$1`."""
        if self.pg:
            return f"{column} = ANY($1::int[])"
        return f"{column} IN (SELECT value FROM json_each($1))"

    def by_ids_only(self, column: str) -> str:
        """`column` kept out of index choice on SQLite (unary +): with the ids bound as a
        JSON list its planner took the (state, deadline) index over the claim_id lookup
        and read every due round once per batch (100,000 due: 20 batches x 100,000)."""
        return column if self.pg else f"+{column}"

    def returning(self, update: str, columns: str) -> str:
        """`update` answering `columns` of the rows it changed, as rows of the result
        (Tortoise's PostgreSQL client only fetches rows from a statement that is not an
        UPDATE, hence the CTE there; SQLite allows no UPDATE in a CTE)."""
        if self.pg:
            return f"WITH u AS ({update} RETURNING {columns}) SELECT {columns} FROM u"
        return f"{update} RETURNING {columns}"

    async def run(self, sql: str, ids: list[int], *params: Any) -> tuple[int, list[Any]]:
        bound_ids = self._bound(ids)
        if not self.pg:
            sql = _PG_PARAM.sub(r"?\1", sql)
        count, rows = await self.conn.execute_query(sql, [bound_ids, *params])
        return count, list(rows)


async def expire_claims(claim_ids: list[int], now: datetime) -> int:
    """Expire the due rounds of these claims in one transaction; returns how many."""
    if not claim_ids:
        return 0
    today = business_date(now)
    async with live.transaction() as conn:
        b = _Batch(conn)
        ids = await _lock_due(b, sorted({int(i) for i in claim_ids}), today)
        if not ids:
            return 0
        rounds, _ = await b.run(
            f'UPDATE "withdrawal_round" SET "state" = {_lit(EXPIRED)}, "expired_at" = $2 '
            f"WHERE {b.in_ids('claim_id')} AND {b.by_ids_only(_STATE)} "
            f"= {_lit(REQUESTED)}",
            ids,
            now,
        )
        if rounds != len(ids):
            raise VersionConflict  # somebody changed them meanwhile: roll back, look again
        # No order row is written: whether an order has an open claim is read from the
        # claims (models.ops.lookups.has_open_claim). Counters stay the last rows taken.
        # Counters and history read the claims' old status, so they come before its UPDATE
        # (of claim rows this batch already holds, so no new lock is taken after them).
        await _move_counters(b, ids)
        await _write_history(b, ids, now)
        updated, changed = await b.run(
            b.returning(
                f'UPDATE "claim" SET "status" = {_lit(WITHDRAWN)}, '
                f'"withdrawal_state" = {_lit(EXPIRED)}, "response_deadline" = NULL, '
                f'"completed_on" = $2, "updated_at" = $3, '
                f'"version" = "version" + 1 '
                f'WHERE {b.in_ids("id")} AND "withdrawal_state" = {_lit(REQUESTED)}',
                '"id", "seller_id", "buyer_id"',
            ),
            ids,
            today,
            now,
        )
        if updated != len(ids):
            raise VersionConflict
        await _announce(changed)
        await _outbox(b, ids, now)
        return len(ids)


async def _outbox(b: _Batch, ids: list[int], now: datetime) -> None:
    """The webhook deliveries of these expiries, in this transaction (models/webhooks).
    One read finds the claims whose seller has an enabled endpoint (usually none)."""
    _, rows = await b.run(
        'SELECT c."id", c."seller_id", c."type", c."round_count", o."order_no" '
        'FROM "claim" c JOIN "customer_order" o ON o."id" = c."order_id" '
        f'WHERE {b.in_ids("c.id")} AND EXISTS (SELECT 1 FROM "webhook_endpoint" e '
        'WHERE e."seller_id" = c."seller_id" AND e."enabled") ORDER BY c."id"',
        ids,
    )
    for row in rows:
        endpoint_ids = await webhook_events.subscribed(row["seller_id"], "withdrawal.expired")
        data = {
            "claimId": row["id"],
            "orderNo": row["order_no"],
            "claimType": row["type"],
            "status": str(WITHDRAWN),
            "withdrawalState": str(EXPIRED),
            "roundNo": row["round_count"],
            "message": "",
        }
        await webhook_events.write(endpoint_ids, "withdrawal.expired", now, data)


async def _announce(rows: list[Any]) -> None:
    """Each expired claim (its id and parties, as the claim UPDATE returned them) and the
    notices both its parties just got (models/live.py).

    A party's "new notice" change names only the party, so one per party and batch says
    all that one per claim did (the feed delivers each distinct change once anyway, in
    the order first announced, which this order keeps)."""
    changes: list[live.Change] = []
    sellers: set[int] = set()
    buyers: set[int] = set()
    for row in rows:
        seller_id, buyer_id = row["seller_id"], row["buyer_id"]
        changes.append(live.claim_changed(row["id"], seller_id, buyer_id))
        if seller_id not in sellers:
            sellers.add(seller_id)
            changes.append(live.notice_for(seller_id=seller_id))
        if buyer_id not in buyers:
            buyers.add(buyer_id)
            changes.append(live.notice_for(buyer_id=buyer_id))
    await live.publish(*changes)


async def _lock_due(b: _Batch, claim_ids: list[int], today: date) -> list[int]:
    """Lock the claims still REQUESTED (in id order), keep those whose round is due.

    On SQLite the transaction already holds the only write lock (and Tortoise's
    connection lock), so the two checks are one statement: the claims by id, their open
    round by the (claim_id, round_no) index."""
    if not b.pg:
        _, rows = await b.run(
            'SELECT c."id" FROM "claim" c JOIN "withdrawal_round" r ON r."claim_id" = c."id" '
            f'WHERE {b.in_ids("c.id")} AND c."withdrawal_state" = {_lit(REQUESTED)} '
            f'AND {b.by_ids_only("r." + _STATE)} = {_lit(REQUESTED)} AND r."deadline" < $2 '
            'ORDER BY c."id"',
            claim_ids,
            today,
        )
        return [r["id"] for r in rows]
    _, rows = await b.run(
        f'SELECT "id" FROM "claim" WHERE {b.in_ids("id")} '
        f'AND "withdrawal_state" = {_lit(REQUESTED)} ORDER BY "id" FOR UPDATE',
        claim_ids,
    )
    locked = [r["id"] for r in rows]
    if not locked:
        return []
    _, rows = await b.run(
        f'SELECT "claim_id" FROM "withdrawal_round" WHERE {b.in_ids("claim_id")} '
        f"AND {_STATE} = {_lit(REQUESTED)} "
        'AND "deadline" < $2::date ORDER BY "claim_id"',
        locked,
        today,
    )
    return [r["claim_id"] for r in rows]


_FIRST_LIST = ", ".join(_lit(s) for s in sorted(policy.FIRST_STATUSES))


def _day_text(b: _Batch) -> str:
    """`requested_on` as YYYY-MM-DD (SQLite stores that text; PostgreSQL formats a date)."""
    return """to_char("requested_on", 'YYYY-MM-DD')""" if b.pg else '"requested_on"'


def _deltas(b: _Batch) -> str:
    """(seller_id, k, n): how each counter moves, from the claims' status BEFORE the change.

    The batch's claims are read once (`g`: how many per seller, status and request day);
    every counter key is derived from those few rows. Five reads of the claims by id, one
    per key, were most of this statement on SQLite."""
    per_seller = 'SELECT "seller_id", {key} AS k, {sign}"n" AS n FROM g'
    parts = [
        f'SELECT "seller_id", {_lit(counters.status_key(""))} || "status" AS k, -"n" AS n FROM g',
        # a claim leaving its first status leaves its request day's row (the delayed count)
        f'SELECT "seller_id", {_lit(counters.FIRST_PREFIX)} || {_day_text(b)} || {_lit(":")} '
        f'|| "status" AS k, -"n" AS n FROM g WHERE "status" IN ({_FIRST_LIST})',
        per_seller.format(key=_lit(counters.status_key(WITHDRAWN)), sign=""),
        per_seller.format(key=_lit(counters.withdrawal_key(REQUESTED)), sign="-"),
        per_seller.format(key=_lit(counters.withdrawal_key(EXPIRED)), sign=""),
    ]
    return (
        'WITH g AS MATERIALIZED (SELECT "seller_id", "status", "requested_on", COUNT(*) AS n '
        f'FROM "claim" WHERE {b.in_ids("id")} GROUP BY "seller_id", "status", "requested_on") '
        'SELECT "seller_id", k, CAST(SUM(n) AS INTEGER) AS n FROM ('
        + " UNION ALL ".join(parts)
        + ') AS m GROUP BY "seller_id", k HAVING SUM(n) <> 0'
    )


async def _move_counters(b: _Batch, ids: list[int]) -> None:
    """All counter moves in one upsert: a row missing for older data counts from 0.

    Rows are taken in (seller, key) order, so two sweeping processes lock counters in
    the same order on PostgreSQL and cannot deadlock on them.
    """
    await b.run(
        'INSERT INTO "seller_counter" ("seller_id", "key", "count") '
        f'SELECT d."seller_id", d.k, d.n FROM ({_deltas(b)}) AS d WHERE TRUE '
        'ORDER BY d."seller_id", d.k '
        'ON CONFLICT ("seller_id", "key") DO UPDATE SET "count" = "seller_counter"."count" + '
        'excluded."count"',
        ids,
    )


async def _write_history(b: _Batch, ids: list[int], now: datetime) -> None:
    """One event per claim and a notice to its seller and its buyer."""
    await b.run(
        'INSERT INTO "claim_event" ("claim_id", "actor_kind", "kind", "from_status", '
        '"to_status", "from_state", "to_state", "round_no", "message", "at") '
        f'SELECT "id", {_lit(ActorKind.SYSTEM)}, {_lit(EventKind.WITHDRAWAL_EXPIRED)}, '
        f'"status", {_lit(WITHDRAWN)}, {_lit(REQUESTED)}, {_lit(EXPIRED)}, "round_count", '
        f'{_lit("")}, $2::timestamptz FROM "claim" WHERE {b.in_ids("id")} ORDER BY "id"',
        ids,
        now,
    )
    await _write_notices(b, ids, now)


async def _write_notices(b: _Batch, ids: list[int], now: datetime) -> None:
    """The notice both parties get. Each inbox lists one recipient's notices newest first
    (`created_at`, then id; models/screens/inbox.py), so what a reader can see is the
    order among one recipient's notices: claim id order in both shapes below.

    PostgreSQL: one INSERT … SELECT for both parties (seller then buyer per claim), which
    measured faster there. SQLite: one plain INSERT … SELECT per party (all the sellers'
    notices, then all the buyers'), ~20 % cheaper than the CROSS JOIN, which SQLite sorts
    in a temporary b-tree."""
    before, after = NOTICE_TEXT
    if not b.pg:
        for who in ("seller_id", "buyer_id"):
            await b.run(
                f'INSERT INTO "notification" ("kind", "params", "text", "created_at", "{who}", '
                f'"order_id", "claim_id") SELECT {_lit(NotificationKind.WITHDRAWAL_EXPIRED)}, '
                'json_object(\'order_no\', o."order_no"), $2 || o."order_no" || $3, $4, '
                f'c."{who}", c."order_id", c."id" FROM "claim" c '
                'JOIN "customer_order" o ON o."id" = c."order_id" '
                f'WHERE {b.in_ids("c.id")} ORDER BY c."id"',
                ids,
                before,
                after,
                now,
            )
        return
    await b.run(
        'INSERT INTO "notification" ("kind", "params", "text", "created_at", "seller_id", '
        f'"buyer_id", "order_id", "claim_id") SELECT {_lit(NotificationKind.WITHDRAWAL_EXPIRED)}, '
        'jsonb_build_object(\'order_no\', o."order_no"), $2::text || o."order_no" || $3::text, '
        "$4::timestamptz, "
        'CASE WHEN w.who = 1 THEN c."seller_id" END, CASE WHEN w.who = 2 THEN c."buyer_id" END, '
        'c."order_id", c."id" FROM "claim" c JOIN "customer_order" o ON o."id" = c."order_id" '
        "CROSS JOIN (SELECT 1 AS who UNION ALL SELECT 2) AS w "
        f'WHERE {b.in_ids("c.id")} ORDER BY c."id", w.who',
        ids,
        before,
        after,
        now,
    )
