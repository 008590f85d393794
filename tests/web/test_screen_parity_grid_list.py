"""The status grid and the claim list read the same on the portal and through GraphQL.

Each test runs twice: on the real read models, and on read models patched to a different
but self-consistent truth (every screen restricted to recent requests). A surface that
reads the screen by itself (its own counts, its own cell → filter mapping, its own list
query) shows the unpatched truth in the second run, and the test fails.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import httpx
import pytest

from models import demo as d
from models.clock import Clock, get_clock
from models.entities import Claim, Seller
from models.ops import withdrawals
from models.queries import ClaimFilter, DateField, claims_queryset, ordered
from models.screens import claim_list
from models.screens import grid as grid_screen
from tests.web.helpers import HTMX, attrs, text
from tests.web.triage_data import open_rounds

#: The patched truth: only claims requested on or after this day exist for the screens.
RECENT = date(2021, 7, 28)

GRID = """
query { claimStatusCounts {
  withdrawalRequested withdrawalHeld
  cells { status count delayed label(lang: ZH)
    filter { types statuses withdrawalStates dateField dateFrom dateTo orderNo cartNo
             itemCode sellerItemCode delayedOnly } }
} }"""
LIST = """
query($filter: ClaimFilter, $first: Int, $after: String) {
  claims(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { order { orderNo } } }
  }
}"""
_CELL = re.compile(
    r'<td class="grid-label[^"]*">([^<]*)</td>\s*<td class="grid-count">\s*'
    r'<a href="/portal/claims\?cell=(\w+)"'
)


def _restricted(flt: ClaimFilter | None) -> ClaimFilter:
    """`flt` within the patched truth (recent requests only)."""
    base = flt or ClaimFilter()
    start = max(base.date_from, RECENT) if base.date_from else RECENT
    if base.date_field != DateField.REQUEST and (base.date_from or base.date_to):
        raise AssertionError("the parity tests only filter on the request date")
    return replace(base, date_field=DateField.REQUEST, date_from=start)


@pytest.fixture(params=["read-models", "patched-read-models"])
def grid_truth(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Patch the grid read model's own sources (not the surfaces, not the list) in the
    second run: a surface with its own counts or its own cell → filter mapping differs."""
    if request.param == "patched-read-models":
        counts, cell_filter = grid_screen.status_grid, grid_screen.cell_filter
        monkeypatch.setattr(
            grid_screen, "status_grid", lambda s, flt, today: counts(s, _restricted(flt), today)
        )
        monkeypatch.setattr(
            grid_screen,
            "cell_filter",
            lambda spec, within=None: cell_filter(spec, _restricted(within)),
        )
    return request.param


