"""Notices are stored as a kind plus parameters and read in the reader's language; the
inbox (models/screens/inbox.py) lists them newest first with the unread count (issue 11,
points 1 and 4)."""

from __future__ import annotations

from gql import ids
from models.clock import Clock
from models.demo import ORDER_PENDING_WITHDRAWAL as ORDER_PENDING
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


# --- issue 12: who is told what, and marking read ------------------------------------

KINDS = "{ notifications { id kind orderNo read } unreadNotificationCount }"
MARK = """
mutation($input: NotificationsMarkReadInput!) {
  notificationsMarkRead(input: $input) { unreadNotificationCount userErrors { field code message } }
}"""


async def _kinds(api: Api, who: str) -> list[str]:
    data = await api.data(KINDS, as_=who)
    return [n["kind"] for n in data["notifications"] if n["orderNo"] == ORDER_RETURN]


async def test_the_seller_gets_a_qpost_notice_of_their_own_request(api: Api, clock: Clock) -> None:
    """The manual: "提出撤销申请后系统会发通知消息至卖家Qpost" (before, only the buyer was told)."""
    await _request(api)
    assert await _kinds(api, "shop1") == ["WITHDRAWAL_REQUEST_SENT"]
    assert await _kinds(api, "buyer1") == ["WITHDRAWAL_REQUESTED"]
    data = await api.data(NOTICES, as_="shop1", headers={"Accept-Language": "en"})
    sent = next(n for n in data["notifications"] if n["orderNo"] == ORDER_RETURN)
    assert sent["text"] == (
        f"Your withdrawal request on order {ORDER_RETURN} was sent to the buyer, "
        "who has until 2021/08/09 to answer."
    )


async def test_both_parties_hear_of_every_answer_cancel_rerequest_void_and_expiry(
    api: Api, clock: Clock
) -> None:
    claim_id = await claim_id_of(api, ORDER_RETURN)
    await _request(api)
    reject = {"claimId": claim_id, "accept": False, "reasonCode": "OTHER", "reasonText": "no"}
    body = await api.data(ops.RESPOND, {"input": reject}, as_="buyer1")
    assert body["claimWithdrawalRespond"]["userErrors"] == []
    rerequest = {"claimId": claim_id, "sellerMessage": "again"}
    body = await api.data(ops.REREQUEST, {"input": rerequest}, as_="shop1")
    assert body["claimWithdrawalRerequest"]["userErrors"] == []
    body = await api.data(ops.CANCEL, {"input": {"claimId": claim_id}}, as_="shop1")
    assert body["claimWithdrawalCancel"]["userErrors"] == []
    seller_kinds = await _kinds(api, "shop1")
    buyer_kinds = await _kinds(api, "buyer1")
    # newest first
    assert seller_kinds == [
        "WITHDRAWAL_CANCEL_CONFIRMED",
        "WITHDRAWAL_REQUEST_SENT",
        "WITHDRAWAL_REJECTED",
        "WITHDRAWAL_REQUEST_SENT",
    ]
    assert buyer_kinds == [
        "WITHDRAWAL_CANCELLED",
        "WITHDRAWAL_REQUESTED",
        "WITHDRAWAL_REJECT_CONFIRMED",
        "WITHDRAWAL_REQUESTED",
    ]
    data = await api.data(NOTICES, as_="shop1", headers={"Accept-Language": "en"})
    cancel = next(n for n in data["notifications"] if n["kind"] == "WITHDRAWAL_CANCEL_CONFIRMED")
    assert cancel["text"].endswith("you can request again from 2021/08/08.")


async def test_accept_void_and_expiry_reach_both_parties(api: Api, clock: Clock) -> None:
    from models.entities import Claim
    from models.enums import ActorKind, ClaimStatus
    from models.ops.claims import change_claim_status
    from models.ops.runner import Actor

    await _request(api)
    claim_id = await claim_id_of(api, ORDER_RETURN)
    accept = {"claimId": claim_id, "accept": True}
    body = await api.data(ops.RESPOND, {"input": accept}, as_="buyer1")
    assert body["claimWithdrawalRespond"]["userErrors"] == []
    assert (await _kinds(api, "shop1"))[0] == "WITHDRAWAL_ACCEPTED"
    assert (await _kinds(api, "buyer1"))[0] == "WITHDRAWAL_ACCEPT_CONFIRMED"

    # void: another order's pending request, then the claim leaves the withdrawable statuses
    pending = await Claim.get(order__order_no=ORDER_PENDING)
    await change_claim_status(pending.id, ClaimStatus.RETURN_COMPLETED, Actor(ActorKind.OPERATOR))
    voided = await Notification.filter(
        claim_id=pending.id, kind=NotificationKind.WITHDRAWAL_VOIDED
    ).values_list("seller_id", "buyer_id")
    assert sorted(voided, key=str) == sorted(
        [(pending.seller_id, None), (None, pending.buyer_id)], key=str
    )


async def _mark(api: Api, who: str, **input: object) -> dict:
    body = await api.data(MARK, {"input": input}, as_=who)
    return body["notificationsMarkRead"]


