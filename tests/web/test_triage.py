"""Triage on the portal: the 客户回应期限 / 撤回索赔 columns, sorting by the headers, the
"deadline within N days" and "held" filters, paging both ways, and the whole place (filter,
sort, page, open panel, tab) in the URL so reload, Back and a shared link keep it."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from models.clock import Clock
from tests.web.helpers import HTMX, attrs, has, text
from tests.web.triage_data import BY_DEADLINE, HELD, WITHIN_2_DAYS, no_deadline_ids, open_rounds


def _rows(html: str) -> list[str]:
    return re.findall(r'data-testid="claim-row-(\d+)"', html)


def _cells(html: str, order_no: str) -> list[str]:
    body = html.split(f'data-testid="claim-row-{order_no}"', 1)[1].split("</tr>", 1)[0]
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td>(.*?)</td>", body, re.S)]


@pytest.fixture
async def rounds(seller: httpx.AsyncClient, clock: Clock) -> httpx.AsyncClient:
    await open_rounds(clock)
    return seller


async def test_columns_show_the_deadline_and_the_round_state(rounds: httpx.AsyncClient) -> None:
    page = (await rounds.get("/portal/claims?search=1&type=RETURN")).text
    head = page.split('data-testid="claim-table"', 1)[1].split("</thead>", 1)[0]
    header = re.findall(r"<th[^>]*>(.*?)</th>", head, re.S)
    titles = [re.sub(r"<[^>]+>|[▲▼]", "", h).strip() for h in header]
    assert titles[1:3] == ["处理状态", "撤回索赔"] and titles[7] == "客户回应期限"
    pending = _cells(page, "638452889")
    assert pending[1:3] == ["退货 退货申请", "撤回要请"]  # no "(撤回要请)" suffix any more
    assert pending[7] == "2021/08/08"
    held = _cells(page, HELD)
    assert held[2] == "撤回保留" and held[7] == ""
    # the same words in the reader's language
    rounds.cookies.set("qsm_lang", "en")
    en = (await rounds.get("/portal/claims?search=1&type=RETURN")).text
    assert "Answer deadline" in en


async def test_headers_sort_both_ways(rounds: httpx.AsyncClient) -> None:
    page = (await rounds.get("/portal/claims?search=1")).text
    link = attrs(page, "sort-response_deadline")[0]
    assert link["href"] == "/portal/claims?search=1&sort=DEADLINE&dir=ASC"
    asc = await rounds.get(str(link["hx-get"]), headers=HTMX)
    assert _rows(asc.text)[: len(BY_DEADLINE)] == BY_DEADLINE
    assert 'aria-sort="ascending"' in asc.text and "▲" in text(asc.text, "sort-response_deadline")
    # clicking it again flips the direction; undated claims stay last
    flip = attrs(asc.text, "sort-response_deadline")[0]
    assert "dir=DESC" in str(flip["hx-get"])
    desc = await rounds.get(str(flip["hx-get"]), headers=HTMX)
    rows = _rows(desc.text)
    assert rows[: len(BY_DEADLINE)] == BY_DEADLINE[::-1]
    assert rows[len(BY_DEADLINE) :] == (await no_deadline_ids(descending=True))[: 50 - 6]
    # request date and order date sort too (dates newest first on the first click)
    request = attrs(page, "sort-requested_on")[0]
    assert "sort=REQUEST_DATE&dir=ASC" in str(request["href"])  # already DESC: flips
    order = attrs(page, "sort-ordered_on")[0]
    assert "sort=ORDER_DATE&dir=DESC" in str(order["href"])
    oldest = await rounds.get(str(request["hx-get"]), headers=HTMX)
    assert _rows(oldest.text)[0] == "638452921"  # requested 07/09, the earliest


async def test_deadline_within_and_held_filters(rounds: httpx.AsyncClient) -> None:
    page = await rounds.get("/portal/claims?search=1&within=1&sort=DEADLINE&dir=ASC")
    assert _rows(page.text) == WITHIN_2_DAYS  # the policy's default: 2 days
    assert "checked" in attrs(page.text, "query-within")[0]
    assert attrs(page.text, "query-within-days")[0]["value"] == "2"
    zero = await rounds.get("/portal/claims/list?search=1&within=1&within_days=0", headers=HTMX)
    assert _rows(zero.text) == ["638452911"]
    held = await rounds.get("/portal/claims/list?search=1&held=1", headers=HTMX)
    assert _rows(held.text) == [HELD]
    for bad in ("abc", "-1", "100"):
        refused = await rounds.get(f"/portal/claims?search=1&within=1&within_days={bad}")
        assert refused.status_code == 400
        assert text(refused.text, "list-error") == "天数请输入 0 到 99 之间的整数。"
    # on a grid cell's list too: 撤回要请 within 2 days
    cell = await rounds.get("/portal/claims/list?cell=WITHDRAWAL_REQUESTED&within=1", headers=HTMX)
    assert sorted(_rows(cell.text)) == sorted(WITHIN_2_DAYS)


async def test_paging_both_ways_pushes_the_place(
    rounds: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from web.portal import claims as portal_claims

    monkeypatch.setattr(portal_claims, "PAGE_SIZE", 4)
    first = await rounds.get("/portal/claims/list?search=1&sort=DEADLINE&dir=ASC", headers=HTMX)
    assert first.headers["hx-push-url"] == "/portal/claims?search=1&sort=DEADLINE&dir=ASC"
    assert not has(first.text, "list-prev")
    pages, response = [], first
    while True:
        pages.append(_rows(response.text))
        nxt = attrs(response.text, "list-next")
        if not nxt:
            break
        response = await rounds.get(str(nxt[0]["hx-get"]), headers=HTMX)
        assert response.headers["hx-push-url"] == nxt[0]["href"]
        assert has(response.text, "list-prev")
        # reload: the pushed address renders the same page as a whole page
        reloaded = await rounds.get(response.headers["hx-push-url"])
        assert _rows(reloaded.text) == _rows(response.text)
    whole = [no for page in pages for no in page]
    assert whole == BY_DEADLINE + await no_deadline_ids()
    back = []
    while True:
        back.insert(0, _rows(response.text))
        prev = attrs(response.text, "list-prev")
        if not prev:
            break
        assert "before=" in str(prev[0]["hx-get"])
        response = await rounds.get(str(prev[0]["hx-get"]), headers=HTMX)
    assert back == pages
    # the refresh after an action keeps the page and pushes nothing
    refresh = attrs(first.text, "claim-list")[0]["hx-get"]
    assert str(refresh).endswith("&refresh=1")
    again = await rounds.get(str(refresh), headers=HTMX)
    assert "hx-push-url" not in again.headers and _rows(again.text) == pages[0]


async def test_the_open_panel_is_part_of_the_address(rounds: httpx.AsyncClient) -> None:
    listed = await rounds.get("/portal/claims/list?cell=RETURN_REQUESTED", headers=HTMX)
    row = attrs(listed.text, "claim-row-638452888")[0]
    assert row["hx-push-url"] == "/portal/claims?cell=RETURN_REQUESTED&panel=638452888"
    shared = await rounds.get("/portal/claims?cell=RETURN_REQUESTED&panel=638452888")
    slot = attrs(shared.text, "panel-slot")[0]
    assert slot["hx-get"] == "/portal/orders/638452888" and slot["hx-trigger"] == "load"
    assert _rows(shared.text) == _rows(listed.text)
    # sorting with the panel open keeps it in the pushed address (htmx names the page)
    sort = attrs(shared.text, "sort-requested_on")[0]
    moved = await rounds.get(
        str(sort["hx-get"]),
        headers={
            **HTMX,
            "HX-Current-URL": "http://test/portal/claims?cell=RETURN_REQUESTED&panel=638452888",
        },
    )
    pushed = parse_qs(urlsplit(moved.headers["hx-push-url"]).query)
    assert pushed["panel"] == ["638452888"] and pushed["sort"] == ["REQUEST_DATE"]
    # a panel value that cannot be an order number is ignored, not echoed
    odd = await rounds.get("/portal/claims?cell=RETURN_REQUESTED&panel=" + "9" * 50)
    assert "hx-get" not in attrs(odd.text, "panel-slot")[0]


async def test_delayed_markers_open_the_delayed_list(seller: httpx.AsyncClient) -> None:
    page = (await seller.get("/portal/claims")).text
    marker = attrs(page, "grid-RETURN_REQUESTED-delayed")[0]
    assert marker["href"] == "/portal/claims?cell=RETURN_REQUESTED&delayed=1"
    delayed = await seller.get(str(marker["hx-get"]), headers=HTMX)
    rows = _rows(delayed.text)
    assert len(rows) == int(re.sub(r"\D", "", text(page, "grid-RETURN_REQUESTED-delayed")))
    assert len(rows) < int(text(page, "grid-RETURN_REQUESTED"))
    assert delayed.headers["hx-push-url"] == "/portal/claims?cell=RETURN_REQUESTED&delayed=1"


async def test_the_query_tabs_switch(seller: httpx.AsyncClient) -> None:
    first = (await seller.get("/portal/claims")).text
    assert "hidden" in attrs(first, "tabpanel-detail")[0]
    assert "hidden" not in attrs(first, "tabpanel-status")[0]
    assert attrs(first, "tab-status-query")[0]["aria-selected"] == "true"
    detail = (await seller.get("/portal/claims?tab=detail")).text
    assert "hidden" in attrs(detail, "tabpanel-status")[0]
    assert "hidden" not in attrs(detail, "tabpanel-detail")[0]
    assert attrs(detail, "tab-detail-query")[0]["aria-selected"] == "true"
    # a detail query's list opens on the detail tab, a grid cell's on the status tab
    queried = (await seller.get("/portal/claims?search=1&type=RETURN")).text
    assert "hidden" in attrs(queried, "tabpanel-status")[0]
    tab_link = attrs(queried, "tab-status-query")[0]["href"]
    assert tab_link == "/portal/claims?type=RETURN&search=1&tab=status"


async def test_migration_0006_backfills_the_open_rounds_deadlines(
    rounds: httpx.AsyncClient,
) -> None:
    """Databases migrated from 0005 get the copy of every open round's deadline."""
    import importlib

    from tortoise import connections

    from models.entities import Claim

    migration = importlib.import_module("models.migrations.0006_claim_response_deadline")
    columns = ("id", "response_deadline", "ordered_on")
    before = {row[0]: row for row in await Claim.all().values_list(*columns)}
    assert sum(1 for row in before.values() if row[1]) == len(BY_DEADLINE)
    assert all(row[2] for row in before.values())
    await Claim.all().update(response_deadline=None, ordered_on=None)
    for sql in (migration.BACKFILL, migration.BACKFILL_ORDERED_ON):
        await connections.get("default").execute_script(sql)
    assert {row[0]: row for row in await Claim.all().values_list(*columns)} == before


async def test_rows_per_page_is_a_choice_kept_in_the_address(seller: httpx.AsyncClient) -> None:
    ten = await seller.get("/portal/claims/list?search=1&size=10", headers=HTMX)
    assert len(_rows(ten.text)) == 10
    nxt = attrs(ten.text, "list-next")[0]
    assert "size=10" in str(nxt["hx-get"])
    assert "size=10" in str(attrs(ten.text, "sort-response_deadline")[0]["hx-get"])
    second = await seller.get(str(nxt["hx-get"]), headers=HTMX)
    assert len(_rows(second.text)) == 10 and set(_rows(second.text)).isdisjoint(_rows(ten.text))
    odd = await seller.get("/portal/claims?search=1&size=7")
    assert odd.status_code == 400
    assert text(odd.text, "list-error") == "查询条件中有无效的选项，请重新选择。"
