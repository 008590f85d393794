"""The conversation (issue 12, item 1) in the portal: the panel's memo thread, the buyer's
memos and answer in MyQoo10, who sees the red N, and the memo box's bodies, paging,
channel tabs and mark-answered checkboxes."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import httpx

from models import demo as d
from models.clock import Clock
from models.entities import Buyer, Memo, Notification, Seller
from models.enums import ActorKind, MemoChannel, MemoStatus, NotificationKind
from tests.memo_data import many_buyer_memos
from tests.web.helpers import HTMX, attrs, csrf_of, has, login, make_client, text, texts

ORDER = d.ORDER_RETURN
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def panel(client: httpx.AsyncClient, order_no: str = ORDER) -> str:
    response = await client.get(f"/portal/orders/{order_no}", headers=HTMX)
    assert response.status_code == 200, response.text
    return response.text


async def seller_sends(
    client: httpx.AsyncClient, title: str, body: str, files: dict | None = None
) -> httpx.Response:
    html = await panel(client)
    data = {"csrf_token": csrf_of(html), "title": title, "body": body}
    return await client.post(f"/portal/orders/{ORDER}/memos", data=data, files=files, headers=HTMX)


async def buyer_answers(client: httpx.AsyncClient, body: str, **extra: str) -> httpx.Response:
    page = (await client.get("/myqoo10")).text
    data = {"csrf_token": csrf_of(page), "body": body, **extra}
    return await client.post(f"/myqoo10/orders/{ORDER}/memos", data=data)


def thread_rows(html: str) -> list[tuple[str, str, str]]:
    """(sender, status, body) of each memo of the (first) thread on the page, in order."""
    rows = attrs(html, "thread-memo")
    bodies = texts(html, "thread-body")
    return [
        (str(a["data-sender"]), str(a["data-status"]), b) for a, b in zip(rows, bodies, strict=True)
    ]


async def test_panel_shows_the_thread_newest_last_with_bodies(
    seller, clock: Clock, tmp_path, monkeypatch
):
    monkeypatch.setenv("QSM_UPLOAD_DIR", str(tmp_path))
    before = await panel(seller)
    assert thread_rows(before) == [
        ("BUYER", "UNANSWERED", "商品がまだ届いていません。確認をお願いします。")
    ]
    clock.advance(days=1)
    sent = await seller_sends(
        seller,
        "发货确认",
        "已经发货了。\n请查收。",
        {"attachment": ("proof.png", PNG, "image/png")},
    )
    assert sent.status_code == 200, sent.text
    rows = thread_rows(sent.text)
    assert rows == [
        ("BUYER", "ANSWERED", "商品がまだ届いていません。確認をお願いします。"),
        ("SELLER", "UNANSWERED", "已经发货了。 请查收。"),
    ]
    assert [t for t in texts(sent.text, "thread-title")] == [
        f"未受取の通知注文番号 {ORDER}",
        "发货确认",
    ]
    memo = await Memo.get(title="发货确认")
    assert attrs(sent.text, "thread-attachment")[0]["href"] == f"/attachments/{memo.id}"
    assert not has(sent.text, "memo-badge-n")


async def test_thread_attachment_only_for_the_two_parties(seller, buyer1, tmp_path, monkeypatch):
    monkeypatch.setenv("QSM_UPLOAD_DIR", str(tmp_path))
    await seller_sends(seller, "photo", "see file", {"attachment": ("photo.png", PNG, "image/png")})
    memo = await Memo.get(title="photo")
    my = (await buyer1.get("/myqoo10")).text
    link = str(attrs(my, "thread-attachment")[0]["href"])
    assert (await buyer1.get(link)).content == PNG
    assert (await seller.get(link)).content == PNG
    missing = f"/attachments/{memo.id + 1000}"
    for login_id in ("shop2", "buyer2"):
        async with make_client() as other:
            await login(other, login_id, f"{login_id}-pass")
            refused, absent = await other.get(link), await other.get(missing)
            assert refused.status_code == absent.status_code == 404
            assert text(refused.text, "error-message") == text(absent.text, "error-message")


async def test_buyer_reads_and_answers_in_myqoo10_and_the_n_moves(seller, buyer1, clock: Clock):
    # the seller answers the buyer's memo: the seller's N clears, the buyer's N appears
    await seller_sends(seller, "关于您的退货", "商品已经发出。")
    my = (await buyer1.get("/myqoo10")).text
    assert has(my, f"my-thread-{ORDER}")
    assert text(my, "my-thread-n") == "N"
    assert [r[2] for r in thread_rows(my)][-1] == "商品已经发出。"
    assert thread_rows(my)[-1][:2] == ("SELLER", "UNANSWERED")

    clock.advance(days=1)
    answered = await buyer_answers(buyer1, "收到了，谢谢。")
    assert answered.status_code == 200, answered.text
    assert text(answered.text, "my-reply-success") == "回复已发送。"
    assert not has(answered.text, "my-thread-n")
    assert [(r[0], r[1]) for r in thread_rows(answered.text)] == [
        ("BUYER", "ANSWERED"),
        ("SELLER", "ANSWERED"),
        ("BUYER", "UNANSWERED"),
    ]
    reply = await Memo.get(body="收到了，谢谢。")
    assert reply.title == "关于您的退货"  # continues the conversation's latest title
    notice = await Notification.filter(kind=NotificationKind.MEMO_RECEIVED).order_by("-id").first()
    assert notice is not None and notice.seller_id == reply.seller_id and notice.buyer_id is None

    # the seller sees the answer with its body and their red N again
    page = await panel(seller)
    assert thread_rows(page)[-1] == ("BUYER", "UNANSWERED", "收到了，谢谢。")
    assert text(page, "memo-badge-n") == "N"


async def test_buyer_answer_refusals(buyer1):
    empty = await buyer_answers(buyer1, "   ")
    assert empty.status_code == 400
    assert text(empty.text, "my-reply-error") == "「内容」：此项为必填项。"
    page = (await buyer1.get("/myqoo10")).text
    # another buyer's order answers exactly like a missing one
    other = await buyer1.post(
        f"/myqoo10/orders/{d.ORDER_BUYER2_RETURN}/memos",
        data={"csrf_token": csrf_of(page), "body": "hi"},
    )
    missing = await buyer1.post(
        "/myqoo10/orders/999999999/memos", data={"csrf_token": csrf_of(page), "body": "hi"}
    )
    assert other.status_code == missing.status_code == 404
    no_csrf = await buyer1.post(f"/myqoo10/orders/{ORDER}/memos", data={"body": "hi"})
    assert no_csrf.status_code == 403
    assert await Memo.filter(body="hi").count() == 0


async def test_a_double_submitted_answer_is_stored_once(buyer1):
    page = (await buyer1.get("/myqoo10")).text
    form = attrs(page, f"my-reply-form-{ORDER}")[0]
    assert form["action"] == f"/myqoo10/orders/{ORDER}/memos"
    hidden = page.split('name="idempotency_key" value="')[1].split('"')[0]
    data = {"csrf_token": csrf_of(page), "body": "只发一次", "idempotency_key": hidden}
    first = await buyer1.post(f"/myqoo10/orders/{ORDER}/memos", data=data)
    second = await buyer1.post(f"/myqoo10/orders/{ORDER}/memos", data=data)
    assert first.status_code == second.status_code == 200
    assert await Memo.filter(body="只发一次").count() == 1


async def test_the_seller_answers_and_the_buyer_memo_stops_showing_the_n(seller, buyer1):
    assert text(await panel(seller), "memo-badge-n") == "N"
    await seller_sends(seller, "回复", "好的")
    assert not has(await panel(seller), "memo-badge-n")
    assert (
        await Memo.filter(
            order__order_no=ORDER, sender_kind=ActorKind.BUYER, status=MemoStatus.UNANSWERED
        ).count()
        == 0
    )


async def test_memo_box_shows_bodies(seller):
    box = (await seller.get("/portal/memos")).text
    assert "商品がまだ届いていません。確認をお願いします。" in texts(box, "memo-row-body")


def _titles(html: str) -> list[str]:
    return [t.split(" ")[0] for t in texts(html, "memo-row-title")]


async def test_memo_box_pages_both_ways_with_the_place_in_the_url(seller, clock: Clock):
    await many_buyer_memos(120, clock)
    total = await Memo.filter(seller__login_id="shop1").count()
    first = (await seller.get(f"/portal/memos?order_no={d.ORDER_NO_CLAIM}")).text
    assert _titles(first) == [f"m{n:03d}" for n in range(119, 69, -1)]
    assert text(first, "memo-box-total") == "共 120 件"
    assert not has(first, "memo-box-prev")
    next_link = str(attrs(first, "memo-box-next")[0]["href"]).replace("&amp;", "&")
    assert parse_qs(urlparse(next_link).query)["order_no"] == [d.ORDER_NO_CLAIM]
    second = (await seller.get(next_link)).text  # a reload of this URL shows the same page
    assert _titles(second) == [f"m{n:03d}" for n in range(69, 19, -1)]
    assert _titles((await seller.get(next_link)).text) == _titles(second)
    third_link = str(attrs(second, "memo-box-next")[0]["href"]).replace("&amp;", "&")
    third = (await seller.get(third_link)).text
    assert _titles(third) == [f"m{n:03d}" for n in range(19, -1, -1)]
    assert not has(third, "memo-box-next")
    back = str(attrs(third, "memo-box-prev")[0]["href"]).replace("&amp;", "&")
    assert _titles((await seller.get(back)).text) == _titles(second)
    # every memo of the box is reachable (no 200-row stop)
    everything = (await seller.get("/portal/memos")).text
    assert text(everything, "memo-box-total") == f"共 {total} 件"
    bad = await seller.get("/portal/memos?after=not-a-cursor")
    assert bad.status_code == 400
    assert text(bad.text, "memo-box-error") == "该游标不是本接口发出的。"


async def test_memo_box_tabs_switch_the_channel(seller):
    box = (await seller.get("/portal/memos")).text
    links = {
        c.value: str(attrs(box, f"memo-box-tab-{c.value}")[0]["href"]).replace("&amp;", "&")
        for c in MemoChannel
    }
    assert attrs(box, "memo-box-tab-BUYER_SELLER")[0]["aria-current"] == "page"
    inquiries = (await seller.get(links["INQUIRY_RECORDS"])).text
    assert attrs(inquiries, "memo-box-tab-INQUIRY_RECORDS")[0]["aria-current"] == "page"
    assert has(inquiries, "memo-box-empty")  # shop1 filed no inquiry yet
    assert not has(inquiries, f"memo-row-{ORDER}")


async def test_memo_box_checkboxes_mark_the_selected_memos_answered(seller, clock: Clock):
    await many_buyer_memos(3, clock)
    box = (await seller.get(f"/portal/memos?order_no={d.ORDER_NO_CLAIM}")).text
    rows = attrs(box, f"memo-row-{d.ORDER_NO_CLAIM}")
    chosen = [int(str(a["data-row-id"])) for a in rows][:2]  # the two newest
    form = {"csrf_token": csrf_of(box), "back": f"order_no={d.ORDER_NO_CLAIM}"}
    posted = await seller.post(
        "/portal/memos/answered", data={**form, "sel": [str(i) for i in chosen]}
    )
    assert posted.status_code == 303  # back to the same box: a reload posts nothing again
    assert posted.headers["location"] == (
        f"/portal/memos?channel=BUYER_SELLER&order_no={d.ORDER_NO_CLAIM}&marked=2"
    )
    done = await seller.get(posted.headers["location"])
    assert text(done.text, "memo-box-success") == "已将 2 条纸条标记为已答复。"
    statuses = [a["data-status"] for a in attrs(done.text, f"memo-row-{d.ORDER_NO_CLAIM}")]
    assert statuses == ["ANSWERED", "ANSWERED", "UNANSWERED"]
    # another seller's memo id changes nothing
    other = await Memo.filter(seller__login_id="shop2").first()
    if other is not None:
        again = await seller.post("/portal/memos/answered", data={**form, "sel": [str(other.id)]})
        assert again.headers["location"].endswith("&marked=0")
        assert (await Memo.get(id=other.id)).status == other.status
    none = await seller.post("/portal/memos/answered", data=form)
    assert none.status_code == 400
    assert text(none.text, "memo-box-error") == "请先选择纸条。"


async def test_parties_of_the_thread(seller):
    shop1 = await Seller.get(login_id="shop1")
    buyer1 = await Buyer.get(login_id="buyer1")
    page = await panel(seller)
    assert texts(page, "thread-from") == [f"客户 {buyer1.masked_id}"]
    await seller_sends(seller, "t", "b")
    assert texts(await panel(seller), "thread-from")[-1] == f"卖家 {shop1.shop_name}"


async def test_buyer_answers_with_a_photo_the_seller_can_download(
    seller, buyer1, tmp_path, monkeypatch
):
    monkeypatch.setenv("QSM_UPLOAD_DIR", str(tmp_path))
    page = (await buyer1.get("/myqoo10")).text
    assert attrs(page, f"my-reply-form-{ORDER}")[0]["enctype"] == "multipart/form-data"
    response = await buyer1.post(
        f"/myqoo10/orders/{ORDER}/memos",
        data={"csrf_token": csrf_of(page), "body": "破损的照片"},
        files={"attachment": ("damage.png", PNG, "image/png")},
    )
    assert response.status_code == 200, response.text
    memo = await Memo.get(body="破损的照片")
    thread = await panel(seller)
    link = attrs(thread, "thread-attachment")[-1]["href"]
    assert link == f"/attachments/{memo.id}"
    assert (await seller.get(str(link))).content == PNG
    bad = await buyer1.post(
        f"/myqoo10/orders/{ORDER}/memos",
        data={"csrf_token": csrf_of(page), "body": "not a picture"},
        files={"attachment": ("x.png", b"MZ not an image", "image/png")},
    )
    assert bad.status_code == 400
    assert has(bad.text, "my-reply-error")
    assert await Memo.filter(body="not a picture").count() == 0


async def test_buyer_writes_first_from_a_pending_request(seller, buyer1):
    pending = d.ORDER_PENDING_WITHDRAWAL  # a request waits for the buyer, no memos yet
    page = (await buyer1.get("/myqoo10")).text
    assert not has(page, f"my-thread-{pending}")
    assert "required" in attrs(page, f"my-reply-title-{pending}")[0]
    url = f"/myqoo10/orders/{pending}/memos"
    untitled = await buyer1.post(url, data={"csrf_token": csrf_of(page), "body": "请问"})
    assert untitled.status_code == 400
    assert text(untitled.text, "my-reply-error") == "「标题」：此项为必填项。"
    assert "open" in attrs(untitled.text, f"my-contact-{pending}")[0]  # kept open
    assert text(untitled.text, f"my-reply-body-{pending}") == "请问"  # the text is kept
    sent = await buyer1.post(
        url, data={"csrf_token": csrf_of(page), "title": "关于撤回", "body": "请问"}
    )
    assert sent.status_code == 200
    assert has(sent.text, f"my-thread-{pending}")
    assert attrs(sent.text, f"my-contact-{pending}")[0]["href"] == f"#my-thread-{pending}"
    assert text(await panel(seller, pending), "memo-badge-n") == "N"
