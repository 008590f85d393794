"""The buyer's MyQoo10: counts, pending requests, accept and reject."""

from __future__ import annotations

from models import demo as demo_data
from models.entities import Claim, Order, WithdrawalRound
from models.enums import ClaimStatus, OrderStatus, RejectionReason, WithdrawalState
from models.ops.lookups import has_open_claim
from tests.web.helpers import attrs, csrf_of, has, login, make_client, text

PENDING = demo_data.ORDER_PENDING_WITHDRAWAL


async def test_myqoo10_counts_and_the_pending_request(buyer1):
    page = await buyer1.get("/myqoo10")
    assert page.status_code == 200
    assert text(page.text, "my-row-purchase").startswith("購入/配送状態 決済待ち 0")
    assert text(page.text, "my-count-withdrawal") == "1"
    assert text(page.text, "my-count-withdrawal-purchase") == "1"
    awaiting = 0
    for order_id in await Order.filter(
        buyer__login_id="buyer1", status=OrderStatus.AWAITING_SHIPMENT
    ).values_list("id", flat=True):
        awaiting += not await has_open_claim(order_id)
    assert awaiting > 0
    assert text(page.text, "my-count-awaiting-shipment") == str(awaiting)
    claims = Claim.filter(buyer__login_id="buyer1")
    returning = await claims.filter(
        status__in=[ClaimStatus.RETURN_REQUESTED, ClaimStatus.RETURNING, ClaimStatus.RETURN_HELD]
    ).count()
    assert text(page.text, "my-count-returning") == str(returning)
    cancelling = await claims.filter(
        status__in=[ClaimStatus.CANCEL_REQUESTED, ClaimStatus.CANCELLING]
    ).count()
    assert text(page.text, "my-count-cancelling") == str(cancelling)
    assert "キャンセル/払い戻し" in text(page.text, "my-row-cancel")
    assert text(page.text, "my-request-message") == "商品已经发出，请撤回退货申请。谢谢。"
    assert text(page.text, "my-request-deadline") == "2021/08/08"
    assert has(page.text, f"my-accept-{PENDING}") and has(page.text, f"my-reject-{PENDING}")
    reasons = text(page.text, f"my-reason-{PENDING}")
    assert "其他原因" in reasons


async def test_buyer_accepts_and_the_claim_is_withdrawn(buyer1):
    page = await buyer1.get("/myqoo10")
    claim = await Claim.get(order__order_no=PENDING)
    response = await buyer1.post(
        f"/myqoo10/claims/{claim.id}/respond",
        data={"csrf_token": csrf_of(page.text), "decision": "accept"},
    )
    assert response.status_code == 200
    assert has(response.text, "success-dialog")
    assert text(response.text, "my-count-withdrawal") == "0"
    await claim.refresh_from_db()
    assert claim.status == ClaimStatus.WITHDRAWN


async def test_reject_needs_a_reason_and_then_holds(buyer1):
    page = await buyer1.get("/myqoo10")
    claim = await Claim.get(order__order_no=PENDING)
    missing = await buyer1.post(
        f"/myqoo10/claims/{claim.id}/respond",
        data={"csrf_token": csrf_of(page.text), "decision": "reject", "reason_text": "no"},
    )
    assert missing.status_code == 400 and has(missing.text, "my-error")
    assert attrs(missing.text, f"my-reason-text-{PENDING}")[0]["value"] == "no"
    no_text = await buyer1.post(
        f"/myqoo10/claims/{claim.id}/respond",
        data={"csrf_token": csrf_of(page.text), "decision": "reject", "reason_code": "OTHER"},
    )
    assert no_text.status_code == 400
    ok = await buyer1.post(
        f"/myqoo10/claims/{claim.id}/respond",
        data={
            "csrf_token": csrf_of(page.text),
            "decision": "reject",
            "reason_code": "OTHER",
            "reason_text": "test",
        },
    )
    assert ok.status_code == 200
    rnd = await WithdrawalRound.get(claim_id=claim.id)
    assert rnd.state == WithdrawalState.HELD
    assert (rnd.rejection_code, rnd.rejection_text) == (RejectionReason.OTHER, "test")


async def test_respond_without_csrf_is_refused(buyer1):
    claim = await Claim.get(order__order_no=PENDING)
    response = await buyer1.post(f"/myqoo10/claims/{claim.id}/respond", data={"decision": "accept"})
    assert response.status_code == 403
    await claim.refresh_from_db()
    assert claim.withdrawal_state == WithdrawalState.REQUESTED


async def test_another_buyer_cannot_answer(buyer1):
    claim = await Claim.get(order__order_no=PENDING)
    async with make_client() as buyer2:
        await login(buyer2, "buyer2", "buyer2-pass")
        page = await buyer2.get("/myqoo10")
        assert not has(page.text, f"my-request-{PENDING}")
        response = await buyer2.post(
            f"/myqoo10/claims/{claim.id}/respond",
            data={"csrf_token": csrf_of(page.text), "decision": "accept"},
        )
        assert response.status_code == 404
    await claim.refresh_from_db()
    assert claim.withdrawal_state == WithdrawalState.REQUESTED


async def test_deadline_passed_request_disappears(buyer1, clock):
    clock.set(clock.now().replace(day=9))  # deadline 2021/08/08 is over
    page = await buyer1.get("/myqoo10")
    assert text(page.text, "my-count-withdrawal") == "0"
    assert has(page.text, "my-requests-empty")
    claim = await Claim.get(order__order_no=PENDING)
    assert claim.status == ClaimStatus.WITHDRAWN


async def test_seller_cannot_open_myqoo10(seller):
    assert (await seller.get("/myqoo10")).status_code == 404
