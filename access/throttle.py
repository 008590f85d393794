"""The login throttle, in the database so that every server process shares it.

Two counters guard each attempt, both charged BEFORE the password is verified (so
concurrent attempts, in one process or in many, cannot slip past a check together):

- per login id, whatever the address: LOGIN_MAX_FAILURES attempts are free, then each
  further one must wait 1 s, 2 s, 4 s … up to LOGIN_MAX_DELAY_SECONDS. The real user is
  delayed by someone else's guessing, never locked out; an attacker with many addresses
  gets no more guesses than one with a single address.
- per address (IPv6 per /64), any login ids: LOGIN_MAX_FAILURES_PER_ADDRESS free, then
  the same doubling delay up to LOGIN_ADDRESS_MAX_DELAY_SECONDS; stops one address
  spraying guesses across many ids.

A refused attempt is not charged (it costs no hashing), so hammering does not extend the
delay. A success resets the id's counter and gives the address its charge back. Counters
are forgotten LOGIN_FAILURE_WINDOW_MINUTES after their last attempt and their rows pruned.
Real time (epoch seconds), not the business clock, which e2e moves by days.
"""

from __future__ import annotations

import ipaddress
import math
import time
from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F

from models import policy
from models.entities import LoginThrottle

#: Compare-and-set rounds before a contended attempt is refused. Each lost round means
#: another attempt on the same key was charged, so this bounds progress, not fairness.
_MAX_RACES = 100
#: Prune idle rows every this many charges per process (keeps the table bounded).
_PRUNE_EVERY = 50
_charges = 0


@dataclass(frozen=True)
class Limit:
    """How many attempts are free for a kind of key, and the longest delay after that."""

    free: int
    max_delay: float

    def next_at(self, attempts: int, now: float) -> float:
        """When the attempt after the `attempts`-th may come (0: at once, whoever asks)."""
        delay = self.delay(attempts)
        return now + delay if delay else 0.0

    def delay(self, attempts: int) -> float:
        """Seconds to wait after the `attempts`-th charged attempt (0 while still free)."""
        if attempts < self.free:
            return 0.0
        doubling = min(attempts - self.free, 32)  # 2**32 s is past any cap
        return min(self.max_delay, policy.LOGIN_DELAY_BASE_SECONDS * 2.0**doubling)


PER_ID = Limit(policy.LOGIN_MAX_FAILURES, policy.LOGIN_MAX_DELAY_SECONDS)
PER_ADDRESS = Limit(policy.LOGIN_MAX_FAILURES_PER_ADDRESS, policy.LOGIN_ADDRESS_MAX_DELAY_SECONDS)
WINDOW_SECONDS = policy.LOGIN_FAILURE_WINDOW_MINUTES * 60


def id_key(login_id: str) -> str:
    return "id:" + login_id.strip().lower()


def address_key(address: str) -> str:
    """IPv6 clients usually own a whole /64, so they are counted per prefix."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return "ip:" + address[:90]
    if ip.version == 6:
        return "ip:" + str(ipaddress.ip_network(f"{ip}/{policy.LOGIN_IPV6_PREFIX}", strict=False))
    return "ip:" + str(ip)


async def _charge(key: str, limit: Limit) -> float:
    """Take one attempt for `key`: 0 when admitted (and counted), else seconds to wait."""
    for _ in range(_MAX_RACES):
        now = time.time()
        row = await LoginThrottle.get_or_none(key=key)
        if row is None:
            try:
                await LoginThrottle.create(
                    key=key, attempts=1, last_at=now, next_at=limit.next_at(1, now)
                )
                return 0.0
            except IntegrityError:  # another process created it first: read it again
                continue
        if now < row.next_at:
            return row.next_at - now
        attempts = (row.attempts if now - row.last_at < WINDOW_SECONDS else 0) + 1
        taken = await LoginThrottle.filter(id=row.id, version=row.version).update(
            attempts=attempts,
            last_at=now,
            next_at=limit.next_at(attempts, now),
            version=row.version + 1,
        )
        if taken:
            return 0.0
    return float(policy.LOGIN_DELAY_BASE_SECONDS)


async def _refund(key: str) -> None:
    await LoginThrottle.filter(key=key, attempts__gt=0).update(
        attempts=F("attempts") - 1, version=F("version") + 1
    )


async def admit(login_id: str, address: str) -> int:
    """Charge one attempt to the id and the address; 0 when the password may be checked,
    else whole seconds until this id (or this address) may try again."""
    global _charges
    _charges += 1
    if _charges % _PRUNE_EVERY == 0:
        await prune()
    wait = await _charge(address_key(address), PER_ADDRESS)
    if not wait:
        wait = await _charge(id_key(login_id), PER_ID)
        if wait:
            await _refund(address_key(address))
    return max(1, math.ceil(wait)) if wait else 0


async def _extend(key: str, limit: Limit) -> None:
    """Count the delay from the failure, not from the admission: a verification slowed by
    load must not use up the wait before the attacker's next try."""
    row = await LoginThrottle.get_or_none(key=key)
    if row is None:
        return
    until = limit.next_at(row.attempts, time.time())
    if until > row.next_at:
        await LoginThrottle.filter(id=row.id, next_at__lt=until).update(
            next_at=until, version=F("version") + 1
        )


async def failed(login_id: str, address: str) -> None:
    """The password was wrong: the delays run from now."""
    await _extend(id_key(login_id), PER_ID)
    await _extend(address_key(address), PER_ADDRESS)


async def succeeded(login_id: str, address: str) -> None:
    """The password was right: the id starts afresh and the address gets its charge back."""
    await LoginThrottle.filter(key=id_key(login_id)).delete()
    await _refund(address_key(address))


async def uncharged(login_id: str, address: str) -> None:
    """Nothing was checked after all (the server shed the attempt): give both charges back."""
    await _refund(id_key(login_id))
    await _refund(address_key(address))


async def prune(now: float | None = None) -> int:
    """Delete counters idle for the whole window (their delay has long run out)."""
    now = time.time() if now is None else now
    return await LoginThrottle.filter(last_at__lt=now - WINDOW_SECONDS).delete()
