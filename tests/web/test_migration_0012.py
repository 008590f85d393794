"""Migration 0012 on a database with claims: the delayed count's day rows are backfilled
from the claims, and the order table loses its open-claim flag (kept indexes, kept
references) while "one open claim per order" still holds.

Real processes on a throwaway database (SQLite file, or a new PostgreSQL database when
DATABASE_URL points at one): migrate to 0011, write orders and claims as that schema had
them (the flag included), `qsm migrate`, then read with the current code.
"""

from __future__ import annotations

import json

from tests.cli_helpers import qsm, run_with_db

TO_0011 = """
from tortoise.migrations.api import migrate

async def main():
    await migrate(config=tortoise_config(), target="models.0011_exports")
"""

#: At 0011: a seller with 40 claims on request days 0..9 days back, in their first status
#: or moved on, the counters as 0011's code kept them (status / withdrawal rows only).
OLD_ROWS = """
from datetime import date, datetime, timedelta, timezone
from tortoise import connections
from models import policy
from models.entities import Buyer, Claim, Seller
from models.enums import ClaimStatus, ClaimType
from models.ops import counters
from models.queries import live_group_by

async def main():
    conn = connections.get("default")
    seller = await Seller.create(login_id="s", shop_name="S", password_hash="x")
    buyer = await Buyer.create(login_id="b", display_name="B", password_hash="x")
    today = date(2021, 8, 3)
    now = datetime(2021, 8, 3, 1, 0, tzinfo=timezone.utc)
    types = list(ClaimType)
    for i in range(40):
        kind = types[i % 4]
        status = policy.FIRST_STATUS[kind] if i % 3 else policy.STATUSES_BY_TYPE[kind][-1]
        closed = status in policy.CLOSED_STATUSES
        await conn.execute_script(
            'INSERT INTO "customer_order" ("seller_id", "buyer_id", "order_no", "cart_no", '
            '"item_code", "seller_item_code", "item_name", "quantity", "option_info", '
            '"option_code", "country", "recipient_name", "recipient_phone", "total_amount", '
            '"payment_method", "ordered_on", "carrier", "tracking_no", "postal_code", '
            '"address", "status", "has_open_claim") VALUES '
            f"({seller.id}, {buyer.id}, '5{i:08d}', '1', '1', '', '', 1, '', '', 'JP', '', "
            f"'', 0, '', '2021-07-01', '', '', '', '', 'AWAITING_SHIPMENT', "
            f"{'FALSE' if closed else 'TRUE'})"
        )
        order_id = (await conn.execute_query_dict(
            f"SELECT id FROM customer_order WHERE order_no = '5{i:08d}'"
        ))[0]["id"]
        await Claim.create(
            order_id=order_id, seller_id=seller.id, buyer_id=buyer.id, type=kind,
            status=status, requested_on=today - timedelta(days=i % 10),
            created_at=now, updated_at=now,
        )
    old = {k: n for k, n in (await live_group_by(seller.id)).items()
           if not k.startswith(counters.FIRST_PREFIX)}
    await counters.rebuild(seller.id, old)
"""

AFTER = """
import json
from datetime import date
from tortoise import connections
from models import policy
from models.entities import Claim, Seller
from models.enums import ClaimStatus
from models.errors import DomainError
from models.ops import claims as claim_ops
from models.queries import counter_values, live_group_by, status_grid

async def main():
    seller = await Seller.get(login_id="s")
    today = date(2021, 8, 3)
    grid = await status_grid(seller.id, None, today)
    recount = {}
    for status, day in await Claim.filter(seller_id=seller.id).values_list(
        "status", "requested_on"
    ):
        if policy.is_delayed(ClaimStatus(status), day, today):
            recount[status] = recount.get(status, 0) + 1
    open_claim = await Claim.filter(seller_id=seller.id, status="CANCEL_REQUESTED").first()
    order_no = (await open_claim.order).order_no
    try:
        await claim_ops.file_claim(open_claim.buyer_id, order_no, "CANCEL", "again")
        refused = None
    except DomainError as refusal:
        refused = refusal.code
    conn = connections.get("default")
    if conn.capabilities.dialect == "sqlite":
        cols = [r["name"] for r in await conn.execute_query_dict(
            "PRAGMA table_info('customer_order')")]
    else:
        cols = [r["column_name"] for r in await conn.execute_query_dict(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'customer_order'")]
    print(json.dumps({
        "exact": await counter_values(seller.id) == await live_group_by(seller.id),
        "delayed": {str(s): n for s, n in grid.delayed_by_status.items() if n},
        "recount": recount,
        "refused": refused,
        "flag_column": "has_open_claim" in cols,
    }))
"""


def test_migration_0012_backfills_the_delayed_rows_and_drops_the_flag(scratch_env):
    migrated = run_with_db(TO_0011, scratch_env)
    assert migrated.returncode == 0, migrated.stderr
    written = run_with_db(OLD_ROWS, scratch_env)
    assert written.returncode == 0, written.stderr

    upgraded = qsm("migrate", env=scratch_env)
    assert upgraded.returncode == 0, upgraded.stderr
    after = run_with_db(AFTER, scratch_env)
    assert after.returncode == 0, after.stderr
    state = json.loads(after.stdout)

    assert state["exact"]  # the day rows equal a recount from the claims
    assert state["recount"]  # some claims are delayed on 2021-08-03
    assert state["delayed"] == state["recount"]
    assert state["refused"] == "OPEN_CLAIM_EXISTS"
    assert not state["flag_column"]
