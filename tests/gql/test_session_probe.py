"""A seller's page sweeps before it answers: an overdue round is expired and a due reminder
sent (once) by the request's own sweep probe, before the page is read (issue 15 item 1)."""

from __future__ import annotations

from models.clock import Clock
from models.entities import Notification
from models.enums import NotificationKind
from tests.gql import ops
from tests.gql.helpers import Api, claim_id_of

ORDER_NO = "638452888"
LIST = "query { claims(first: 50) { edges { node { id withdrawalState } } } }"


async def _state(api: Api, claim: str, as_: str = "shop1") -> str:
    data = await api.data(LIST, as_=as_)
    return next(
        e["node"]["withdrawalState"] for e in data["claims"]["edges"] if e["node"]["id"] == claim
    )


async def test_an_overdue_round_is_expired_before_the_page_answers(api: Api, clock: Clock) -> None:
    claim = await claim_id_of(api, ORDER_NO)
    await api.data(ops.REQUEST, {"input": {"claimId": claim, "sellerMessage": "pls"}}, as_="shop1")
    assert await _state(api, claim) == "REQUESTED"
    clock.advance(8)  # past the 客户回应期限
    api.tokens.clear()  # the session lapsed meanwhile: sign in again
    assert await _state(api, claim) == "EXPIRED"
    assert await _state(api, claim) == "EXPIRED"


async def test_a_due_reminder_is_sent_by_the_page_request(api: Api, clock: Clock) -> None:
    claim = await claim_id_of(api, ORDER_NO)
    await api.data(ops.REQUEST, {"input": {"claimId": claim, "sellerMessage": "pls"}}, as_="shop1")
    awaited = NotificationKind.WITHDRAWAL_ANSWER_AWAITED
    clock.advance(4)  # two days before the deadline: the reminder is due
    api.tokens.clear()
    assert await _state(api, claim) == "REQUESTED"
    assert await Notification.filter(kind=awaited, order__order_no=ORDER_NO).count() == 1
    await _state(api, claim)
    assert await Notification.filter(kind=awaited, order__order_no=ORDER_NO).count() == 1, (
        "once per round"
    )
