"""The transaction panel 交易信息 and the withdrawal flows of chapters 1, 3 and 4."""

from __future__ import annotations

import re
import uuid
from datetime import date

import httpx

from models import demo as demo_data
from models.entities import Claim, Notification, WithdrawalRound
from models.enums import ClaimStatus, WithdrawalState
from tests.web.helpers import HTMX, attrs, csrf_of, has, login, make_client, text

ORDER = demo_data.ORDER_RETURN


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden {name}"
    return match.group(1)


async def panel(client: httpx.AsyncClient, order_no: str = ORDER) -> str:
    response = await client.get(f"/portal/orders/{order_no}", headers=HTMX)
    assert response.status_code == 200, response.text
    return response.text


async def act(
    client: httpx.AsyncClient,
    action: str,
    message: str = "",
    order_no: str = ORDER,
    *,
    withdraw: str = "Y",
    **extra: str,
) -> httpx.Response:
    """Submit the withdrawal form as htmx does after [OK] (confirmed_action filled)."""
    html = await panel(client, order_no)
    claim = await Claim.filter(order__order_no=order_no).order_by("-id").first()
    data = {
        "csrf_token": csrf_of(html),
        "claim_id": str(claim.id),
        "idempotency_key": uuid.uuid4().hex,
        "confirmed_action": action,
        "withdraw": withdraw,
        "seller_message": message,
        **extra,
    }
    return await client.post(f"/portal/orders/{order_no}/withdrawal", data=data, headers=HTMX)


async def test_panel_shows_the_order_like_the_manual(seller):
    html = await panel(seller)
    expected = {
        "panel-ordered-on": "2021/07/08",
        "panel-order-no": ORDER,
        "panel-item-code": "897969031",
        "panel-option-info": "Color:Blue4",
        "panel-quantity": "1",
        "panel-country": "JP",
        "panel-buyer-name": "s*****",
        "panel-total-payment": "200 现金",
        "panel-shipped-on": "2021/07/13",
        "panel-carrier": "佐川急便",
        "panel-tracking-no": "123456789001",
        "panel-address": "Japan",
        "panel-requested-on": "2021/07/20",
        "panel-reason": "订购取消",
        "panel-claim-status": "退货 退货申请",
    }
    assert {key: text(html, key) for key in expected} == expected
    assert text(html, "withdrawal-deadline") == "2021/08/09"
    assert "客户的回应期限会自动设置为撤回要请的下单日" in text(html, "withdrawal-tip")
    select = attrs(html, "withdrawal-select")[0]
    assert select["name"] == "withdraw"
    assert re.search(r'<option value="N" selected>N</option>', html)
    message = attrs(html, "withdrawal-message")[0]
    assert message["placeholder"] == "请在此填写和客户联系内容。"
    assert "disabled" in message  # N by default: the message is off until Y
    assert text(html, "btn-request") == "退货的撤回要请"
    assert attrs(html, "btn-request")[0]["data-confirm"]
    assert not has(html, "btn-cancel") and not has(html, "btn-rerequest")
    assert text(html, "memo-badge-n") == "N"
    assert "客户提出投诉" in text(html, "history")


async def test_full_page_panel_for_links_without_js(seller):
    response = await seller.get(f"/portal/orders/{ORDER}")
    assert response.status_code == 200
    assert "<html" in response.text and text(response.text, "panel-order-no") == ORDER


