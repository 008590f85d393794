"""The claims page's cached statements (models/statement_cache.py) are the statements
Tortoise builds: for every filter, sort, direction and cursor the SQL and parameters bound
into a shape's template equal a fresh build with the same values, and the rows equal the
general path's, on both databases."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from models import statement_cache
from models.clock import Clock
from models.entities import Claim, Order, Seller
from models.enums import ClaimStatus, ClaimType, WithdrawalState
from models.ops import withdrawals
from models.plain_rows import reader
from models.queries import (
    ClaimFilter,
    ClaimSort,
    DateField,
    Position,
    SortDirection,
    SortKey,
    _segment,
    claim_terms,
    filtered,
    position_of,
    segment_statement,
    walk_plain,
    walk_terms,
)


def _filters(order: Order, today: date) -> list[ClaimFilter | None]:
    """No filter, each filter alone (lists with a repeat), every filter at once."""
    month = (today - timedelta(days=30), today)
    alone = [
        ClaimFilter(types=[ClaimType.RETURN, ClaimType.CANCEL, ClaimType.RETURN]),
        ClaimFilter(statuses=[ClaimStatus.RETURN_REQUESTED, ClaimStatus.CANCEL_REQUESTED]),
        ClaimFilter(withdrawal_states=[WithdrawalState.REQUESTED]),
        *(ClaimFilter(date_field=f, date_from=month[0], date_to=month[1]) for f in DateField),
        ClaimFilter(date_to=today),
        ClaimFilter(order_no=order.order_no),
        ClaimFilter(cart_no=order.cart_no),
        ClaimFilter(item_code=order.item_code),
        ClaimFilter(seller_item_code=order.seller_item_code or "X"),
        ClaimFilter(delayed_only=True),
        ClaimFilter(deadline_within_days=6),
        ClaimFilter(awaiting_rerequest=True),
    ]
    everything = ClaimFilter(
        types=list(ClaimType),
        statuses=[ClaimStatus.RETURN_REQUESTED],
        withdrawal_states=[WithdrawalState.REQUESTED, WithdrawalState.HELD],
        date_field=DateField.ORDER,
        date_from=date(2000, 1, 1),
        date_to=today,
        order_no=order.order_no,
        cart_no=order.cart_no,
        item_code=order.item_code,
        delayed_only=True,
        deadline_within_days=0,
        awaiting_rerequest=True,
    )
    return [None, *alone, everything]


def _values(row: Any, model: type) -> dict[str, Any]:  # noqa: ANN401
    return {name: getattr(row, name) for name in reader(model).attributes}


async def test_cached_statements_equal_fresh_builds_for_every_shape(
    demo: None, clock: Clock
) -> None:
    shop1 = await Seller.get(login_id="shop1")
    shop2 = await Seller.get(login_id="shop2")
    opened = await Claim.filter(seller_id=shop1.id).order_by("id").first()
    assert opened is not None
    await withdrawals.request_withdrawal(shop1.id, opened.id, "please withdraw")
    order = await Order.get(id=opened.order_id)
    today = clock.today()
    sorts = [ClaimSort(k, d) for k in SortKey for d in SortDirection]
    bound = 0
    for flt in _filters(order, today):
        for sort in sorts:
            every = await walk_plain(filtered(claim_terms(shop1.id, None, today)), sort, None, 100)
            # no cursor, a dated row's, an undated row's (nullable sorts)
            starts: list[Position | None] = [None, position_of(sort, every[len(every) // 2])]
            starts += [position_of(sort, c) for c in every if sort.value_of(c) is None][:1]
            for start in starts:
                for backward in (False, True):
                    ascending = (sort.direction == SortDirection.ASC) != backward
                    for nulls in [False, True] if sort.nullable else [False]:
                        if start is not None and nulls != (start.value is None):
                            continue
                        # the first call derives the shape's template (shop2, another
                        # size); the second binds shop1's values into it
                        segment_statement(
                            claim_terms(shop2.id, flt, today), sort, nulls, ascending, start, 3
                        )
                        terms = claim_terms(shop1.id, flt, today)
                        cached = segment_statement(terms, sort, nulls, ascending, start, 100)
                        fresh = _segment(filtered(terms), sort, nulls, ascending, start)
                        built = statement_cache.built(fresh.limit(100).select_related("order"))
                        assert cached == built, (flt, sort, start, backward, nulls)
                        bound += 1
                    terms = claim_terms(shop1.id, flt, today)
                    general = await walk_plain(filtered(terms), sort, start, 100, backward=backward)
                    fast = await walk_terms(terms, sort, start, 100, backward=backward)
                    assert [c.id for c in fast] == [c.id for c in general]
                    for a, b in zip(fast, general, strict=True):
                        assert _values(a, Claim) == _values(b, Claim)
                        assert _values(a.order, Order) == _values(b.order, Order)
    assert bound > 500
    assert statement_cache.refused() == []


async def test_a_shape_computing_a_parameter_from_a_value_is_never_cached(db: None) -> None:
    """The safety net: a build that filters by something *computed* from a value (here
    the day after it) shows no plain slot, so that shape is built afresh every time and
    still gives the right statement."""

    def build(args: tuple[Any, ...]) -> Any:  # noqa: ANN401
        return Claim.filter(seller_id=args[0], requested_on__gt=args[1] + timedelta(days=1))

    key = ("test", "computed")
    first = statement_cache.statement(key, build, (1, date(2021, 8, 3)))
    second = statement_cache.statement(key, build, (2, date(2021, 9, 1)))
    assert second[1] == [2, date(2021, 9, 2)]
    assert first[1] == [1, date(2021, 8, 4)]
    assert key in statement_cache.refused()
