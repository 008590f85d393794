"""A claims page costs a fixed number of SQL statements whatever its size, and the grid
never loads claim rows."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from models.clock import Clock
from models.entities import Buyer, Claim, Order, Seller
from models.enums import ActorKind, ClaimStatus, ClaimType, EventKind
from models.ops import audit, counters, withdrawals
from models.policy import BUSINESS_TZ
from tests.gql import ops
from tests.gql.helpers import Api

PAGE = """
query($first: Int!) {
  claims(first: $first) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id type status statusLabel(lang: JA) delayed requestDate reason
      order { orderNo cartNo itemCode sellerItemCode orderDate shipDate shopName buyerMaskedId hasUnansweredMemo }
      withdrawal { round state deadline sellerMessage }
      withdrawalActions { action allowed reason message }
      rerequestDeadline nextRequestAllowedOn
      events { kind at }
    } }
  }
}"""


class _Counter(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.statements: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().lstrip().upper()
        if message.startswith(("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")):
            self.statements.append(record.getMessage())


@contextmanager
def sql_statements() -> Iterator[list[str]]:
    """The SQL statements Tortoise runs inside the block (its db_client DEBUG log)."""
    logger = logging.getLogger("tortoise.db_client")
    handler, level = _Counter(), logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        yield handler.statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


async def _more_claims(count: int) -> None:
    """`count` extra return claims for shop1, every other one with a pending request."""
    seller = await Seller.get(login_id="shop1")
    buyer = await Buyer.get(login_id="buyer1")
    at = datetime(2021, 8, 3, 9, 0, tzinfo=BUSINESS_TZ)
    for i in range(count):
        order = await Order.create(
            seller=seller,
            buyer=buyer,
            order_no=f"9{i:08d}",
            cart_no=f"8{i:08d}",
            item_code=f"7{i:08d}",
            ordered_on=date(2021, 7, 1),
        )
        claim = await Claim.create(
            order=order,
            seller=seller,
            buyer=buyer,
            type=ClaimType.RETURN,
            status=ClaimStatus.RETURN_REQUESTED,
            requested_on=date(2021, 8, 3) + timedelta(days=1),
            created_at=at,
            updated_at=at,
        )
        await counters.add(seller.id, counters.status_key(ClaimStatus.RETURN_REQUESTED), 1)
        await audit.record_event(
            claim, EventKind.CLAIM_FILED, ActorKind.BUYER, buyer.id, at, to_status=claim.status
        )
        if i % 2 == 0:
            await withdrawals.request_withdrawal(seller.id, claim.id, f"please {i}")


async def test_page_of_50_costs_what_a_page_of_5_costs(api: Api, clock: Clock) -> None:
    await _more_claims(60)
    await api.token("shop1")
    counts = {}
    for first in (5, 50):
        with sql_statements() as statements:
            data = await api.data(PAGE, {"first": first}, as_="shop1")
        assert len(data["claims"]["edges"]) == first
        assert any(e["node"]["withdrawal"] for e in data["claims"]["edges"])
        counts[first] = len(statements)
    assert counts[50] == counts[5], counts
    assert counts[50] <= 12, counts


async def test_grid_never_loads_claim_rows(api: Api, clock: Clock) -> None:
    """Unfiltered: one read of the seller's counter rows (the delayed count included) and
    no claim table at all; filtered: one GROUP BY over the claims, no rows loaded."""
    await api.token("shop1")
    # the sweep-on-read's index probes (models/ops/sweep.py) select 1, never rows or counts
    # (for a seller one statement of EXISTS probes and the data version)
    probes = ('SELECT 1 FROM "claim"', 'SELECT 1 FROM "withdrawal_round"', "SELECT EXISTS (")
    with sql_statements() as statements:
        await api.data(ops.GRID, {}, as_="shop1")
    counted = [s for s in statements if 'FROM "claim"' in s and not s.startswith(probes)]
    assert not counted, statements
    counter_reads = [s for s in statements if 'FROM "seller_counter"' in s]
    assert len([s for s in counter_reads if not s.startswith(probes)]) == 1, statements
    with sql_statements() as statements:
        await api.data(
            ops.GRID, {"filter": {"types": ["RETURN"], "delayedOnly": False}}, as_="shop1"
        )
    claim_reads = [s for s in statements if 'FROM "claim"' in s and not s.startswith(probes)]
    assert len(claim_reads) == 1, claim_reads
    # a row load would select the claim's columns; counts select only group keys
    assert not any('"reason"' in s or '"seller_message"' in s for s in claim_reads), claim_reads
    assert all("COUNT(" in s.upper() for s in claim_reads), claim_reads
