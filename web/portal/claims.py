"""The claims page 取消&未收取: the status grid, the detail query, the list and Excel."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit

from starlette.datastructures import QueryParams
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from models.clock import get_clock
from models.entities import Seller
from models.enums import ClaimStatus, ClaimType, WithdrawalState
from models.errors import DomainError
from models.grid import GridCell
from models.labels import label
from models.ops import exports
from models.policy import (
    EXPORT_MAX_SELECTED,
    LIST_PAGE_SIZE_DEFAULT,
    LIST_PAGE_SIZES,
    ORDER_CODE_MAX_LENGTH,
)
from models.queries import DateField
from models.screens import claim_list
from models.screens import grid as grid_screen
from models.screens.claim_rows import COLUMNS, row_values
from models.screens.claim_sheet import SheetSpec
from models.screens.grid import Grid, cell_label
from web import i18n
from web.etag import etagged
from web.guards import seller_only
from web.portal import excel, filters
from web.portal.errors import error_text, status_for
from web.render import error_text_page, is_htmx, render

#: Rows per page when the URL names none (tests lower it to page through the demo data).
PAGE_SIZE = LIST_PAGE_SIZE_DEFAULT
MAX_SELECTED = EXPORT_MAX_SELECTED
G = GridCell

#: The grid exactly as chapter 2 draws it: per claim-type row, lines of three cells
#: (None = empty); sub-rows (- 退货保留 …) and the non-receipt refunds sit on extra lines.
GRID_LAYOUT: tuple[tuple[str, tuple[tuple[GridCell | None, ...], ...]], ...] = (
    (ClaimType.CANCEL, ((G.CANCEL_REQUESTED, G.CANCELLING, G.CANCEL_COMPLETED),)),
    (
        ClaimType.RETURN,
        (
            (G.RETURN_REQUESTED, G.RETURNING, G.RETURN_COMPLETED),
            (None, G.RETURN_HELD, None),
            (None, G.RETURN_RECEIVED, None),
        ),
    ),
    (
        ClaimType.EXCHANGE,
        ((G.EXCHANGE_REQUESTED_OR_CONFIRMED, G.EXCHANGE_RESHIPPING, G.EXCHANGE_COMPLETED),),
    ),
    (
        ClaimType.NON_RECEIPT,
        (
            (G.NR_REPORTED, G.NR_SELLER_CONFIRMED, G.NR_DELAYED),
            (None, None, G.NR_REFUNDED),
            (None, None, G.NR_PARTIALLY_REFUNDED),
        ),
    ),
    ("WITHDRAWAL", ((G.WITHDRAWAL_REQUESTED, G.WITHDRAWAL_HELD, None),)),
)


def grid_context(grid: Grid, lang: str) -> dict[str, Any]:
    """The read model's cells placed on the manual's layout, labelled in the page language."""
    rows = []
    for row_key, lines in GRID_LAYOUT:
        header = (
            label(ClaimType(row_key), lang)
            if row_key != "WITHDRAWAL"
            else i18n.translate(lang, "grid.withdrawal")
        )
        out_lines = []
        for line in lines:
            cells: list[dict[str, Any] | None] = []
            for key in line:
                if key is None:
                    cells.append(None)
                    continue
                cell = grid.cell(key)
                name = cell_label(cell, lang)
                cells.append(
                    {
                        "key": key.value,
                        "label": f"- {name}" if cell.sub_row else name,
                        "count": cell.count,
                        "delayed": cell.delayed,
                        # the delayed cell's count already is its delayed count: no badge
                        "delayed_badge": cell.delayed if not cell.delayed_only else 0,
                        "sub_row": cell.sub_row,
                    }
                )
            out_lines.append(cells)
        rows.append({"key": row_key, "header": header, "lines": out_lines})
    return {"grid_rows": rows}


def query_options(lang: str) -> dict[str, Any]:
    """The choices of the detail query's selects, labelled in the page language."""
    return {
        "date_fields": [
            (d.value, i18n.translate(lang, f"query.date.{d.value}")) for d in DateField
        ],
        "type_options": [(t.value, label(t, lang)) for t in ClaimType],
        "status_options": [
            (s.value, f"{label(_type_of(s), lang)} · {label(s, lang)}")
            for s in ClaimStatus
            if s != ClaimStatus.WITHDRAWN
        ]
        + [(ClaimStatus.WITHDRAWN.value, label(ClaimStatus.WITHDRAWN, lang))],
        "wstate_options": [(w.value, label(w, lang)) for w in WithdrawalState],
        "page_sizes": LIST_PAGE_SIZES,
    }


