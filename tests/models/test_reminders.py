"""Deadline reminders on the manual's dates (issue 12, item 2): a request made on
2021-08-03 has its 客户回应期限 on 2021/08/09; two days before (policy.REMINDER_DAYS_BEFORE),
on 2021-08-07, the buyer is told to answer and the seller that the buyer has until then,
once per round, whoever sweeps and however many sweep at the same time."""

from __future__ import annotations

import asyncio

from models import demo as d
from models import policy
from models.clock import Clock
from models.entities import Notification, WithdrawalRound
from models.enums import Lang, NotificationKind, RejectionReason
from models.messages import notice_text
from models.ops import reminders, withdrawals
from models.ops.sweep import expire_due, sweep_buyer, sweep_seller
from tests.models.helpers import at, buyer, claim_of, seller

DUE = NotificationKind.WITHDRAWAL_ANSWER_DUE
AWAITED = NotificationKind.WITHDRAWAL_ANSWER_AWAITED


async def _reminders(claim_id: int) -> list[tuple[str, int | None, int | None, dict]]:
    rows = await Notification.filter(claim_id=claim_id, kind__in=[DUE, AWAITED]).order_by("id")
    return [(r.kind, r.seller_id, r.buyer_id, r.params) for r in rows]


async def _requested_on_the_manual_day() -> int:
    shop1 = await seller()
    claim = await claim_of(d.ORDER_RETURN)
    result = await withdrawals.request_withdrawal(shop1.id, claim.id, "请撤回退货申请")
    assert result.withdrawal.deadline.isoformat() == "2021-08-09"
    return claim.id


async def test_the_reminder_goes_out_two_days_before_the_deadline_not_before_not_twice(
    demo, clock: Clock
) -> None:
    assert policy.REMINDER_DAYS_BEFORE == 2
    shop1, buyer1 = await seller(), await buyer()
    claim_id = await _requested_on_the_manual_day()
    for instant in ("2021-08-03T10:05:00+09:00", "2021-08-05T12:00:00", "2021-08-06T23:59:59"):
        at(clock, instant if "+" in instant else instant + "+09:00")
        await expire_due()
        await sweep_seller(shop1.id)
        await sweep_buyer(buyer1.id)
        assert await _reminders(claim_id) == [], f"no reminder yet at {instant}"

    at(clock, "2021-08-07T00:00:01+09:00")
    await sweep_buyer(buyer1.id)  # the buyer opening MyQoo10 sends both parties' reminders
    params = {"order_no": d.ORDER_RETURN, "deadline": "2021/08/09"}
    expected = [(AWAITED, shop1.id, None, params), (DUE, None, buyer1.id, params)]
    assert await _reminders(claim_id) == expected

    for instant in ("2021-08-07T09:00:00+09:00", "2021-08-08T18:00:00+09:00"):
        at(clock, instant)
        await expire_due()
        await sweep_seller(shop1.id)
        await sweep_buyer(buyer1.id)
    assert await _reminders(claim_id) == expected, "each reminder exactly once per round"
    rnd = await WithdrawalRound.get(claim_id=claim_id)
    assert rnd.reminded_at is not None


async def test_reminders_read_as_answer_by_and_has_until_in_each_language(
    demo, clock: Clock
) -> None:
    claim_id = await _requested_on_the_manual_day()
    at(clock, "2021-08-07T08:00:00+09:00")
    await expire_due()
    rows = {
        r.kind: r for r in await Notification.filter(claim_id=claim_id, kind__in=[DUE, AWAITED])
    }
    due, awaited = rows[DUE], rows[AWAITED]
    assert notice_text(due.kind, due.params, Lang.EN).startswith(
        f"Please answer the withdrawal request on order {d.ORDER_RETURN} by 2021/08/09"
    )
    assert notice_text(awaited.kind, awaited.params, Lang.EN).endswith(
        "they have until 2021/08/09."
    )
    for row in (due, awaited):
        for lang in (Lang.ZH, Lang.JA):
            assert "2021/08/09" in notice_text(row.kind, row.params, lang)
        assert row.text == notice_text(row.kind, row.params, Lang.ZH)


