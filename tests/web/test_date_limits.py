"""Every date input of both surfaces has a range (issue 13, item 9): a day outside
`policy.DATE_INPUT_MIN` … `DATE_INPUT_MAX` (the calendar's ends, the far future) is refused
with a clear sentence in the reader's language and the field at fault, never a 500 (the
memo filter's 9999-12-31 used to overflow); a reversed range is refused too; any other
range answers normally.

The property throws extreme dates at every date input: the API's `ClaimFilter` (claims,
the grid, the bulk request) and `MemoFilter` (memos, memoBox), the portal's claim query
(page, list fragment, Excel export) and its memo box."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from models import policy
from models.date_input import in_range

HYPOTHESIS = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
#: The bounds as the sentences write them (en).
BOUNDS = ("2000/01/01", "2100/12/31")

days = st.one_of(
    st.none(),
    st.dates(),
    st.sampled_from(
        [
            date.min,
            date.max,
            date(9999, 12, 31),
            date(3000, 1, 1),
            policy.DATE_INPUT_MIN,
            policy.DATE_INPUT_MAX,
            policy.DATE_INPUT_MIN - timedelta(days=1),
            policy.DATE_INPUT_MAX + timedelta(days=1),
            date(2021, 8, 3),
        ]
    ),
)

CLAIMS = "query($f: ClaimFilter) { claims(filter: $f, first: 5) { totalCount } }"
GRID = "query($f: ClaimFilter) { claimStatusCounts(filter: $f) { withdrawalRequested } }"
MEMOS = "query($f: MemoFilter) { memos(filter: $f, first: 5) { totalCount } }"
MEMO_BOX = "query($f: MemoFilter) { memoBox(filter: $f, first: 5) { totalCount } }"
BULK = """mutation($f: ClaimFilter) {
  claimWithdrawalRequestBulk(input: {filter: $f, sellerMessage: "please", idempotencyKey: "k"}) {
    doneCount userErrors { field code message }
  }
}"""


def _expected_refusal(day_from: date | None, day_to: date | None) -> tuple[str, str] | None:
    """(field, words) of the refusal a pair of days must get, or None for an answer."""
    for field, day in (("dateFrom", day_from), ("dateTo", day_to)):
        if day is not None and not in_range(day):
            return field, BOUNDS[0]
    if day_from and day_to and day_from > day_to:
        return "dateFrom", "start date is after"
    return None


def _variables(day_from: date | None, day_to: date | None, **extra: Any) -> dict[str, Any]:
    flt: dict[str, Any] = dict(extra)
    if day_from is not None:
        flt["dateFrom"] = day_from.isoformat()
    if day_to is not None:
        flt["dateTo"] = day_to.isoformat()
    return {"f": flt}


async def _graphql(client: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> Any:
    response = await client.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Accept-Language": "en"},
    )
    assert response.status_code == 200, response.text[:500]
    return response.json()


async def _check_api(client: httpx.AsyncClient, day_from: date | None, day_to: date | None):
    expected = _expected_refusal(day_from, day_to)
    for query in (CLAIMS, GRID, MEMOS, MEMO_BOX):
        body = await _graphql(client, query, _variables(day_from, day_to))
        if expected is None:
            assert "errors" not in body, body
            (result,) = body["data"].values()
            assert result is not None
            continue
        (error,) = body["errors"]
        assert error["extensions"]["code"] == "INVALID_INPUT", error
        assert error["extensions"]["field"] == expected[0], error
        assert expected[1] in error["message"], error
        if expected[1] == BOUNDS[0]:
            assert BOUNDS[1] in error["message"]
    # a mutation's filter: a userError, nothing asked (the order matches nothing)
    body = await _graphql(client, BULK, _variables(day_from, day_to, orderNo="000000000"))
    assert "errors" not in body, body
    payload = body["data"]["claimWithdrawalRequestBulk"]
    assert payload["doneCount"] == 0
    (refusal,) = payload["userErrors"]
    assert refusal["code"] == "INVALID_INPUT"
    if expected is not None:
        assert refusal["field"] == ["filter", expected[0]], refusal
        assert expected[1] in refusal["message"], refusal


def _query(day_from: date | None, day_to: date | None, **extra: str) -> dict[str, str]:
    params = dict(extra)
    if day_from is not None:
        params["date_from"] = day_from.isoformat()
    if day_to is not None:
        params["date_to"] = day_to.isoformat()
    return params


async def _check_portal(client: httpx.AsyncClient, day_from: date | None, day_to: date | None):
    expected = _expected_refusal(day_from, day_to)
    pages = [
        ("/portal/claims", _query(day_from, day_to, search="1"), {}),
        ("/portal/claims/list", _query(day_from, day_to, search="1"), {"HX-Request": "true"}),
        ("/portal/claims/export.xlsx", _query(day_from, day_to, search="1"), {}),
        ("/portal/memos", _query(day_from, day_to, channel="BUYER_SELLER"), {}),
        ("/portal/memos", _query(day_from, day_to, channel="INQUIRY_RECORDS"), {}),
    ]
    for path, params, headers in pages:
        response = await client.get(path, params=params, headers=headers)
        assert response.status_code < 500, (path, params, response.text[:500])
        if expected is None:
            assert response.status_code == 200, (path, params, response.text[:800])
            continue
        assert response.status_code == 400, (path, params)
        assert 'role="alert"' in response.text
        if expected[1] == BOUNDS[0]:
            assert BOUNDS[0] in response.text and BOUNDS[1] in response.text, (path, params)


@pytest.fixture
def english(seller: httpx.AsyncClient) -> httpx.AsyncClient:
    """shop1 signed in (portal cookie, also good for /graphql), reading English."""
    seller.cookies.set("qsm_lang", "en")
    return seller


@HYPOTHESIS
@given(day_from=days, day_to=days)
async def test_extreme_dates_on_every_date_input_of_the_api(
    english: httpx.AsyncClient, day_from: date | None, day_to: date | None
) -> None:
    await _check_api(english, day_from, day_to)


@HYPOTHESIS
@given(day_from=days, day_to=days)
async def test_extreme_dates_on_every_date_input_of_the_portal(
    english: httpx.AsyncClient, day_from: date | None, day_to: date | None
) -> None:
    await _check_portal(english, day_from, day_to)


@pytest.mark.parametrize(
    ("day_from", "day_to", "field"),
    [
        (None, date(9999, 12, 31), "dateTo"),
        (date.min, None, "dateFrom"),
        (date(1999, 12, 31), date(2021, 8, 3), "dateFrom"),
        (date(2021, 8, 3), date(2101, 1, 1), "dateTo"),
    ],
)
async def test_the_refusal_names_the_field_and_the_range_in_the_readers_language(
    seller: httpx.AsyncClient, day_from: date | None, day_to: date | None, field: str
) -> None:
    for lang, sentence in (
        ("zh", "日期必须在 2000/01/01 到 2100/12/31 之间。"),
        ("ja", "日付は 2000/01/01 から 2100/12/31 までの範囲で指定してください。"),
        ("en", "The date must be between 2000/01/01 and 2100/12/31."),
    ):
        response = await seller.post(
            "/graphql",
            json={"query": MEMOS, "variables": _variables(day_from, day_to)},
            headers={"Accept-Language": lang},
        )
        (error,) = response.json()["errors"]
        assert (error["message"], error["extensions"]["field"]) == (sentence, field)
        seller.cookies.set("qsm_lang", lang)
        page = await seller.get("/portal/memos", params=_query(day_from, day_to))
        assert page.status_code == 400 and sentence in page.text


async def test_the_bounds_themselves_filter_normally(seller: httpx.AsyncClient) -> None:
    """2000/01/01 … 2100/12/31 is every claim and memo of the demo (nothing cut off)."""
    everything = _variables(policy.DATE_INPUT_MIN, policy.DATE_INPUT_MAX)
    for query in (CLAIMS, MEMOS):
        all_rows = await _graphql(seller, query, {"f": {}})
        bounded = await _graphql(seller, query, everything)
        (total,) = all_rows["data"].values()
        assert total["totalCount"] > 0
        assert bounded["data"] == all_rows["data"]