def _type_of(status: ClaimStatus) -> ClaimType:
    from models.policy import STATUSES_BY_TYPE

    return next(t for t, statuses in STATUSES_BY_TYPE.items() if status in statuses)


def _cursor(params: Any) -> tuple[str | None, str | None]:
    """(after, before) from the URL: one direction only (a `before` wins)."""
    before = str(params.get("before") or "").strip() or None
    after = None if before else str(params.get("after") or "").strip() or None
    return after, before


def _panel_of(request: Request) -> str | None:
    """The order whose panel is open: `panel=` of this URL, else of the page an htmx
    request came from (so paging or sorting keeps the open panel in the pushed URL)."""
    panel = str(request.query_params.get("panel") or "").strip()
    if not panel and is_htmx(request):
        current = request.headers.get("hx-current-url") or ""
        panel = str(QueryParams(urlsplit(current).query).get("panel") or "").strip()
    if not panel or len(panel) > ORDER_CODE_MAX_LENGTH or not panel.isprintable():
        return None
    return panel


def list_url(form: filters.QueryForm, after: str | None, before: str | None) -> str:
    """The page's own address for this list (what is pushed into the history)."""
    params = form.query_string()
    extra = urlencode([(k, v) for k, v in (("after", after), ("before", before)) if v])
    query = "&".join(p for p in (params, extra) if p)
    return "/portal/claims" + (f"?{query}" if query else "")


async def list_context(
    seller: Seller,
    form: filters.QueryForm,
    cursor: tuple[str | None, str | None],
    lang: str,
    panel: str | None = None,
) -> dict[str, Any]:
    after, before = cursor
    url = list_url(form, after, before)
    ctx: dict[str, Any] = {
        "query": form,
        "columns": COLUMNS,
        "sortable": filters.SORTABLE,
        "rows": [],
        "total": 0,
        "next_cursor": None,
        "previous_cursor": None,
        "list_error_key": form.error_key,
        "list_error_params": form.error_params,
        "after": after,
        "before": before,
        "list_url": url,
        "panel_no": panel,
        "page_url": _with_panel(url, panel),
    }
    if form.error_key or not form.listing:
        return ctx
    try:
        page = await claim_list.load(
            seller.id,
            form.flt,
            first=None if before else _size(form),
            after=after,
            last=_size(form) if before else None,
            before=before,
            sort=form.sort,
            with_total=True,
        )
    except DomainError:
        ctx["list_error_key"] = "query.error.cursor"
        return ctx
    ctx["rows"] = [(row.claim, row_values(row.claim, lang)) for row in page.rows]
    ctx["total"] = page.total
    ctx["next_cursor"] = page.next_cursor
    ctx["previous_cursor"] = page.previous_cursor
    return ctx


def _size(form: filters.QueryForm) -> int:
    """Rows per page: the one asked for in the URL, else PAGE_SIZE."""
    return form.size if form.values.get("size") else PAGE_SIZE


def _with_panel(url: str, panel: str | None) -> str:
    if not panel:
        return url
    return url + ("&" if "?" in url else "?") + urlencode({"panel": panel})