async def test_chapter1_request_creates_a_round_and_reports_success(seller):
    response = await act(seller, "request", "商品已经发出，请撤回退货申请。")
    assert response.status_code == 200, response.text
    assert text(response.text, "success-text") == "撤回要请已成功提交。"
    assert response.headers["HX-Trigger"] == "claims-changed"
    claim = await Claim.get(order__order_no=ORDER)
    assert claim.withdrawal_state == WithdrawalState.REQUESTED
    rnd = await WithdrawalRound.get(claim_id=claim.id)
    assert (
        rnd.deadline == date(2021, 8, 9) and rnd.seller_message == "商品已经发出，请撤回退货申请。"
    )
    assert await Notification.filter(buyer_id=claim.buyer_id, claim_id=claim.id).exists()
    # the panel now shows the pending round and only the cancel button
    assert text(response.text, "round-deadline") == "2021/08/09"
    assert text(response.text, "round-requested-on") == "2021/08/03"
    assert has(response.text, "btn-cancel") and not has(response.text, "btn-request")
    grid = await seller.get("/portal/claims/grid", headers=HTMX)
    assert text(grid.text, "grid-WITHDRAWAL_REQUESTED") == "2"


async def test_request_with_n_or_without_message_is_refused(seller):
    refused = await act(seller, "request", "hello", withdraw="N")
    assert refused.status_code == 400
    assert "选择为Y" in text(refused.text, "withdrawal-error")
    empty = await act(seller, "request", "   ")
    assert empty.status_code == 400
    assert "请填写卖家留言" in text(empty.text, "withdrawal-error")
    assert await WithdrawalRound.filter(claim__order__order_no=ORDER).count() == 0


async def test_double_submit_with_the_same_key_makes_one_round(seller):
    html = await panel(seller)
    data = {
        "csrf_token": csrf_of(html),
        "claim_id": hidden(html, "claim_id"),
        "idempotency_key": hidden(html, "idempotency_key"),
        "confirmed_action": "request",
        "withdraw": "Y",
        "seller_message": "twice",
    }
    first = await seller.post(f"/portal/orders/{ORDER}/withdrawal", data=data, headers=HTMX)
    second = await seller.post(f"/portal/orders/{ORDER}/withdrawal", data=data, headers=HTMX)
    assert first.status_code == second.status_code == 200
    assert await WithdrawalRound.filter(claim__order__order_no=ORDER).count() == 1


async def test_no_js_submit_uses_the_button_value(seller):
    html = (await seller.get(f"/portal/orders/{ORDER}")).text
    response = await seller.post(
        f"/portal/orders/{ORDER}/withdrawal",
        data={
            "csrf_token": csrf_of(html),
            "claim_id": hidden(html, "claim_id"),
            "idempotency_key": hidden(html, "idempotency_key"),
            "confirmed_action": "",
            "action": "request",
            "withdraw": "Y",
            "seller_message": "no js",
        },
    )
    assert response.status_code == 200
    assert "<html" in response.text and has(response.text, "success-dialog")


async def test_withdrawal_post_without_csrf_is_refused(seller):
    html = await panel(seller)
    response = await seller.post(
        f"/portal/orders/{ORDER}/withdrawal",
        data={
            "claim_id": hidden(html, "claim_id"),
            "confirmed_action": "request",
            "withdraw": "Y",
            "seller_message": "x",
        },
    )
    assert response.status_code == 403
    wrong = await seller.post(
        f"/portal/orders/{ORDER}/withdrawal",
        data={
            "claim_id": hidden(html, "claim_id"),
            "confirmed_action": "request",
            "withdraw": "Y",
            "seller_message": "x",
        },
        headers={"X-CSRF-Token": "0" * 64},
    )
    assert wrong.status_code == 403
    assert await WithdrawalRound.all().count() == 1  # only the demo's pending round


async def test_chapter3_cancel_then_cooldown_names_the_date(seller, clock):
    clock.set(clock.now().replace(day=4))  # 2021-08-04
    assert (await act(seller, "request", "please")).status_code == 200
    cancelled = await act(seller, "cancel")
    assert cancelled.status_code == 200
    assert text(cancelled.text, "success-text") == "已取消撤回要请。"
    refusal = text(cancelled.text, "withdrawal-refusal")
    assert "2021/08/09" in refusal and "5天以内" in refusal
    assert not has(cancelled.text, "btn-request")
    again = await act(seller, "request", "again")
    assert again.status_code == 409
    assert "2021/08/09" in text(again.text, "withdrawal-error")
    clock.set(clock.now().replace(day=9))
    assert (await act(seller, "request", "five days later")).status_code == 200


