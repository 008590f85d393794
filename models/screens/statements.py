"""A read model's fixed-shape statements: built by Tortoise once per dialect, re-run with
new values through Tortoise's own executor (the same model instances as awaiting the
queryset).

Why: a screen that runs the same selects on every request (the transaction panel's five,
its general path) changes only their values. Tortoise rebuilds each statement's SQL from its queryset every time
(copying the base query, resolving filters, ordering, joins, rendering): about as much
CPU as running the statement on SQLite. Built once, a statement costs its execution and
the model instances only.

How: `Statement(build, name=sentinel, …)` calls `build(name=sentinel, …)` once per dialect,
lets Tortoise render the queryset, and finds each sentinel among the rendered parameters
(each must appear exactly once, else it raises: a filter that converts its value, or uses
it twice, cannot be prepared this way). `fetch(name=value, …)` puts the values where the
sentinels were and runs the SQL with the queryset's own executor and `select_related`
layout, on the connection the queryset would choose now (so a transaction's connection
is used inside a transaction). Only plain filters, ordering, limit and `select_related`
are supported: no annotations, no prefetch.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model
from tortoise.queryset import QuerySet

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class _Built:
    sql: str
    params: tuple[Any, ...]
    #: sentinel name -> its position in `params`
    slots: tuple[tuple[str, int], ...]
    select_related_idx: list[Any]


class Statement(Generic[M]):
    """One queryset shape, rendered once per dialect (see the module's docstring)."""

    def __init__(self, build: Callable[..., QuerySet[M]], **sentinels: Any) -> None:  # noqa: ANN401
        self._build = build
        self._sentinels = sentinels
        self._by_dialect: dict[str, _Built] = {}

    def _prepare(self, db: BaseDBAsyncClient) -> _Built:
        qs = self._build(**self._sentinels).using_db(db)
        if qs._annotations or qs._prefetch_map or qs._prefetch_queries:
            raise ValueError("a prepared statement takes no annotations or prefetch")
        qs._make_query()
        sql, params = qs.query.get_parameterized_sql()
        slots = []
        for name, sentinel in self._sentinels.items():
            at = [i for i, p in enumerate(params) if type(p) is type(sentinel) and p == sentinel]
            if len(at) != 1:
                raise ValueError(f"{name}: its sentinel is rendered {len(at)} times, not once")
            slots.append((name, at[0]))
        return _Built(sql, tuple(params), tuple(slots), list(qs._select_related_idx))

    def _model(self) -> type[M]:
        model = getattr(self, "_model_class", None)
        if model is None:
            model = self._build(**self._sentinels).model
            self._model_class: type[M] = model
        return model

    async def fetch(self, **values: Any) -> list[M]:  # noqa: ANN401
        """The rows, exactly as awaiting `build(**values)` gives them."""
        model = self._model()
        db = model._choose_db()
        dialect = db.capabilities.dialect
        built = self._by_dialect.get(dialect)
        if built is None:
            built = self._by_dialect[dialect] = self._prepare(db)
        params = list(built.params)
        for name, at in built.slots:
            params[at] = values[name]
        executor = db.executor_class(
            model=model, db=db, select_related_idx=built.select_related_idx
        )
        return await executor.execute_select(built.sql, params)
