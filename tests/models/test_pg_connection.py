"""The app's PostgreSQL pool hands a connection back without asyncpg's reset statement
(one round trip per statement saved, models/pg_connection.py) and still rolls back a
connection released inside a transaction, as asyncpg's reset does by itself."""

from __future__ import annotations

import os
from typing import Any

import asyncpg
import pytest

from models.config import DatabaseOptions, is_postgres, tortoise_config
from models.pg_connection import PooledConnection

pytestmark = pytest.mark.skipif(
    not is_postgres(os.environ.get("DATABASE_URL", "")),
    reason="PostgreSQL only (runs when DATABASE_URL is a postgres:// URL, as in CI)",
)


def test_the_app_pool_uses_the_connection_class(database_url: str) -> None:
    config = tortoise_config(database_url, DatabaseOptions(statement_timeout_ms=5_000))
    credentials = config["connections"]["default"]["credentials"]
    assert credentials["connection_class"] is PooledConnection
    assert credentials["server_settings"]["statement_timeout"] == "5000"


async def _statements_around_release(
    database_url: str, connection_class: type[asyncpg.Connection], first: str
) -> tuple[list[str], bool]:
    """What the server was sent between `first` on a pooled connection and the next
    acquire of that same connection (a pool of one), and whether it is still inside a
    transaction then."""
    sent: list[str] = []

    def log(record: Any) -> None:  # noqa: ANN401
        sent.append(" ".join(record.query.split()))

    pool = await asyncpg.create_pool(
        database_url, min_size=1, max_size=1, connection_class=connection_class
    )
    try:
        async with pool.acquire() as conn:
            conn.add_query_logger(log)
            await conn.execute(first)
        async with pool.acquire() as conn:
            return sent, conn.is_in_transaction()
    finally:
        await pool.close()


async def test_release_sends_no_reset_statement(database_url: str, db: None) -> None:
    sent, _ = await _statements_around_release(database_url, PooledConnection, "SELECT 1")
    assert sent == ["SELECT 1"]
    # asyncpg's own class sends its reset on every release: the round trip saved
    sent, _ = await _statements_around_release(database_url, asyncpg.Connection, "SELECT 1")
    assert sent[0] == "SELECT 1" and any("RESET ALL" in s for s in sent[1:]), sent


async def test_a_connection_released_inside_a_transaction_is_rolled_back(
    database_url: str, db: None
) -> None:
    sent, in_transaction = await _statements_around_release(database_url, PooledConnection, "BEGIN")
    assert not in_transaction
    assert [s.rstrip(";") for s in sent[1:]] == ["ROLLBACK"], sent
