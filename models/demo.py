"""Demo data (`qsm seed --demo`): the manual's shop, orders and claims.

shop1's claims reproduce chapter 2's grid exactly; order 638452888 is the manual's return
claim. Dates are the manual's when the clock is in 2021, otherwise shifted so the same
story holds relative to today. The ids QA and the tests rely on are the constants below.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tortoise.transactions import in_transaction

from models.clock import Clock, get_clock, set_clock
from models.entities import Buyer, Claim, Memo, Order, Seller
from models.enums import (
    ActorKind,
    ClaimStatus,
    ClaimType,
    EventKind,
    MemoCategory,
    MemoChannel,
    MemoStatus,
    OrderStatus,
)
from models.ops import accounts, audit, counters, withdrawals
from models.policy import BUSINESS_TZ, CLOSED_STATUSES

#: The manual's "today" for chapter 1 (deadline 2021/08/09 for a request made that day).
MANUAL_TODAY = date(2021, 8, 3)

SELLER1 = ("shop1", "shop1-pass", "SELLER SHOP TI")
SELLER2 = ("shop2", "shop2-pass", "SHOP TWO")
BUYER1 = ("buyer1", "buyer1-pass", "sato")
BUYER2 = ("buyer2", "buyer2-pass", "tanaka")

#: The manual's return claim (chapters 1–4).
ORDER_RETURN = "638452888"
#: A return claim whose withdrawal is already requested (the grid's 撤回要请 1).
ORDER_PENDING_WITHDRAWAL = "638452889"
#: The FAQ case: a cancel claim on an order awaiting shipment.
ORDER_FAQ_CANCEL = "638452890"
#: A return claim of buyer2 at shop1 (another buyer's request, for access tests).
ORDER_BUYER2_RETURN = "638452891"
#: An order of shop1 without any claim (to file new claims in scenarios).
ORDER_NO_CLAIM = "638452899"
#: shop2's own return claim (isolation tests).
ORDER_SHOP2_RETURN = "738452001"


@dataclass(frozen=True)
class DemoClaim:
    order_no: str
    type: ClaimType
    status: ClaimStatus
    requested: date
    reason: str = "订购取消"
    buyer: str = "buyer1"


def _manual_claims() -> list[DemoClaim]:
    """shop1's claims: the chapter-2 grid (cancel 3/2/4, return 5/5/4, exchange 1/0/1,
    non-receipt 2/2 with 2 delayed, withdrawal 1 requested / 0 held)."""
    d = date
    S, T = ClaimStatus, ClaimType
    claims = [
        DemoClaim(ORDER_RETURN, T.RETURN, S.RETURN_REQUESTED, d(2021, 7, 20)),
        DemoClaim(ORDER_PENDING_WITHDRAWAL, T.RETURN, S.RETURN_REQUESTED, d(2021, 7, 28)),
        DemoClaim(ORDER_FAQ_CANCEL, T.CANCEL, S.CANCEL_REQUESTED, d(2021, 8, 1)),
        DemoClaim(
            ORDER_BUYER2_RETURN, T.RETURN, S.RETURN_REQUESTED, d(2021, 7, 30), buyer="buyer2"
        ),
    ]
    serial = 638452900
    plan: list[tuple[ClaimType, ClaimStatus, int, date]] = [
        (T.CANCEL, S.CANCEL_REQUESTED, 2, d(2021, 7, 31)),
        (T.CANCEL, S.CANCELLING, 2, d(2021, 7, 26)),
        (T.CANCEL, S.CANCEL_COMPLETED, 4, d(2021, 7, 12)),
        (T.RETURN, S.RETURN_REQUESTED, 2, d(2021, 8, 2)),
        (T.RETURN, S.RETURNING, 5, d(2021, 7, 24)),
        (T.RETURN, S.RETURN_COMPLETED, 4, d(2021, 7, 10)),
        (T.EXCHANGE, S.EXCHANGE_REQUESTED, 1, d(2021, 8, 2)),
        (T.EXCHANGE, S.EXCHANGE_COMPLETED, 1, d(2021, 7, 9)),
        (T.NON_RECEIPT, S.NR_REPORTED, 2, d(2021, 7, 22)),
        (T.NON_RECEIPT, S.NR_SELLER_CONFIRMED, 2, d(2021, 7, 25)),
    ]
    for claim_type, status, count, requested in plan:
        for i in range(count):
            serial += 1
            reason = "未收到商品" if claim_type == T.NON_RECEIPT else "订购取消"
            claims.append(
                DemoClaim(str(serial), claim_type, status, requested + timedelta(days=i), reason)
            )
    return claims


def _shift_days(today: date) -> int:
    return 0 if today.year == 2021 else (today - MANUAL_TODAY).days


@functools.cache
def _demo_hash(password: str, cheap: bool = False) -> str:
    """Argon2 is slow on purpose, the demo's few passwords are hashed once per process."""
    return accounts.hash_password_cheaply(password) if cheap else accounts.hash_password(password)


