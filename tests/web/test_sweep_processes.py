"""Two `qsm sweep` processes racing over the same due rounds expire each exactly once."""

from __future__ import annotations

import json
import os
import subprocess

from tests.cli_helpers import QSM, ROOT, qsm, run_with_db

REQUEST_ALL = """
from models.entities import Claim
from models.ops import withdrawals
from models.policy import WITHDRAWABLE_STATUSES

async def main():
    count = 0
    for claim in await Claim.filter(status__in=list(WITHDRAWABLE_STATUSES), round_count=0):
        await withdrawals.request_withdrawal(claim.seller_id, claim.id, "please withdraw")
        count += 1
    print(count)
"""

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
    assert qsm("migrate", env=scratch_env).returncode == 0
    assert qsm("seed", "--demo", env=scratch_env).returncode == 0
    requested = run_with_db(REQUEST_ALL, scratch_env)
    assert requested.returncode == 0, requested.stderr
    total_due = int(requested.stdout.strip()) + 1  # plus the seed's pending request
    later = {**os.environ, **scratch_env, "QSM_CLOCK": "2021-08-12T09:00:00+09:00"}
    sweeps = [
        subprocess.Popen([*QSM, "sweep"], cwd=ROOT, env=later, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in sweeps]
    assert all(p.returncode == 0 for p in sweeps), outputs
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
