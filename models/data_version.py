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

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tortoise import connections

if TYPE_CHECKING:
    from tortoise.backends.base.client import BaseDBAsyncClient

#: The `seller_counter` key of the version (not a count: readers of the counts skip it).
KEY = "data_version"


async def touch(seller_ids: Iterable[int | None], conn: BaseDBAsyncClient | None = None) -> None:
    """Move these sellers' versions on, in the caller's transaction (one statement, sellers
    in id order so concurrent transactions lock the rows in the same order)."""
    ids = sorted({int(s) for s in seller_ids if s is not None})
    if not ids:
        return
    conn = conn or connections.get("default")
    values = ", ".join(f"({seller_id}, '{KEY}', 1)" for seller_id in ids)
    await conn.execute_query(
        'INSERT INTO "seller_counter" ("seller_id", "key", "count") '
        f"VALUES {values} "
        'ON CONFLICT ("seller_id", "key") DO UPDATE SET "count" = "seller_counter"."count" + 1'
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
