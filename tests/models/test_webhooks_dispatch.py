"""The outbox and its relay in one process, against a real HTTP receiver."""

from __future__ import annotations

import asyncio
import json

import pytest
from standardwebhooks import Webhook

from models import demo as d
from models import policy
from models.entities import Claim, Notification, WebhookAttempt, WebhookDelivery, WebhookEndpoint
from models.enums import NotificationKind
from models.ops import withdrawals
from models.webhooks import dispatch, endpoints
from tests.models.helpers import claim_of, seller
from tests.webhook_receiver import receiver


@pytest.fixture(autouse=True)
def _fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QSM_WEBHOOK_ALLOW_PRIVATE", "1")
    monkeypatch.setenv("QSM_WEBHOOK_RETRY_BASE", "0")


async def _request(shop_id: int, order_no: str = d.ORDER_RETURN) -> int:
    claim = await claim_of(order_no)
    await withdrawals.request_withdrawal(shop_id, claim.id, "please withdraw")
    return claim.id


async def _request_many(shop_id: int, count: int) -> list[int]:
    """Request the withdrawal of `count` of the seller's withdrawable claims."""
    ids = (
        await Claim.filter(
            seller_id=shop_id,
            withdrawal_state__isnull=True,
            status__in=list(policy.WITHDRAWABLE_STATUSES),
        )
        .order_by("id")
        .limit(count)
        .values_list("id", flat=True)
    )
    assert len(ids) == count
    for claim_id in ids:
        await withdrawals.request_withdrawal(shop_id, claim_id, "please withdraw")
    return list(ids)


async def _relay_until(predicate, passes: int = 40) -> None:  # noqa: ANN001
    for _ in range(passes):
        await dispatch.run_once()
        if await predicate():
            return
        await asyncio.sleep(0.01)


async def test_a_500_three_times_gets_a_fourth_attempt_with_the_same_signed_id(demo):
    shop1 = await seller()
    with receiver(fail_first=3) as hook:
        made = await endpoints.create(shop1.id, hook.url, ["withdrawal.requested"])
        claim_id = await _request(shop1.id)
        delivery = await WebhookDelivery.get(endpoint_id=made.endpoint.id)

        async def delivered() -> bool:
            return (await WebhookDelivery.get(id=delivery.id)).status == "DELIVERED"

        await _relay_until(delivered)
    assert [r.answered for r in hook.requests] == [500, 500, 500, 200]
    assert set(hook.ids()) == {delivery.message_id}
    last = hook.requests[-1]
    payload = Webhook(made.secret).verify(last.body, last.headers)
    assert payload["type"] == "withdrawal.requested"
    assert payload["data"]["claimId"] == claim_id
    assert payload["data"]["orderNo"] == d.ORDER_RETURN
    attempts = await WebhookAttempt.filter(delivery_id=delivery.id).order_by("id")
    assert [a.response_code for a in attempts] == [500, 500, 500, 200]
    assert attempts[0].excerpt == "boom"


async def test_an_endpoint_not_subscribed_or_another_sellers_gets_nothing(demo):
    shop1, shop2 = await seller(), await seller("shop2")
    with receiver() as hook:
        await endpoints.create(shop1.id, hook.url, ["memo.received"])
        await endpoints.create(shop2.id, hook.url, ["withdrawal.requested"])
        await _request(shop1.id)
        await dispatch.run_once()
    assert hook.requests == []
    assert await WebhookDelivery.all().count() == 0


async def test_exhausted_deliveries_fail_then_disable_the_endpoint_and_tell_the_seller(
    demo, monkeypatch
):
    shop1 = await seller()
    limit = policy.WEBHOOK_DISABLE_AFTER_FAILED_DELIVERIES
    with receiver(always_fail=True) as hook:
        made = await endpoints.create(shop1.id, hook.url, ["withdrawal.requested"])
        orders = await _request_many(shop1.id, limit)

        async def all_failed() -> bool:
            return await WebhookDelivery.filter(status="FAILED").count() == len(orders)

        await _relay_until(all_failed, passes=200)
    assert await WebhookDelivery.filter(status="FAILED").count() == limit
    assert len(hook.requests) == limit * policy.WEBHOOK_MAX_ATTEMPTS
    endpoint = await WebhookEndpoint.get(id=made.endpoint.id)
    assert not endpoint.enabled and endpoint.disabled_at is not None
    notices = await Notification.filter(seller_id=shop1.id, kind=NotificationKind.WEBHOOK_DISABLED)
    assert len(notices) == 1 and hook.url in notices[0].text


async def test_redelivery_sends_the_same_webhook_id_again(demo):
    shop1 = await seller()
    with receiver() as hook:
        made = await endpoints.create(shop1.id, hook.url, ["withdrawal.requested"])
        await _request(shop1.id)
        await dispatch.run_once()
        delivery = await WebhookDelivery.get(endpoint_id=made.endpoint.id)
        assert delivery.status == "DELIVERED"
        await endpoints.redeliver(shop1.id, delivery.id)
        await dispatch.run_once()
    assert hook.ids() == [delivery.message_id, delivery.message_id]
    assert await WebhookAttempt.filter(delivery_id=delivery.id).count() == 2


