"""SQLite serves one process: refuse `WORKERS>1` and a second server on the same file.

Why: SQLite allows one writer at a time per file. Several uvicorn workers (or two `qsm
serve` on one file) each keep their own connection, so their writes queue on the file lock
and fail with "database is locked" under load, and each process's in-memory state (the
sweeper) runs twice. Refusing at start, with a sentence pointing to PostgreSQL, is better
than errors under load. PostgreSQL has no such limit.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from models.config import sqlite_path

POSTGRES_HINT = "set DATABASE_URL to a PostgreSQL database (postgres://…) to serve with several"


class ServeRefused(Exception):
    """`qsm serve` cannot start as configured; the message is the sentence to print."""


def check_workers(url: str, workers: int) -> None:
    """Several workers need PostgreSQL."""
    if workers > 1 and url.startswith("sqlite"):
        raise ServeRefused(
            f"WORKERS={workers} is not possible with SQLite, which allows one writing "
            f"process per database file; use WORKERS=1, or {POSTGRES_HINT} workers."
        )


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".serve.lock")


@contextlib.contextmanager
def server_lock(url: str) -> Iterator[None]:
    """Hold an exclusive `flock` on `<db>.serve.lock` while serving a SQLite file.

    The kernel drops the lock when the process ends, however it ends, so a crashed server
    never leaves a stale lock behind (the file itself stays; its content is informative).
    """
    database = sqlite_path(url)
    if database is None:
        yield
        return
    path = lock_path(database.resolve())
    path.parent.mkdir(parents=True, exist_ok=True)
    handle: IO[str] = path.open("a+")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            owner = handle.read().strip() or "another process"
            raise ServeRefused(
                f"another server ({owner}) is already serving the SQLite database "
                f"{database}; stop it first, or {POSTGRES_HINT} servers."
            ) from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}\n")
        handle.flush()
        yield
    finally:
        handle.close()
