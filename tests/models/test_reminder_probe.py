"""The seller's sweep probe answers "does a reminder await?" from the rounds' partial index
(migration 0014) exactly as the claim-side walk it replaced did, for a seller with many
open rounds in the reminder window and for one with none (issue 15: the probe used to cost
more the more claims a seller had in the window)."""

from __future__ import annotations

import importlib
from datetime import date
from types import SimpleNamespace

from tortoise import connections

from models import demo as d
from models.clock import Clock
from models.entities import WithdrawalRound
from models.enums import WithdrawalState
from models.ops import reminders, withdrawals
from models.ops.sweep import _seller_probe, sweep_seller
from tests.models.helpers import at, claim_of, seller

MIGRATION = importlib.import_module("models.migrations.0014_reminder_probe")
#: Rounds added beside the demo's request, all in the reminder window of 2021-08-07.
MANY = 40


async def _claim_side_answer(seller_id: int, today: date) -> bool:
    """The probe before migration 0014: the seller's claims in the window, then their rounds."""
    first, last = reminders.window(today)
    conn = connections.get("default")
    p = ["$1", "$2", "$3"] if conn.capabilities.dialect == "postgres" else ["?1", "?2", "?3"]
    _, rows = await conn.execute_query(
        'SELECT 1 FROM "withdrawal_round" WHERE "claim_id" IN (SELECT "id" FROM "claim" '
        f'WHERE "seller_id" = {p[0]} AND "response_deadline" >= {p[1]} '
        f'AND "response_deadline" <= {p[2]}) AND "state" = \'REQUESTED\' '
        f'AND "reminded_at" IS NULL AND "deadline" >= {p[1]} AND "deadline" <= {p[2]} LIMIT 1',
        [seller_id, first, last],
    )
    return bool(rows)


async def _answers(seller_id: int, today: date) -> tuple[bool, bool]:
    _, remind, _ = await _seller_probe(seller_id, today)
    return remind, await _claim_side_answer(seller_id, today)


async def test_the_probe_answers_as_before_for_a_large_seller_and_an_empty_one(
    demo, clock: Clock
) -> None:
    # the database as migrated: the rounds' seller copied and the partial index in place
    await MIGRATION.backfill_round_seller(None, SimpleNamespace(client=connections.get("default")))
    shop1, shop2 = await seller(), await seller("shop2")
    claim = await claim_of(d.ORDER_RETURN)
    result = await withdrawals.request_withdrawal(shop1.id, claim.id, "请撤回退货申请")
    deadline = result.withdrawal.deadline
    reminded = await WithdrawalRound.get(claim_id=claim.id)
    await WithdrawalRound.bulk_create(
        [
            WithdrawalRound(
                claim_id=claim.id,
                seller_id=shop1.id,
                round_no=reminded.round_no + n,
                state=WithdrawalState.REQUESTED,
                seller_message="m",
                requested_at=reminded.requested_at,
                requested_on=reminded.requested_on,
                deadline=deadline,
                reminded_at=reminded.requested_at,  # already reminded: never due
            )
            for n in range(1, MANY + 1)
        ]
    )

    for instant in ("2021-08-03T10:05:00+09:00", "2021-08-06T23:59:59+09:00"):
        at(clock, instant)  # before the window of the request's deadline (2021/08/09)
        for who in (shop1.id, shop2.id):
            remind, before = await _answers(who, clock.today())
            assert remind == before, (instant, who)

    at(clock, "2021-08-07T00:00:01+09:00")  # the window opens: shop1's round is due
    today = clock.today()
    assert await _answers(shop1.id, today) == (True, True)
    assert await _answers(shop2.id, today) == (False, False)

    await sweep_seller(shop1.id)  # sends it: now the many rounds in the window are all reminded
    assert await _answers(shop1.id, today) == (False, False)
    assert await _answers(shop2.id, today) == (False, False)
