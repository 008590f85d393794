"""The delayed count (确认延迟 and each first status's "delayed" mark) is kept as counter
rows per request day (models/ops/counters.py): after any mix of operations and of days
passing, the grid's delayed counts equal a recount from the claims themselves, unfiltered
(from the counters) and filtered (one GROUP BY), and every counter equals the live recount."""

from __future__ import annotations

import random
from datetime import timedelta

from models import policy
from models.entities import Claim, Order
from models.enums import ClaimStatus, ClaimType
from models.errors import DomainError
from models.grid import GridCell
from models.ops import claims as claim_ops
from models.ops import withdrawals
from models.ops.sweep import expire_due
from models.queries import ClaimFilter, counter_values, live_group_by, status_grid
from tests.models.helpers import OPERATOR, buyer, seller


async def _recount(seller_id: int, today, flt=None) -> dict[ClaimStatus, int]:  # noqa: ANN001
    qs = Claim.filter(seller_id=seller_id)
    if flt is not None and flt.date_from:
        qs = qs.filter(requested_on__gte=flt.date_from, requested_on__lte=flt.date_to)
    delayed: dict[ClaimStatus, int] = {}
    for status, requested_on in await qs.values_list("status", "requested_on"):
        if policy.is_delayed(ClaimStatus(status), requested_on, today):
            delayed[ClaimStatus(status)] = delayed.get(ClaimStatus(status), 0) + 1
    return delayed


async def _check(seller_id: int, today, step: int) -> None:  # noqa: ANN001
    assert await counter_values(seller_id) == await live_group_by(seller_id), step
    expected = await _recount(seller_id, today)
    grid = await status_grid(seller_id, None, today)
    assert {s: n for s, n in grid.delayed_by_status.items() if n} == expected, step
    assert grid.count(GridCell.NR_DELAYED) == expected.get(ClaimStatus.NR_REPORTED, 0), step
    cutoff = policy.delayed_before(today)
    windows = (  # straddling the delayed cut-off, wholly before it, wholly after it
        (today - timedelta(days=9), today),
        (cutoff - timedelta(days=30), cutoff - timedelta(days=1)),
        (cutoff, today),
    )
    for date_from, date_to in windows:
        window = ClaimFilter(types=list(ClaimType), date_from=date_from, date_to=date_to)
        filtered = await status_grid(seller_id, window, today)
        assert {s: n for s, n in filtered.delayed_by_status.items() if n} == await _recount(
            seller_id, today, window
        ), (step, date_from, date_to)


async def test_delayed_counts_equal_a_recount_as_claims_change_and_days_pass(demo, clock):
    rng = random.Random(1508)
    shop1, buyer1 = await seller(), await buyer()
    next_order = 0
    for step in range(160):
        today = clock.today()
        claim_ids = list(await Claim.filter(seller_id=shop1.id).values_list("id", flat=True))
        claim_id = rng.choice(claim_ids)
        action = rng.choice(
            ["file", "file", "status", "request", "accept", "reject", "day", "days", "sweep"]
        )
        try:
            if action == "file":
                next_order += 1
                order = await Order.create(
                    seller_id=shop1.id,
                    buyer_id=buyer1.id,
                    order_no=f"77{next_order:06d}",
                    cart_no="1",
                    item_code="1",
                    ordered_on=today - timedelta(days=12),
                )
                await claim_ops.file_claim(
                    buyer1.id,
                    order.order_no,
                    rng.choice(list(ClaimType)),
                    "test",
                    requested_on=today - timedelta(days=rng.randint(0, 8)),
                )
            elif action == "status":
                claim = await Claim.get(id=claim_id)
                options = [s for s in policy.STATUSES_BY_TYPE[claim.type] if s != claim.status]
                await claim_ops.change_claim_status(claim_id, rng.choice(options), OPERATOR)
            elif action == "request":
                await withdrawals.request_withdrawal(shop1.id, claim_id, f"step {step}")
            elif action == "accept":
                await withdrawals.respond_withdrawal(buyer1.id, claim_id, True)
            elif action == "reject":
                await withdrawals.respond_withdrawal(buyer1.id, claim_id, False, "OTHER", "no")
            elif action == "day":  # the day turns and nothing is written
                clock.advance(1)
            elif action == "days":
                clock.advance(rng.randint(2, 4))
            else:
                await expire_due()
        except DomainError:
            pass
        if step % 8 == 0:
            await _check(shop1.id, clock.today(), step)
    await _check(shop1.id, clock.today(), -1)
    grid = await status_grid(shop1.id, None, clock.today())
    assert sum(grid.delayed_by_status.values()) > 0  # the walk did reach delayed claims
