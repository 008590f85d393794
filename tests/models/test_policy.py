"""§5 numbers: the 7-day window, 5-day cooldown, 4-day delay, withdrawable sets."""

from datetime import date

from models import policy
from models.enums import ClaimStatus


def test_deadline_is_request_date_plus_six():
    assert policy.response_deadline(date(2021, 8, 3)) == date(2021, 8, 9)
    assert policy.response_deadline(date(2021, 8, 4)) == date(2021, 8, 10)
    assert policy.response_deadline(date(2021, 7, 29)) == date(2021, 8, 4)


def test_round_expires_the_day_after_its_deadline():
    deadline = date(2021, 8, 4)
    assert not policy.is_past_deadline(deadline, date(2021, 8, 4))
    assert policy.is_past_deadline(deadline, date(2021, 8, 5))


def test_cancel_cooldown_is_five_days():
    assert policy.request_allowed_after_cancel(date(2021, 8, 4)) == date(2021, 8, 9)


def test_no_cooldown_after_rejection_by_default():
    assert policy.request_allowed_after_rejection(date(2021, 8, 4)) == date(2021, 8, 4)


def test_delayed_means_more_than_four_days_in_first_status():
    today = date(2021, 8, 3)
    assert policy.is_delayed(ClaimStatus.NR_REPORTED, date(2021, 7, 29), today)
    assert not policy.is_delayed(ClaimStatus.NR_REPORTED, date(2021, 7, 30), today)
    assert not policy.is_delayed(ClaimStatus.NR_SELLER_CONFIRMED, date(2021, 7, 1), today)


def test_withdrawable_and_blocked_sets_match_the_manual():
    assert {
        ClaimStatus.CANCEL_REQUESTED,
        ClaimStatus.RETURN_REQUESTED,
        ClaimStatus.RETURNING,
        ClaimStatus.EXCHANGE_REQUESTED,
        ClaimStatus.EXCHANGE_CONFIRMED,
    } == policy.WITHDRAWABLE_STATUSES
    assert {
        ClaimStatus.CANCELLING,
        ClaimStatus.CANCEL_COMPLETED,
        ClaimStatus.RETURN_HELD,
        ClaimStatus.RETURN_RECEIVED,
        ClaimStatus.RETURN_COMPLETED,
        ClaimStatus.EXCHANGE_RESHIPPING,
        ClaimStatus.EXCHANGE_COMPLETED,
        ClaimStatus.NR_REPORTED,
        ClaimStatus.NR_SELLER_CONFIRMED,
        ClaimStatus.NR_REFUNDED,
        ClaimStatus.NR_PARTIALLY_REFUNDED,
        ClaimStatus.WITHDRAWN,
    } == policy.BLOCKED_STATUSES
