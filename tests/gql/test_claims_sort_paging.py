"""`claims(sort:, first/after, last/before)`: keyset pages both ways with Relay's pageInfo,
sorting by request date, deadline (nullable: claims without an open round come last) and
order date, and the triage filters `deadlineWithinDays` / `awaitingRerequest`."""

from __future__ import annotations

import pytest

from models.clock import Clock
from models.entities import Claim, Seller
from tests.gql.helpers import Api
from tests.web.triage_data import BY_DEADLINE, HELD, WITHIN_2_DAYS, no_deadline_ids, open_rounds

LIST = """
query($filter: ClaimFilter, $sort: ClaimSort, $first: Int, $after: String, $last: Int,
      $before: String) {
  claims(filter: $filter, sort: $sort, first: $first, after: $after, last: $last,
         before: $before) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { responseDeadline order { orderNo } } }
  }
}"""


def _nos(conn: dict) -> list[str]:
    return [e["node"]["order"]["orderNo"] for e in conn["edges"]]


async def _forward(api: Api, size: int, **variables: object) -> list[list[str]]:
    """Every page from the first, following endCursor; checks pageInfo on the way."""
    pages, after = [], None
    while True:
        conn = (await api.data(LIST, {**variables, "first": size, "after": after}, as_="shop1"))[
            "claims"
        ]
        info = conn["pageInfo"]
        assert info["hasPreviousPage"] == (after is not None)
        assert info["startCursor"] == (conn["edges"][0]["cursor"] if conn["edges"] else None)
        assert info["endCursor"] == (conn["edges"][-1]["cursor"] if conn["edges"] else None)
        pages.append(_nos(conn))
        if not info["hasNextPage"]:
            return pages
        after = info["endCursor"]


async def _backward(api: Api, size: int, **variables: object) -> list[list[str]]:
    """Every page from the last, following startCursor (pages come back in list order)."""
    pages, before = [], None
    while True:
        conn = (await api.data(LIST, {**variables, "last": size, "before": before}, as_="shop1"))[
            "claims"
        ]
        info = conn["pageInfo"]
        assert info["hasNextPage"] == (before is not None)
        pages.insert(0, _nos(conn))
        if not info["hasPreviousPage"]:
            return pages
        before = info["startCursor"]


@pytest.fixture
async def rounds(api: Api, clock: Clock) -> None:
    await open_rounds(clock)


async def test_deadline_sort_puts_the_soonest_first_and_undated_claims_last(
    api: Api, rounds: None
) -> None:
    asc = await _forward(api, 4, sort={"key": "DEADLINE", "direction": "ASC"})
    flat = [no for page in asc for no in page]
    assert flat == BY_DEADLINE + await no_deadline_ids()
    assert [len(p) for p in asc[:-1]] == [4] * (len(asc) - 1)
    desc = await _forward(api, 4, sort={"key": "DEADLINE", "direction": "DESC"})
    assert [no for page in desc for no in page] == BY_DEADLINE[::-1] + await no_deadline_ids(
        descending=True
    )
    first = (
        await api.data(
            LIST, {"sort": {"key": "DEADLINE", "direction": "ASC"}, "first": 2}, as_="shop1"
        )
    )["claims"]
    assert [e["node"]["responseDeadline"] for e in first["edges"]] == ["2021-08-03", "2021-08-05"]


@pytest.mark.parametrize(
    "sort",
    [
        {"key": "DEADLINE", "direction": "ASC"},
        {"key": "DEADLINE", "direction": "DESC"},
        {"key": "REQUEST_DATE", "direction": "ASC"},
        {"key": "REQUEST_DATE", "direction": "DESC"},
        {"key": "ORDER_DATE", "direction": "ASC"},
        {"key": "ORDER_DATE", "direction": "DESC"},
    ],
)
async def test_paging_backward_gives_the_same_pages_as_forward(
    api: Api, rounds: None, sort: dict
) -> None:
    """Page by page both ways, across the dated / undated boundary for the deadline."""
    whole = _nos((await api.data(LIST, {"sort": sort, "first": 100}, as_="shop1"))["claims"])
    assert len(whole) == await Claim.filter(seller__login_id="shop1").count()
    forward = await _forward(api, 5, sort=sort)
    assert [no for page in forward for no in page] == whole
    backward = await _backward(api, 5, sort=sort)
    assert [no for page in backward for no in page] == whole
    # the last page backward holds the list's last rows, however many
    assert backward[-1] == whole[-5:]


