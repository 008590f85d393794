"""Issue 12, item 6: the rough edges a seller met on the walk, each fixed as they expect.

Dialog words that cannot be misread; a claim that is over says what happened instead of
"ask Qoo10"; a stale cancel says the buyer rejected; an inquiry is filed once however often
the page is reloaded; a session that ends under an open panel keeps the page and links to
a sign-in that comes back; and the manual's missing details (附件, 运送跟踪, 退货要求接受/验证,
the inquiry's 商品 row, the seller-manual link).
"""

from __future__ import annotations

import re
import uuid
from html import unescape
from urllib.parse import quote

import httpx

from models import demo as demo_data
from models.entities import Buyer, Claim, Inquiry, WithdrawalRound
from models.enums import ClaimStatus, WithdrawalState
from models.ops import withdrawals
from tests.web.helpers import HTMX, attrs, csrf_of, has, login, make_client, text
from web import i18n

ORDER = demo_data.ORDER_RETURN


async def panel(client: httpx.AsyncClient, order_no: str = ORDER) -> str:
    response = await client.get(f"/portal/orders/{order_no}", headers=HTMX)
    assert response.status_code == 200, response.text
    return response.text


def hidden(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden {name}"
    return unescape(match.group(1))


async def post_action(
    client: httpx.AsyncClient, html: str, action: str, order_no: str = ORDER, **extra: str
) -> httpx.Response:
    """Submit the panel's withdrawal form that `html` showed, as htmx does after [确定]."""
    claim = await Claim.filter(order__order_no=order_no).order_by("-id").first()
    data = {
        "csrf_token": csrf_of(html),
        "claim_id": str(claim.id),
        "idempotency_key": uuid.uuid4().hex,
        "confirmed_action": action,
        "withdraw": "Y",
        **extra,
    }
    return await client.post(f"/portal/orders/{order_no}/withdrawal", data=data, headers=HTMX)


async def reject_as_buyer1(claim: Claim, text_: str = "no") -> None:
    buyer = await Buyer.get(login_id="buyer1")
    await withdrawals.reject_withdrawal(buyer.id, claim.id, "OTHER", text_)


# -- 1. the confirm dialog's words ---------------------------------------------------------


async def test_the_confirm_dialog_says_confirm_and_go_back_not_cancel(seller):
    """【取消】 next to "取消撤回要请吗？" read as "cancel the cancel": the buttons now say
    确定 / 返回 (and ja / en equivalents), never the word the question is about."""
    for lang, confirm, back in (
        ("zh", "确定", "返回"),
        ("ja", "実行する", "戻る"),
        ("en", "Confirm", "Go back"),
    ):
        seller.cookies.set(i18n.LANG_COOKIE, lang)
        html = (await seller.get(f"/portal/orders/{ORDER}")).text
        assert text(html, "confirm-ok") == confirm
        assert text(html, "confirm-cancel") == back
        question = i18n.translate(lang, "panel.confirm.cancel")
        assert back not in question and confirm not in question


# -- 2. a claim that is over says what happened ----------------------------------------------


async def test_a_withdrawn_claim_says_the_buyer_accepted_not_ask_qoo10(seller, clock):
    claim = await Claim.get(order__order_no=ORDER)
    html = await panel(seller)
    assert (await post_action(seller, html, "request", seller_message="please")).status_code == 200
    buyer = await Buyer.get(login_id="buyer1")
    clock.advance(1)  # accepted on 2021/08/04
    await withdrawals.accept_withdrawal(buyer.id, claim.id)
    after = await panel(seller)
    outcome = text(after, "withdrawal-refusal")
    assert "客户已于 2021/08/04 同意撤回要请" in outcome
    assert "向Qoo10进行咨询" not in outcome
    assert not has(after, "inquiry-link")
    seller.cookies.set(i18n.LANG_COOKIE, "en")
    en = await panel(seller)
    assert "The buyer accepted the withdrawal request on 2021/08/04" in text(
        en, "withdrawal-refusal"
    )


async def test_an_expired_claim_says_it_was_withdrawn_after_the_deadline(seller, clock):
    html = await panel(seller)
    assert (await post_action(seller, html, "request", seller_message="please")).status_code == 200
    clock.advance(7)  # requested 08/03, deadline 08/09, withdrawn by the sweep on 08/10
    await login(seller, "shop1", "shop1-pass")  # a week later the session has ended
    after = await panel(seller)
    outcome = text(after, "withdrawal-refusal")
    assert "回应期限（2021/08/09）" in outcome and "2021/08/10 自动撤回" in outcome
    assert not has(after, "inquiry-link")
    assert (await Claim.get(order__order_no=ORDER)).status == ClaimStatus.WITHDRAWN


async def test_a_completed_claim_says_when_and_keeps_the_manuals_inquiry_path(seller):
    """取消完成 is on the manual's ※注意 list, whose way is the inquiry: the sentence says
    when it was completed and keeps the path and the link (a withdrawn claim has neither)."""
    done = (
        await Claim.filter(seller__login_id="shop1", status=ClaimStatus.CANCEL_COMPLETED)
        .first()
        .prefetch_related("order")
    )
    html = await panel(seller, done.order.order_no)
    outcome = text(html, "withdrawal-refusal")
    completed_on = done.completed_on.strftime("%Y/%m/%d")
    assert f"处理状态为「取消完成」的投诉已于 {completed_on} 处理完毕" in outcome
    assert "向Qoo10进行咨询 > 退款·投诉撤回 > 投诉撤回" in outcome
    assert has(html, "inquiry-link")
    blocked = (
        await Claim.filter(seller__login_id="shop1", status=ClaimStatus.CANCELLING)
        .first()
        .prefetch_related("order")
    )
    html = await panel(seller, blocked.order.order_no)
    assert "向Qoo10进行咨询 > 退款·投诉撤回 > 投诉撤回" in text(html, "withdrawal-refusal")
    assert has(html, "inquiry-link")


# -- 3. a stale cancel after the buyer rejected ---------------------------------------------


async def test_a_stale_cancel_says_the_buyer_rejected_and_the_request_is_on_hold(seller, clock):
    html = await panel(seller)
    assert (await post_action(seller, html, "request", seller_message="please")).status_code == 200
    stale_page = await panel(seller)
    assert hidden(stale_page, "expected_state") == "REQUESTED"
    clock.advance(2)  # the buyer rejects on 2021/08/05
    await reject_as_buyer1(await Claim.get(order__order_no=ORDER))
    refused = await post_action(
        seller,
        stale_page,
        "cancel",
        withdrawal_id=hidden(stale_page, "withdrawal_id"),
        expected_state="REQUESTED",
    )
    assert refused.status_code == 409
    sentence = text(refused.text, "withdrawal-error")
    assert "客户已于 2021/08/05 拒绝了撤回要请" in sentence and "撤回保留" in sentence
    assert "再次要请撤回" in sentence
    assert "没有可以取消" not in sentence
    # the rebuilt panel shows the hold and offers the re-request
    assert has(refused.text, "btn-rerequest")
    (only,) = await WithdrawalRound.filter(claim__order__order_no=ORDER)
    assert only.state == WithdrawalState.HELD


# -- 4. an inquiry is filed once ---------------------------------------------------------


def _inquiry_form(html: str, **values: str) -> dict[str, str]:
    return {
        "csrf_token": csrf_of(html),
        "idempotency_key": hidden(html, "idempotency_key"),
        "order_no": "638452888",
        "item_code": "897969031",
        "category": "REFUND_CLAIM_WITHDRAWAL",
        "subcategory": "CLAIM_WITHDRAWAL",
        "lang": "zh",
        "title": "撤回",
        "body": "请帮忙撤回。",
        **values,
    }


async def test_an_inquiry_redirects_so_a_reload_does_not_file_it_again(seller):
    page = await seller.get("/portal/inquiries/new?order_no=638452888")
    sent = await seller.post("/portal/inquiries", data=_inquiry_form(page.text))
    assert sent.status_code == 303
    target = sent.headers["location"]
    assert target.startswith("/portal/inquiries/new?sent=")
    (inquiry,) = await Inquiry.all()
    for _ in range(2):  # the result page, then a reload of it
        shown = await seller.get(target)
        assert shown.status_code == 200
        assert f"（编号 {inquiry.id}）" in text(shown.text, "inquiry-success")
        assert text(shown.text, "inquiry-order-no") == "638452888"
        assert attrs(shown.text, "inquiry-title")[0]["value"] == ""
    assert await Inquiry.all().count() == 1
    # the next inquiry gets a new key
    assert hidden(shown.text, "idempotency_key") != hidden(page.text, "idempotency_key")


async def test_a_double_submit_with_the_forms_key_files_one_inquiry(seller):
    page = await seller.get("/portal/inquiries/new?order_no=638452888")
    form = _inquiry_form(page.text)
    first = await seller.post("/portal/inquiries", data=form)
    again = await seller.post("/portal/inquiries", data=form)
    assert first.status_code == again.status_code == 303
    assert first.headers["location"] == again.headers["location"]
    assert await Inquiry.all().count() == 1
    # a refused form keeps its key, so fixing it and sending files exactly one
    other = await seller.get("/portal/inquiries/new")
    bad = await seller.post("/portal/inquiries", data=_inquiry_form(other.text, title=""))
    assert bad.status_code == 400
    assert hidden(bad.text, "idempotency_key") == hidden(other.text, "idempotency_key")
    fixed = await seller.post("/portal/inquiries", data=_inquiry_form(bad.text))
    assert fixed.status_code == 303
    assert await Inquiry.all().count() == 2


async def test_another_sellers_inquiry_number_shows_nothing(seller):
    page = await seller.get("/portal/inquiries/new?order_no=638452888")
    sent = await seller.post("/portal/inquiries", data=_inquiry_form(page.text))
    async with make_client() as shop2:
        await login(shop2, "shop2", "shop2-pass")
        foreign = await shop2.get(sent.headers["location"])
        assert foreign.status_code == 200 and not has(foreign.text, "inquiry-success")


# -- 6. the manual's missing details --------------------------------------------------------


async def test_the_inquiry_form_has_the_item_row_and_the_seller_manual_link(seller):
    page = await seller.get("/portal/inquiries/new?order_no=638452888")
    order_item = (await Claim.get(order__order_no=ORDER).prefetch_related("order")).order
    assert text(page.text, "inquiry-item-name") == order_item.item_name
    # typing another code refreshes the 商品 row (htmx GET on change)
    found = await seller.get(
        "/portal/inquiries/item-name", params={"item_code": order_item.item_code}, headers=HTMX
    )
    assert text(found.text, "inquiry-item-name") == order_item.item_name
    missing = await seller.get(
        "/portal/inquiries/item-name", params={"item_code": "nope"}, headers=HTMX
    )
    assert text(missing.text, "inquiry-item-name") == "没有找到该商品代码的商品。"
    # another shop's item code reveals nothing
    async with make_client() as shop2:
        await login(shop2, "shop2", "shop2-pass")
        other = await shop2.get(
            "/portal/inquiries/item-name", params={"item_code": order_item.item_code}
        )
        assert text(other.text, "inquiry-item-name") == "没有找到该商品代码的商品。"
    (link,) = attrs(page.text, "seller-manual-link")
    assert text(page.text, "inquiry-manual-note") == "※ 可以查看Qoo10 卖家手册，点击这里。"
    manual = await seller.get(link["href"])
    assert manual.status_code == 200
    body = text(manual.text, "manual-body")
    assert "如何申请撤销投诉" in body and "常见问题" in body
    assert "<input" not in manual.text.split('data-testid="manual-body"', 1)[1]


# -- 5. a session that ends while a panel is open ------------------------------------------


async def test_an_htmx_post_after_the_session_ended_keeps_the_page_and_links_back(seller, clock):
    html = await panel(seller)
    page = "http://test/portal/claims?status=RETURN_REQUESTED&panel=638452888"
    clock.advance(8)  # the session has ended while the panel stayed open
    claim = await Claim.get(order__order_no=ORDER)
    late = await seller.post(
        f"/portal/orders/{ORDER}/withdrawal/request",
        data={"csrf_token": csrf_of(html), "claim_id": str(claim.id), "withdraw": "Y"},
        headers={**HTMX, "HX-Current-URL": page},
    )
    assert late.status_code == 401
    # appended to the page instead of replacing the panel (and the typed message) with it
    assert late.headers["HX-Retarget"] == "body"
    assert late.headers["HX-Reswap"] == "beforeend"
    assert "HX-Redirect" not in late.headers
    assert text(late.text, "session-expired-text").startswith("登录已失效")
    (link,) = attrs(late.text, "session-signin")
    assert link["href"] == "/login?next=" + quote(
        "/portal/claims?status=RETURN_REQUESTED&panel=638452888", safe=""
    )
    assert await WithdrawalRound.filter(claim_id=claim.id).count() == 0
    # signing in through that link comes back to the same page
    form = await seller.get(link["href"])
    back = await seller.post(
        "/login",
        data={
            "login_id": "shop1",
            "password": "shop1-pass",
            "csrf_token": csrf_of(form.text),
            "next": hidden(form.text.split("login-form", 1)[-1], "next"),
        },
    )
    assert back.status_code == 303
    assert back.headers["location"] == "/portal/claims?status=RETURN_REQUESTED&panel=638452888"


async def test_signed_out_requests_each_get_a_way_back():
    async with make_client() as anonymous:
        # an htmx GET (opening a panel) from a page of another site: back to the home page
        opened = await anonymous.get(
            f"/portal/orders/{ORDER}",
            headers={**HTMX, "HX-Current-URL": "https://elsewhere.example/portal/claims"},
        )
        assert opened.status_code == 401 and opened.headers["HX-Retarget"] == "body"
        assert attrs(opened.text, "session-signin")[0]["href"] == "/login?next=%2F"
        # a plain form post: the sentence and a sign-in link back to the referring page
        posted = await anonymous.post(
            "/portal/inquiries",
            data={"title": "x"},
            headers={"Referer": "http://test/portal/inquiries/new?order_no=638452888"},
        )
        assert posted.status_code == 401
        assert text(posted.text, "error-message") == "请先登录。"
        assert attrs(posted.text, "error-signin")[0]["href"] == "/login?next=" + quote(
            "/portal/inquiries/new?order_no=638452888", safe=""
        )
        # a page: the login form, coming back afterwards
        page = await anonymous.get("/portal/claims?status=RETURN_REQUESTED")
        assert page.status_code == 303
        assert page.headers["location"] == "/login?next=" + quote(
            "/portal/claims?status=RETURN_REQUESTED", safe=""
        )


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def test_the_panel_has_the_manuals_tracking_link_and_attachment_row(seller):
    html = await panel(seller)
    # 运送单号 123456789001 运送跟踪: the carrier's own tracking page, in a new tab
    (link,) = attrs(html, "tracking-link")
    assert text(html, "tracking-link") == "运送跟踪"
    assert link["href"].startswith("https://k2k.sagawa-exp.co.jp/")
    assert link["href"].endswith("okurijoNo=" + text(html, "panel-tracking-no"))
    assert link["target"] == "_blank" and "noopener" in link["rel"]
    # 附件: none yet, then the file sent on the order's memo, downloadable
    assert text(html, "claim-attachments-none") == "无"
    form = {"csrf_token": csrf_of(html), "title": "photo", "body": "see the file"}
    sent = await seller.post(
        f"/portal/orders/{ORDER}/memos",
        data=form,
        files={"attachment": ("proof.png", PNG, "image/png")},
        headers=HTMX,
    )
    assert sent.status_code == 200, sent.text
    after = await panel(seller)
    (file_link,) = attrs(after, "claim-attachment")
    assert text(after, "claim-attachment") == "proof.png"
    download = await seller.get(file_link["href"])
    assert download.status_code == 200 and download.content == PNG
    async with make_client() as shop2:
        await login(shop2, "shop2", "shop2-pass")
        assert (await shop2.get(file_link["href"])).status_code == 404


async def test_an_unknown_carrier_has_no_tracking_link_but_says_so(seller):
    html = await panel(seller)
    form = {"csrf_token": csrf_of(html), "carrier": "Local courier", "tracking_no": "AB-1"}
    order_no = demo_data.ORDER_NO_CLAIM
    saved = await seller.post(f"/portal/orders/{order_no}/shipment", data=form, headers=HTMX)
    assert saved.status_code == 200, saved.text
    assert not has(saved.text, "tracking-link")
    assert text(saved.text, "tracking-unavailable") == "（该快递公司没有在线跟踪页面）"


async def test_return_accept_verify_is_shown_disabled_with_the_reason(seller):
    html = await panel(seller)
    (button,) = attrs(html, "btn-return-accept")
    assert text(html, "btn-return-accept") == "退货要求接受/验证"
    assert "disabled" in button
    assert button["aria-describedby"] == f"return-accept-why-{ORDER}"
    assert "Qoo10的退货处理" in text(html, "return-accept-why")
    # only on return claims that are still open
    faq = await panel(seller, demo_data.ORDER_FAQ_CANCEL)
    assert not has(faq, "btn-return-accept")


def test_the_manual_reader_escapes_text_and_keeps_its_tables():
    from web.portal.manual import render_manual

    html = render_manual("# 目录\n<script>alert(1)</script> a & b\n日期\t2021/07/04\t\n[这里](#)\n")
    assert "<h2>目录</h2>" in html
    assert "<script" not in html and "a &amp; b" in html
    assert "<tr><td>日期</td><td>2021/07/04</td><td></td></tr>" in html
    assert "<p>这里</p>" in html and 'href="#"' not in html
