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
driver already returns in their Python type pass through untouched). `driver_rows` runs a
queryset's own SQL (its filters, joins, order and limit, built by Tortoise as usual) and
`split_joined` splits each driver row of a `select_related` statement between the two
readers. The rows are read-only views: nothing here can save them.
"""

from __future__ import annotations

import keyword
from collections.abc import Callable, Sequence
from datetime import date
from functools import cache
from typing import Any

from tortoise import fields
from tortoise.fields.base import Field
from tortoise.models import Model
from tortoise.queryset import AwaitableQuery

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


class _EnumConverter:
    """An enum column: the member by its stored text (a dict lookup; `enum_type(value)`
    for anything else, which gives the member or raises as Tortoise would). The row
    builder does the lookup inline (`members`)."""

    __slots__ = ("members", "enum_type")

    def __init__(self, enum_type: Any) -> None:  # noqa: ANN401
        self.enum_type = enum_type
        self.members = {member.value: member for member in enum_type}

    def __call__(self, value: Any) -> Any:  # noqa: ANN401
        if value is None:
            return None
        return self.members.get(value) or self.enum_type(value)


def _converter(field: Field[Any]) -> Convert:
    """The cheapest conversion giving what Tortoise gives for this field (None: as is)."""
    enum_type = getattr(field, "enum_type", None)
    if isinstance(field, fields.data.CharEnumFieldInstance) and enum_type is not None:
        return _EnumConverter(enum_type)
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
        self._builders: dict[tuple[int, ...], Callable[[Sequence[Any]], PlainRow]] = {}
        self.row_class: type[PlainRow] = type(
            f"{model.__name__}Row",
            (PlainRow,),
            {"__slots__": self.attributes + extra, "__doc__": f"A {model.__name__} row's values."},
        )

    def build_at(self, values: Sequence[Any], positions: Sequence[int]) -> PlainRow:
        """The row from the driver row's `values` at these positions (one per column)."""
        row = self.row_class.__new__(self.row_class)
        setter = object.__setattr__
        for name, convert, at in zip(self.attributes, self.converters, positions, strict=True):
            value = values[at]
            setter(row, name, value if convert is None else convert(value))
        return row

    def builder(self, positions: tuple[int, ...]) -> Callable[[Sequence[Any]], PlainRow]:
        """`build_at(values, positions)` as one function made for these positions: the
        same assignments written out (no loop, no zip, no call for an unconverted
        column): a fifth of the loop's time (1.1 µs against 5.5 µs for 24 columns). Made once per
        statement shape; the loop itself when an attribute is no plain identifier."""
        made = self._builders.get(positions)
        if made is None:
            made = self._builders[positions] = self._make_builder(positions)
        return made

    def _make_builder(self, positions: tuple[int, ...]) -> Callable[[Sequence[Any]], PlainRow]:
        names = self.attributes
        if len(positions) != len(names) or not all(
            n.isidentifier() and not keyword.iskeyword(n) for n in names
        ):
            return lambda values: self.build_at(values, positions)
        scope: dict[str, Any] = {"_new": object.__new__, "_cls": self.row_class, "_date": date}
        lines = ["def build(values):", "    row = _new(_cls)"]
        for i, (name, convert, at) in enumerate(
            zip(names, self.converters, positions, strict=True)
        ):
            value = f"values[{int(at)}]"
            if convert is None:
                lines.append(f"    row.{name} = {value}")
                continue
            scope[f"_c{i}"] = convert
            # the common values inline, no call (the page's rows: 8 dates and 4 enums
            # each): what the converter gives for them, and the converter for the rest
            if convert is _as_date:
                lines.append(
                    f"    row.{name} = v if (v := {value}) is None or type(v) is _date "
                    f"else _c{i}(v)"
                )
            elif isinstance(convert, _EnumConverter):
                scope[f"_m{i}"] = convert.members
                lines.append(
                    f"    row.{name} = None if (v := {value}) is None else "
                    f"(_m{i}.get(v) or _c{i}(v))"
                )
            else:
                lines.append(f"    row.{name} = _c{i}({value})")
        lines.append("    return row")
        exec("\n".join(lines), scope)  # noqa: S102 - model attribute names, checked above
        return scope["build"]


@cache
def reader(model: type[Model], extra: tuple[str, ...] = ()) -> Reader:
    """The model's reader (one per model and `extra`: more slots, e.g. a joined row's).
    Call it only once Tortoise is initialised: before, a model's foreign-key columns
    (`order_id` …) are not in its field map yet."""
    assert model._meta._inited, f"{model.__name__}: Tortoise is not initialised yet"
    return Reader(model, extra)


async def driver_rows(query: AwaitableQuery[Any]) -> tuple[str, list[Any]]:
    """Run a query's own parameterised SQL (built once, by Tortoise, as usual) on its own
    connection: the statement and the driver's rows, unconverted. Tortoise (pinned at 1.1.9
    in pyproject) converts every value of every row through its field, and has no public
    call that runs a query's SQL without it, hence its three internals."""
    query._choose_db_if_not_chosen()
    query._make_query()
    sql, params = query.query.get_parameterized_sql()
    _, rows = await query._db.execute_query(sql, params)
    return sql, rows


async def run_statement(
    model: type[Model], statement: tuple[str, list[Any]]
) -> tuple[str, list[Any]]:
    """Run a statement of `statements()` on the connection a query of `model` would use
    now (the same choice Tortoise's own queryset makes, a transaction's included): the
    statement and the driver's rows, unconverted."""
    sql, params = statement
    _, rows = await model._choose_db().execute_query(sql, params)
    return sql, rows


def split_joined(
    sql: str, found: list[Any], base: Reader, joined: Reader
) -> list[tuple[PlainRow, PlainRow]]:
    """Each driver row of a `select_related` statement split into the base row and the
    joined row by the columns' names."""
    if not found:
        return []
    base_at, joined_at = _positions(sql, list(found[0].keys()), base, joined)
    build_base, build_joined = base.builder(base_at), joined.builder(joined_at)
    return [(build_base(row), build_joined(row)) for row in found]


_POSITIONS: dict[str, tuple[tuple[int, ...], tuple[int, ...]]] = {}


def _positions(
    sql: str, keys: list[str], base: Reader, joined: Reader
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Where each reader's columns sit in a row of this statement: the base table's under
    their own names, the joined table's as `<join alias>.<column>` (once per statement)."""
    known = _POSITIONS.get(sql)
    if known is None:
        alias = next(k.split(".", 1)[0] for k in keys if "." in k)
        known = (
            tuple(keys.index(c) for c in base.columns),
            tuple(keys.index(f"{alias}.{c}") for c in joined.columns),
        )
        if len(_POSITIONS) < 1024:
            _POSITIONS[sql] = known
    return known
