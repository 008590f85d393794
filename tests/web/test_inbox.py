"""The portal's notice inbox (issue 12, item 2): the unread count in the header of every
page, the seller's Qpost and the buyer's notices, mark one / mark all read (CSRF-checked),
someone else's notice refused like a missing one."""

from __future__ import annotations

import httpx

from models import demo as demo_data
from models.entities import Buyer, Claim, Notification, Seller
from models.enums import NotificationKind
from models.ops import withdrawals
from tests.web.helpers import attrs, csrf_of, has, text, texts

ORDER = demo_data.ORDER_RETURN


async def _unread(**scope: int) -> int:
    return await Notification.filter(**scope, read_at__isnull=True).count()


async def _shop1() -> Seller:
    return await Seller.get(login_id="shop1")


async def _buyer1() -> Buyer:
    return await Buyer.get(login_id="buyer1")


async def _request_return() -> None:
    claim = await Claim.get(order__order_no=ORDER)
    await withdrawals.request_withdrawal(
        claim.seller_id, claim.id, "商品已经发出，请撤回退货申请。"
    )


def _header_count(html: str) -> str | None:
    return text(html, "inbox-unread") if has(html, "inbox-unread") else None


async def test_the_seller_sees_the_unread_count_on_every_page_and_the_request_in_qpost(
    seller: httpx.AsyncClient,
) -> None:
    shop1 = await _shop1()
    before = await _unread(seller_id=shop1.id)
    await _request_return()
    expected = str(before + 1)
    for path in ("/portal", "/portal/claims", "/portal/memos", f"/portal/orders/{ORDER}"):
        page = await seller.get(path)
        assert page.status_code == 200, path
        assert _header_count(page.text) == expected, path
        assert attrs(page.text, "menu-inbox")[0]["href"] == "/portal/inbox"
    page = await seller.get("/portal/inbox")
    assert page.status_code == 200
    assert text(page.text, "inbox-unread-total") == f"{expected} 条未读"
    first = texts(page.text, "inbox-item-text")[0]
    assert first == f"已向客户发送订单 {ORDER} 的撤回要请。客户回应期限：2021/08/09。"
    assert texts(page.text, "inbox-item-state")[0] == "未读"
    assert attrs(page.text, "inbox-item-order")[0]["href"] == f"/portal/orders/{ORDER}"


async def test_mark_one_then_all_read_from_the_page(seller: httpx.AsyncClient) -> None:
    shop1 = await _shop1()
    await _request_return()
    page = await seller.get("/portal/inbox")
    unread = await _unread(seller_id=shop1.id)
    newest = attrs(page.text, "inbox-item")[0]["data-notice-id"]
    marked = await seller.post(
        "/portal/inbox/read", data={"csrf_token": csrf_of(page.text), "id": newest}
    )
    assert marked.status_code == 303 and marked.headers["location"] == "/portal/inbox?marked=1"
    page = await seller.get(marked.headers["location"])
    assert text(page.text, "inbox-marked") == "已标为已读。"
    assert await _unread(seller_id=shop1.id) == unread - 1
    assert _header_count(page.text) == (str(unread - 1) if unread > 1 else None)
    assert texts(page.text, "inbox-item-state")[0] == "已读"
    assert (await Notification.get(id=int(newest))).read_at is not None

    # mark all from the "unread only" view: back to it, empty, and no badge anywhere
    unread_view = await seller.get("/portal/inbox?show=unread")
    done = await seller.post(
        "/portal/inbox/read",
        data={"csrf_token": csrf_of(unread_view.text), "all": "1", "show": "unread"},
    )
    assert done.headers["location"] == "/portal/inbox?marked=1&show=unread"
    page = await seller.get(done.headers["location"])
    assert has(page.text, "inbox-empty") and not has(page.text, "inbox-unread")
    assert await _unread(seller_id=shop1.id) == 0
    assert not has((await seller.get("/portal/claims")).text, "inbox-unread")


async def test_the_buyer_sees_the_request_in_their_notices_in_their_language(
    buyer1: httpx.AsyncClient,
) -> None:
    await _request_return()
    b1 = await _buyer1()
    page = await buyer1.get("/myqoo10")
    assert _header_count(page.text) == str(await _unread(buyer_id=b1.id))
    assert attrs(page.text, "menu-inbox")[0]["href"] == "/myqoo10/inbox"
    inbox = await buyer1.get("/myqoo10/inbox")
    assert inbox.status_code == 200
    row = await Notification.filter(buyer_id=b1.id).order_by("-id").first()
    assert row.kind == NotificationKind.WITHDRAWAL_REQUESTED
    assert texts(inbox.text, "inbox-item-text")[0].startswith(
        f"卖家请求撤回订单 {ORDER} 的投诉。请在 2021/08/09 之前回应。"
    )
    await buyer1.post("/lang", data={"csrf_token": csrf_of(inbox.text), "lang": "ja"})
    inbox = await buyer1.get("/myqoo10/inbox")
    assert texts(inbox.text, "inbox-item-text")[0].startswith(
        f"販売者が注文 {ORDER} のクレームの撤回を要請しました。"
    )
    assert text(inbox.text, "inbox-unread-total") == f"未読 {await _unread(buyer_id=b1.id)} 件"
    await buyer1.post("/lang", data={"csrf_token": csrf_of(inbox.text), "lang": "en"})
    inbox = await buyer1.get("/myqoo10/inbox")
    assert texts(inbox.text, "inbox-item-text")[0].startswith(
        f"The seller asks you to withdraw the claim on order {ORDER}. Please answer by 2021/08/09."
    )