async def claims_context(request: Request, seller: Seller) -> dict[str, Any]:
    """Everything the claims page shows; its fragments use the matching parts."""
    lang = i18n.request_lang(request)
    form = filters.parse(request.query_params)
    tab = str(request.query_params.get("tab") or "")
    return {
        **grid_context(await grid_screen.load(seller.id), lang),
        **query_options(lang),
        **await list_context(seller, form, _cursor(request.query_params), lang, _panel_of(request)),
        "tab": tab if tab in filters.TABS else form.tab,
    }


async def claims_page_view(request: Request) -> Response:
    seller: Seller = request.state.account
    ctx = await claims_context(request, seller)
    status = 400 if ctx["list_error_key"] else 200
    return render(request, "pages/claims.html", ctx, status_code=status)


async def grid_fragment(request: Request) -> Response:
    seller: Seller = request.state.account
    ctx = grid_context(await grid_screen.load(seller.id), i18n.request_lang(request))
    # only ever the grid's own live reload, which swaps its content (claims_grid.html)
    return render(request, "partials/claims_grid_body.html", ctx)


async def list_fragment(request: Request) -> Response:
    """The list alone (grid links, the query, sort headers, the pager, the refresh after
    an action). Navigation pushes the page's own URL, panel included; the refresh after
    an action (`refresh=1`) keeps the place, pushes nothing and answers the list's content
    only: the list element itself stays (partials/claims_list.html says why)."""
    if not is_htmx(request):
        return await claims_page_view(request)
    seller: Seller = request.state.account
    form = filters.parse(request.query_params)
    if not form.listing:
        form.values["search"] = "1"
    lang = i18n.request_lang(request)
    panel = _panel_of(request)
    ctx = await list_context(seller, form, _cursor(request.query_params), lang, panel)
    status = 400 if ctx["list_error_key"] else 200
    if request.query_params.get("refresh") == "1":
        return render(request, "partials/claims_list_body.html", ctx, status_code=status)
    headers = {"HX-Push-Url": ctx["page_url"]}
    return render(request, "partials/claims_list.html", ctx, status_code=status, headers=headers)


async def export_xlsx(request: Request) -> Response:
    """GET: the list form's checkboxes `sel` plus the query fields. Below the job
    threshold the file downloads at once; from it on, an export job starts and the seller
    is sent to its progress page (docs/exports.md)."""
    seller: Seller = request.state.account
    from web.render import error_page

    form = filters.parse(request.query_params)
    if form.error_key:
        return await error_page(request, 400, form.error_key, form.error_params)
    try:
        selected = [int(v) for v in request.query_params.getlist("sel")][:MAX_SELECTED]
    except ValueError:
        return await error_page(request, 400, "query.error.value")
    if not selected and not form.listing:
        # the initial empty list: ask what to export instead of every claim
        return await error_page(request, 400, "excel.no_query")
    lang = i18n.request_lang(request)
    spec = SheetSpec(seller.id, form.flt, get_clock().today(), lang, selected, form.sort)
    # [Excel] is a GET (a bookmarkable query), so another site can send the seller's
    # browser here with the cookie (SameSite=Lax lets a top-level navigation through): a
    # small file downloads (that site cannot read it), but no job starts from there
    from_elsewhere = request.headers.get("sec-fetch-site") == "cross-site"
    try:
        created = await exports.create(spec, may_start_job=not from_elsewhere)
    except DomainError as error:
        status = status_for(error)
        if status == 404:
            return await error_page(request, 404, "error.not_found")
        return await error_text_page(request, status, error_text(error, lang))
    if created.export is None:
        return await excel.xlsx_response(spec)
    target = f"/portal/exports/{created.export.id}"
    if is_htmx(request):
        return Response(status_code=204, headers={"HX-Redirect": target})
    return RedirectResponse(target, status_code=303)


routes = [
    Route("/portal/claims", seller_only(claims_page_view), methods=["GET"]),
    Route("/portal/claims/grid", seller_only(etagged(grid_fragment)), methods=["GET"]),
    Route("/portal/claims/list", seller_only(etagged(list_fragment)), methods=["GET"]),
    Route("/portal/claims/export.xlsx", seller_only(export_xlsx), methods=["GET"]),
]
