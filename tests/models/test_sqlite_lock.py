"""A statement or transaction that is cancelled, or fails, while SQLite's connection is
being opened leaves the connection usable: the writer's lock is given back and the
connection is either fully set up or not kept (models/sqlite_client.py).

Why it matters: Tortoise takes its lock before it opens the connection and `BEGIN`s, and
gave it back only once inside; one request timing out there, or a server stopping a
background task at that moment, left every later write of the process waiting for ever."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from models.sqlite_client import ReadConnectionSqliteClient

#: Points during opening where the task is cancelled (seconds after it starts): the
#: first lands inside `aiosqlite.connect`, later ones among the pragmas and the reader.
CANCEL_AFTER = (0.0, 0.0002, 0.0005, 0.001, 0.002, 0.004)


def _client(path: Path) -> ReadConnectionSqliteClient:
    return ReadConnectionSqliteClient(
        str(path),
        connection_name=f"lock-{path.stem}",
        journal_mode="WAL",
        foreign_keys="ON",
        busy_timeout=5000,
    )


async def _cancel_while_opening(client: ReadConnectionSqliteClient, opening, delay: float):
    task = asyncio.create_task(opening())
    # the library's lock has no event to wait on: one loop turn at a time until it is held
    while not client._lock.locked() and not task.done():  # noqa: ASYNC110
        await asyncio.sleep(0)
    if delay:
        await asyncio.sleep(delay)
    task.cancel()
    await asyncio.gather(task, return_exceptions=True)


async def _still_usable(client: ReadConnectionSqliteClient) -> None:
    """The next write and the next transaction run at once, on a fully set-up writer."""
    await asyncio.wait_for(client.execute_script("CREATE TABLE IF NOT EXISTS t (x INT)"), 5)
    async with asyncio.timeout(5):
        async with client._in_transaction() as tx:
            await tx.execute_query("INSERT INTO t (x) VALUES (1)")
    _, rows = await client.execute_query("PRAGMA foreign_keys")
    assert rows[0][0] == 1
    assert not client._lock.locked()


@pytest.mark.parametrize("delay", CANCEL_AFTER)
async def test_a_statement_cancelled_while_the_connection_opens(_database, tmp_path, delay):
    client = _client(tmp_path / "statement.sqlite3")
    try:
        await _cancel_while_opening(
            client, lambda: client.execute_script("CREATE TABLE a (x INT)"), delay
        )
        await _still_usable(client)
    finally:
        await client.close()


@pytest.mark.parametrize("delay", CANCEL_AFTER)
async def test_a_transaction_cancelled_while_it_begins(_database, tmp_path, delay):
    client = _client(tmp_path / "transaction.sqlite3")

    async def transaction() -> None:
        async with client._in_transaction() as tx:
            await tx.execute_query("CREATE TABLE b (x INT)")

    try:
        await _cancel_while_opening(client, transaction, delay)
        await _still_usable(client)
    finally:
        await client.close()


async def test_a_connection_that_cannot_open_is_retried_later(_database, tmp_path):
    """A file that cannot be opened for a moment (its folder missing) refuses that
    statement with the driver's error, and the next one, once it can, runs."""
    folder = tmp_path / "later"
    client = _client(folder / "db.sqlite3")
    try:
        with pytest.raises(Exception, match="unable to open"):
            await asyncio.wait_for(client.execute_script("CREATE TABLE c (x INT)"), 5)
        folder.mkdir()
        await _still_usable(client)
    finally:
        await client.close()
