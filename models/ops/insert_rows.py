"""Rows whose ids nobody reads back (audit events, notices), inserted as one plain
parameterised statement instead of through `Model.create` / `bulk_create`.

Why: every withdrawal operation writes an event and two notices; Tortoise builds a model
instance for each (defaults, validation, the save machinery), ~0.1 ms of CPU per row
measured in the mutation's profile, for rows the operation never reads again. Here the
statement's text is built once per model, dialect and row count, and each value is
converted by the same field methods `Model.create` uses (`to_python_value`, then
`to_db_value`), with the model's defaults for the columns not given, so the stored rows
are the same (`tests/models/test_claim_lock.py` compares them with `Model.create`'s).

Not for rows whose id or instance is needed (a round: the payload answers its id).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from tortoise import connections
from tortoise.models import Model

_MISSING = object()


@cache
def _columns(model: type[Model]) -> tuple[tuple[str, str], ...]:
    """(attribute, column) of every column an insert writes: all but generated ones."""
    meta = model._meta
    return tuple(
        (name, column)
        for name, column in meta.fields_db_projection.items()
        if not meta.fields_map[name].generated
    )


@cache
def _statement(model: type[Model], pg: bool, rows: int) -> str:
    columns = _columns(model)
    names = ", ".join(f'"{column}"' for _, column in columns)
    marks = iter(range(1, rows * len(columns) + 1))
    values = ", ".join(
        "(" + ", ".join(f"${next(marks)}" if pg else "?" for _ in columns) + ")"
        for _ in range(rows)
    )
    return f'INSERT INTO "{model._meta.db_table}" ({names}) VALUES {values}'


def _value(model: type[Model], name: str, given: Any) -> Any:  # noqa: ANN401
    """As `Model.create` does: a given value through `to_python_value` (which, e.g., moves
    an aware datetime to UTC), a missing one the field's default, then `to_db_value`."""
    field = model._meta.fields_map[name]
    if given is _MISSING:
        default = field.default
        given = default() if callable(default) else default
        assert given is not None or field.null, f"{model.__name__}.{name} is required"
    else:
        given = field.to_python_value(given)
    return field.to_db_value(given, None)


async def insert(model: type[Model], rows: Sequence[dict[str, Any]]) -> None:
    """Insert `rows` (attribute name -> value, as `Model.create` takes them, foreign keys
    as `<name>_id`) into `model`'s table, in the current transaction, in one statement."""
    if not rows:
        return
    conn = connections.get("default")
    pg = conn.capabilities.dialect == "postgres"
    columns = _columns(model)
    for row in rows:
        unknown = set(row) - {name for name, _ in columns}
        assert not unknown, f"{model.__name__}: no columns {sorted(unknown)}"
    values = [_value(model, name, row.get(name, _MISSING)) for row in rows for name, _ in columns]
    await conn.execute_query(_statement(model, pg, len(rows)), values)
