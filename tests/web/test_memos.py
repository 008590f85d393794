"""客户管理: memos with attachments, the red N badge, the memo box and its filters."""

from __future__ import annotations

import re

from models.entities import Memo, SavedReply
from models.enums import ActorKind, MemoStatus
from tests.web.helpers import HTMX, attrs, csrf_of, has, login, make_client, text, texts

ORDER = "638452888"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


async def send(client, title: str, body: str, files=None, **extra: str):
    html = (await client.get(f"/portal/orders/{ORDER}", headers=HTMX)).text
    data = {"csrf_token": csrf_of(html), "title": title, "body": body, **extra}
    return await client.post(f"/portal/orders/{ORDER}/memos", data=data, files=files, headers=HTMX)


async def test_memo_form_has_the_privacy_warning_and_fields(seller):
    html = (await seller.get(f"/portal/orders/{ORDER}", headers=HTMX)).text
    assert text(html, "privacy-warning") == (
        "客户个人资料 (客户名, 位址, 结算资讯, ID/密码, 电子邮件, 手机号码等) 请不要误用。"
    )
    for testid in ("memo-title", "memo-body", "memo-file", "memo-saved-reply", "memo-submit"):
        assert has(html, testid)
    assert attrs(html, "memo-form")[0]["enctype"] == "multipart/form-data"


async def test_sending_a_memo_answers_the_buyer_and_clears_the_n(seller, tmp_path, monkeypatch):
    monkeypatch.setenv("QSM_UPLOAD_DIR", str(tmp_path))
    before = (await seller.get(f"/portal/orders/{ORDER}", headers=HTMX)).text
    assert text(before, "memo-badge-n") == "N"
    response = await send(
        seller,
        "发货确认",
        "已经发货了。",
        files={"attachment": ("proof.png", PNG, "image/png")},
        save_reply="1",
    )
    assert response.status_code == 200, response.text
    assert text(response.text, "memo-success") == "纸条已发送。"
    assert not has(response.text, "memo-badge-n")
    memo = await Memo.get(sender_kind=ActorKind.SELLER, order__order_no=ORDER)
    assert (memo.title, memo.body, memo.attachment_name) == (
        "发货确认",
        "已经发货了。",
        "proof.png",
    )
    assert await Memo.filter(sender_kind=ActorKind.BUYER, status=MemoStatus.UNANSWERED).count() == 0
    reply = await SavedReply.get(title="发货确认")
    assert reply.body == "已经发货了。"
    again = (await seller.get(f"/portal/orders/{ORDER}", headers=HTMX)).text
    assert "发货确认" in text(again, "memo-saved-reply")


async def test_memo_without_title_or_with_a_bad_file_is_refused(seller, tmp_path, monkeypatch):
    monkeypatch.setenv("QSM_UPLOAD_DIR", str(tmp_path))
    empty = await send(seller, "  ", "body")
    assert empty.status_code == 400 and "标题" in text(empty.text, "memo-error")
    bad = await send(
        seller, "t", "b", files={"attachment": ("x.exe", b"MZ\x90\x00", "application/x-msdownload")}
    )
    assert bad.status_code == 400 and "PNG" in text(bad.text, "memo-error")
    assert await Memo.filter(sender_kind=ActorKind.SELLER).count() == 0
    assert list(tmp_path.iterdir()) == []


async def test_memo_without_csrf_is_refused(seller):
    response = await seller.post(f"/portal/orders/{ORDER}/memos", data={"title": "t", "body": "b"})
    assert response.status_code == 403
    assert await Memo.filter(sender_kind=ActorKind.SELLER).count() == 0


async def test_memo_title_markup_is_escaped_everywhere(seller, tmp_path, monkeypatch):
    title = '<img src=x onerror="alert(1)">'
    assert (await send(seller, title, "<script>alert(2)</script>")).status_code == 200
    box = await seller.get("/portal/memos")
    assert "<img src=x" not in box.text and "&lt;img src=x" in box.text
    assert title in texts(box.text, "memo-row-title")[0]


async def test_n_badge_leads_to_the_memo_box_with_the_buyer_memo(seller):
    html = (await seller.get(f"/portal/orders/{ORDER}", headers=HTMX)).text
    link = attrs(html, "memo-box-link")[0]["href"]
    assert link == f"/portal/memos?order_no={ORDER}"
    box = await seller.get(link)
    assert box.status_code == 200
    assert text(box.text, "memo-box").startswith("留言/其他")
    row = text(box.text, f"memo-row-{ORDER}")
    for cell in (
        "2021-07-20 09:40:03",
        "普通",
        "未答复",
        "s*****",
        "Customer",
        "QSM",
        "取消/换钱",
        "SELLER SHOP TI",
        "未受取の通知注文番号",
    ):
        assert cell in row
    channels = text(box.text, "memo-box-channels")
    assert channels == "与客户之间的纸条 客户中心/Qoo10纸条 Qoo10咨询记录"
    columns = re.findall(r'<th scope="col">([^<]*)</th>', box.text)
    assert columns == [
        "-",
        "发送日",
        "类型",
        "状态",
        "发送人",
        "发送",
        "收取",
        "分类",
        "收取人",
        "标题",
    ]


async def test_memo_box_filters(seller):
    async def rows(query: str) -> int:
        page = await seller.get(f"/portal/memos?{query}")
        assert page.status_code == 200, page.text
        return len(re.findall(r'data-testid="memo-row-\d+"', page.text))

    assert await rows("") == 1
    assert await rows("status=UNANSWERED") == 1
    assert await rows("status=ANSWERED") == 0
    assert await rows("type=NORMAL") == 1
    assert await rows("date_from=2021-07-04&date_to=2021-07-11") == 0
    assert await rows("date_from=2021/07/20&date_to=2021/07/20") == 1
    assert await rows("item_no=897969031") == 1
    assert await rows("item_no=000") == 0
    assert await rows("channel=CUSTOMER_CENTER") == 0
    bad = await seller.get("/portal/memos?date_from=nope")
    assert bad.status_code == 400 and has(bad.text, "memo-box-error")


async def test_attachments_only_for_the_orders_seller_and_buyer(seller, tmp_path, monkeypatch):
    monkeypatch.setenv("QSM_UPLOAD_DIR", str(tmp_path))
    await send(seller, "photo", "see file", files={"attachment": ("photo.png", PNG, "image/png")})
    memo = await Memo.get(title="photo")
    box = await seller.get("/portal/memos")
    assert has(box.text, f"memo-attachment-{memo.id}")
    own = await seller.get(f"/attachments/{memo.id}")
    assert own.status_code == 200 and own.content == PNG
    assert "attachment" in own.headers["content-disposition"]
    async with make_client() as buyer1:
        await login(buyer1, "buyer1", "buyer1-pass")
        assert (await buyer1.get(f"/attachments/{memo.id}")).content == PNG
    for login_id in ("shop2", "buyer2"):
        async with make_client() as other:
            await login(other, login_id, f"{login_id}-pass")
            assert (await other.get(f"/attachments/{memo.id}")).status_code == 404
    async with make_client() as anonymous:
        assert (await anonymous.get(f"/attachments/{memo.id}")).status_code == 303
