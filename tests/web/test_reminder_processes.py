"""Three `qsm sweep` processes racing on the reminder day send each round's two deadline
reminders exactly once (the conditional UPDATE on withdrawal_round.reminded_at)."""

from __future__ import annotations

import json

from tests.cli_helpers import racing_sweeps, run_with_db, seed_with_every_claim_requested

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
    # requested on 2021-08-03 (due 2021/08/09); the reminder day is two days before
    rounds = seed_with_every_claim_requested(scratch_env)
    racing_sweeps(scratch_env, 3, "2021-08-07T09:00:00+09:00")
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