async def seed_demo(*, cheap_hashes: bool = False) -> bool:
    """Create the demo accounts and data; returns False when they already exist.

    `cheap_hashes`: the demo passwords hashed with argon2 at its lowest cost, for the
    in-process test suites, which sign in some thousand times (a verification reads its
    cost from the stored hash: ~1 ms instead of ~130 ms). `qsm seed --demo` never does."""
    if await Seller.filter(login_id=SELLER1[0]).exists():
        return False
    shift = timedelta(days=_shift_days(get_clock().today()))
    async with in_transaction():
        shop1, shop2 = [
            await accounts.create_seller(
                login, pw, shop, password_hash=_demo_hash(pw, cheap_hashes)
            )
            for login, pw, shop in (SELLER1, SELLER2)
        ]
        buyers = {
            login: await accounts.create_buyer(
                login, pw, name, password_hash=_demo_hash(pw, cheap_hashes)
            )
            for login, pw, name in (BUYER1, BUYER2)
        }
        for index, demo in enumerate(_manual_claims()):
            await _order_with_claim(shop1, buyers[demo.buyer], demo, index, shift)
        await _plain_order(shop1, buyers["buyer1"], ORDER_NO_CLAIM, 99, shift)
        shop2_claim = DemoClaim(
            ORDER_SHOP2_RETURN, ClaimType.RETURN, ClaimStatus.RETURN_REQUESTED, date(2021, 7, 27)
        )
        await _order_with_claim(shop2, buyers["buyer2"], shop2_claim, 200, shift)
        await _plain_order(shop2, buyers["buyer1"], "738452002", 201, shift)
        await _buyer_memo(shop1, buyers["buyer1"], shift)
    await _pending_withdrawal(shop1, shift)
    return True


async def _plain_order(
    seller: Seller, buyer: Buyer, order_no: str, index: int, shift: timedelta
) -> Order:
    return await Order.create(
        seller=seller,
        buyer=buyer,
        order_no=order_no,
        cart_no=str(210340349 + (0 if order_no == ORDER_RETURN else index + 1)),
        item_code=str(897969031 + (0 if order_no == ORDER_RETURN else index + 1)),
        seller_item_code=f"SKU-{index:04d}" if order_no != ORDER_RETURN else "",
        item_name="Smartphone case" if order_no != ORDER_RETURN else "Phone case Blue",
        quantity=1,
        option_info="Color:Blue4",
        option_code="",
        country="JP",
        recipient_name=buyer.display_name,
        recipient_phone="+81-0",
        total_amount=200,
        payment_method="现金",
        ordered_on=date(2021, 7, 8) + shift,
        shipped_on=None,
        carrier="",
        tracking_no="",
        address="Japan",
        status=OrderStatus.AWAITING_SHIPMENT,
    )


async def _order_with_claim(
    seller: Seller, buyer: Buyer, demo: DemoClaim, index: int, shift: timedelta
) -> Claim:
    order = await _plain_order(seller, buyer, demo.order_no, index, shift)
    shipped = demo.type != ClaimType.CANCEL
    if shipped:
        order.shipped_on = date(2021, 7, 13) + shift
        order.carrier = "佐川急便"
        order.tracking_no = "123456789001" if demo.order_no == ORDER_RETURN else f"5{index:011d}"
        order.status = OrderStatus.SHIPPING
    await order.save()
    at = datetime.combine(demo.requested + shift, time(9, 0), BUSINESS_TZ)
    claim = await Claim.create(
        order=order,
        seller=seller,
        buyer=buyer,
        type=demo.type,
        status=demo.status,
        reason=demo.reason,
        non_receipt_reason="未收到商品" if demo.type == ClaimType.NON_RECEIPT else "",
        non_receipt_type="配送中" if demo.type == ClaimType.NON_RECEIPT else "",
        requested_on=demo.requested + shift,
        ordered_on=order.ordered_on,
        completed_on=(demo.requested + shift + timedelta(days=3))
        if demo.status in CLOSED_STATUSES
        else None,
        collection_method="卖家直接发送" if demo.type == ClaimType.RETURN else "",
        created_at=at,
        updated_at=at,
    )
    await counters.add_claim(seller.id, counters.claim_keys(demo.status, claim.requested_on, None))
    await audit.record_event(
        claim, EventKind.CLAIM_FILED, ActorKind.BUYER, buyer.id, at, to_status=demo.status
    )
    return claim


async def _buyer_memo(seller: Seller, buyer: Buyer, shift: timedelta) -> None:
    order = await Order.get(order_no=ORDER_RETURN)
    await Memo.create(
        order=order,
        seller=seller,
        buyer=buyer,
        sender_kind=ActorKind.BUYER,
        title=f"未受取の通知注文番号 {ORDER_RETURN}",
        body="商品がまだ届いていません。確認をお願いします。",
        category=MemoCategory.CANCEL_REFUND,
        status=MemoStatus.UNANSWERED,
        channel=MemoChannel.BUYER_SELLER,
        sent_at=datetime.combine(date(2021, 7, 20) + shift, time(9, 40, 3), BUSINESS_TZ),
    )


async def _pending_withdrawal(seller: Seller, shift: timedelta) -> None:
    """The grid's 撤回要请 1: requested through the real operation on 2021/08/02."""
    claim = await Claim.get(order__order_no=ORDER_PENDING_WITHDRAWAL)
    previous = get_clock()
    at = datetime.combine(date(2021, 8, 2) + shift, time(10, 0), BUSINESS_TZ)
    set_clock(Clock.frozen(at))
    try:
        await withdrawals.request_withdrawal(
            seller.id, claim.id, "商品已经发出，请撤回退货申请。谢谢。"
        )
    finally:
        set_clock(previous)
