"""The detail query (详情查询), grid-cell links, sort and paging as URL parameters.

A `?cell=` link opens the filter the grid read model gives that cell (the API hands the
same filter to its clients), so the portal keeps no mapping of its own; `delayed=1` on a
cell link (the red 延迟 marker) narrows it to the delayed claims.

One parser serves the page, the list fragment and the Excel export, so the list a count
opens, the rows a query shows and the rows Excel writes are always the same rows. Every
piece of the list's state lives in the URL (filter, sort, cursor, open panel, tab), so a
reload, Back and a shared link all show the same place.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from models import policy
from models.date_input import in_range, shown
from models.enums import ClaimStatus, ClaimType, WithdrawalState
from models.errors import DomainError
from models.grid import GridCell
from models.queries import ClaimFilter, ClaimSort, DateField, SortDirection, SortKey
from models.screens.grid import filter_of

#: The parameters of the filter and the sort (in this order in generated URLs).
FIELDS = (
    "cell",
    "date_field",
    "date_from",
    "date_to",
    "type",
    "status",
    "wstate",
    "order_no",
    "cart_no",
    "item_code",
    "seller_item_code",
    "delayed",
    "within",
    "within_days",
    "held",
    "search",
    "sort",
    "dir",
    "size",
)
#: What the filter alone is made of (a sort or a page is not a different list).
_SORT_FIELDS = ("sort", "dir")
TEXT_MAX = 50
#: Where the list is: a cursor and its direction (never both).
CURSORS = ("after", "before")
TABS = ("status", "detail")
#: The list's sortable columns (rows.COLUMNS keys) and the key each one sorts by.
SORTABLE = {
    "requested_on": SortKey.REQUEST_DATE,
    "response_deadline": SortKey.DEADLINE,
    "ordered_on": SortKey.ORDER_DATE,
}


@dataclass
class QueryForm:
    """The parsed query: the filter, the sort, the raw values to redisplay, and what went
    wrong."""

    values: dict[str, str] = field(default_factory=dict)
    cell: GridCell | None = None
    flt: ClaimFilter = field(default_factory=ClaimFilter)
    sort: ClaimSort = field(default_factory=ClaimSort)
    #: Rows per page (one of the policy's choices).
    size: int = policy.LIST_PAGE_SIZE_DEFAULT
    #: Catalogue key of the form message when the input is unusable, and its parameters.
    error_key: str | None = None
    error_params: dict[str, str] = field(default_factory=dict)

    @property
    def listing(self) -> bool:
        """Whether a list was asked for (a count was clicked or [查询] pressed)."""
        return bool(self.values.get("cell") or self.values.get("search"))

    @property
    def tab(self) -> str:
        """The query tab a list belongs to: a detail query's list stays under 详情查询."""
        return "detail" if self.values.get("search") and not self.values.get("cell") else "status"

    def query_string(self, **overrides: str | None) -> str:
        """The filter and sort as URL parameters (`overrides` replace or drop some)."""
        values = {**self.values, **overrides}
        return urlencode([(k, v) for k in FIELDS if (v := values.get(k))])

    def sort_link(self, column: str) -> str:
        """The query string that sorts by `column`: its default direction first (deadline
        soonest first, dates newest first), the other one when it is already sorted so."""
        key = SORTABLE[column]
        if self.sort.key == key:
            flip = SortDirection.ASC if self.sort.direction == SortDirection.DESC else "DESC"
            direction = str(flip)
        else:
            direction = SortDirection.ASC if key == SortKey.DEADLINE else SortDirection.DESC
        return self.query_string(sort=key.value, dir=str(direction), search=self._search())

    def _search(self) -> str | None:
        return self.values.get("search") or (None if self.values.get("cell") else "1")

    def sorted_by(self, column: str) -> str | None:
        """ASC / DESC when the list is sorted by `column` (for aria-sort and the arrow)."""
        if SORTABLE.get(column) == self.sort.key:
            return str(self.sort.direction)
        return None


def _parse_date(text: str) -> date:
    text = text.strip().replace("/", "-")
    return datetime.strptime(text, "%Y-%m-%d").date()


def _flags(form: QueryForm, flt: ClaimFilter, values: dict[str, str]) -> ClaimFilter | None:
    """The check-box filters, which also narrow a grid cell's list; None if unusable."""
    days: int | None = None
    if values.get("within") == "1":
        text = values.get("within_days") or str(policy.DEADLINE_WITHIN_DAYS_DEFAULT)
        try:
            days = int(text)
        except ValueError:
            days = -1
        if not 0 <= days <= policy.DEADLINE_WITHIN_DAYS_MAX:
            form.error_key = "query.error.days"
            form.error_params = {"max": str(policy.DEADLINE_WITHIN_DAYS_MAX)}
            return None
    return replace(
        flt,
        delayed_only=flt.delayed_only or values.get("delayed") == "1",
        deadline_within_days=days,
        awaiting_rerequest=values.get("held") == "1",
    )


def parse(params: QueryParams) -> QueryForm:
    values = {k: str(params.get(k) or "").strip() for k in FIELDS}
    values = {k: v for k, v in values.items() if v}
    form = QueryForm(values=values)
    try:
        if values.get("size"):
            form.size = int(values["size"])
            if form.size not in policy.LIST_PAGE_SIZES:
                raise ValueError(form.size)
        form.sort = ClaimSort(
            SortKey(values.get("sort") or SortKey.REQUEST_DATE),
            SortDirection(values.get("dir") or SortDirection.DESC),
        )
        if values.get("cell"):
            form.cell = GridCell(values["cell"])
            flt = _flags(form, filter_of(form.cell), values)
            if flt is not None:
                form.flt = flt
            return form
        flt = ClaimFilter()
        flt.date_field = DateField(values.get("date_field") or DateField.REQUEST)
        if values.get("type"):
            flt.types = [ClaimType(values["type"])]
        if values.get("status"):
            flt.statuses = [ClaimStatus(values["status"])]
        if values.get("wstate"):
            flt.withdrawal_states = [WithdrawalState(values["wstate"])]
    except ValueError:
        form.error_key = "query.error.value"
        return form
    try:
        if values.get("date_from"):
            flt.date_from = _parse_date(values["date_from"])
        if values.get("date_to"):
            flt.date_to = _parse_date(values["date_to"])
    except ValueError:
        form.error_key = "query.error.date"
        return form
    if not all(in_range(day) for day in (flt.date_from, flt.date_to) if day is not None):
        form.error_key = "query.error.date_bounds"
        form.error_params = {
            "min": shown(policy.DATE_INPUT_MIN),
            "max": shown(policy.DATE_INPUT_MAX),
        }
        return form
    for name in ("order_no", "cart_no", "item_code", "seller_item_code"):
        text = values.get(name)
        if text and len(text) > TEXT_MAX:
            form.error_key = "query.error.too_long"
            return form
        setattr(flt, name, text or None)
    flagged = _flags(form, flt, values)
    if flagged is None:
        return form
    try:
        flagged.validate()
    except DomainError:
        form.error_key = "query.error.range"
        return form
    form.flt = flagged
    return form
