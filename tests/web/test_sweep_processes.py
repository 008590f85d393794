"""Two `qsm sweep` processes racing over the same due rounds expire each exactly once."""

from __future__ import annotations

import json

from tests.cli_helpers import racing_sweeps, run_with_db, seed_with_every_claim_requested

CHECK = """
import json
from models.entities import ClaimEvent, Seller, WithdrawalRound
from models.queries import counter_values, live_group_by

async def main():
    expired = await WithdrawalRound.filter(state="EXPIRED").count()
    pending = await WithdrawalRound.filter(state="REQUESTED").count()
    events = await ClaimEvent.filter(kind="WITHDRAWAL_EXPIRED").values_list("claim_id", flat=True)
    consistent = all(
        [await counter_values(s.id) == await live_group_by(s.id) for s in await Seller.all()]
    )
    print(json.dumps({"expired": expired, "pending": pending, "events": len(events),
                      "distinct_events": len(set(events)), "consistent": consistent}))
"""


def test_two_sweep_processes_expire_each_round_once(scratch_env):
    total_due = seed_with_every_claim_requested(scratch_env)
    outputs = racing_sweeps(scratch_env, 2, "2021-08-12T09:00:00+09:00")
    expired_counts = [int(out.split()[1]) for out in outputs]
    assert sum(expired_counts) == total_due, outputs
    check = run_with_db(CHECK, {**scratch_env, "QSM_CLOCK": "2021-08-12T09:00:00+09:00"})
    assert check.returncode == 0, check.stderr
    result = json.loads(check.stdout)
    assert result == {
        "expired": total_due,
        "pending": 0,
        "events": total_due,
        "distinct_events": total_due,
        "consistent": True,
    }
