"""The calendar's first and last days are valid filter input on both surfaces: a date
picker can send them, and they must filter (or not), never fail with a server error."""

from __future__ import annotations

import re

import pytest

from tests.gql.helpers import Api

MEMOS = "query($f: MemoFilter) { memos(first: 100, filter: $f) { totalCount } }"


@pytest.mark.parametrize(
    "bounds",
    [
        {"dateTo": "9999-12-31"},
        {"dateFrom": "0001-01-01"},
        {"dateFrom": "0001-01-01", "dateTo": "9999-12-31"},
        {"dateFrom": "9999-12-31", "dateTo": "9999-12-31"},
    ],
)
async def test_memo_filter_at_the_ends_of_the_calendar(api: Api, bounds: dict[str, str]):
    everything = (await api.data(MEMOS, {"f": {}}, as_="shop1"))["memos"]["totalCount"]
    assert everything > 0
    counted = (await api.data(MEMOS, {"f": bounds}, as_="shop1"))["memos"]["totalCount"]
    assert counted == (0 if bounds.get("dateFrom") == "9999-12-31" else everything)


@pytest.mark.parametrize("channel", ["BUYER_SELLER", "INQUIRY_RECORDS"])
async def test_portal_memo_box_at_the_ends_of_the_calendar(api: Api, channel: str):
    client = api.client
    await api.token("shop1")  # a session cookie for the portal too
    client.headers["Authorization"] = f"Bearer {api.tokens['shop1']}"
    page = await client.get(
        f"/portal/memos?channel={channel}&date_from=0001-01-01&date_to=9999-12-31"
    )
    assert page.status_code == 200, page.text[:500]
    assert "memo-box" in page.text
    if channel == "BUYER_SELLER":
        assert re.search(r'data-testid="memo-row-\d+"', page.text)