async def test_chapter4_reject_shows_hold_details_then_rerequest(seller, buyer1, clock):
    clock.set(clock.now().replace(day=4))
    assert (await act(seller, "request", "test")).status_code == 200
    claim = await Claim.get(order__order_no=ORDER)
    my = await buyer1.get("/myqoo10")
    rejected = await buyer1.post(
        f"/myqoo10/claims/{claim.id}/respond",
        data={
            "csrf_token": csrf_of(my.text),
            "decision": "reject",
            "reason_code": "OTHER",
            "reason_text": "test",
        },
    )
    assert rejected.status_code == 200, rejected.text
    html = await panel(seller)
    assert text(html, "round-requested-on") == "2021/08/04"
    assert text(html, "round-held-on") == "2021/08/04"
    assert text(html, "round-seller-message") == "test"
    assert text(html, "round-rejection") == "[其他原因] test"
    assert text(html, "rerequest-deadline") == "2021/08/10"
    assert has(html, "btn-rerequest") and has(html, "btn-cancel")
    assert not has(html, "btn-request")
    grid = await seller.get("/portal/claims/grid", headers=HTMX)
    assert text(grid.text, "grid-WITHDRAWAL_HELD") == "1"
    again = await act(seller, "rerequest", "second try")
    assert again.status_code == 200
    assert text(again.text, "success-text") == "已再次要请撤回。"
    latest = await WithdrawalRound.filter(claim_id=claim.id).order_by("-round_no").first()
    assert latest.round_no == 2 and latest.state == WithdrawalState.REQUESTED
    assert latest.deadline == date(2021, 8, 10)
    assert "[其他原因] test" in text(again.text, "history")


async def test_blocked_status_points_to_the_inquiry_path(seller):
    claim = (
        await Claim.filter(seller__login_id="shop1", status=ClaimStatus.CANCELLING)
        .first()
        .prefetch_related("order")
    )
    html = await panel(seller, claim.order.order_no)
    refusal = text(html, "withdrawal-refusal")
    assert "取消中" in refusal and "向Qoo10进行咨询 > 退款·投诉撤回 > 投诉撤回" in refusal
    link = attrs(html, "inquiry-link")[0]["href"]
    assert "category=REFUND_CLAIM_WITHDRAWAL" in link and "subcategory=CLAIM_WITHDRAWAL" in link
    assert not has(html, "withdrawal-form")
    forced = await seller.post(
        f"/portal/orders/{claim.order.order_no}/withdrawal",
        data={
            "csrf_token": csrf_of(html),
            "claim_id": str(claim.id),
            "confirmed_action": "request",
            "withdraw": "Y",
            "seller_message": "x",
        },
        headers=HTMX,
    )
    assert forced.status_code == 409
    assert "向Qoo10进行咨询" in text(forced.text, "withdrawal-error")


async def test_seller_message_markup_is_shown_as_text(seller):
    script = "<script>alert('x')</script><b>bold</b>"
    response = await act(seller, "request", script)
    assert response.status_code == 200
    assert "<script>alert" not in response.text and "<b>bold</b>" not in response.text
    assert "&lt;script&gt;alert(" in response.text
    assert text(response.text, "round-seller-message") == script


async def test_refusals_in_japanese_and_english(seller, clock):
    claim = (
        await Claim.filter(seller__login_id="shop1", status=ClaimStatus.CANCELLING)
        .first()
        .prefetch_related("order")
    )
    for lang, words in (("ja", "Qoo10"), ("en", "cannot be withdrawn here")):
        seller.cookies.set("qsm_lang", lang)
        html = await panel(seller, claim.order.order_no)
        assert words in text(html, "withdrawal-refusal")


