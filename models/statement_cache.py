"""Built SQL kept per query *shape*, so a hot read binds its values instead of having
Tortoise build the same statement again.

Why: the claims page's statement takes Tortoise ~0.5 ms of CPU to build (resolving the
filters, the join and the 45 selected columns, then pypika writing the text) for a
statement the database answers in ~0.4 ms; the text is the same for every page of the
same shape (which filters, which sort, a cursor or not), only the values differ.

How the values find their place: never by reading the SQL. `statement(key, build, args)`
calls `build(args)` (a function making the queryset from a flat tuple of the values it
filters by) as usual, then once per shape again with each value changed in turn: the
parameters that change with value *i* are its slots, and the conversion Tortoise applied
(none, or an enum's stored text) is the one that gives both builds' parameters. The shape
is cached only if every build has the same text and the same number of parameters, every
changed parameter belongs to one value and converts one known way, and every value has a
slot; otherwise (and beyond `LIMIT` shapes) each call builds afresh, exactly as before.
`tests/models/test_statement_cache.py` compares both paths for every filter, sort and
cursor combination.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any

from tortoise.queryset import AwaitableQuery

Build = Callable[[tuple[Any, ...]], AwaitableQuery[Any]]

#: Shapes kept per process (the page's filters and sorts give a few dozen in practice).
LIMIT = 512


def _same(value: Any) -> Any:  # noqa: ANN401
    return value


def _enum_text(value: Any) -> Any:  # noqa: ANN401 - what CharEnumField.to_db_value stores
    return str(value.value) if isinstance(value, Enum) else _NOT_AN_ENUM


#: What `_enum_text` gives for anything else: equal to no parameter.
_NOT_AN_ENUM = object()


#: The conversions a filter value may go through to become a parameter; which one applies
#: is read from the builds, never assumed.
_CONVERSIONS: tuple[Callable[[Any], Any], ...] = (_same, _enum_text)


@dataclass(frozen=True)
class Template:
    """One shape's statement: its text, the parameters with the constants in place, and
    for each slot (parameter position, value index, conversion)."""

    sql: str
    params: tuple[Any, ...]
    slots: tuple[tuple[int, int, Callable[[Any], Any]], ...]

    def bind(self, args: Sequence[Any]) -> list[Any]:
        params = list(self.params)
        for at, index, convert in self.slots:
            params[at] = convert(args[index])
        return params


_TEMPLATES: dict[Hashable, Template | None] = {}


def built(query: AwaitableQuery[Any]) -> tuple[str, list[Any]]:
    """The query's SQL and parameters as Tortoise builds them to run it (Tortoise 1.1.9,
    pinned in pyproject, has no public call for it, hence its internals)."""
    query._choose_db_if_not_chosen()
    query._make_query()
    sql, params = query.query.get_parameterized_sql()
    return sql, list(params)


def statement(key: Hashable, build: Build, args: tuple[Any, ...]) -> tuple[str, list[Any]]:
    """The SQL and parameters `build(args)` gives, from the shape's template when `key`'s
    is known (see the module's docstring)."""
    template = _TEMPLATES.get(key)
    if template is not None:
        return template.sql, template.bind(args)
    sql, params = built(build(args))
    if key not in _TEMPLATES and len(_TEMPLATES) < LIMIT:
        _TEMPLATES[key] = derive(build, args, sql, params)
    return sql, params


def derive(build: Build, args: tuple[Any, ...], sql: str, params: list[Any]) -> Template | None:
    """The template of `build`'s shape from its builds, or None when a build does not
    show a plain slot for every value (that shape is then always built afresh)."""
    owner: list[int | None] = [None] * len(params)
    slots: list[tuple[int, int, Callable[[Any], Any]]] = []
    for index, value in enumerate(args):
        other_value = _other(value)
        if other_value is None:
            return None
        changed_args = args[:index] + (other_value,) + args[index + 1 :]
        other_sql, other = built(build(changed_args))
        if other_sql != sql or len(other) != len(params):
            return None
        changed = [at for at in range(len(params)) if not _equal(params[at], other[at])]
        if not changed:
            return None
        for at in changed:
            convert = next(
                (
                    c
                    for c in _CONVERSIONS
                    if _equal(c(value), params[at]) and _equal(c(other_value), other[at])
                ),
                None,
            )
            if owner[at] is not None or convert is None:
                return None
            owner[at] = index
            slots.append((at, index, convert))
    template = Template(sql, tuple(params), tuple(slots))
    return template if _equal_lists(template.bind(args), params) else None


def _other(value: Any) -> Any:  # noqa: ANN401
    """Another value of the same type (None: no sure one, the shape is not cached)."""
    if isinstance(value, Enum):
        return next((m for m in type(value) if m is not value), None)
    if isinstance(value, bool | datetime):
        return None
    if isinstance(value, int):
        return value + 1
    if isinstance(value, date):
        return value + timedelta(days=1) if value < date.max else value - timedelta(days=1)
    if isinstance(value, str):
        return value + "~"
    return None


def _equal(a: Any, b: Any) -> bool:  # noqa: ANN401
    return type(a) is type(b) and a == b


def _equal_lists(a: list[Any], b: list[Any]) -> bool:
    return len(a) == len(b) and all(_equal(x, y) for x, y in zip(a, b, strict=True))


def refused() -> list[Hashable]:
    """The shapes seen whose builds showed no template (each call builds them afresh)."""
    return [key for key, template in _TEMPLATES.items() if template is None]


def clear() -> None:
    """Forget every template (tests, and after the models are set up again)."""
    _TEMPLATES.clear()
