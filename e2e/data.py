"""Every seeded id, account and date the browser suites rely on, in one place.

Order numbers and accounts come from `models.demo` (the seed the live server runs);
the rest are the manual's words and dates the chapters assert on screen.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from models import demo
from models.policy import INQUIRY_PATH

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Account:
    """A demo sign-in."""

    login_id: str
    password: str
    name: str


SELLER = Account(*demo.SELLER1)
BUYER = Account(*demo.BUYER1)

#: The manual's return claim (chapters 1–4), requested 2021/07/20, unanswered buyer memo.
ORDER_RETURN = demo.ORDER_RETURN
#: The grid's 撤回要请 1: a request made on 2021/08/02.
ORDER_PENDING_WITHDRAWAL = demo.ORDER_PENDING_WITHDRAWAL
#: The FAQ case: a cancel claim on an order awaiting shipment.
ORDER_FAQ_CANCEL = demo.ORDER_FAQ_CANCEL
#: Another of shop1's requested cancellations (the first generated one in the demo seed).
ORDER_OTHER_CANCEL = "638452901"
#: buyer2's return claim at shop1.
ORDER_BUYER2_RETURN = demo.ORDER_BUYER2_RETURN

#: The inquiry path the refusal names (models.policy.INQUIRY_PATH).
INQUIRY_PATH_TEXT = INQUIRY_PATH

#: Chapter 2's grid on the demo data (2021-08-03), cell → count.
MANUAL_GRID: dict[str, int] = {
    "CANCEL_REQUESTED": 3,
    "CANCELLING": 2,
    "CANCEL_COMPLETED": 4,
    "RETURN_REQUESTED": 5,
    "RETURNING": 5,
    "RETURN_HELD": 0,
    "RETURN_RECEIVED": 0,
    "RETURN_COMPLETED": 4,
    "EXCHANGE_REQUESTED_OR_CONFIRMED": 1,
    "EXCHANGE_RESHIPPING": 0,
    "EXCHANGE_COMPLETED": 1,
    "NR_REPORTED": 2,
    "NR_SELLER_CONFIRMED": 2,
    "NR_DELAYED": 2,
    "NR_REFUNDED": 0,
    "NR_PARTIALLY_REFUNDED": 0,
    "WITHDRAWAL_REQUESTED": 1,
    "WITHDRAWAL_HELD": 0,
}

#: The five return claims of the grid's 退货申请 5 (demo serials 638452909/910 included).
RETURN_REQUESTED_ORDERS: tuple[str, ...] = (
    ORDER_RETURN,
    ORDER_PENDING_WITHDRAWAL,
    ORDER_BUYER2_RETURN,
    "638452909",
    "638452910",
)


@dataclass(frozen=True)
class BlockedCase:
    """A demo claim moved (by an operator) into a status the portal cannot withdraw."""

    order_no: str
    status: str
    #: The status label the refusal names (zh, the manual's words).
    label: str
    #: True when the seed already left the claim in `status`.
    seeded: bool = False


#: Chapter 1's ※注意: one distinct demo claim per non-withdrawable status.
BLOCKED_CASES: tuple[BlockedCase, ...] = (
    BlockedCase("638452901", "CANCELLING", "取消中"),
    BlockedCase("638452902", "CANCEL_COMPLETED", "取消完成"),
    BlockedCase("638452911", "RETURN_HELD", "退货保留"),
    BlockedCase("638452912", "RETURN_RECEIVED", "已收件/退款请求"),
    BlockedCase("638452913", "RETURN_COMPLETED", "退货完成"),
    BlockedCase("638452920", "EXCHANGE_RESHIPPING", "再次派送中"),
    BlockedCase("638452922", "NR_REPORTED", "接收申请", seeded=True),
)


def move_claims_code(cases: tuple[BlockedCase, ...]) -> str:
    """`async def main()` moving each case's claim to its status as the operator would."""
    moves = [(c.order_no, c.status) for c in cases if not c.seeded]
    return (
        "from models.entities import Claim\n"
        "from models.enums import ActorKind\n"
        "from models.ops.claims import change_claim_status\n"
        "from models.ops.runner import Actor\n"
        f"MOVES = {moves!r}\n"
        "async def main():\n"
        "    for order_no, status in MOVES:\n"
        "        claim = await Claim.get(order__order_no=order_no)\n"
        "        await change_claim_status(claim.id, status, Actor(ActorKind.OPERATOR))\n"
    )


@cache
def catalogue(lang: str) -> dict[str, str]:
    """The portal's UI strings in `lang` (web/i18n/<lang>.json)."""
    return json.loads((ROOT / "web" / "i18n" / f"{lang}.json").read_text(encoding="utf-8"))
