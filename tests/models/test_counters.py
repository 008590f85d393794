"""The counts table behind the grid always equals the live GROUP BY, whatever happens."""

import random

from models.entities import Claim
from models.enums import ClaimStatus, WithdrawalState
from models.errors import DomainError
from models.grid import GridCell
from models.ops import claims as claim_ops
from models.ops import withdrawals
from models.ops.sweep import expire_due
from models.queries import ClaimFilter, counter_values, live_group_by, status_grid
from tests.models.helpers import OPERATOR, buyer, seller


async def test_random_operations_keep_counters_exact(demo, clock):
    rng = random.Random(20210803)
    shop1, buyer1 = await seller(), await buyer()
    claim_ids = list(await Claim.filter(seller_id=shop1.id).values_list("id", flat=True))
    for step in range(300):
        claim_id = rng.choice(claim_ids)
        action = rng.choice(["request", "cancel", "accept", "reject", "rerequest", "status", "day"])
        try:
            if action == "request":
                await withdrawals.request_withdrawal(shop1.id, claim_id, f"step {step}")
            elif action == "cancel":
                await withdrawals.cancel_withdrawal(shop1.id, claim_id)
            elif action == "accept":
                await withdrawals.respond_withdrawal(buyer1.id, claim_id, True)
            elif action == "reject":
                await withdrawals.respond_withdrawal(buyer1.id, claim_id, False, "OTHER", "no")
            elif action == "rerequest":
                await withdrawals.rerequest_withdrawal(shop1.id, claim_id, f"again {step}")
            elif action == "status":
                claim = await Claim.get(id=claim_id)
                options = [
                    s for s in claim_ops.policy.STATUSES_BY_TYPE[claim.type] if s != claim.status
                ]
                await claim_ops.change_claim_status(claim_id, rng.choice(options), OPERATOR)
            else:
                clock.advance(1)
                await expire_due()
        except DomainError:
            pass
        if step % 25 == 0:
            assert await counter_values(shop1.id) == await live_group_by(shop1.id), step
    assert await counter_values(shop1.id) == await live_group_by(shop1.id)
    assert await Claim.filter(status=ClaimStatus.WITHDRAWN).exists()


async def test_filtered_grid_agrees_with_the_unfiltered_one(demo, clock):
    shop1 = await seller()
    fast = await status_grid(shop1.id, None, clock.today())
    every_type = ClaimFilter(types=["CANCEL", "RETURN", "EXCHANGE", "NON_RECEIPT"])
    slow = await status_grid(shop1.id, every_type, clock.today())
    assert [c.count for c in fast.cells()] == [c.count for c in slow.cells()]
    only_held = await status_grid(
        shop1.id, ClaimFilter(withdrawal_states=[WithdrawalState.HELD]), clock.today()
    )
    assert only_held.count(GridCell.WITHDRAWAL_HELD) == 0
    assert only_held.count(GridCell.RETURN_REQUESTED) == 0


async def test_claims_total_from_counters_equals_the_count(demo, clock):
    from models.queries import claims_queryset, claims_total

    shop1 = await seller()
    assert (
        await claims_total(shop1.id, None, clock.today())
        == await Claim.filter(seller_id=shop1.id).count()
    )
    only_returns = ClaimFilter(types=["RETURN"])
    assert (
        await claims_total(shop1.id, only_returns, clock.today())
        == await claims_queryset(shop1.id, only_returns, clock.today()).count()
    )
