"""Three `qsm sweep` processes racing on the reminder day send each round's two deadline
reminders exactly once (the conditional UPDATE on withdrawal_round.reminded_at)."""

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
from models.entities import Notification, WithdrawalRound

async def main():
    rounds = await WithdrawalRound.filter(state="REQUESTED").count()
    reminded = await WithdrawalRound.filter(reminded_at__isnull=False).count()
    due = await Notification.filter(kind="WITHDRAWAL_ANSWER_DUE").values_list("claim_id", flat=True)
    awaited = await Notification.filter(kind="WITHDRAWAL_ANSWER_AWAITED").values_list(
        "claim_id", flat=True
    )
    print(json.dumps({"rounds": rounds, "reminded": reminded, "due": len(due),
                      "distinct_due": len(set(due)), "awaited": len(awaited),
                      "distinct_awaited": len(set(awaited))}))
"""


def test_three_sweep_processes_remind_each_round_once(scratch_env: dict[str, str]) -> None:
    assert qsm("migrate", env=scratch_env).returncode == 0
    assert qsm("seed", "--demo", env=scratch_env).returncode == 0
    requested = run_with_db(REQUEST_ALL, scratch_env)  # on 2021-08-03: due 2021/08/09
    assert requested.returncode == 0, requested.stderr
    rounds = int(requested.stdout.strip()) + 1  # plus the seed's request of 2021/08/02
    reminder_day = {**os.environ, **scratch_env, "QSM_CLOCK": "2021-08-07T09:00:00+09:00"}
    sweeps = [
        subprocess.Popen(
            [*QSM, "sweep"], cwd=ROOT, env=reminder_day, stdout=subprocess.PIPE, text=True
        )
        for _ in range(3)
    ]
    outputs = [p.communicate(timeout=120)[0] for p in sweeps]
    assert all(p.returncode == 0 for p in sweeps), outputs
    check = run_with_db(CHECK, {**scratch_env, "QSM_CLOCK": "2021-08-07T09:00:00+09:00"})
    assert check.returncode == 0, check.stderr
    assert json.loads(check.stdout) == {
        "rounds": rounds,
        "reminded": rounds,
        "due": rounds,
        "distinct_due": rounds,
        "awaited": rounds,
        "distinct_awaited": rounds,
    }
