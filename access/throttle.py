"""A brief lock after repeated wrong passwords, shared by the portal and /graphql.

Keyed by (login id, client address), so failures from one address never lock the real
user out from another: someone else's guessing cannot deny a seller their portal. A second
cap per address (any login ids) stops one address spraying guesses across many ids.
Counted in memory per server process, in real time (not the business clock, which e2e
moves by days). Trade-off, documented in the README: an attacker with many addresses gets
LOGIN_MAX_FAILURES guesses per address per window; argon2 hashing keeps that slow.
"""

from __future__ import annotations

import time
from collections import deque

from starlette.requests import HTTPConnection

from models import policy

MAX_TRACKED_KEYS = 10_000


class LoginThrottle:
    def __init__(
        self,
        max_failures: int = policy.LOGIN_MAX_FAILURES,
        max_failures_per_address: int = policy.LOGIN_MAX_FAILURES_PER_ADDRESS,
        window_seconds: float = policy.LOGIN_FAILURE_WINDOW_MINUTES * 60,
    ) -> None:
        self.max_failures = max_failures
        self.max_per_address = max_failures_per_address
        self.window = window_seconds
        self._failures: dict[str, deque[float]] = {}

    @staticmethod
    def _keys(login_id: str, address: str) -> tuple[str, str]:
        return f"{login_id.strip().lower()}|{address}", f"@{address}"

    def _recent(self, key: str) -> deque[float]:
        now = time.monotonic()
        failures = self._failures.get(key, deque())
        while failures and now - failures[0] > self.window:
            failures.popleft()
        return failures

    def _wait(self, key: str, limit: int) -> int:
        failures = self._recent(key)
        if len(failures) < limit:
            return 0
        remaining = self.window - (time.monotonic() - failures[0])
        return max(1, int(remaining // 60) + 1)

    def locked_minutes(self, login_id: str, address: str) -> int:
        """Minutes until this id may try again from this address; 0 when it may now."""
        pair, per_address = self._keys(login_id, address)
        return max(
            self._wait(pair, self.max_failures), self._wait(per_address, self.max_per_address)
        )

    def failed(self, login_id: str, address: str) -> None:
        for key in self._keys(login_id, address):
            failures = self._recent(key)
            failures.append(time.monotonic())
            self._failures[key] = failures
        while len(self._failures) > MAX_TRACKED_KEYS:  # bound memory under a spray of ids
            self._failures.pop(next(iter(self._failures)))

    def succeeded(self, login_id: str, address: str) -> None:
        self._failures.pop(self._keys(login_id, address)[0], None)


def client_address(conn: HTTPConnection) -> str:
    return conn.client.host if conn.client else "unknown"


def login_throttle(conn: HTTPConnection) -> LoginThrottle:
    """The app's one throttle (kept on app.state, so each app, e.g. in tests, has its own)."""
    state = conn.app.state
    if not hasattr(state, "login_throttle"):
        state.login_throttle = LoginThrottle()
    return state.login_throttle