async def test_mark_one_then_all_read_returns_the_new_unread_count(api: Api, clock: Clock) -> None:
    await _request(api)
    before = await api.data(KINDS, as_="buyer1")
    unread = [n for n in before["notifications"] if not n["read"]]
    assert before["unreadNotificationCount"] == len(unread) >= 2
    first = unread[0]["id"]
    result = await _mark(api, "buyer1", ids=[first])
    assert result == {"unreadNotificationCount": len(unread) - 1, "userErrors": []}
    after = await api.data(KINDS, as_="buyer1")
    assert next(n for n in after["notifications"] if n["id"] == first)["read"] is True
    assert after["unreadNotificationCount"] == len(unread) - 1
    # marking it again changes nothing and is no error
    assert (await _mark(api, "buyer1", ids=[first]))["unreadNotificationCount"] == len(unread) - 1
    assert await _mark(api, "buyer1", all=True) == {"unreadNotificationCount": 0, "userErrors": []}
    assert (await api.data(KINDS, as_="buyer1"))["unreadNotificationCount"] == 0
    # the seller's inbox is untouched by the buyer's marking
    assert (await api.data(KINDS, as_="shop1"))["unreadNotificationCount"] >= 1


async def test_someone_elses_notice_is_refused_exactly_like_a_missing_one(
    api: Api, clock: Clock
) -> None:
    await _request(api)
    sellers = (await api.data(KINDS, as_="shop1"))["notifications"]
    buyers = (await api.data(KINDS, as_="buyer1"))["notifications"]
    foreign = sellers[0]["id"]  # shop1's notice, named by buyer1
    missing = ids.encode("Notification", 2**31 - 1)
    refusals = [
        await _mark(api, "buyer1", ids=[foreign]),
        await _mark(api, "buyer1", ids=[missing]),
        await _mark(api, "buyer1", ids=[buyers[0]["id"], foreign]),  # all or nothing
    ]
    for refusal in refusals:
        assert refusal["unreadNotificationCount"] is None
        assert [(e["field"], e["code"]) for e in refusal["userErrors"]] == [(["ids"], "NOT_FOUND")]
    assert len({r["userErrors"][0]["message"] for r in refusals}) == 1
    assert (await api.data(KINDS, as_="buyer1"))["notifications"] == buyers, "nothing marked"
    assert (await api.data(KINDS, as_="shop1"))["notifications"] == sellers


async def test_bad_mark_read_input_gets_a_specific_localized_error(api: Api, clock: Clock) -> None:
    await _request(api)
    own = (await api.data(KINDS, as_="buyer1"))["notifications"][0]["id"]
    cases = {
        "neither": {},
        "both": {"ids": [own], "all": True},
        "empty list": {"ids": []},
        "garbage id": {"ids": ["not-an-id"]},
        "too many": {"ids": [ids.encode("Notification", i) for i in range(1, 102)]},
    }
    for name, input in cases.items():
        body = await api.data(
            MARK, {"input": input}, as_="buyer1", headers={"Accept-Language": "en"}
        )
        errors = body["notificationsMarkRead"]["userErrors"]
        assert [(e["field"], e["code"]) for e in errors] == [(["ids"], "INVALID_INPUT")], name
        assert errors[0]["message"] and "ids" not in errors[0]["message"].split()[0], name
    body = await api.data(MARK, {"input": {"all": True}}, headers={"Accept-Language": "ja"})
    errors = body["notificationsMarkRead"]["userErrors"]
    assert [e["code"] for e in errors] == ["UNAUTHENTICATED"]


async def test_the_api_read_sends_the_reminders_once_in_the_readers_language(
    api: Api, clock: Clock
) -> None:
    """Sweep-on-read: the first read on 2021-08-07 (two days before 2021/08/09) sends both
    reminders; later reads, by either party, find them and send nothing more."""
    await _request(api)
    clock.advance(3)  # 2021-08-06: not yet
    api.tokens.clear()
    assert "WITHDRAWAL_ANSWER_DUE" not in await _kinds(api, "buyer1")
    clock.advance(1)
    api.tokens.clear()
    for _ in range(2):
        data = await api.data(NOTICES, as_="buyer1", headers={"Accept-Language": "en"})
        due = [n for n in data["notifications"] if n["kind"] == "WITHDRAWAL_ANSWER_DUE"]
        assert [n["orderNo"] for n in due].count(ORDER_RETURN) == 1
        mine = next(n for n in due if n["orderNo"] == ORDER_RETURN)
        assert mine["text"].startswith(
            f"Please answer the withdrawal request on order {ORDER_RETURN} by 2021/08/09"
        )
        data = await api.data(NOTICES, as_="shop1", headers={"Accept-Language": "ja"})
        awaited = [
            n
            for n in data["notifications"]
            if n["kind"] == "WITHDRAWAL_ANSWER_AWAITED" and n["orderNo"] == ORDER_RETURN
        ]
        assert len(awaited) == 1
        assert awaited[0]["text"] == (
            f"顧客は注文 {ORDER_RETURN} の撤回要請にまだ回答していません。回答期限は 2021/08/09 です。"
        )
