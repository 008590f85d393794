"""Domain errors carry a code from the GraphQL contract and a human message.

The API turns them into `userErrors`, the portal into form messages, the CLI into an
exit code with a sentence.
"""

from enum import StrEnum


class ErrorCode(StrEnum):
    NOT_FOUND = "NOT_FOUND"
    UNAUTHENTICATED = "UNAUTHENTICATED"
    INVALID_INPUT = "INVALID_INPUT"
    CLAIM_NOT_WITHDRAWABLE = "CLAIM_NOT_WITHDRAWABLE"
    WITHDRAWAL_ALREADY_PENDING = "WITHDRAWAL_ALREADY_PENDING"
    NO_PENDING_WITHDRAWAL = "NO_PENDING_WITHDRAWAL"
    WITHDRAWAL_NOT_ON_HOLD = "WITHDRAWAL_NOT_ON_HOLD"
    COOLDOWN_ACTIVE = "COOLDOWN_ACTIVE"
    RESPONSE_WINDOW_CLOSED = "RESPONSE_WINDOW_CLOSED"
    OPEN_CLAIM_EXISTS = "OPEN_CLAIM_EXISTS"
    SHIPMENT_BLOCKED = "SHIPMENT_BLOCKED"
    INVALID_TRANSITION = "INVALID_TRANSITION"
    CONFLICT = "CONFLICT"
    IDEMPOTENCY_KEY_REUSED = "IDEMPOTENCY_KEY_REUSED"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    #: The database is locked by another writer (SQLite) or a lock wait timed out: retry.
    DATABASE_BUSY = "DATABASE_BUSY"
    #: The database cannot be reached.
    DATABASE_UNAVAILABLE = "DATABASE_UNAVAILABLE"
    #: The request or one of its statements ran past its deadline.
    TIMEOUT = "TIMEOUT"


class DomainError(Exception):
    """A refusal the user can act on; `field` names the input at fault, if any."""

    def __init__(
        self,
        code: ErrorCode,
        message: str,
        field: str | None = None,
        params: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        #: Values the message was built from (status, dates), for translated messages.
        self.params = params or {}

    def __repr__(self) -> str:
        return f"DomainError({self.code}, {self.message!r}, field={self.field!r})"


def not_found(what: str, field: str | None = None) -> DomainError:
    """NOT_FOUND for a `what` ("Claim", "Order"…); the reader sees the catalogue's
    `not_found.<what>` sentence (models.messages), or NOT_FOUND's generic one."""
    return DomainError(
        ErrorCode.NOT_FOUND,
        f"{what} not found.",
        field=field,
        params={"message_key": f"not_found.{what.lower()}"},
    )


def invalid(field: str, message: str) -> DomainError:
    """An INVALID_INPUT with an English-only message. Prefer `models.messages.input_refusal`,
    whose sentence the reader gets in their language; this remains for callers outside
    models/ and gql/ that have no catalogue key yet."""
    return DomainError(ErrorCode.INVALID_INPUT, message, field=field)
