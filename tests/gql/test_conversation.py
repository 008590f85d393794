"""The conversation through the API: `Order.thread`, `memoReply`, `memosMarkAnswered`,
`myMemoThreads`, the memo box's paging and bodies, and `memos` on INQUIRY_RECORDS."""

from __future__ import annotations

from gql import ids
from models import demo as d
from models.clock import Clock
from models.entities import Memo
from models.enums import ActorKind, MemoStatus
from tests.gql.helpers import Api
from tests.memo_data import many_buyer_memos

ORDER = d.ORDER_RETURN
THREAD = """query($no: String!) { order(orderNo: $no) { hasUnansweredMemo
  thread { id sender title body status sentByViewer awaitingViewer attachmentUrl } } }"""
REPLY = """mutation($input: MemoReplyInput!) { memoReply(input: $input) {
  memo { id sender title body status } userErrors { field code message } } }"""
MARK = """mutation($ids: [ID!]!) { memosMarkAnswered(input: {memoIds: $ids}) {
  markedCount userErrors { field code message } } }"""
THREADS = """{ myMemoThreads { awaitingViewer order { orderNo shopName }
  memos { sender body status } } }"""
BOX = """query($f: MemoFilter, $first: Int, $after: String, $before: String) {
  memoBox(filter: $f, first: $first, after: $after, before: $before) {
    totalCount hasNextPage hasPreviousPage startCursor endCursor limited
    rows { id title body unanswered } } }"""
MEMOS = """query($f: MemoFilter) { memos(filter: $f) { totalCount } }"""


async def reply(api: Api, as_: str, order_no: str = ORDER, **fields: str) -> dict:
    data = await api.data(REPLY, {"input": {"orderNo": order_no, **fields}}, as_=as_)
    return data["memoReply"]


async def test_thread_newest_last_for_the_seller_and_the_buyer(api: Api, clock: Clock) -> None:
    seller = (await api.data(THREAD, {"no": ORDER}, as_="shop1"))["order"]
    assert [(m["sender"], m["status"]) for m in seller["thread"]] == [("BUYER", "UNANSWERED")]
    assert seller["thread"][0]["awaitingViewer"] and not seller["thread"][0]["sentByViewer"]
    clock.advance(days=1)
    sent = await reply(api, "shop1", body="已经发货了。")
    assert sent["userErrors"] == []
    assert sent["memo"]["title"] == f"未受取の通知注文番号 {ORDER}"  # the thread's title
    clock.advance(days=1)
    buyer = (await api.data(THREAD, {"no": ORDER}, as_="buyer1"))["order"]
    assert [(m["sender"], m["status"], m["body"]) for m in buyer["thread"]] == [
        ("BUYER", "ANSWERED", "商品がまだ届いていません。確認をお願いします。"),
        ("SELLER", "UNANSWERED", "已经发货了。"),
    ]
    assert [m["sentByViewer"] for m in buyer["thread"]] == [True, False]
    assert [m["awaitingViewer"] for m in buyer["thread"]] == [False, True]
    # the buyer answers: the seller's memo is answered, the seller's N is back
    answered = await reply(api, "buyer1", body="收到了", title="谢谢")
    assert answered["userErrors"] == [] and answered["memo"]["sender"] == "BUYER"
    seller = (await api.data(THREAD, {"no": ORDER}, as_="shop1"))["order"]
    assert [(m["sender"], m["status"]) for m in seller["thread"]] == [
        ("BUYER", "ANSWERED"),
        ("SELLER", "ANSWERED"),
        ("BUYER", "UNANSWERED"),
    ]
    assert seller["thread"][-1]["body"] == "收到了" and seller["hasUnansweredMemo"] is True
    assert seller["thread"][-1]["attachmentUrl"] is None
    # another buyer cannot see the order (or its thread) at all
    other = await api.data(THREAD, {"no": ORDER}, as_="buyer2")
    assert other["order"] is None


async def test_memo_reply_refusals_and_idempotency(api: Api) -> None:
    empty = await reply(api, "buyer1", body=" ")
    assert empty["memo"] is None
    assert [(e["field"], e["code"]) for e in empty["userErrors"]] == [(["body"], "INVALID_INPUT")]
    foreign = await reply(api, "buyer1", order_no=d.ORDER_BUYER2_RETURN, body="hi")
    missing = await reply(api, "buyer1", order_no="999999999", body="hi")
    assert foreign["userErrors"] == missing["userErrors"]
    assert foreign["userErrors"][0]["code"] == "NOT_FOUND"
    first = await reply(api, "buyer1", body="一次", idempotencyKey="k-1")
    again = await reply(api, "buyer1", body="一次", idempotencyKey="k-1")
    assert first["memo"]["id"] == again["memo"]["id"]
    assert await Memo.filter(body="一次").count() == 1
    reused = await reply(
        api,
        "buyer1",
        order_no=d.ORDER_PENDING_WITHDRAWAL,
        body="x",
        title="x",
        idempotencyKey="k-1",
    )
    assert [e["code"] for e in reused["userErrors"]] == ["IDEMPOTENCY_KEY_REUSED"]
    # the same key is another sender's own key
    seller = await reply(api, "shop1", body="卖家", idempotencyKey="k-1")
    assert seller["userErrors"] == [] and seller["memo"]["sender"] == "SELLER"