@pytest.fixture(params=["read-models", "patched-read-models"])
def list_truth(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Patch the list read model's own sources in the second run: a surface with its own
    list query, paging or total differs."""
    if request.param == "patched-read-models":
        page, total = claim_list.claims_page, claim_list.claims_total
        monkeypatch.setattr(
            claim_list,
            "claims_page",
            lambda s, flt, today, *a, **k: page(s, _restricted(flt), today, *a, **k),
        )
        monkeypatch.setattr(
            claim_list, "claims_total", lambda s, flt, today: total(s, _restricted(flt), today)
        )
    return request.param


async def _api(client: httpx.AsyncClient, query: str, variables: dict | None = None) -> dict:
    body = (await client.post("/graphql", json={"query": query, "variables": variables})).json()
    assert "errors" not in body, body
    return body["data"]


def _portal_rows(html: str) -> list[str]:
    return re.findall(r'data-testid="claim-row-(\d+)"', html)


def _portal_total(html: str) -> int:
    return int(re.sub(r"\D", "", text(html, "list-total")))


async def _expected(truth: str, flt: ClaimFilter) -> list[str]:
    """The rows straight from the database under the run's truth, in list order."""
    seller = await Seller.get(login_id="shop1")
    flt = _restricted(flt) if truth == "patched-read-models" else flt
    rows = await ordered(claims_queryset(seller.id, flt, get_clock().today())).select_related(
        "order"
    )
    return [claim.order.order_no for claim in rows]


async def test_grid_cells_counts_labels_and_filters_agree(
    seller: httpx.AsyncClient, grid_truth: str
):
    shop1 = await Seller.get(login_id="shop1")
    claim = await Claim.get(order__order_no=d.ORDER_RETURN)
    await withdrawals.request_withdrawal(shop1.id, claim.id, "please")

    page = (await seller.get("/portal/claims")).text
    portal = {
        key: {
            "label": name.strip().removeprefix("- "),
            "count": int(text(page, f"grid-{key}")),
            "delayed": int(attrs(page, f"grid-{key}")[0]["data-delayed"] or 0),
        }
        for name, key in _CELL.findall(page)
    }
    grid = (await _api(seller, GRID))["claimStatusCounts"]
    api = {
        c["status"]: {"label": c["label"], "count": c["count"], "delayed": c["delayed"]}
        for c in grid["cells"]
    }
    assert portal == api
    assert len(api) == 18
    assert grid["withdrawalRequested"] == api["WITHDRAWAL_REQUESTED"]["count"]
    if grid_truth == "read-models":
        assert api["WITHDRAWAL_REQUESTED"]["count"] == 2
        assert api["NR_DELAYED"] == {"label": "确认延迟", "count": 2, "delayed": 2}
    assert sum(c["count"] for c in grid["cells"]) > 0

    for cell in grid["cells"]:
        key, flt = cell["status"], cell["filter"]
        listed = await seller.get(f"/portal/claims/list?cell={key}", headers=HTMX)
        assert listed.status_code == 200, key
        portal_rows = _portal_rows(listed.text)
        through_api = (await _api(seller, LIST, {"filter": flt, "first": 100}))["claims"]
        api_rows = [e["node"]["order"]["orderNo"] for e in through_api["edges"]]
        assert portal_rows == api_rows, key
        assert through_api["totalCount"] == _portal_total(listed.text) == cell["count"], key
        assert len(api_rows) == cell["count"], key
        domain = ClaimFilter(
            types=flt["types"],
            statuses=flt["statuses"],
            withdrawal_states=flt["withdrawalStates"],
            delayed_only=flt["delayedOnly"],
            date_from=date.fromisoformat(flt["dateFrom"]) if flt["dateFrom"] else None,
        )
        assert api_rows == await _expected("read-models", domain), key


async def test_claim_list_rows_order_and_paging_agree(
    seller: httpx.AsyncClient, list_truth: str, monkeypatch: pytest.MonkeyPatch
):
    from web.portal import claims as portal_claims

    size = 4
    monkeypatch.setattr(portal_claims, "PAGE_SIZE", size)
    expected = await _expected(list_truth, ClaimFilter())
    assert len(expected) > 2 * size

    # the whole list, page by page, on both surfaces
    portal_pages: list[list[str]] = []
    url = "/portal/claims/list?search=1"
    while url:
        html = (await seller.get(url, headers=HTMX)).text
        portal_pages.append(_portal_rows(html))
        assert _portal_total(html) == len(expected)
        link = attrs(html, "list-next")
        url = link[0]["hx-get"] if link else ""
    api_pages: list[list[str]] = []
    after = None
    while True:
        data = (await _api(seller, LIST, {"first": size, "after": after}))["claims"]
        api_pages.append([e["node"]["order"]["orderNo"] for e in data["edges"]])
        assert data["totalCount"] == len(expected)
        if not data["pageInfo"]["hasNextPage"]:
            break
        after = data["pageInfo"]["endCursor"]
    assert portal_pages == api_pages
    assert [no for chunk in api_pages for no in chunk] == expected

    # a filtered list (the detail query) too
    portal = (await seller.get("/portal/claims/list?search=1&type=RETURN", headers=HTMX)).text
    api = (await _api(seller, LIST, {"filter": {"types": ["RETURN"]}, "first": size}))["claims"]
    returns = await _expected(list_truth, ClaimFilter(types=["RETURN"]))
    assert _portal_rows(portal) == [e["node"]["order"]["orderNo"] for e in api["edges"]]
    assert _portal_rows(portal) == returns[:size]
    assert _portal_total(portal) == api["totalCount"] == len(returns)


FILTERED_GRID = """
query($filter: ClaimFilter) { claimStatusCounts(filter: $filter) {
  cells { status count
    filter { types statuses withdrawalStates dateField dateFrom dateTo orderNo cartNo
             itemCode sellerItemCode delayedOnly } }
} }"""


@pytest.mark.parametrize(
    "grid_filter",
    [
        {"types": ["RETURN"]},
        {"statuses": ["CANCELLING", "RETURNING"]},
        {"withdrawalStates": ["REQUESTED"]},
        {"delayedOnly": True},
        {"dateField": "REQUEST", "dateFrom": "2021-07-28"},
    ],
)
async def test_a_filtered_grid_cell_opens_exactly_its_count(
    seller: httpx.AsyncClient, grid_filter: dict
):
    """Every cell of a filtered grid opens the grid's filter narrowed to the cell, also
    when the two exclude each other (count 0, a filter no claim matches)."""
    grid = (await _api(seller, FILTERED_GRID, {"filter": grid_filter}))["claimStatusCounts"]
    for cell in grid["cells"]:
        listed = await _api(seller, LIST, {"filter": cell["filter"], "first": 100})
        assert listed["claims"]["totalCount"] == cell["count"], (grid_filter, cell)
        assert len(listed["claims"]["edges"]) == cell["count"], (grid_filter, cell)


SORTED = """
query($sort: ClaimSort, $first: Int, $after: String, $last: Int, $before: String) {
  claims(sort: $sort, first: $first, after: $after, last: $last, before: $before) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { node { order { orderNo } } }
  }
}"""


@pytest.mark.parametrize(
    "key, direction",
    [("DEADLINE", "ASC"), ("DEADLINE", "DESC"), ("ORDER_DATE", "DESC"), ("REQUEST_DATE", "ASC")],
)
async def test_sorted_pages_agree_both_ways(
    seller: httpx.AsyncClient,
    list_truth: str,
    monkeypatch: pytest.MonkeyPatch,
    clock: Clock,
    key: str,
    direction: str,
):
    """The same rows in the same order through the portal and GraphQL, page by page,
    forward to the end and back to the start (the deadline sort crosses its undated
    claims)."""
    from web.portal import claims as portal_claims

    await open_rounds(clock)
    size = 4
    monkeypatch.setattr(portal_claims, "PAGE_SIZE", size)
    sort = {"key": key, "direction": direction}

    async def api_page(**paging: object) -> dict:
        return (await _api(seller, SORTED, {"sort": sort, **paging}))["claims"]

    def api_rows(conn: dict) -> list[str]:
        return [e["node"]["order"]["orderNo"] for e in conn["edges"]]

    # forward
    html = (
        await seller.get(f"/portal/claims/list?search=1&sort={key}&dir={direction}", headers=HTMX)
    ).text
    conn = await api_page(first=size)
    forward = []
    while True:
        assert _portal_rows(html) == api_rows(conn)
        assert _portal_total(html) == conn["totalCount"]
        assert bool(attrs(html, "list-prev")) == conn["pageInfo"]["hasPreviousPage"]
        assert bool(attrs(html, "list-next")) == conn["pageInfo"]["hasNextPage"]
        forward.append(api_rows(conn))
        if not conn["pageInfo"]["hasNextPage"]:
            break
        html = (await seller.get(str(attrs(html, "list-next")[0]["hx-get"]), headers=HTMX)).text
        conn = await api_page(first=size, after=conn["pageInfo"]["endCursor"])
    assert len(forward) > 2
    # and back, from the last page
    backward = [forward[-1]]
    while conn["pageInfo"]["hasPreviousPage"]:
        html = (await seller.get(str(attrs(html, "list-prev")[0]["hx-get"]), headers=HTMX)).text
        conn = await api_page(last=size, before=conn["pageInfo"]["startCursor"])
        assert _portal_rows(html) == api_rows(conn)
        backward.insert(0, api_rows(conn))
    assert backward == forward
    assert not attrs(html, "list-prev")