async def test_someone_elses_notice_is_a_missing_one_and_nothing_is_marked(
    seller: httpx.AsyncClient, buyer1: httpx.AsyncClient
) -> None:
    await _request_return()
    b1 = await _buyer1()
    theirs = await Notification.filter(buyer_id=b1.id).first()
    page = await seller.get("/portal/inbox")
    token = csrf_of(page.text)
    before = await Notification.all().order_by("id").values_list("id", "read_at")
    answers = [
        await seller.post("/portal/inbox/read", data={"csrf_token": token, "id": str(theirs.id)}),
        await seller.post("/portal/inbox/read", data={"csrf_token": token, "id": "2147483000"}),
        await seller.post("/portal/inbox/read", data={"csrf_token": token, "id": "abc"}),
    ]
    assert [a.status_code for a in answers] == [404, 404, 404]
    assert len({text(a.text, "error-message") for a in answers}) == 1
    # a buyer and a seller cannot open each other's inbox
    assert (await buyer1.get("/portal/inbox")).status_code == 404
    assert (await seller.get("/myqoo10/inbox")).status_code == 404
    assert await Notification.all().order_by("id").values_list("id", "read_at") == before


async def test_a_form_without_its_token_or_with_nothing_to_mark_is_refused(
    seller: httpx.AsyncClient,
) -> None:
    shop1 = await _shop1()
    unread = await _unread(seller_id=shop1.id)
    refused = await seller.post("/portal/inbox/read", data={"all": "1"})
    assert refused.status_code == 403
    page = await seller.get("/portal/inbox")
    empty = await seller.post("/portal/inbox/read", data={"csrf_token": csrf_of(page.text)})
    assert empty.status_code == 400
    assert (
        text(empty.text, "inbox-error")
        == "请指定要标记为已读的通知，或选择全部标记为已读（二者选一）。"
    )
    assert await _unread(seller_id=shop1.id) == unread


async def test_every_notice_is_reachable_by_the_pager_older_then_newer(
    seller: httpx.AsyncClient,
) -> None:
    """The inbox pages (newest first, `policy.INBOX_MAX_NOTICES` a page): a seller with more
    notices than a page reaches the oldest through [较早的通知] and comes back."""
    from datetime import timedelta

    from models import policy
    from models.clock import get_clock

    shop1 = await _shop1()
    existing = await Notification.filter(seller_id=shop1.id).count()
    now = get_clock().now()
    await Notification.bulk_create(
        Notification(
            seller_id=shop1.id,
            kind=NotificationKind.WITHDRAWAL_REQUESTED,
            text=f"old notice {n}",
            created_at=now - timedelta(days=30, minutes=n),
        )
        for n in range(policy.INBOX_MAX_NOTICES + 5)
    )
    total = existing + policy.INBOX_MAX_NOTICES + 5
    first = await seller.get("/portal/inbox")
    assert len(texts(first.text, "inbox-item")) == policy.INBOX_MAX_NOTICES
    assert not has(first.text, "inbox-newer")
    older = await seller.get(str(attrs(first.text, "inbox-older")[0]["href"]))
    assert older.status_code == 200
    rest = [a["data-notice-id"] for a in attrs(older.text, "inbox-item")]
    seen = [a["data-notice-id"] for a in attrs(first.text, "inbox-item")]
    assert len(rest) == total - policy.INBOX_MAX_NOTICES and not set(rest) & set(seen)
    assert texts(older.text, "inbox-item-text")[-1] == f"old notice {policy.INBOX_MAX_NOTICES + 4}"
    assert not has(older.text, "inbox-older")
    back = await seller.get(str(attrs(older.text, "inbox-newer")[0]["href"]))
    assert [a["data-notice-id"] for a in attrs(back.text, "inbox-item")] == seen


async def test_a_cursor_that_is_not_ours_gets_the_first_page_and_a_sentence(
    seller: httpx.AsyncClient,
) -> None:
    page = await seller.get("/portal/inbox", params={"after": "not-a-cursor"})
    assert page.status_code == 400
    assert text(page.text, "inbox-error")
    assert has(page.text, "inbox-list") or has(page.text, "inbox-empty")