async def test_my_memo_threads_is_myqoo10s_list(api: Api) -> None:
    await reply(api, "shop1", body="请确认")
    threads = (await api.data(THREADS, as_="buyer1"))["myMemoThreads"]
    assert threads[0]["order"] == {"orderNo": ORDER, "shopName": "SELLER SHOP TI"}
    assert threads[0]["awaitingViewer"] is True
    assert [m["sender"] for m in threads[0]["memos"]] == ["BUYER", "SELLER"]
    refused = await api.post(THREADS, as_="shop1")
    assert refused["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_mark_answered_only_touches_memos_to_the_viewer(api: Api) -> None:
    buyer_memo = await Memo.get(order__order_no=ORDER, sender_kind=ActorKind.BUYER)
    gid = ids.encode("Memo", buyer_memo.id)
    by_buyer = (await api.data(MARK, {"ids": [gid]}, as_="buyer1"))["memosMarkAnswered"]
    assert by_buyer == {"markedCount": 0, "userErrors": []}  # their own memo
    by_seller = (await api.data(MARK, {"ids": [gid]}, as_="shop1"))["memosMarkAnswered"]
    assert by_seller == {"markedCount": 1, "userErrors": []}
    await buyer_memo.refresh_from_db()
    assert buyer_memo.status == MemoStatus.ANSWERED
    none = (await api.data(MARK, {"ids": []}, as_="shop1"))["memosMarkAnswered"]
    assert [(e["field"], e["code"]) for e in none["userErrors"]] == [(["memoIds"], "INVALID_INPUT")]


async def test_memo_box_pages_both_ways_with_bodies(api: Api, clock: Clock) -> None:
    await many_buyer_memos(7, clock)
    flt = {"orderNo": d.ORDER_NO_CLAIM}
    first = (await api.data(BOX, {"f": flt, "first": 3}, as_="shop1"))["memoBox"]
    assert [r["title"] for r in first["rows"]] == ["m006", "m005", "m004"]
    assert [r["body"] for r in first["rows"]] == ["body 6", "body 5", "body 4"]
    assert (first["totalCount"], first["hasNextPage"], first["hasPreviousPage"]) == (7, True, False)
    assert first["limited"] is True
    second = (
        await api.data(BOX, {"f": flt, "first": 3, "after": first["endCursor"]}, as_="shop1")
    )["memoBox"]
    assert [r["title"] for r in second["rows"]] == ["m003", "m002", "m001"]
    assert second["hasPreviousPage"] and second["hasNextPage"]
    back = (
        await api.data(BOX, {"f": flt, "first": 3, "before": second["startCursor"]}, as_="shop1")
    )["memoBox"]
    assert [r["title"] for r in back["rows"]] == ["m006", "m005", "m004"]
    assert back["hasPreviousPage"] is False
    # one row a page: the cursor's own row counts as the page before / after
    one = (await api.data(BOX, {"f": flt, "first": 1}, as_="shop1"))["memoBox"]
    nxt = (await api.data(BOX, {"f": flt, "first": 1, "after": one["endCursor"]}, as_="shop1"))[
        "memoBox"
    ]
    assert [r["title"] for r in nxt["rows"]] == ["m005"] and nxt["hasPreviousPage"] is True
    last = (await api.data(BOX, {"f": flt, "first": 6, "after": one["endCursor"]}, as_="shop1"))[
        "memoBox"
    ]
    assert last["hasNextPage"] is False
    prev = (await api.data(BOX, {"f": flt, "first": 1, "before": last["endCursor"]}, as_="shop1"))[
        "memoBox"
    ]
    assert [r["title"] for r in prev["rows"]] == ["m001"] and prev["hasNextPage"] is True
    both = await api.post(
        BOX, {"after": first["endCursor"], "before": first["startCursor"]}, as_="shop1"
    )
    assert both["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": "before"}
    too_big = await api.post(BOX, {"first": 500}, as_="shop1")
    assert too_big["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": "first"}
    foreign = await api.post(BOX, {"after": "nope"}, as_="shop1")
    assert foreign["errors"][0]["extensions"] == {"code": "INVALID_INPUT", "field": "after"}


async def test_memos_refuses_the_inquiry_channel_and_points_at_memo_box(api: Api) -> None:
    refused = await api.post(MEMOS, {"f": {"channel": "INQUIRY_RECORDS"}}, as_="shop1")
    error = refused["errors"][0]
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "channel"}
    assert "memoBox" in error["message"]
    ja = await api.post(
        MEMOS, {"f": {"channel": "INQUIRY_RECORDS"}}, as_="shop1", headers={"Accept-Language": "ja"}
    )
    assert ja["errors"][0]["message"] == (
        "Qoo10問い合わせ履歴はメモではありません。memoBox で照会してください。"
    )
    fine = await api.data(MEMOS, {"f": {"channel": "BUYER_SELLER"}}, as_="shop1")
    assert fine["memos"]["totalCount"] >= 1
