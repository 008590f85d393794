"""Who signs in: sellers (shops) and buyers, and their sessions."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tortoise import fields
from tortoise.models import Model

if TYPE_CHECKING:
    from models.entities.orders import Order


class Seller(Model):
    """A shop on the marketplace that owns orders and everything hanging off them."""

    id = fields.IntField(primary_key=True)
    #: Login id, unique across sellers and buyers.
    login_id = fields.CharField(max_length=64, unique=True)
    #: Shop name as shown to buyers and in the memo box (e.g. `SELLER SHOP TI`).
    shop_name = fields.CharField(max_length=200)
    password_hash = fields.CharField(max_length=200)
    #: Preferred UI language (zh, ja, en).
    lang = fields.CharField(max_length=5, default="zh")
    created_at = fields.DatetimeField(auto_now_add=True)

    orders: fields.ReverseRelation[Order]

    class Meta:
        table = "seller"


class Buyer(Model):
    """A marketplace customer who files claims and answers withdrawal requests."""

    id = fields.IntField(primary_key=True)
    login_id = fields.CharField(max_length=64, unique=True)
    display_name = fields.CharField(max_length=200)
    #: Country code of the buyer (JP, …).
    country = fields.CharField(max_length=2, default="JP")
    password_hash = fields.CharField(max_length=200)
    lang = fields.CharField(max_length=5, default="ja")
    created_at = fields.DatetimeField(auto_now_add=True)

    orders: fields.ReverseRelation[Order]

    class Meta:
        table = "buyer"

    @property
    def masked_id(self) -> str:
        """The id shown in sellers' lists: first letter and five stars (`s*****`)."""
        return (self.display_name[:1] or "*") + "*****"


class Session(Model):
    """A signed-in session: only a hash of the token is stored."""

    id = fields.IntField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    seller: fields.ForeignKeyNullableRelation[Seller] = fields.ForeignKeyField(
        "models.Seller", related_name=False, null=True, on_delete=fields.CASCADE
    )
    buyer: fields.ForeignKeyNullableRelation[Buyer] = fields.ForeignKeyField(
        "models.Buyer", related_name=False, null=True, on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()

    class Meta:
        table = "session"


class LoginThrottle(Model):
    """One sign-in counter per throttled key (`id:<login id>` or `ip:<address>`).

    In the database, not in memory, so every server process (WORKERS=4) and every server
    on the same database shares it, on SQLite and PostgreSQL alike, with no new service.
    Times are real epoch seconds (not the business clock, which e2e moves by days).
    `version` makes each charge a compare-and-set, so concurrent attempts cannot both take
    the same free slot.
    """

    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=100, unique=True)
    #: Attempts charged since the counter was last forgotten or reset by a success.
    attempts = fields.IntField(default=0)
    #: Epoch seconds of the last charged attempt (rows idle for the window are pruned).
    last_at = fields.FloatField(db_index=True)
    #: Epoch seconds before which the next attempt is refused (the growing delay).
    next_at = fields.FloatField()
    version = fields.IntField(default=0)

    class Meta:
        table = "login_throttle"
