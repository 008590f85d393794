"""The withdrawal rules of domain.md §5, replayed on the manual's dates."""

from datetime import date

import pytest

from models import demo as d
from models import policy
from models.entities import ClaimEvent, Notification
from models.enums import ClaimStatus, EventKind, NotificationKind, WithdrawalAction, WithdrawalState
from models.errors import DomainError, ErrorCode
from models.grid import GridCell
from models.ops import claims as claim_ops
from models.ops import rules, withdrawals
from models.ops.lookups import has_open_claim
from models.ops.runner import load_latest_round
from models.queries import status_grid
from tests.models.helpers import OPERATOR, at, buyer, claim_of, rounds_of, seller


async def test_chapter1_request_sets_deadline_and_notifies(demo, clock):
    shop1, buyer1 = await seller(), await buyer()
    claim = await claim_of(d.ORDER_RETURN)
    before = await status_grid(shop1.id, None, clock.today())
    result = await withdrawals.request_withdrawal(shop1.id, claim.id, "  请撤回退货申请  ")
    assert result.withdrawal.state == WithdrawalState.REQUESTED
    assert result.withdrawal.deadline == date(2021, 8, 9)
    assert result.withdrawal.requested_on == date(2021, 8, 3)
    assert result.withdrawal.seller_message == "请撤回退货申请"
    assert result.withdrawal.round_no == 1
    after = await status_grid(shop1.id, None, clock.today())
    assert after.count(GridCell.WITHDRAWAL_REQUESTED) == (
        before.count(GridCell.WITHDRAWAL_REQUESTED) + 1
    )
    notice = await Notification.get(buyer_id=buyer1.id, claim_id=claim.id)
    assert notice.kind == NotificationKind.WITHDRAWAL_REQUESTED
    assert "2021/08/09" in notice.text
    event = await ClaimEvent.get(claim_id=claim.id, kind=EventKind.WITHDRAWAL_REQUESTED)
    assert (event.actor_kind, event.actor_id, event.to_state) == ("SELLER", shop1.id, "REQUESTED")


@pytest.mark.parametrize("message", ["", "   ", "x" * 1001, "bad\x00nul"])
async def test_message_is_required_and_bounded(demo, message):
    shop1 = await seller()
    claim = await claim_of(d.ORDER_RETURN)
    with pytest.raises(DomainError) as err:
        await withdrawals.request_withdrawal(shop1.id, claim.id, message)
    assert err.value.code == ErrorCode.INVALID_INPUT
    assert err.value.field == "sellerMessage"
    assert await rounds_of(claim) == []


async def test_message_of_exactly_1000_characters_is_accepted(demo):
    shop1 = await seller()
    claim = await claim_of(d.ORDER_RETURN)
    result = await withdrawals.request_withdrawal(shop1.id, claim.id, "字" * 1000)
    assert len(result.withdrawal.seller_message) == 1000


async def test_second_request_while_pending_is_refused(demo):
    shop1 = await seller()
    claim = await claim_of(d.ORDER_RETURN)
    await withdrawals.request_withdrawal(shop1.id, claim.id, "first")
    with pytest.raises(DomainError) as err:
        await withdrawals.request_withdrawal(shop1.id, claim.id, "second")
    assert err.value.code == ErrorCode.WITHDRAWAL_ALREADY_PENDING
    assert len(await rounds_of(claim)) == 1


async def test_only_the_owning_seller_and_buyer(demo):
    """§5.1: another seller's or buyer's claim is answered exactly like a missing one."""
    shop2, buyer2 = await seller("shop2"), await buyer("buyer2")
    shop1 = await seller()
    claim = await claim_of(d.ORDER_RETURN)
    with pytest.raises(DomainError) as err:
        await withdrawals.request_withdrawal(shop2.id, claim.id, "mine?")
    assert err.value.code == ErrorCode.NOT_FOUND
    await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
    with pytest.raises(DomainError) as err:
        await withdrawals.respond_withdrawal(buyer2.id, claim.id, True)
    assert err.value.code == ErrorCode.NOT_FOUND
    with pytest.raises(DomainError) as missing:
        await withdrawals.request_withdrawal(shop1.id, 999_999, "nothing")
    assert missing.value.code == ErrorCode.NOT_FOUND
    assert str(missing.value) == str(err.value)


