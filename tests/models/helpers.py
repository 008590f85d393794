"""Small lookups the domain tests share (the demo's objects by their manual names)."""

from __future__ import annotations

from datetime import datetime

from models.clock import Clock, parse_instant
from models.entities import Buyer, Claim, Seller, WithdrawalRound
from models.enums import ActorKind
from models.ops.runner import Actor

OPERATOR = Actor(ActorKind.OPERATOR)


async def seller(login: str = "shop1") -> Seller:
    return await Seller.get(login_id=login)


async def buyer(login: str = "buyer1") -> Buyer:
    return await Buyer.get(login_id=login)


async def claim_of(order_no: str) -> Claim:
    return await Claim.filter(order__order_no=order_no).order_by("-id").first()


async def rounds_of(claim: Claim) -> list[WithdrawalRound]:
    return await WithdrawalRound.filter(claim_id=claim.id).order_by("round_no")


def at(clock: Clock, instant: str) -> datetime:
    """Move the frozen test clock to a Tokyo-local ISO instant."""
    return clock.set(parse_instant(instant))
