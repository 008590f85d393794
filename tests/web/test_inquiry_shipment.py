"""向Qoo10进行咨询, and shipment registration blocked by an open cancel claim (FAQ)."""

from __future__ import annotations

import re

from models import demo as demo_data
from models.entities import Claim, Inquiry, Order
from tests.web.helpers import HTMX, attrs, csrf_of, has, text

FAQ = demo_data.ORDER_FAQ_CANCEL


async def test_inquiry_form_prefilled_from_the_refusal_link(seller):
    page = await seller.get(
        "/portal/inquiries/new?order_no=638452888&category=REFUND_CLAIM_WITHDRAWAL"
        "&subcategory=CLAIM_WITHDRAWAL"
    )
    assert page.status_code == 200
    assert attrs(page.text, "inquiry-item-code")[0]["value"] == "897969031"
    assert '<option value="REFUND_CLAIM_WITHDRAWAL" selected>退款·投诉撤回</option>' in page.text
    assert (
        'value="CLAIM_WITHDRAWAL" data-category="REFUND_CLAIM_WITHDRAWAL" selected>投诉撤回'
        in page.text
    )
    assert "客户个人资料" in text(page.text, "privacy-warning")
    assert re.findall(r'<option value="(ja|zh|ko|en)"', page.text) == ["ja", "zh", "ko", "en"]
    assert "向Qoo10进行咨询" in text(page.text, "inquiry-channel")


async def test_inquiry_submit_stores_it_and_lists_it_in_the_memo_box(seller):
    page = await seller.get("/portal/inquiries/new?order_no=638452888")
    response = await seller.post(
        "/portal/inquiries",
        data={
            "csrf_token": csrf_of(page.text),
            "order_no": "638452888",
            "item_code": "897969031",
            "category": "REFUND_CLAIM_WITHDRAWAL",
            "subcategory": "CLAIM_WITHDRAWAL",
            "lang": "ja",
            "title": "撤回したい",
            "body": "退货中のクレームを撤回したいです。",
        },
        follow_redirects=True,  # Post/Redirect/Get (issue 12): the result is a GET
    )
    assert response.status_code == 200, response.text
    inquiry = await Inquiry.get(title="撤回したい")
    assert (inquiry.category, inquiry.subcategory, inquiry.lang) == (
        "REFUND_CLAIM_WITHDRAWAL",
        "CLAIM_WITHDRAWAL",
        "ja",
    )
    assert f"（编号 {inquiry.id}）" in text(response.text, "inquiry-success")
    box = await seller.get("/portal/memos?channel=INQUIRY_RECORDS")
    assert "撤回したい" in text(box.text, "memo-row-638452888")


async def test_inquiry_refusals_are_messages(seller):
    page = await seller.get("/portal/inquiries/new")
    base = {
        "csrf_token": csrf_of(page.text),
        "category": "REFUND_CLAIM_WITHDRAWAL",
        "subcategory": "CLAIM_WITHDRAWAL",
        "lang": "zh",
        "title": "t",
        "body": "b",
    }
    bad_pair = await seller.post("/portal/inquiries", data={**base, "subcategory": "TRACKING"})
    assert bad_pair.status_code == 400 and has(bad_pair.text, "inquiry-error")
    no_title = await seller.post("/portal/inquiries", data={**base, "title": ""})
    assert no_title.status_code == 400 and "标题" in text(no_title.text, "inquiry-error")
    other_shop = await seller.post("/portal/inquiries", data={**base, "order_no": "738452001"})
    assert other_shop.status_code == 404
    no_csrf = await seller.post("/portal/inquiries", data={**base, "csrf_token": ""})
    assert no_csrf.status_code == 403
    assert await Inquiry.all().count() == 0


async def ship(client, order_no: str, carrier: str, tracking: str):
    html = (await client.get(f"/portal/orders/{order_no}", headers=HTMX)).text
    return await client.post(
        f"/portal/orders/{order_no}/shipment",
        data={"csrf_token": csrf_of(html), "carrier": carrier, "tracking_no": tracking},
        headers=HTMX,
    )


async def test_shipment_blocked_by_cancel_claim_then_allowed_after_withdrawal(seller, buyer1):
    blocked = await ship(seller, FAQ, "佐川急便", "123456789002")
    assert blocked.status_code == 409
    assert "不能填写运送单号" in text(blocked.text, "shipment-error")
    assert (await Order.get(order_no=FAQ)).tracking_no == ""
    # chapter 5: ask the buyer to withdraw the cancel, the buyer accepts
    html = (await seller.get(f"/portal/orders/{FAQ}", headers=HTMX)).text
    assert text(html, "btn-request") == "取消的撤回要请"
    claim = await Claim.get(order__order_no=FAQ)
    requested = await seller.post(
        f"/portal/orders/{FAQ}/withdrawal",
        data={
            "csrf_token": csrf_of(html),
            "claim_id": str(claim.id),
            "confirmed_action": "request",
            "withdraw": "Y",
            "seller_message": "已经发货了",
        },
        headers=HTMX,
    )
    assert requested.status_code == 200
    my = await buyer1.get("/myqoo10")
    accepted = await buyer1.post(
        f"/myqoo10/claims/{claim.id}/respond",
        data={"csrf_token": csrf_of(my.text), "decision": "accept"},
    )
    assert accepted.status_code == 200
    allowed = await ship(seller, FAQ, "佐川急便", "123456789002")
    assert allowed.status_code == 200
    assert text(allowed.text, "shipment-success") == "运送单号已登记。"
    assert text(allowed.text, "panel-tracking-no") == "123456789002"
    assert (await Order.get(order_no=FAQ)).tracking_no == "123456789002"


async def test_shipment_input_errors_and_csrf(seller):
    bad = await ship(seller, "638452888", "佐川急便", "12 34 <x>")
    assert bad.status_code == 400 and has(bad.text, "shipment-error")
    response = await seller.post(
        "/portal/orders/638452888/shipment", data={"carrier": "a", "tracking_no": "1"}
    )
    assert response.status_code == 403
    assert (await Order.get(order_no="638452888")).tracking_no == "123456789001"