@pytest.mark.parametrize(
    # every blocked status (test_policy pins the set to the manual's ※注意 list) but
    # WITHDRAWN, which only the withdrawal flow itself reaches
    "status",
    sorted(policy.BLOCKED_STATUSES - {ClaimStatus.WITHDRAWN}),
)
async def test_each_blocked_status_is_refused_with_its_name_and_the_inquiry_path(demo, status):
    shop1 = await seller()
    claim = await _claim_in_status(status)
    with pytest.raises(DomainError) as err:
        await withdrawals.request_withdrawal(shop1.id, claim.id, "please withdraw")
    assert err.value.code == ErrorCode.CLAIM_NOT_WITHDRAWABLE
    assert status.value in err.value.message
    assert "向Qoo10进行咨询 > 退款·投诉撤回 > 投诉撤回" in err.value.message
    assert await rounds_of(claim) == []


async def _claim_in_status(status: ClaimStatus):
    """A demo claim of the right type moved to `status` by the operator."""
    from models.entities import Claim

    type_of = {s: t for t, statuses in policy.STATUSES_BY_TYPE.items() for s in statuses}
    first = policy.FIRST_STATUS[type_of[status]]
    claim = await Claim.filter(status=first, seller__login_id="shop1", round_count=0).first()
    if claim.status != status:
        await claim_ops.change_claim_status(claim.id, status, OPERATOR)
    return await Claim.get(id=claim.id)


@pytest.mark.parametrize(
    "status",
    [
        ClaimStatus.CANCEL_REQUESTED,
        ClaimStatus.RETURN_REQUESTED,
        ClaimStatus.RETURNING,
        ClaimStatus.EXCHANGE_REQUESTED,
        ClaimStatus.EXCHANGE_CONFIRMED,
    ],
)
async def test_each_withdrawable_status_accepts_a_request(demo, status):
    shop1 = await seller()
    claim = await _claim_in_status(status)
    result = await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
    assert result.withdrawal.state == WithdrawalState.REQUESTED


async def test_expiry_example_of_the_manual(demo, clock):
    """7/29 request → still pending on 8/4 → withdrawn on 8/5 (sweep-on-read via any op)."""
    from models.ops.sweep import expire_due

    shop1 = await seller()
    claim = await claim_of(d.ORDER_RETURN)
    at(clock, "2021-07-29T15:00:00+09:00")
    result = await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
    assert result.withdrawal.deadline == date(2021, 8, 4)
    at(clock, "2021-08-04T23:59:59+09:00")
    assert await expire_due() == 0
    assert (await claim_of(d.ORDER_RETURN)).withdrawal_state == WithdrawalState.REQUESTED
    at(clock, "2021-08-05T00:00:00+09:00")
    assert await expire_due() == 1
    assert await expire_due() == 0, "the sweep is idempotent"
    claim = await claim_of(d.ORDER_RETURN)
    assert claim.status == ClaimStatus.WITHDRAWN
    assert claim.completed_on == date(2021, 8, 5)
    (only,) = await rounds_of(claim)
    assert only.state == WithdrawalState.EXPIRED
    assert (
        await ClaimEvent.filter(claim_id=claim.id, kind=EventKind.WITHDRAWAL_EXPIRED).count() == 1
    )
    assert not await has_open_claim(claim.order_id)


async def test_buyer_answer_after_deadline_day_is_refused_and_claim_withdrawn(demo, clock):
    shop1, buyer1 = await seller(), await buyer()
    claim = await claim_of(d.ORDER_RETURN)
    at(clock, "2021-07-29T15:00:00+09:00")
    await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
    at(clock, "2021-08-05T08:00:00+09:00")
    with pytest.raises(DomainError) as err:
        await withdrawals.respond_withdrawal(buyer1.id, claim.id, False, "OTHER", "no")
    assert err.value.code == ErrorCode.RESPONSE_WINDOW_CLOSED
    assert "2021/08/04" in err.value.message
    assert (await claim_of(d.ORDER_RETURN)).status == ClaimStatus.WITHDRAWN


async def test_buyer_accepts(demo):
    shop1, buyer1 = await seller(), await buyer()
    claim = await claim_of(d.ORDER_RETURN)
    await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
    result = await withdrawals.respond_withdrawal(buyer1.id, claim.id, True)
    assert result.claim.status == ClaimStatus.WITHDRAWN
    assert result.withdrawal.state == WithdrawalState.ACCEPTED
    notice = await Notification.get(seller_id=shop1.id, kind=NotificationKind.WITHDRAWAL_ACCEPTED)
    assert d.ORDER_RETURN in notice.text


