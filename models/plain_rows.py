"""A table's rows as plain values: one statement through the driver into slotted objects
that carry the model's attribute names and Python types, without Tortoise model instances.

Why: the claims page reads 50 claims with their orders joined. Tortoise builds a model
instance for each (102 per page), converting every column through its field objects; the
issue 15 profile measured the page's statement at 0.38 ms as driver rows and 3.68 ms as
models (3.37 ms with `.values()`, which converts column by column the same way). A read
model that only reads attributes gets the same values here for a tenth of that.

What: `reader(Model)` builds once per model a row class (`__slots__` = the model's data
fields, the foreign keys as `<name>_id`) and one converter per column (an enum field gives
its enum, a date field a `date`, a datetime field exactly what Tortoise gives; columns the
driver already returns in their Python type pass through untouched). `fetch(queryset,
readers)` runs a queryset's own SQL (its filters, joins, order and limit, built by
Tortoise as usual) with each reader's columns selected, and splits each driver row
between the readers. The rows are read-only views: nothing here can save them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from typing import Any

from tortoise import fields
from tortoise.fields.base import Field
from tortoise.models import Model
from tortoise.queryset import QuerySet

Convert = Callable[[Any], Any] | None


class PlainRow:
    """Base of every plain row class (attributes only; see `reader`)."""

    __slots__ = ()

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name, None)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({values})"


def _as_date(value: Any) -> Any:  # noqa: ANN401
    """A date column: asyncpg gives a `date`, SQLite its ISO text."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _converter(field: Field[Any]) -> Convert:
    """The cheapest conversion giving what Tortoise gives for this field (None: as is)."""
    enum_type = getattr(field, "enum_type", None)
    if isinstance(field, fields.data.CharEnumFieldInstance) and enum_type is not None:
        return lambda value: None if value is None else enum_type(value)
    if isinstance(field, fields.DatetimeField):
        return field.to_python_value
    if isinstance(field, fields.DateField):
        return _as_date
    if isinstance(field, fields.IntField | fields.CharField | fields.TextField):
        return None
    return field.to_python_value


class Reader:
    """How to read one model's columns from a driver row, and the row class they fill."""

    def __init__(self, model: type[Model], extra: tuple[str, ...] = ()) -> None:
        meta = model._meta
        #: attribute name -> column name, the model's data fields and foreign-key ids
        projection: dict[str, str] = dict(meta.fields_db_projection)
        self.model = model
        self.attributes: tuple[str, ...] = tuple(projection)
        self.columns: tuple[str, ...] = tuple(projection.values())
        self.converters: tuple[Convert, ...] = tuple(
            _converter(meta.fields_map[name]) for name in self.attributes
        )
        self.row_class: type[PlainRow] = type(
            f"{model.__name__}Row",
            (PlainRow,),
            {"__slots__": self.attributes + extra, "__doc__": f"A {model.__name__} row's values."},
        )

    def build(self, values: Sequence[Any], start: int) -> PlainRow:
        """The row from `values[start : start + len(self.columns)]`."""
        row = self.row_class.__new__(self.row_class)
        setter = object.__setattr__
        for i, (name, convert) in enumerate(zip(self.attributes, self.converters, strict=True)):
            value = values[start + i]
            setter(row, name, value if convert is None else convert(value))
        return row


@cache
def reader(model: type[Model], extra: tuple[str, ...] = ()) -> Reader:
    """The model's reader (one per model and `extra`: more slots, e.g. a joined row's).
    Call it only once Tortoise is initialised: before, a model's foreign-key columns
    (`order_id` …) are not in its field map yet."""
    assert model._meta._inited, f"{model.__name__}: Tortoise is not initialised yet"
    return Reader(model, extra)


def select_names(readers: Sequence[tuple[str, Reader]]) -> list[str]:
    """`values_list` names for the readers: the queryset's own model under "" and a joined
    one under its relation's name (e.g. "order")."""
    names: list[str] = []
    for relation, rdr in readers:
        prefix = f"{relation}__" if relation else ""
        names += [f"{prefix}{name}" for name in rdr.attributes]
    return names


async def fetch(qs: QuerySet[Any], readers: Sequence[tuple[str, Reader]]) -> list[list[PlainRow]]:
    """Run `qs` (filters, joins, order, limit as built) selecting each reader's columns
    (the queryset's model under relation "", a joined one under its relation name); one
    list of rows per driver row, in the readers' order."""
    values = qs.values_list(*select_names(readers))
    sql = values.sql()  # Tortoise builds the statement (and picks the connection) as usual
    _, params = values.query.get_parameterized_sql()
    _, found = await values._db.execute_query(sql, params)
    out: list[list[PlainRow]] = []
    for driver_row in found:
        start = 0
        built: list[PlainRow] = []
        for _, rdr in readers:
            built.append(rdr.build(driver_row, start))
            start += len(rdr.columns)
        out.append(built)
    return out