async def test_from_the_middle_both_ways(api: Api, rounds: None) -> None:
    sort = {"key": "DEADLINE", "direction": "ASC"}
    whole = _nos((await api.data(LIST, {"sort": sort, "first": 100}, as_="shop1"))["claims"])
    page = (await api.data(LIST, {"sort": sort, "first": 5}, as_="shop1"))["claims"]
    middle = (
        await api.data(
            LIST, {"sort": sort, "first": 5, "after": page["pageInfo"]["endCursor"]}, as_="shop1"
        )
    )["claims"]
    assert _nos(middle) == whole[5:10]
    assert middle["pageInfo"]["hasPreviousPage"] and middle["pageInfo"]["hasNextPage"]
    back = (
        await api.data(
            LIST,
            {"sort": sort, "last": 5, "before": middle["pageInfo"]["startCursor"]},
            as_="shop1",
        )
    )["claims"]
    assert _nos(back) == whole[:5]
    assert back["pageInfo"] == {**page["pageInfo"], "hasPreviousPage": False, "hasNextPage": True}


async def test_triage_filters(api: Api, rounds: None) -> None:
    sort = {"key": "DEADLINE", "direction": "ASC"}
    soon = (await api.data(LIST, {"filter": {"deadlineWithinDays": 2}, "sort": sort}, as_="shop1"))[
        "claims"
    ]
    assert _nos(soon) == WITHIN_2_DAYS
    assert soon["totalCount"] == 3
    today = (await api.data(LIST, {"filter": {"deadlineWithinDays": 0}}, as_="shop1"))["claims"]
    assert _nos(today) == ["638452911"]
    held = (await api.data(LIST, {"filter": {"awaitingRerequest": True}}, as_="shop1"))["claims"]
    assert _nos(held) == [HELD]
    assert held["edges"][0]["node"]["responseDeadline"] is None
    # another seller's claims never show up
    other = (await api.data(LIST, {"filter": {"deadlineWithinDays": 99}}, as_="shop2"))["claims"]
    assert other["totalCount"] == 0


async def test_bad_paging_and_filters_are_specific_errors(api: Api, rounds: None) -> None:
    deadline = {"key": "DEADLINE", "direction": "ASC"}
    first = (await api.data(LIST, {"sort": deadline, "first": 2}, as_="shop1"))["claims"]
    cursor = first["pageInfo"]["endCursor"]
    for variables, field, words in (
        ({"after": cursor}, "after", "another sort order"),
        (
            {"sort": {"key": "DEADLINE", "direction": "DESC"}, "after": cursor},
            "after",
            "another sort order",
        ),
        ({"sort": deadline, "first": 2, "before": cursor}, "last", "one direction"),
        ({"sort": deadline, "before": "garbage"}, "before", "not one this API"),
        ({"sort": deadline, "last": -1}, "last", "must not be negative"),
        ({"filter": {"deadlineWithinDays": -1}}, "deadlineWithinDays", "between 0 and 99"),
        ({"filter": {"deadlineWithinDays": 100}}, "deadlineWithinDays", "between 0 and 99"),
    ):
        body = await api.post(LIST, variables, as_="shop1", headers={"Accept-Language": "en"})
        error = body["errors"][0]
        assert error["extensions"]["code"] == "INVALID_INPUT", variables
        assert error["extensions"]["field"] == field, variables
        assert words in error["message"], (variables, error["message"])


async def test_the_deadline_copy_follows_every_round_change(
    api: Api, rounds: None, clock: Clock
) -> None:
    """What the list sorts by is the open round's deadline, through request, rejection,
    re-request, cancel and the set-based expiry."""
    from models.enums import RejectionReason
    from models.ops import withdrawals
    from models.ops.sweep import sweep_seller

    shop1 = await Seller.get(login_id="shop1")

    async def deadline(order_no: str) -> str | None:
        claim = await Claim.get(order__order_no=order_no)
        return claim.response_deadline.isoformat() if claim.response_deadline else None

    claim = await Claim.get(order__order_no="638452912")
    assert await deadline("638452912") == "2021-08-05"
    await withdrawals.reject_withdrawal(claim.buyer_id, claim.id, RejectionReason.OTHER, "no")
    assert await deadline("638452912") is None
    await withdrawals.rerequest_withdrawal(shop1.id, claim.id, "again")
    assert await deadline("638452912") == "2021-08-09"
    await withdrawals.cancel_withdrawal(shop1.id, claim.id)
    assert await deadline("638452912") is None
    clock.advance(1)  # 08/04: 638452911's deadline (08/03) has passed
    await sweep_seller(shop1.id)
    assert await deadline("638452911") is None
    soon = (await api.data(LIST, {"filter": {"deadlineWithinDays": 1}}, as_="shop1"))["claims"]
    assert _nos(soon) == ["638452914"]  # 08/05 (no longer 912: cancelled; 911: expired)