async def test_chapter4_reject_then_rerequest(demo, clock):
    shop1, buyer1 = await seller(), await buyer()
    claim = await claim_of(d.ORDER_RETURN)
    at(clock, "2021-08-04T09:00:00+09:00")
    await withdrawals.request_withdrawal(shop1.id, claim.id, "test")
    at(clock, "2021-08-04T11:00:00+09:00")
    result = await withdrawals.respond_withdrawal(buyer1.id, claim.id, False, "OTHER", "test")
    held = result.withdrawal
    assert held.state == WithdrawalState.HELD
    assert (held.rejection_code, held.rejection_text) == ("OTHER", "test")
    assert held.held_at is not None
    grid = await status_grid(shop1.id, None, clock.today())
    assert grid.count(GridCell.WITHDRAWAL_HELD) == 1
    claim = await claim_of(d.ORDER_RETURN)
    latest = await load_latest_round(claim)
    assert rules.rerequest_deadline(claim, latest, clock.today()) == date(2021, 8, 10)
    actions = {a.action: a.allowed for a in rules.withdrawal_actions(claim, latest, clock.today())}
    assert actions == {
        WithdrawalAction.REQUEST: False,
        WithdrawalAction.CANCEL: True,
        WithdrawalAction.REREQUEST: True,
    }
    again = await withdrawals.rerequest_withdrawal(shop1.id, claim.id, "once more")
    assert (again.withdrawal.round_no, again.withdrawal.deadline) == (2, date(2021, 8, 10))
    first, second = await rounds_of(claim)
    assert (first.state, second.state) == (WithdrawalState.HELD, WithdrawalState.REQUESTED)


async def test_rejection_needs_a_reason(demo):
    shop1, buyer1 = await seller(), await buyer()
    claim = await claim_of(d.ORDER_RETURN)
    await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
    for code, text, field in [
        (None, "x", "reasonCode"),
        ("NOPE", "x", "reasonCode"),
        ("OTHER", " ", "reasonText"),
    ]:
        with pytest.raises(DomainError) as err:
            await withdrawals.respond_withdrawal(buyer1.id, claim.id, False, code, text)
        assert (err.value.code, err.value.field) == (ErrorCode.INVALID_INPUT, field)
    assert (await claim_of(d.ORDER_RETURN)).withdrawal_state == WithdrawalState.REQUESTED


async def test_rerequest_only_from_hold(demo):
    shop1 = await seller()
    claim = await claim_of(d.ORDER_RETURN)
    with pytest.raises(DomainError) as err:
        await withdrawals.rerequest_withdrawal(shop1.id, claim.id, "again")
    assert err.value.code == ErrorCode.WITHDRAWAL_NOT_ON_HOLD
    await withdrawals.request_withdrawal(shop1.id, claim.id, "first")
    with pytest.raises(DomainError) as err:
        await withdrawals.rerequest_withdrawal(shop1.id, claim.id, "again")
    assert err.value.code == ErrorCode.WITHDRAWAL_NOT_ON_HOLD


async def test_rerequests_are_unlimited(demo, clock):
    """FAQ: three rejections and three re-requests (and more)."""
    shop1, buyer1 = await seller(), await buyer()
    claim = await claim_of(d.ORDER_RETURN)
    await withdrawals.request_withdrawal(shop1.id, claim.id, "round 1")
    for n in range(2, 7):
        await withdrawals.respond_withdrawal(buyer1.id, claim.id, False, "OTHER", f"no {n}")
        result = await withdrawals.rerequest_withdrawal(shop1.id, claim.id, f"round {n}")
        assert result.withdrawal.round_no == n
    states = [r.state for r in await rounds_of(claim)]
    assert states == [WithdrawalState.HELD] * 5 + [WithdrawalState.REQUESTED]


async def test_chapter3_cancel_then_cooldown_of_five_days(demo, clock):
    shop1, buyer1 = await seller(), await buyer()
    claim = await claim_of(d.ORDER_RETURN)
    at(clock, "2021-08-04T10:00:00+09:00")
    await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
    result = await withdrawals.cancel_withdrawal(shop1.id, claim.id)
    assert result.withdrawal.state == WithdrawalState.CANCELLED
    assert await Notification.filter(
        buyer_id=buyer1.id, kind=NotificationKind.WITHDRAWAL_CANCELLED
    ).exists()
    claim = await claim_of(d.ORDER_RETURN)
    assert rules.next_request_allowed_on(claim, clock.today()) == date(2021, 8, 9)
    for instant in ("2021-08-04T18:00:00+09:00", "2021-08-08T23:59:00+09:00"):
        at(clock, instant)
        with pytest.raises(DomainError) as err:
            await withdrawals.request_withdrawal(shop1.id, claim.id, "again")
        assert err.value.code == ErrorCode.COOLDOWN_ACTIVE
        assert "2021/08/09" in err.value.message
    at(clock, "2021-08-09T00:00:00+09:00")
    again = await withdrawals.request_withdrawal(shop1.id, claim.id, "again")
    assert (again.withdrawal.round_no, again.withdrawal.deadline) == (2, date(2021, 8, 15))