async def test_several_sweepers_at_the_same_time_remind_once(demo, clock: Clock) -> None:
    shop1, buyer1 = await seller(), await buyer()
    claim_id = await _requested_on_the_manual_day()
    at(clock, "2021-08-07T10:00:00+09:00")
    results = await asyncio.gather(
        reminders.send_due_reminders(),
        reminders.send_due_reminders(seller_id=shop1.id),
        reminders.send_due_reminders(buyer_id=buyer1.id),
        expire_due(),
        sweep_seller(shop1.id),
        sweep_buyer(buyer1.id),
        return_exceptions=True,
    )
    assert not [r for r in results if isinstance(r, BaseException)], results
    assert [kind for kind, *_ in await _reminders(claim_id)] == [AWAITED, DUE]


async def test_a_round_another_process_already_reminded_is_left_alone(demo, clock: Clock) -> None:
    claim_id = await _requested_on_the_manual_day()
    at(clock, "2021-08-07T10:00:00+09:00")
    # another sweeper's committed claim on the round: the conditional UPDATE finds no row
    await WithdrawalRound.filter(claim_id=claim_id).update(reminded_at=clock.now())
    assert await reminders.send_due_reminders() == 1  # only the demo's other pending round
    assert await _reminders(claim_id) == []


async def test_an_answered_round_is_not_reminded_and_a_rerequest_gets_its_own(
    demo, clock: Clock
) -> None:
    shop1, buyer1 = await seller(), await buyer()
    claim_id = await _requested_on_the_manual_day()
    at(clock, "2021-08-04T10:00:00+09:00")
    await withdrawals.reject_withdrawal(buyer1.id, claim_id, RejectionReason.OTHER, "还在退货")
    at(clock, "2021-08-07T10:00:00+09:00")
    await expire_due()
    assert await _reminders(claim_id) == [], "a HELD round waits for the seller, not the buyer"

    result = await withdrawals.rerequest_withdrawal(shop1.id, claim_id, "再次请求撤回")
    assert result.withdrawal.deadline.isoformat() == "2021-08-13"
    await expire_due()
    assert await _reminders(claim_id) == []
    at(clock, "2021-08-11T10:00:00+09:00")
    await expire_due()
    await expire_due()
    params = {"order_no": d.ORDER_RETURN, "deadline": "2021/08/13"}
    assert await _reminders(claim_id) == [
        (AWAITED, shop1.id, None, params),
        (DUE, None, buyer1.id, params),
    ]


async def test_an_overdue_round_expires_instead_of_being_reminded(demo, clock: Clock) -> None:
    """A round nobody swept before its deadline passed: the expiry notice, no reminder."""
    claim_id = await _requested_on_the_manual_day()
    at(clock, "2021-08-10T10:00:00+09:00")
    await expire_due()
    assert await _reminders(claim_id) == []
    kinds = await Notification.filter(claim_id=claim_id).values_list("kind", flat=True)
    assert kinds.count(NotificationKind.WITHDRAWAL_EXPIRED) == 2


async def test_the_sellers_own_read_sends_the_reminder_once(demo, clock: Clock) -> None:
    """sweep_seller probes the claim's (seller, response_deadline) index, not the global
    round index: the seller's read alone sends both reminders on the first day of the
    window, and later reads send nothing more."""
    shop1 = await seller()
    claim_id = await _requested_on_the_manual_day()
    at(clock, "2021-08-06T23:59:59+09:00")
    await sweep_seller(shop1.id)
    assert await _reminders(claim_id) == []
    at(clock, "2021-08-07T00:00:01+09:00")
    await sweep_seller(shop1.id)
    sent = await _reminders(claim_id)
    assert [(kind, seller_id) for kind, seller_id, _, _ in sent] == [
        (AWAITED, shop1.id),
        (DUE, None),
    ]
    await sweep_seller(shop1.id)
    assert await _reminders(claim_id) == sent
