"""The claim list's rows as plain values (models/plain_rows.py) hold exactly what the
Tortoise models hold: every column, the same value and the same Python type (an enum
stays an enum, a date a date, an instant an aware datetime), the order joined."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

import pytest

from models.clock import Clock
from models.entities import Claim, Order, Seller
from models.ops import withdrawals
from models.plain_rows import PlainRow, reader
from models.queries import (
    DEFAULT_SORT,
    ClaimSort,
    SortDirection,
    SortKey,
    claims_queryset,
    walk,
    walk_plain,
)


def _values(row: object, model: type) -> dict[str, tuple[type, object]]:
    return {
        name: (type(getattr(row, name)), getattr(row, name)) for name in reader(model).attributes
    }


async def test_plain_rows_equal_the_models_column_by_column(demo: None, clock: Clock) -> None:
    seller = await Seller.get(login_id="shop1")
    # one claim with an open round: a state, a deadline and a round count to compare too
    first = await Claim.filter(seller_id=seller.id).order_by("id").first()
    assert first is not None
    await withdrawals.request_withdrawal(seller.id, first.id, "please withdraw")
    base = claims_queryset(seller.id, None, clock.today())
    sorts = [
        DEFAULT_SORT,
        ClaimSort(SortKey.DEADLINE, SortDirection.ASC),
        ClaimSort(SortKey.ORDER_DATE, SortDirection.DESC),
    ]
    for sort in sorts:
        models = await walk(base, sort, None, 100)
        plain = await walk_plain(base, sort, None, 100)
        assert [c.id for c in plain] == [c.id for c in models]
        assert len(plain) > 3
        for model, row in zip(models, plain, strict=True):
            assert isinstance(row, PlainRow)
            assert _values(row, Claim) == _values(model, Claim)
            assert _values(row.order, Order) == _values(model.order, Order)
    opened = next(c for c in plain if c.id == first.id)
    assert isinstance(opened.withdrawal_state, Enum)
    assert opened.response_deadline is not None
    assert opened.created_at.tzinfo is not None


async def test_the_row_builder_converts_as_its_converters_do(demo: None) -> None:
    """The written-out row builder converts a date or an enum column inline, and gives
    exactly what the loop over the converters (`build_at`) gives: SQLite's ISO text and
    a driver's `date` alike, None, an enum's stored text, and the same error for a value
    the enum does not know."""
    claims = reader(Claim)
    positions = tuple(range(len(claims.attributes)))
    build = claims.builder(positions)
    model = await Claim.all().order_by("id").first()
    assert model is not None
    stored = [getattr(model, name) for name in claims.attributes]
    as_text = [
        value.isoformat()
        if isinstance(value, date) and not isinstance(value, datetime)
        else value.value
        if isinstance(value, Enum)
        else value
        for value in stored
    ]
    nulls = [
        None if name in ("completed_on", "withdrawal_state", "response_deadline") else value
        for name, value in zip(claims.attributes, stored, strict=True)
    ]
    for values in (stored, as_text, nulls):
        assert _values(build(values), Claim) == _values(claims.build_at(values, positions), Claim)
    assert _values(build(as_text), Claim) == _values(model, Claim)
    bad = list(as_text)
    bad[claims.attributes.index("status")] = "NO_SUCH_STATUS"
    with pytest.raises(ValueError):
        claims.build_at(bad, positions)
    with pytest.raises(ValueError):
        build(bad)
