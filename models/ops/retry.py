"""What counts as "lost a race, evaluate again", shared by the claim runner and the sweep."""

from __future__ import annotations

from tortoise.exceptions import IntegrityError, OperationalError, TransactionManagementError

MAX_ATTEMPTS = 8


class VersionConflict(Exception):
    """The claim changed between our read and our write, evaluate again."""


def is_retryable(exc: BaseException) -> bool:
    """Lost a race or a lock: the same operation may succeed when evaluated again."""
    if isinstance(exc, VersionConflict | IntegrityError):
        return True
    text = str(exc).lower()
    return isinstance(exc, OperationalError | TransactionManagementError) and (
        "locked" in text or "busy" in text or "deadlock" in text or "serializ" in text
    )
