"""The calendar's first and last days (a date picker can send them) are refused on both
surfaces with the policy's range, never a server error: `memos(filter: {dateTo:
"9999-12-31"})` was a 500 (the day after it overflowed). tests/web/test_date_limits.py
throws every extreme date at every date input; these are the reported cases."""

from __future__ import annotations

import pytest

from tests.gql.helpers import Api

MEMOS = "query($f: MemoFilter) { memos(first: 100, filter: $f) { totalCount } }"
RANGE = "The date must be between 2000/01/01 and 2100/12/31."


@pytest.mark.parametrize(
    ("bounds", "field"),
    [
        ({"dateTo": "9999-12-31"}, "dateTo"),
        ({"dateFrom": "0001-01-01"}, "dateFrom"),
        ({"dateFrom": "0001-01-01", "dateTo": "9999-12-31"}, "dateFrom"),
        ({"dateFrom": "9999-12-31", "dateTo": "9999-12-31"}, "dateFrom"),
    ],
)
async def test_memo_filter_at_the_ends_of_the_calendar(
    api: Api, bounds: dict[str, str], field: str
) -> None:
    body = await api.post(MEMOS, {"f": bounds}, as_="shop1", headers={"Accept-Language": "en"})
    (error,) = body["errors"]
    assert error["message"] == RANGE
    assert error["extensions"]["code"] == "INVALID_INPUT"
    assert error["extensions"]["field"] == field


@pytest.mark.parametrize("channel", ["BUYER_SELLER", "INQUIRY_RECORDS"])
async def test_portal_memo_box_at_the_ends_of_the_calendar(api: Api, channel: str) -> None:
    client = api.client
    await api.token("shop1")
    client.headers["Authorization"] = f"Bearer {api.tokens['shop1']}"
    client.cookies.set("qsm_lang", "en")
    page = await client.get(
        f"/portal/memos?channel={channel}&date_from=0001-01-01&date_to=9999-12-31"
    )
    assert page.status_code == 400, page.text[:500]
    assert "memo-box" in page.text
    assert RANGE in page.text
