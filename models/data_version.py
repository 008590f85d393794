"""A seller's data version: a number that moves whenever anything the seller's screens
show may have changed, so a repeated read can be answered `304 Not Modified` without
reading (the ETag of `access/etag.py`).

Why a row of `seller_counter` (key `KEY`): every change already passes through
`models.live.publish` inside its transaction (claims of both parties, notices), and the
counts table is already written in those transactions; one more row per seller needs no
migration and is bumped in the same transaction as the change, so a version can never be
seen before the data it stands for (nor survive a rollback). Changes that publish nothing
but still show on a seller's screens (a memo the seller sent, a tracking number) call
`touch` themselves.

What is *not* in the number: the business date. A deadline passing changes the pages
without any write, so the ETag adds today's date (and the sweep-on-read runs before the
version is read, so an expiry it performs bumps the number first).

Buyers have no version (no per-buyer table without a migration): their reads carry no
ETag (docs/graphql.md, "ETag").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from tortoise import connections

if TYPE_CHECKING:
    from tortoise.backends.base.client import BaseDBAsyncClient

#: The `seller_counter` key of the version (not a count: readers of the counts skip it).
KEY = "data_version"


async def touch(
    seller_ids: Iterable[int | None],
    conn: BaseDBAsyncClient | None = None,
    *,
    notify: tuple[str, Sequence[str]] | None = None,
) -> None:
    """Move these sellers' versions on, in the caller's transaction (one statement, sellers
    in id order so concurrent transactions lock the rows in the same order).

    `notify` (PostgreSQL: a channel and NOTIFY payloads, `models.live.announce`) is sent
    by the same statement, one round trip less for every claim operation: a one-row
    subquery that calls `pg_notify` for each payload, joined to the sellers' rows, so it
    runs exactly once whenever there is a seller (without one, its own statement)."""
    ids = sorted({int(s) for s in seller_ids if s is not None})
    conn = conn or connections.get("default")
    channel, payloads = notify or ("", ())
    if payloads and not ids:
        await conn.execute_query(
            "SELECT pg_notify($1, p) FROM unnest($2::text[]) AS t(p)", [channel, list(payloads)]
        )
        return
    if not ids:
        return
    upsert = 'ON CONFLICT ("seller_id", "key") DO UPDATE SET "count" = "seller_counter"."count" + 1'
    if payloads:
        await conn.execute_query(
            'INSERT INTO "seller_counter" ("seller_id", "key", "count") '
            f"SELECT v.s, '{KEY}', 1 FROM unnest($1::int[]) WITH ORDINALITY AS v(s, i) "
            "CROSS JOIN (SELECT count(pg_notify($2, p)) FROM unnest($3::text[]) AS t(p)) AS sent "
            f"ORDER BY v.i {upsert}",
            [ids, channel, list(payloads)],
        )
        return
    values = ", ".join(f"({seller_id}, '{KEY}', 1)" for seller_id in ids)
    await conn.execute_query(
        f'INSERT INTO "seller_counter" ("seller_id", "key", "count") VALUES {values} {upsert}'
    )


async def seller_version(seller_id: int) -> int:
    """The seller's current version (0 before the first change)."""
    conn = connections.get("default")
    placeholder = "$1" if conn.capabilities.dialect == "postgres" else "?"
    _, rows = await conn.execute_query(
        f'SELECT "count" FROM "seller_counter" WHERE "seller_id" = {placeholder} '
        f"AND \"key\" = '{KEY}'",
        [seller_id],
    )
    return int(rows[0]["count"]) if rows else 0