async def test_concurrent_relays_never_send_one_attempt_twice(demo):
    shop1 = await seller()
    with receiver() as hook:
        await endpoints.create(shop1.id, hook.url, ["withdrawal.requested"])
        await endpoints.create(shop1.id, hook.url, ["withdrawal.requested"])
        await _request_many(shop1.id, 3)
        await asyncio.gather(*(dispatch.run_once() for _ in range(4)))
    ids = hook.ids()
    assert len(ids) == len(set(ids)) == 6
    assert await WebhookAttempt.all().count() == 6


async def test_every_event_type_is_written_in_its_operations_transaction(demo, clock):
    """Each way an event is decided writes its delivery: request, reject, re-request,
    accept, cancel, void (a status change), the set-based expiry and a buyer's memo."""
    from models.enums import ActorKind, ClaimStatus
    from models.ops import claims as claim_ops
    from models.ops import memos
    from models.ops.runner import Actor
    from models.ops.sweep import expire_due
    from tests.models.helpers import OPERATOR, at, buyer

    shop1, buyer1 = await seller(), await buyer()
    made = await endpoints.create(shop1.id, "http://127.0.0.1:9/x", list(endpoints.EVENT_TYPES))
    a, b, c, e = await _request_many(shop1.id, 4)
    a_claim = await Claim.get(id=a)
    await withdrawals.respond_withdrawal(a_claim.buyer_id, a, False, "OTHER", "no")
    await withdrawals.rerequest_withdrawal(shop1.id, a, "again")
    await withdrawals.respond_withdrawal(a_claim.buyer_id, a, True)
    await withdrawals.cancel_withdrawal(shop1.id, b)
    c_claim = await Claim.get(id=c)
    moved = {ClaimStatus.RETURN_REQUESTED: ClaimStatus.RETURN_RECEIVED}.get(c_claim.status)
    if moved is None:  # any status outside the withdrawable ones voids the open round
        moved = next(
            s
            for s in policy.STATUSES_BY_TYPE[c_claim.type]
            if s not in policy.WITHDRAWABLE_STATUSES and s not in policy.CLOSED_STATUSES
        )
    await claim_ops.change_claim_status(c, moved, OPERATOR)
    await memos.send_memo(Actor(ActorKind.BUYER, buyer1.id), d.ORDER_RETURN, "hi", "a memo")
    at(clock, "2021-08-20T10:00:00+09:00")
    assert await expire_due() >= 1  # e (and the demo's own pending request)

    rows = await WebhookDelivery.filter(endpoint_id=made.endpoint.id).order_by("id")
    types = [r.event_type for r in rows]
    for expected in endpoints.EVENT_TYPES:
        assert expected in types, (expected, types)
    assert types.count("withdrawal.requested") == 5  # four requests and a re-request
    expired = [r for r in rows if r.event_type == "withdrawal.expired"]
    assert e in [json.loads(r.payload)["data"]["claimId"] for r in expired]
    assert len({r.message_id for r in rows}) == len(rows)


async def test_the_ssrf_guard_runs_again_before_each_attempt(demo, monkeypatch):
    """Registered while private addresses were allowed; once they are not (or DNS now
    points inside), the attempt is refused without a POST and recorded as such."""
    shop1 = await seller()
    with receiver() as hook:
        made = await endpoints.create(shop1.id, hook.url, ["withdrawal.requested"])
        await _request(shop1.id)
        monkeypatch.delenv("QSM_WEBHOOK_ALLOW_PRIVATE")
        await dispatch.run_once()
    assert hook.requests == []
    [attempt] = await WebhookAttempt.filter(delivery__endpoint_id=made.endpoint.id)
    assert attempt.response_code is None and attempt.excerpt.startswith("refused:")
    assert "127.0.0.1" in attempt.excerpt


async def test_a_name_that_rebinds_to_a_private_address_after_the_check_reaches_nothing(
    demo, monkeypatch
):
    """DNS rebinding: `localhost` answers a public address to the guard's check and its
    real 127.0.0.1 to the connection. The connection is pinned to an address checked at
    connect time (ssrf.PinnedBackend), so the receiver on 127.0.0.1 gets no POST."""
    from models.webhooks import ssrf

    shop1 = await seller()
    with receiver() as hook:
        url = hook.url.replace("127.0.0.1", "localhost")
        made = await endpoints.create(shop1.id, url, ["withdrawal.requested"])
        await _request(shop1.id)
        monkeypatch.delenv("QSM_WEBHOOK_ALLOW_PRIVATE")
        real_resolve = ssrf.resolve
        answers: list[str] = []

        async def rebinding(host: str, port: int) -> list[ssrf.Address]:
            answers.append(host)
            if len(answers) == 1:  # the check before the attempt: a public address
                return [ssrf.ipaddress.ip_address("93.184.216.34")]
            return await real_resolve(host, port)

        monkeypatch.setattr(ssrf, "resolve", rebinding)
        await dispatch.run_once()
    assert answers[:2] == ["localhost", "localhost"]  # checked, then resolved to connect
    assert hook.requests == []
    [attempt] = await WebhookAttempt.filter(delivery__endpoint_id=made.endpoint.id)
    assert attempt.response_code is None and "private address" in attempt.excerpt
