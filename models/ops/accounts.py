"""Sign-in: password hashing (argon2), sessions, and the accounts the seed creates.

argon2 is deliberately slow (~50-200 ms of CPU). Run on the event loop, a flood of wrong
passwords stalled every other request of the worker (issue 10.6: `viewer` 60× slower).
It runs on a small pool of threads instead (argon2-cffi releases the GIL), niced on Linux
so the event loop wins the CPU, and when too many sign-ins already wait the next one is
shed with `HashingBusy` rather than queued without end.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import cache
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from tortoise import connections

from models import policy
from models.clock import get_clock
from models.entities import Buyer, Seller, Session
from models.ops import counters

_hasher = PasswordHasher()
Account = Seller | Buyer
T = TypeVar("T")


class HashingBusy(Exception):
    """Too many sign-ins already wait for a password check in this process."""


def _lower_priority() -> None:
    """Nice the hashing thread (Linux nices threads one by one) below the event loop."""
    with contextlib.suppress(AttributeError, OSError):
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)


_pool = ThreadPoolExecutor(
    max_workers=policy.PASSWORD_HASHING_THREADS,
    thread_name_prefix="argon2",
    initializer=_lower_priority,
)
_waiting = 0


async def _off_loop(fn: Callable[..., T], *args: str) -> T:
    global _waiting
    if _waiting >= policy.PASSWORD_HASHING_MAX_WAITING:
        raise HashingBusy
    _waiting += 1
    try:
        return await asyncio.get_running_loop().run_in_executor(_pool, fn, *args)
    finally:
        _waiting -= 1


def hash_password(password: str) -> str:
    """Blocking; async callers use `hash_password_async`."""
    return _hasher.hash(password)


def hash_password_cheaply(password: str) -> str:
    """argon2 at its lowest cost: only for the demo accounts of in-process tests, whose
    passwords are public anyway (`seed_demo(cheap_hashes=True)`)."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash(password)


async def hash_password_async(password: str) -> str:
    return await _off_loop(_hasher.hash, password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


#: Verified against when the login id is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


async def authenticate(login_id: str, password: str) -> Account | None:
    """The seller or buyer with this login id and password, else None.

    Raises HashingBusy (nothing was checked) when the process is saturated."""
    account: Account | None = await Seller.get_or_none(login_id=login_id)
    if account is None:
        account = await Buyer.get_or_none(login_id=login_id)
    # the same verification, in a thread, whether the id exists or not (same time either way)
    stored = account.password_hash if account is not None else _DUMMY_HASH
    verified = await _off_loop(verify_password, stored, password)
    return account if account is not None and verified else None


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create_session(account: Account) -> str:
    """A new random token; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    now = get_clock().now()
    await Session.create(
        token_hash=_token_hash(token),
        seller_id=account.id if isinstance(account, Seller) else None,
        buyer_id=account.id if isinstance(account, Buyer) else None,
        created_at=now,
        expires_at=now + timedelta(days=policy.SESSION_DAYS),
    )
    return token


async def session_account(token: str | None) -> Account | None:
    if not token or len(token) > 200:
        return None
    # Every authenticated request pays this lookup: one statement (two LEFT JOINs), the
    # account built from its columns. Tortoise's query builder alone took ~2 ms of a
    # 3 ms `viewer` request; the rows and the models are the same.
    conn = connections.get("default")
    sql = _session_sql(conn.capabilities.dialect)
    rows = await conn.execute_query_dict(sql, [_token_hash(token)])
    if not rows:
        return None
    row = rows[0]
    if _EXPIRES_AT.to_python_value(row["expires_at"]) <= get_clock().now():
        return None
    for prefix, model in (("s", Seller), ("b", Buyer)):
        if row[f"{prefix}__id"] is not None:
            columns = model._meta.fields_db_projection.values()
            return model._init_from_db(**{c: row[f"{prefix}__{c}"] for c in columns})
    return None


_EXPIRES_AT = Session._meta.fields_map["expires_at"]


@cache
def _session_sql(dialect: str) -> str:
    """The session, its seller and its buyer by token hash, columns prefixed s__ / b__."""
    columns = ['"session"."expires_at" AS "expires_at"']
    for prefix, model in (("s", Seller), ("b", Buyer)):
        table = model._meta.db_table
        columns += [
            f'"{table}"."{c}" AS "{prefix}__{c}"' for c in model._meta.fields_db_projection.values()
        ]
    placeholder = "$1" if dialect == "postgres" else "?"
    return (
        f'SELECT {", ".join(columns)} FROM "session" '
        'LEFT JOIN "seller" ON "seller"."id" = "session"."seller_id" '
        'LEFT JOIN "buyer" ON "buyer"."id" = "session"."buyer_id" '
        f'WHERE "session"."token_hash" = {placeholder} LIMIT 1'
    )


async def end_session(token: str | None) -> None:
    if token:
        await Session.filter(token_hash=_token_hash(token)).delete()


async def create_seller(
    login_id: str, password: str, shop_name: str, lang: str = "zh", *, password_hash: str = ""
) -> Seller:
    """`password_hash` lets a caller reuse a hash it already computed (the demo seed)."""
    seller = await Seller.create(
        login_id=login_id,
        password_hash=password_hash or await hash_password_async(password),
        shop_name=shop_name,
        lang=lang,
    )
    await counters.ensure_counters(seller.id)
    return seller


async def create_buyer(
    login_id: str,
    password: str,
    display_name: str,
    country: str = "JP",
    *,
    password_hash: str = "",
) -> Buyer:
    return await Buyer.create(
        login_id=login_id,
        password_hash=password_hash or await hash_password_async(password),
        display_name=display_name,
        country=country,
    )
