"""What a database exception means for the caller: retry the whole operation, or refuse
with a code the user can act on (busy, unavailable, timed out).

Why one classifier: Tortoise wraps only some driver errors (asyncpg's deadlock,
serialization, lock-timeout and cancel errors reach us raw; SQLite's "database is locked"
arrives as `OperationalError`), and the operation runner, the GraphQL error presenter, the
portal's error page and `/readyz` must all read them the same way.
"""

from __future__ import annotations

import asyncio
import socket
import sqlite3
from collections.abc import Iterator

import asyncpg
from tortoise.exceptions import DBConnectionError, OperationalError, TransactionManagementError

from models.errors import DomainError, ErrorCode
from models.messages import refusal

#: SQLSTATEs after which re-running the whole transaction is correct and likely to succeed.
RETRY_SQLSTATES = frozenset({"40P01", "40001"})  # deadlock_detected, serialization_failure
#: lock_not_available: a lock wait reached lock_timeout.
LOCK_SQLSTATES = frozenset({"55P03"})
#: query_canceled (statement_timeout or a cancelled request).
TIMEOUT_SQLSTATES = frozenset({"57014"})
#: admin_shutdown, crash_shutdown, cannot_connect_now, too_many_connections, class 08.
UNAVAILABLE_SQLSTATES = frozenset({"57P01", "57P02", "57P03", "53300"})


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and whatever it wraps (Tortoise keeps the driver's as its argument)."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [e for e in (current.__cause__, current.__context__) if e is not None]
        todo += [a for a in getattr(current, "args", ()) if isinstance(a, BaseException)]


def _sqlstate(exc: BaseException) -> str:
    return str(getattr(exc, "sqlstate", "") or "")


def is_transient_conflict(exc: BaseException) -> bool:
    """A deadlock or serialization failure: the database rolled us back, run it again."""
    for e in _chain(exc):
        if _sqlstate(e) in RETRY_SQLSTATES:
            return True
        text = str(e).lower()
        if isinstance(e, OperationalError | TransactionManagementError) and (
            "deadlock" in text or "serializ" in text
        ):
            return True
    return False


def is_busy(exc: BaseException) -> bool:
    """Another writer holds the lock: SQLite's "database is locked" or PostgreSQL's
    lock_timeout. Worth a short retry; if it persists the user is told to try again."""
    for e in _chain(exc):
        if _sqlstate(e) in LOCK_SQLSTATES:
            return True
        if isinstance(e, OperationalError | sqlite3.OperationalError) and (
            "locked" in str(e).lower() or "busy" in str(e).lower()
        ):
            return True
    return False


def failure_code(exc: BaseException) -> ErrorCode | None:
    """The code to show for a database failure, or None when it is not one of ours
    (a programming error stays an internal error with an id)."""
    for e in _chain(exc):
        state = _sqlstate(e)
        if state in TIMEOUT_SQLSTATES:
            return ErrorCode.TIMEOUT
        if state in UNAVAILABLE_SQLSTATES or state.startswith("08"):
            return ErrorCode.DATABASE_UNAVAILABLE
        if isinstance(
            e,
            DBConnectionError
            | ConnectionError
            | asyncpg.exceptions.ConnectionDoesNotExistError
            | asyncpg.exceptions.InterfaceError
            | asyncpg.exceptions.PostgresConnectionError,
        ):
            return ErrorCode.DATABASE_UNAVAILABLE
        if isinstance(e, socket.gaierror):  # the database host name does not resolve
            return ErrorCode.DATABASE_UNAVAILABLE
        if isinstance(e, TimeoutError | asyncio.TimeoutError):
            return ErrorCode.TIMEOUT
    if is_busy(exc) or is_transient_conflict(exc):
        return ErrorCode.DATABASE_BUSY
    return None


def failure_refusal(exc: BaseException) -> DomainError | None:
    """`failure_code` as a refusal with the catalogue's sentence, or None."""
    code = failure_code(exc)
    return refusal(code) if code is not None else None


#: HTTP status each failure answers with (503: come back later; 504 is for gateways).
HTTP_STATUS: dict[ErrorCode, int] = {
    ErrorCode.DATABASE_BUSY: 503,
    ErrorCode.DATABASE_UNAVAILABLE: 503,
    ErrorCode.TIMEOUT: 503,
}