async def test_cancel_needs_a_pending_request(demo):
    shop1 = await seller()
    claim = await claim_of(d.ORDER_RETURN)
    with pytest.raises(DomainError) as err:
        await withdrawals.cancel_withdrawal(shop1.id, claim.id)
    assert err.value.code == ErrorCode.NO_PENDING_WITHDRAWAL


async def test_held_round_can_be_cancelled(demo):
    shop1, buyer1 = await seller(), await buyer()
    claim = await claim_of(d.ORDER_RETURN)
    await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
    await withdrawals.respond_withdrawal(buyer1.id, claim.id, False, "OTHER", "no")
    result = await withdrawals.cancel_withdrawal(shop1.id, claim.id)
    assert result.withdrawal.state == WithdrawalState.CANCELLED


@pytest.mark.parametrize("reject_first", [False, True])
async def test_claim_moving_on_voids_the_round(demo, reject_first):
    """§5.11: the operator completes the cancel while a round is REQUESTED or HELD."""
    shop1, buyer1 = await seller(), await buyer()
    claim = await claim_of(d.ORDER_FAQ_CANCEL)
    await withdrawals.request_withdrawal(shop1.id, claim.id, "please")
    if reject_first:
        await withdrawals.respond_withdrawal(buyer1.id, claim.id, False, "OTHER", "no")
    await claim_ops.complete_cancel(shop1.id, claim.id)
    claim = await claim_of(d.ORDER_FAQ_CANCEL)
    assert claim.status == ClaimStatus.CANCELLING
    assert claim.withdrawal_state == WithdrawalState.VOID
    (only,) = await rounds_of(claim)
    assert only.state == WithdrawalState.VOID and only.voided_at is not None
    assert await ClaimEvent.filter(claim_id=claim.id, kind=EventKind.WITHDRAWAL_VOIDED).exists()
    await claim_ops.refund_cancel(claim.id)
    claim = await claim_of(d.ORDER_FAQ_CANCEL)
    assert claim.status == ClaimStatus.CANCEL_COMPLETED
    assert not await has_open_claim(claim.order_id)


async def test_every_transition_writes_an_event(demo, clock):
    """§5.13: the history of chapter 1 → 4 → 3, in order."""
    shop1, buyer1 = await seller(), await buyer()
    claim = await claim_of(d.ORDER_RETURN)
    await withdrawals.request_withdrawal(shop1.id, claim.id, "one")
    await withdrawals.respond_withdrawal(buyer1.id, claim.id, False, "OTHER", "test")
    await withdrawals.rerequest_withdrawal(shop1.id, claim.id, "two")
    await withdrawals.cancel_withdrawal(shop1.id, claim.id)
    kinds = await ClaimEvent.filter(claim_id=claim.id).order_by("id").values_list("kind", flat=True)
    assert kinds == [
        EventKind.CLAIM_FILED,
        EventKind.WITHDRAWAL_REQUESTED,
        EventKind.WITHDRAWAL_REJECTED,
        EventKind.WITHDRAWAL_REREQUESTED,
        EventKind.WITHDRAWAL_CANCELLED,
    ]


async def test_idempotency_key_returns_the_first_result(demo):
    shop1 = await seller()
    claim = await claim_of(d.ORDER_RETURN)
    first = await withdrawals.request_withdrawal(shop1.id, claim.id, "please", "key-1")
    again = await withdrawals.request_withdrawal(shop1.id, claim.id, "please", "key-1")
    assert again.replayed and again.withdrawal.id == first.withdrawal.id
    assert len(await rounds_of(claim)) == 1
    other = await claim_of(d.ORDER_FAQ_CANCEL)
    with pytest.raises(DomainError) as err:
        await withdrawals.request_withdrawal(shop1.id, other.id, "please", "key-1")
    assert err.value.code == ErrorCode.IDEMPOTENCY_KEY_REUSED
