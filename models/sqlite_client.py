"""Tortoise's SQLite client with a second, read-only connection for reads outside a
transaction (the `engine` of `models.config.tortoise_config` for a SQLite file).

Why: Tortoise's SQLite client has one connection and one `asyncio.Lock` around it, held
for every statement and for the whole of every transaction, so that nothing from another
request runs inside an open transaction. Every read of every request therefore queues
behind whatever holds the lock: a sweep batch, a withdrawal's transaction, and at 32
requests in flight, each other's thread round trips (`viewer`, one statement, spent a
third of its time in that queue; docs/benchmarks.md). In WAL mode a second connection
reads the last committed state without waiting for the writer, and a writer never waits
for it.

What goes where:

- A statement outside a transaction that starts with `SELECT` goes to the reader, with
  no lock. It sees every transaction committed before it started (WAL's snapshot rule):
  a request that wrote and then reads, reads its own write.
- Everything else (writes, DDL, pragmas) and everything inside a transaction (Tortoise's
  transaction wrapper is another class, on the writer connection) is as before.
- The reader runs `PRAGMA query_only`: a write routed to it by mistake fails loudly
  instead of slipping past the writer's lock.
- An in-memory database has no second connection (it would be another database): there
  every statement stays on the one connection.

The writer's lock is also made safe to cancel. Tortoise (1.1.9) takes the lock and then
awaits opening the connection (and, for a transaction, `BEGIN`) before its context is
entered, so a task cancelled or failing there (a request timeout, a server stopping its
background tasks, a database file that cannot be opened for a moment) kept the lock for
ever: every later write and transaction of the process waited on it, with nothing
running. Here the lock is given back whenever entering fails (tests/models/
test_sqlite_lock.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import Sequence
from typing import Any

import aiosqlite
from tortoise.backends.base.client import ConnectionWrapper, TransactionContext
from tortoise.backends.sqlite.client import (
    SqliteClient,
    SqliteTransactionContext,
    SqliteTransactionWrapper,
    translate_exceptions,
)
from tortoise.connection import get_connections

#: Pragmas that only concern the writer (or the file): the reader does not repeat them.
_WRITER_ONLY_PRAGMAS = frozenset({"journal_mode", "journal_size_limit"})


def _is_read(query: str) -> bool:
    return query.lstrip()[:6].upper() == "SELECT"


class _ReleasingConnectionWrapper(ConnectionWrapper):
    """Tortoise's statement lock, given back when opening the connection fails."""

    __slots__ = ()

    async def __aenter__(self) -> Any:
        await self._lock.acquire()
        try:
            await self.ensure_connection()
        except BaseException:
            self._lock.release()
            raise
        return self.connection


class _ReleasingTransactionContext(SqliteTransactionContext):
    """Tortoise's transaction entry, undone when opening or `BEGIN` fails: the lock is
    given back, the connection context restored, and a `BEGIN` that ran in SQLite's
    thread after its caller was cancelled is rolled back."""

    __slots__ = ()

    async def __aenter__(self) -> Any:
        await self._trxlock.acquire()
        try:
            await self.ensure_connection()
            self.token = get_connections().set(self.connection_name, self.connection)
            try:
                await self.connection.begin()
            except BaseException:
                get_connections().reset(self.token)
                raise
        except BaseException:
            try:
                raw = self.connection._connection
                if raw is not None:
                    with contextlib.suppress(Exception):  # no transaction open: nothing to undo
                        await raw.rollback()
            finally:
                self._trxlock.release()
            raise
        return self.connection


class ReadConnectionSqliteClient(SqliteClient):
    """`SqliteClient` plus a read-only connection for SELECTs outside transactions."""

    def __init__(self, file_path: str, **kwargs: Any) -> None:
        super().__init__(file_path, **kwargs)
        self._reader: aiosqlite.Connection | None = None

    @property
    def _has_reader_file(self) -> bool:
        return self.filename not in ("", ":memory:") and not self.filename.startswith("file::")

    def acquire_connection(self) -> ConnectionWrapper:
        return _ReleasingConnectionWrapper(self._lock, self)

    def _in_transaction(self) -> TransactionContext:
        return _ReleasingTransactionContext(SqliteTransactionWrapper(self), self._lock)

    async def create_connection(self, with_db: bool) -> None:
        """Tortoise's, all or nothing: a writer whose pragmas did not all run (foreign
        keys, busy timeout) is closed instead of kept half set up."""
        had_writer = self._connection is not None
        try:
            await super().create_connection(with_db)
            if self._reader is None and self._has_reader_file:
                await self._open_reader()
        except BaseException:
            if not had_writer and self._connection is not None:
                writer, self._connection = self._connection, None
                await asyncio.shield(writer.close())
            raise

    async def _open_reader(self) -> None:
        reader = await aiosqlite.connect(self.filename, isolation_level=None)
        try:
            reader._conn.row_factory = sqlite3.Row
            for pragma, value in self.pragmas.items():
                if pragma not in _WRITER_ONLY_PRAGMAS:
                    await reader.execute(f"PRAGMA {pragma}={value}")
            await reader.execute("PRAGMA query_only=ON")
        except BaseException:
            await asyncio.shield(reader.close())
            raise
        self._reader = reader

    async def close(self) -> None:
        reader, self._reader = self._reader, None
        if reader is not None:
            await reader.close()
        await super().close()

    async def _read_connection(self) -> aiosqlite.Connection | None:
        """The reader, opened (with the writer) under the writer's lock when missing, so
        concurrent first reads open one pair of connections, not one each."""
        if self._reader is None and self._has_reader_file:
            async with self.acquire_connection():
                if self._reader is None:
                    await self._open_reader()
        return self._reader

    @translate_exceptions
    async def execute_query(
        self, query: str, values: list | None = None
    ) -> tuple[int, Sequence[dict]]:
        if _is_read(query) and (reader := await self._read_connection()) is not None:
            query = query.replace("\x00", "'||CHAR(0)||'")
            self.log.debug("%s: %s", query, values)
            rows = await reader.execute_fetchall(query, values)
            return len(rows), rows
        return await super().execute_query(query, values)

    @translate_exceptions
    async def execute_query_dict(self, query: str, values: list | None = None) -> list[dict]:
        if _is_read(query) and (reader := await self._read_connection()) is not None:
            query = query.replace("\x00", "'||CHAR(0)||'")
            self.log.debug("%s: %s", query, values)
            return list(map(dict, await reader.execute_fetchall(query, values)))
        return await super().execute_query_dict(query, values)


client_class = ReadConnectionSqliteClient
