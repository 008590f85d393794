"""The detail query (详情查询) and grid-cell links as URL parameters ↔ `ClaimFilter`.

A `?cell=` link opens the filter the grid read model gives that cell (the API hands the
same filter to its clients), so the portal keeps no mapping of its own.

One parser serves the page, the list fragment and the Excel export, so the list a count
opens, the rows a query shows and the rows Excel writes are always the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from models.enums import ClaimStatus, ClaimType, WithdrawalState
from models.errors import DomainError
from models.grid import GridCell
from models.queries import ClaimFilter, DateField
from models.screens.grid import filter_of

#: The parameters the form and the links carry (in this order in generated URLs).
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
    "search",
)
TEXT_MAX = 50


@dataclass
class QueryForm:
    """The parsed query: the filter, the raw values to redisplay, and what went wrong."""

    values: dict[str, str] = field(default_factory=dict)
    cell: GridCell | None = None
    flt: ClaimFilter = field(default_factory=ClaimFilter)
    #: Catalogue key of the form message when the input is unusable.
    error_key: str | None = None

    @property
    def listing(self) -> bool:
        """Whether a list was asked for (a count was clicked or [查询] pressed)."""
        return bool(self.values.get("cell") or self.values.get("search"))

    def query_string(self) -> str:
        return urlencode([(k, v) for k in FIELDS if (v := self.values.get(k))])


def _parse_date(text: str) -> date:
    text = text.strip().replace("/", "-")
    return datetime.strptime(text, "%Y-%m-%d").date()


def parse(params: QueryParams) -> QueryForm:
    values = {k: str(params.get(k) or "").strip() for k in FIELDS}
    values = {k: v for k, v in values.items() if v}
    form = QueryForm(values=values)
    try:
        if values.get("cell"):
            form.cell = GridCell(values["cell"])
            form.flt = filter_of(form.cell)
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
    for name in ("order_no", "cart_no", "item_code", "seller_item_code"):
        text = values.get(name)
        if text and len(text) > TEXT_MAX:
            form.error_key = "query.error.too_long"
            return form
        setattr(flt, name, text or None)
    flt.delayed_only = values.get("delayed") == "1"
    try:
        flt.validate()
    except DomainError:
        form.error_key = "query.error.range"
        return form
    form.flt = flt
    return form
