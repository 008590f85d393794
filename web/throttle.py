"""A brief lock on one login id after repeated wrong passwords (per server process).

Counts failures within policy.LOGIN_FAILURE_WINDOW_MINUTES; at LOGIN_MAX_FAILURES the id
is refused until the oldest failure leaves the window. Real time, not the business clock:
the e2e clock jumps days, which must not unlock or lock anybody.
"""

from __future__ import annotations

import time
from collections import deque

from models import policy


class LoginThrottle:
    def __init__(
        self,
        max_failures: int = policy.LOGIN_MAX_FAILURES,
        window_seconds: float = policy.LOGIN_FAILURE_WINDOW_MINUTES * 60,
    ) -> None:
        self.max_failures = max_failures
        self.window = window_seconds
        self._failures: dict[str, deque[float]] = {}

    def _recent(self, login_id: str) -> deque[float]:
        now = time.monotonic()
        failures = self._failures.get(login_id.lower(), deque())
        while failures and now - failures[0] > self.window:
            failures.popleft()
        return failures

    def locked_minutes(self, login_id: str) -> int:
        """Minutes until the id may try again; 0 when it may try now."""
        failures = self._recent(login_id)
        if len(failures) < self.max_failures:
            return 0
        remaining = self.window - (time.monotonic() - failures[0])
        return max(1, int(remaining // 60) + 1)

    def failed(self, login_id: str) -> None:
        key = login_id.lower()
        failures = self._recent(key)
        failures.append(time.monotonic())
        self._failures[key] = failures
        if len(self._failures) > 10_000:  # bound memory under a spray of ids
            self._failures.pop(next(iter(self._failures)))

    def succeeded(self, login_id: str) -> None:
        self._failures.pop(login_id.lower(), None)
