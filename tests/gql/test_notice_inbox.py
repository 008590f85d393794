"""Notices are stored as a kind plus parameters and read in the reader's language; the
inbox (models/screens/inbox.py) lists them newest first with the unread count (issue 11,
points 1 and 4)."""

from __future__ import annotations

from models.clock import Clock
from models.demo import ORDER_RETURN
from models.entities import Notification
from models.enums import NotificationKind
from models.screens import inbox
from tests.gql import ops
from tests.gql.helpers import Api, claim_id_of

NOTICES = "{ notifications { kind orderNo text zh: text(lang: ZH) } unreadNotificationCount }"


async def _request(api: Api) -> None:
    claim_id = await claim_id_of(api, ORDER_RETURN)
    body = await api.data(
        ops.REQUEST, {"input": {"claimId": claim_id, "sellerMessage": "please"}}, as_="shop1"
    )
    assert body["claimWithdrawalRequest"]["userErrors"] == []


async def test_a_notice_is_stored_as_code_and_parameters_and_read_in_each_language(
    api: Api, clock: Clock
) -> None:
    await _request(api)
    row = await Notification.filter(kind=NotificationKind.WITHDRAWAL_REQUESTED).latest("id")
    assert row.params == {"order_no": ORDER_RETURN, "deadline": "2021/08/09", "message": "please"}
    by_lang = {}
    for header in ("en-US,en;q=0.9", "ja", "zh-CN"):
        data = await api.data(NOTICES, as_="buyer1", headers={"Accept-Language": header})
        notice = next(n for n in data["notifications"] if n["orderNo"] == ORDER_RETURN)
        by_lang[header[:2]] = notice["text"]
        assert notice["zh"] == row.text  # the explicit lang wins over the header
        assert data["unreadNotificationCount"] >= 1
    assert by_lang["en"].startswith(
        f"The seller asks you to withdraw the claim on order {ORDER_RETURN}"
    )
    assert "撤回を要請しました" in by_lang["ja"] and "2021/08/09" in by_lang["ja"]
    assert by_lang["zh"] == row.text


async def test_the_set_based_expiry_stores_parameters_too(api: Api, clock: Clock) -> None:
    await _request(api)
    clock.advance(8)
    api.tokens.clear()  # the sessions of 8 days ago have ended
    # the seller's read sweeps the overdue round: one INSERT … SELECT writes both notices
    data = await api.data(NOTICES, as_="shop1", headers={"Accept-Language": "en"})
    expired = [
        n
        for n in data["notifications"]
        if n["kind"] == "WITHDRAWAL_EXPIRED" and n["orderNo"] == ORDER_RETURN
    ]
    assert len(expired) == 1
    assert "has ended; the claim was withdrawn automatically" in expired[0]["text"]
    row = await Notification.filter(
        kind=NotificationKind.WITHDRAWAL_EXPIRED, order__order_no=ORDER_RETURN
    ).latest("id")
    assert row.params == {"order_no": ORDER_RETURN}
    assert row.text == "订单 " + ORDER_RETURN + " 的撤回要请已过客户回应期限，投诉已自动撤回。"


async def test_the_inbox_is_newest_first_with_the_unread_count(api: Api, clock: Clock) -> None:
    await _request(api)
    buyer_id = (
        await Notification.filter(kind=NotificationKind.WITHDRAWAL_REQUESTED).latest("id")
    ).buyer_id
    screen = await inbox.load(buyer_id=buyer_id)
    keys = [(n.created_at, n.id) for n in screen.notices]
    assert keys == sorted(keys, reverse=True)
    assert (
        screen.unread == await Notification.filter(buyer_id=buyer_id, read_at__isnull=True).count()
    )
    data = await api.data("{ notifications { id } }", as_="buyer1")
    assert len(data["notifications"]) == len(screen.notices)


async def test_a_notice_written_before_0004_shows_its_stored_text(api: Api, clock: Clock) -> None:
    await _request(api)
    row = await Notification.filter(kind=NotificationKind.WITHDRAWAL_REQUESTED).latest("id")
    await Notification.filter(id=row.id).update(params=None, text="旧的通知")
    data = await api.data(NOTICES, as_="buyer1", headers={"Accept-Language": "en"})
    assert "旧的通知" in [n["text"] for n in data["notifications"]]