async def test_other_seller_and_buyer_get_404(seller):
    claim = await Claim.get(order__order_no=ORDER)
    async with make_client() as shop2:
        await login(shop2, "shop2", "shop2-pass")
        assert (await shop2.get(f"/portal/orders/{ORDER}")).status_code == 404
        page = await shop2.get("/portal/claims")
        response = await shop2.post(
            f"/portal/orders/{ORDER}/withdrawal",
            data={
                "csrf_token": csrf_of(page.text),
                "claim_id": str(claim.id),
                "confirmed_action": "request",
                "withdraw": "Y",
                "seller_message": "x",
            },
        )
        assert response.status_code == 404
    async with make_client() as buyer2:
        await login(buyer2, "buyer2", "buyer2-pass")
        assert (await buyer2.get(f"/portal/orders/{ORDER}")).status_code == 404
    assert await WithdrawalRound.filter(claim_id=claim.id).count() == 0


async def test_cancel_from_a_page_that_still_showed_the_pending_request_is_refused(seller, buyer1):
    """The seller's page showed the request as pending; the buyer rejected meanwhile. The
    cancel must not silently cancel the held round the seller has not seen yet."""
    assert (await act(seller, "request", "please")).status_code == 200
    stale_page = await panel(seller)
    seen = {
        "withdrawal_id": hidden(stale_page, "withdrawal_id"),
        "expected_state": hidden(stale_page, "expected_state"),
    }
    assert seen["expected_state"] == "REQUESTED"
    claim = await Claim.get(order__order_no=ORDER)
    my = await buyer1.get("/myqoo10")
    # MyQoo10 lists the oldest request first: read the round from this order's entry
    this_request = my.text.split(f'data-testid="my-request-{ORDER}"', 1)[1]
    assert hidden(this_request, "withdrawal_id") == seen["withdrawal_id"]
    await buyer1.post(
        f"/myqoo10/claims/{claim.id}/respond",
        data={
            "csrf_token": csrf_of(my.text),
            "withdrawal_id": seen["withdrawal_id"],
            "decision": "reject",
            "reason_code": "OTHER",
            "reason_text": "no",
        },
    )
    data = {
        "csrf_token": csrf_of(stale_page),
        "claim_id": str(claim.id),
        "idempotency_key": uuid.uuid4().hex,
        "confirmed_action": "cancel",
        **seen,
    }
    refused = await seller.post(f"/portal/orders/{ORDER}/withdrawal", data=data, headers=HTMX)
    assert refused.status_code == 409
    # issue 12: the refusal says what happened (it used to say there was no request)
    assert "拒绝了撤回要请" in text(refused.text, "withdrawal-error")
    assert text(refused.text, "round-rejection") == "[其他原因] no"
    (only,) = await WithdrawalRound.filter(claim_id=claim.id)
    assert only.state == WithdrawalState.HELD


async def test_faq_seller_accepts_the_cancellation_instead(seller):
    """FAQ: the seller may give up and complete the cancellation from the panel."""
    faq = demo_data.ORDER_FAQ_CANCEL
    html = await panel(seller, faq)
    assert has(html, "btn-complete-cancel") and has(html, "btn-request")
    done = await act(seller, "complete_cancel", order_no=faq)
    assert done.status_code == 200
    assert text(done.text, "success-text") == "已同意取消，订单进入取消处理。"
    claim = await Claim.get(order__order_no=faq)
    assert claim.status == ClaimStatus.CANCELLING
    after = await panel(seller, faq)
    assert not has(after, "btn-complete-cancel") and not has(after, "btn-request")
    assert "向Qoo10进行咨询 > 退款·投诉撤回 > 投诉撤回" in text(after, "withdrawal-refusal")
    not_cancel = await act(seller, "complete_cancel")  # a return claim
    assert not_cancel.status_code == 409
    assert (await Claim.get(order__order_no=ORDER)).status == ClaimStatus.RETURN_REQUESTED
