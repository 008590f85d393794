"""Open withdrawal rounds on several days for the triage tests (portal and API alike).

On the manual's 2021-08-03 (the frozen test clock) shop1 then has, besides the demo's own
pending request (638452889, deadline 08/08):

| order      | round requested | 客户回应期限 | state     |
|------------|-----------------|-------------|-----------|
| 638452911  | 07/28           | 08/03       | REQUESTED |
| 638452912  | 07/30           | 08/05       | REQUESTED |
| 638452914  | 07/30           | 08/05       | REQUESTED |
| 638452913  | 07/31           | 08/06       | REQUESTED |
| 638452901  | 08/03           | 08/09       | REQUESTED |
| 638452915  | 07/29           | —           | HELD (the buyer rejected on 07/30) |
"""

from __future__ import annotations

from models.clock import Clock, parse_instant
from models.entities import Claim, Seller
from models.enums import RejectionReason
from models.ops import withdrawals

#: Order numbers by 客户回应期限, soonest first (ties: claim id), then the held one.
BY_DEADLINE = ["638452911", "638452912", "638452914", "638452913", "638452889", "638452901"]
WITHIN_2_DAYS = ["638452911", "638452912", "638452914"]
HELD = "638452915"
_REQUESTS = (
    ("2021-07-28", "638452911"),
    ("2021-07-29", HELD),
    ("2021-07-30", "638452912"),
    ("2021-07-30", "638452914"),
    ("2021-07-31", "638452913"),
)


async def open_rounds(clock: Clock) -> None:
    """Request withdrawals on their days (the clock moves), reject one, back to 08/03."""
    shop1 = await Seller.get(login_id="shop1")
    back = clock.now()
    for day, order_no in _REQUESTS:
        clock.set(parse_instant(f"{day}T10:00:00+09:00"))
        claim = await Claim.get(order__order_no=order_no)
        await withdrawals.request_withdrawal(shop1.id, claim.id, "please withdraw")
        if order_no == HELD:
            clock.set(parse_instant("2021-07-30T09:00:00+09:00"))
            await withdrawals.reject_withdrawal(
                claim.buyer_id, claim.id, RejectionReason.WANT_REFUND
            )
    clock.set(back)
    claim = await Claim.get(order__order_no="638452901")
    await withdrawals.request_withdrawal(shop1.id, claim.id, "please withdraw")


async def no_deadline_ids(descending: bool = False) -> list[str]:
    """shop1's claims without an open round, by claim id (how they follow the dated ones)."""
    shop1 = await Seller.get(login_id="shop1")
    claims = (
        await Claim.filter(seller_id=shop1.id, response_deadline__isnull=True)
        .order_by("-id" if descending else "id")
        .select_related("order")
    )
    return [c.order.order_no for c in claims]
