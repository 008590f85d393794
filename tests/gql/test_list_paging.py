"""Every root list pages both ways with exact `pageInfo` and a sort (issue 13, item 2):
`memos`, `notificationConnection`, `myWithdrawalRequestConnection` and
`myMemoThreadConnection`. On a data set larger than one page, with ties on the sort key:
paging forwards gives the sort order, paging backwards gives the same ids in reverse, and
a cursor of another sort (or a forged one) is refused with INVALID_INPUT."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest

from models import demo as d
from models.clock import Clock
from models.entities import Buyer, Memo, Notification, Order, Seller
from models.enums import ActorKind, MemoChannel, MemoStatus, NotificationKind
from tests.gql.helpers import Api
from tests.memo_data import many_buyer_memos
from tests.web.triage_data import open_rounds

PAGE = """
query($first: Int, $after: String, $last: Int, $before: String, $sort: %(sort)s) {
  list: %(field)s(first: $first, after: $after, last: $last, before: $before, sort: $sort) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { %(node)s } }
  }
}"""


@dataclass(frozen=True)
class Listing:
    field: str
    sort_type: str
    node: str
    login: str
    #: The sorts to walk, each with the other one a cursor of it is refused by.
    sorts: tuple[dict[str, str], ...]

    def query(self) -> str:
        return PAGE % {"field": self.field, "sort": self.sort_type, "node": self.node}


MEMOS = Listing(
    "memos",
    "MemoSort",
    "id",
    "shop1",
    ({"key": "SENT_AT", "direction": "DESC"}, {"key": "SENT_AT", "direction": "ASC"}),
)
NOTICES = Listing(
    "notificationConnection",
    "NotificationSort",
    "id",
    "shop1",
    ({"key": "CREATED_AT", "direction": "DESC"}, {"key": "CREATED_AT", "direction": "ASC"}),
)
REQUESTS = Listing(
    "myWithdrawalRequestConnection",
    "WithdrawalRequestSort",
    "id",
    "buyer1",
    (
        {"key": "REQUEST_DATE", "direction": "ASC"},
        {"key": "DEADLINE", "direction": "DESC"},
        {"key": "DEADLINE", "direction": "ASC"},
        {"key": "REQUEST_DATE", "direction": "DESC"},
    ),
)
THREADS = Listing(
    "myMemoThreadConnection",
    "MemoThreadSort",
    "order { orderNo }",
    "buyer1",
    (
        {"key": "LAST_ACTIVITY", "direction": "DESC"},
        {"key": "LAST_ACTIVITY", "direction": "ASC"},
    ),
)


def _ids(conn: dict[str, Any]) -> list[str]:
    return [str(e["node"].get("id") or e["node"]["order"]["orderNo"]) for e in conn["edges"]]


async def _page(api: Api, listing: Listing, **variables: Any) -> dict[str, Any]:
    return (await api.data(listing.query(), variables, as_=listing.login))["list"]


async def _forward(api: Api, listing: Listing, sort: dict[str, str], size: int) -> list[str]:
    """Every row from the first page on, following endCursor; checks pageInfo."""
    ids: list[str] = []
    after = None
    while True:
        conn = await _page(api, listing, sort=sort, first=size, after=after)
        info = conn["pageInfo"]
        assert info["hasPreviousPage"] == (after is not None)
        assert info["startCursor"] == (conn["edges"][0]["cursor"] if conn["edges"] else None)
        assert info["endCursor"] == (conn["edges"][-1]["cursor"] if conn["edges"] else None)
        ids += _ids(conn)
        if not info["hasNextPage"]:
            assert len(ids) == conn["totalCount"]
            return ids
        assert len(conn["edges"]) == size
        after = info["endCursor"]


async def _backward(api: Api, listing: Listing, sort: dict[str, str], size: int) -> list[str]:
    """Every row from the last page back, following startCursor, in the order visited
    (each page read from its end): the list reversed."""
    ids: list[str] = []
    before = None
    while True:
        conn = await _page(api, listing, sort=sort, last=size, before=before)
        info = conn["pageInfo"]
        assert info["hasNextPage"] == (before is not None)
        ids += _ids(conn)[::-1]
        if not info["hasPreviousPage"]:
            return ids
        assert len(conn["edges"]) == size
        before = info["startCursor"]


async def _memos_with_ties(clock: Clock) -> None:
    """13 buyer memos to shop1, three of them sent at the same instant (a tie on the key)."""
    await many_buyer_memos(10, clock)
    order = await Order.get(order_no=d.ORDER_NO_CLAIM)
    at = clock.now() + timedelta(minutes=4, seconds=30)
    await Memo.bulk_create(
        [
            Memo(
                order_id=order.id,
                seller_id=order.seller_id,
                buyer_id=order.buyer_id,
                sender_kind=ActorKind.BUYER,
                title=f"tie{n}",
                body="tie",
                status=MemoStatus.UNANSWERED,
                channel=MemoChannel.BUYER_SELLER,
                sent_at=at,
            )
            for n in range(3)
        ]
    )


async def _notices_with_ties(clock: Clock) -> None:
    shop1 = await Seller.get(login_id="shop1")
    start = clock.now()
    await Notification.bulk_create(
        [
            Notification(
                seller_id=shop1.id,
                kind=NotificationKind.MEMO_RECEIVED,
                params={"order_no": d.ORDER_NO_CLAIM},
                text="x",
                created_at=start + timedelta(minutes=n // 3),
            )
            for n in range(14)
        ]
    )


async def _threads_with_ties(clock: Clock) -> None:
    """One buyer memo on each of buyer1's orders, two pairs with the same latest time."""
    buyer1 = await Buyer.get(login_id="buyer1")
    orders = await Order.filter(buyer_id=buyer1.id).order_by("id").limit(9)
    start = clock.now()
    await Memo.bulk_create(
        [
            Memo(
                order_id=o.id,
                seller_id=o.seller_id,
                buyer_id=o.buyer_id,
                sender_kind=ActorKind.BUYER,
                title=f"t{n}",
                body="t",
                status=MemoStatus.UNANSWERED,
                channel=MemoChannel.BUYER_SELLER,
                sent_at=start + timedelta(minutes=n // 2),
            )
            for n, o in enumerate(orders)
        ]
    )


async def _expected(listing: Listing, sort: dict[str, str], api: Api) -> list[str]:
    """The order the database says (one big page), for the first sort of each list."""
    conn = await _page(api, listing, sort=sort, first=100)
    assert not conn["pageInfo"]["hasNextPage"]
    return _ids(conn)


@pytest.mark.parametrize(
    ("listing", "seed", "size"),
    [
        (MEMOS, _memos_with_ties, 3),
        (NOTICES, _notices_with_ties, 4),
        (REQUESTS, open_rounds, 2),
        (THREADS, _threads_with_ties, 2),
    ],
    ids=["memos", "notifications", "requests", "threads"],
)
async def test_paging_backwards_gives_the_forward_ids_in_reverse(
    api: Api, clock: Clock, listing: Listing, seed: Any, size: int
) -> None:
    await seed(clock)
    for sort in listing.sorts:
        everything = await _expected(listing, sort, api)
        assert len(everything) > 2 * size, "more than two pages"
        assert len(set(everything)) == len(everything)
        assert await _forward(api, listing, sort, size) == everything
        assert await _backward(api, listing, sort, size) == everything[::-1]
    # the directions are each other's reverse, ties broken by the id the same way
    one, other = listing.sorts[0], listing.sorts[1]
    if one["key"] == other["key"]:
        assert await _expected(listing, one, api) == (await _expected(listing, other, api))[::-1]


async def test_the_default_orders_are_the_screens(api: Api, clock: Clock) -> None:
    """No sort: memos and notices newest first, requests oldest request first, threads
    latest activity first (what the memo box, the inbox and MyQoo10 show)."""
    await _memos_with_ties(clock)
    await _notices_with_ties(clock)
    await open_rounds(clock)
    await _threads_with_ties(clock)
    for listing in (MEMOS, NOTICES, REQUESTS, THREADS):
        conn = (await api.data(listing.query(), {"first": 100}, as_=listing.login))["list"]
        assert _ids(conn) == await _expected(listing, listing.sorts[0], api)


@pytest.mark.parametrize("listing", [MEMOS, NOTICES, REQUESTS, THREADS], ids=lambda x: x.field)
async def test_a_cursor_of_another_sort_or_a_forged_one_is_refused(
    api: Api, clock: Clock, listing: Listing
) -> None:
    await _memos_with_ties(clock)
    await _notices_with_ties(clock)
    await open_rounds(clock)
    await _threads_with_ties(clock)
    conn = await _page(api, listing, sort=listing.sorts[0], first=1)
    cursor = conn["pageInfo"]["endCursor"]
    for variables, field in (
        ({"sort": listing.sorts[1], "first": 1, "after": cursor}, "after"),
        ({"sort": listing.sorts[1], "last": 1, "before": cursor}, "before"),
    ):
        body = await api.post(
            listing.query(), variables, as_=listing.login, headers={"Accept-Language": "en"}
        )
        (error,) = body["errors"]
        assert error["extensions"]["code"] == "INVALID_INPUT"
        assert error["extensions"]["field"] == field
        assert "another sort order" in error["message"]
    for variables, field in (
        ({"first": 1, "after": "bm90LWEtY3Vyc29y"}, "after"),
        ({"last": 1, "before": "%%%"}, "before"),
        ({"first": 1, "last": 1}, "last"),
        ({"first": -1}, "first"),
    ):
        body = await api.post(listing.query(), variables, as_=listing.login)
        (error,) = body["errors"]
        assert error["extensions"]["code"] == "INVALID_INPUT", error
        assert error["extensions"]["field"] == field


BOX = """
query($first: Int, $after: String, $last: Int, $before: String, $sort: MemoSort) {
  memoBox(first: $first, after: $after, last: $last, before: $before, sort: $sort) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    rows { id cursor }
  }
}"""


async def _box_walk(api: Api, sort: dict[str, str], size: int, backward: bool) -> list[str]:
    """Every memo box row, page by page, in the order visited (see _forward/_backward)."""
    ids: list[str] = []
    cursor = None
    while True:
        if backward:
            variables = {"sort": sort, "last": size, "before": cursor}
        else:
            variables = {"sort": sort, "first": size, "after": cursor}
        box = (await api.data(BOX, variables, as_="shop1"))["memoBox"]
        info = box["pageInfo"]
        rows = [r["id"] for r in box["rows"]]
        assert info["startCursor"] == box["rows"][0]["cursor"]
        assert info["endCursor"] == box["rows"][-1]["cursor"]
        ids += rows[::-1] if backward else rows
        if not info["hasPreviousPage" if backward else "hasNextPage"]:
            assert len(ids) == box["totalCount"]
            return ids
        assert len(rows) == size
        cursor = info["startCursor" if backward else "endCursor"]


async def test_the_memo_box_pages_both_ways_with_last_and_a_sort(api: Api, clock: Clock) -> None:
    await _memos_with_ties(clock)
    newest_first = {"key": "SENT_AT", "direction": "DESC"}
    oldest_first = {"key": "SENT_AT", "direction": "ASC"}
    forward = await _box_walk(api, newest_first, 3, backward=False)
    assert len(forward) > 6
    assert await _box_walk(api, newest_first, 3, backward=True) == forward[::-1]
    assert await _box_walk(api, oldest_first, 4, backward=False) == forward[::-1]
    assert await _box_walk(api, oldest_first, 4, backward=True) == forward
    # the memo box and the memo list agree, row for row
    memos = await _page(api, MEMOS, first=100)
    assert _ids(memos) == forward
    # a cursor of the other sort is refused, like every list's
    first = (await api.data(BOX, {"first": 1}, as_="shop1"))["memoBox"]
    body = await api.post(
        BOX,
        {"sort": oldest_first, "first": 1, "after": first["pageInfo"]["endCursor"]},
        as_="shop1",
    )
    (error,) = body["errors"]
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("INVALID_INPUT", "after")
