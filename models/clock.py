"""The one clock of the application, injectable so tests and e2e stand on the manual's dates.

`QSM_CLOCK=<ISO instant>` starts the clock at that instant and lets it run forward;
tests use `Clock.frozen(...)`. Business dates are Asia/Tokyo calendar dates.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta

from models.policy import BUSINESS_TZ


def parse_instant(text: str) -> datetime:
    """Parse an ISO instant or date; a naive value is taken as Tokyo time."""
    value = datetime.fromisoformat(text.strip())
    if value.tzinfo is None:
        value = value.replace(tzinfo=BUSINESS_TZ)
    return value.astimezone(UTC)


class Clock:
    """Wall time shifted by an offset, optionally frozen at one instant."""

    def __init__(self, start: datetime | None = None, *, running: bool = True) -> None:
        self._running = running
        self._anchor_real = datetime.now(UTC)
        self._anchor = start.astimezone(UTC) if start else self._anchor_real

    @classmethod
    def frozen(cls, instant: datetime | str) -> Clock:
        start = parse_instant(instant) if isinstance(instant, str) else instant
        return cls(start, running=False)

    @classmethod
    def from_env(cls) -> Clock:
        text = os.environ.get("QSM_CLOCK", "").strip()
        return cls(parse_instant(text)) if text else cls()

    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        if not self._running:
            return self._anchor
        return self._anchor + (datetime.now(UTC) - self._anchor_real)

    def today(self) -> date:
        """Today's business date in Tokyo."""
        return business_date(self.now())

    def set(self, instant: datetime) -> datetime:
        self._anchor_real = datetime.now(UTC)
        self._anchor = instant.astimezone(UTC)
        return self.now()

    def advance(self, days: float) -> datetime:
        return self.set(self.now() + timedelta(days=days))


def business_date(instant: datetime) -> date:
    """The Tokyo calendar date of an instant."""
    return instant.astimezone(BUSINESS_TZ).date()


_clock = Clock.from_env()


def get_clock() -> Clock:
    return _clock


def set_clock(clock: Clock) -> Clock:
    """Replace the application clock (tests, e2e clock control)."""
    global _clock
    _clock = clock
    return clock
