"""Sign-in: password hashing (argon2), sessions, and the accounts the seed creates."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from models import policy
from models.clock import get_clock
from models.entities import Buyer, Seller, Session
from models.ops import counters

_hasher = PasswordHasher()
Account = Seller | Buyer


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


#: Verified against when the login id is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("not-a-real-password")


async def authenticate(login_id: str, password: str) -> Account | None:
    """The seller or buyer with this login id and password, else None."""
    account: Account | None = await Seller.get_or_none(login_id=login_id)
    if account is None:
        account = await Buyer.get_or_none(login_id=login_id)
    if account is None:
        verify_password(_DUMMY_HASH, password)
        return None
    return account if verify_password(account.password_hash, password) else None


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
    session = await Session.get_or_none(token_hash=_token_hash(token)).prefetch_related(
        "seller", "buyer"
    )
    if session is None or session.expires_at <= get_clock().now():
        return None
    return session.seller or session.buyer


async def end_session(token: str | None) -> None:
    if token:
        await Session.filter(token_hash=_token_hash(token)).delete()


async def create_seller(
    login_id: str, password: str, shop_name: str, lang: str = "zh", *, password_hash: str = ""
) -> Seller:
    """`password_hash` lets a caller reuse a hash it already computed (the demo seed)."""
    seller = await Seller.create(
        login_id=login_id,
        password_hash=password_hash or hash_password(password),
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
        password_hash=password_hash or hash_password(password),
        display_name=display_name,
        country=country,
    )
