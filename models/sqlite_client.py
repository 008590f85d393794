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
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import aiosqlite
from tortoise.backends.sqlite.client import SqliteClient, translate_exceptions

#: Pragmas that only concern the writer (or the file): the reader does not repeat them.
_WRITER_ONLY_PRAGMAS = frozenset({"journal_mode", "journal_size_limit"})


def _is_read(query: str) -> bool:
    return query.lstrip()[:6].upper() == "SELECT"


class ReadConnectionSqliteClient(SqliteClient):
    """`SqliteClient` plus a read-only connection for SELECTs outside transactions."""

    def __init__(self, file_path: str, **kwargs: Any) -> None:
        super().__init__(file_path, **kwargs)
        self._reader: aiosqlite.Connection | None = None

    @property
    def _has_reader_file(self) -> bool:
        return self.filename not in ("", ":memory:") and not self.filename.startswith("file::")

    async def create_connection(self, with_db: bool) -> None:
        await super().create_connection(with_db)
        if self._reader is None and self._has_reader_file:
            reader = await aiosqlite.connect(self.filename, isolation_level=None)
            reader._conn.row_factory = sqlite3.Row
            for pragma, value in self.pragmas.items():
                if pragma not in _WRITER_ONLY_PRAGMAS:
                    await reader.execute(f"PRAGMA {pragma}={value}")
            await reader.execute("PRAGMA query_only=ON")
            self._reader = reader

    async def close(self) -> None:
        reader, self._reader = self._reader, None
        if reader is not None:
            await reader.close()
        await super().close()

    async def _read_connection(self) -> aiosqlite.Connection | None:
        if self._reader is None and self._connection is None:
            await self.create_connection(with_db=True)
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
