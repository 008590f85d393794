"""Running a whole transaction again when it lost a race, a lock or a deadlock.

Why retry the whole operation: every attempt is one transaction that rolled back, so
running it again on fresh state is correct (the operations are idempotent by
construction), and a deadlock victim or a serialization failure usually succeeds at once.

Why three kinds of loss, with different endings:
- a version race (`VersionConflict`, a unique-key race) is evaluated again; if it never
  settles the user gets CONFLICT ("being changed by someone else"), which is then true;
- a deadlock / serialization failure (`models.db_errors.is_transient_conflict`) is the
  database choosing a victim: retried with a jittered exponential backoff so the two
  sides do not collide again in lockstep;
- a busy database (`is_busy`: SQLite's "database is locked", PostgreSQL's lock_timeout)
  already waited a full busy/lock timeout per attempt, so it gets fewer attempts. When
  those run out the user is told DATABASE_BUSY ("try again"), never CONFLICT: nobody
  changed their claim, the database was just not available for writing.
  Except when it answered at once: SQLite cannot wait for a transaction that read before
  another process committed and then wants to write (its snapshot is stale; "database is
  locked" comes back without any busy wait). That is a lost race like a deadlock, so it is
  retried like one (three `qsm sweep` processes on one SQLite file met it under load).
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable
from typing import TypeVar

from tortoise.exceptions import IntegrityError

from models.db_errors import failure_refusal, is_busy, is_transient_conflict
from models.errors import DomainError, ErrorCode

T = TypeVar("T")

#: Attempts for version races and deadlocks (each attempt is fast).
MAX_ATTEMPTS = 8
#: Attempts while the database stays locked (each one waited a whole busy timeout).
BUSY_ATTEMPTS = 3
#: A busy failure faster than this did not wait out a busy / lock timeout (those are
#: seconds long): it is a lost race, retried like a deadlock, not a waited lock.
QUICK_BUSY_SECONDS = 0.5
#: Backoff: attempt n sleeps a uniform random time in [0, min(CAP, BASE * 2**n)].
BACKOFF_BASE_SECONDS = 0.01
BACKOFF_CAP_SECONDS = 0.5


class VersionConflict(Exception):
    """The claim changed between our read and our write, evaluate again."""


def is_version_race(exc: BaseException) -> bool:
    """Somebody else's committed change beat ours (not a database-level failure)."""
    return isinstance(exc, VersionConflict | IntegrityError)


def is_retryable(exc: BaseException) -> bool:
    """Lost a race or a lock: the same operation may succeed when evaluated again."""
    return is_version_race(exc) or is_transient_conflict(exc) or is_busy(exc)


def backoff_seconds(attempt: int, rng: random.Random | None = None) -> float:
    """Full jitter: spreads racing retries apart instead of repeating the collision."""
    ceiling = min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2**attempt)
    return (rng or random).uniform(0, ceiling)


def conflict() -> DomainError:
    """A version race that did not settle after every attempt."""
    return DomainError(
        ErrorCode.CONFLICT, "The claim is being changed by someone else; please retry."
    )


async def with_retry(attempt_once: Callable[[], Awaitable[T]]) -> T:
    """Run `attempt_once` (one whole transaction) until it succeeds or is not retryable.

    Refusals (`DomainError`) and unrelated errors pass through at once. Exhausted retries
    end in DATABASE_BUSY when the last failure was the database's (locked, busy,
    deadlock), in CONFLICT when it was a version race.
    """
    busy_seen = 0
    loop = asyncio.get_running_loop()
    for attempt in range(MAX_ATTEMPTS):
        started = loop.time()
        try:
            return await attempt_once()
        except DomainError:
            raise
        except Exception as exc:
            if not is_retryable(exc):
                raise
            waited = loop.time() - started >= QUICK_BUSY_SECONDS
            busy_seen += is_busy(exc) and waited
            last_attempt = attempt == MAX_ATTEMPTS - 1 or busy_seen >= BUSY_ATTEMPTS
            if last_attempt:
                if is_version_race(exc):
                    raise conflict() from exc
                raise (failure_refusal(exc) or conflict()) from exc
            await asyncio.sleep(backoff_seconds(attempt))
    raise AssertionError("unreachable: the last attempt returns or raises")
