"""Migration 0008: idempotency records written before it keep answering after it.

Before 0008 an inquiry's record kept claim_id 0 and the inquiry's id in round_id, and a
memo reply's record kept the memo's id in claim_id; 0008 moves both ids to result_id.
Run as real processes on a throwaway database (SQLite file, or a new PostgreSQL database
when DATABASE_URL points at one): migrate to 0007, write old-style rows, `qsm migrate`.
"""

from __future__ import annotations

import json

from tests.cli_helpers import qsm, run_with_db

#: Migrate to 0007 (the run_with_db wrapper's own init opens the connection afterwards).
TO_0007 = """
from tortoise.migrations.api import migrate

async def main():
    await migrate(config=tortoise_config(), target="models.0007_notice_kinds")
"""

#: Today's code runs the seed and the old-style writes on a 0007 schema. Three later
#: changes need a stand-in there: today's operations read `webhook_endpoint` (0010), they
#: no longer write `customer_order.has_open_claim` (dropped by 0012), which is NOT NULL at
#: 0007, and a round carries its seller (`withdrawal_round.seller_id`, 0014). All are undone
#: before `qsm migrate`, so the upgrade meets the 0007 schema.
STAND_IN = (
    'CREATE TABLE "webhook_endpoint" ("id" INT, "seller_id" INT, "enabled" BOOLEAN, "events" TEXT);'
    'ALTER TABLE "customer_order" DROP COLUMN "has_open_claim";'
    'ALTER TABLE "withdrawal_round" ADD COLUMN "seller_id" INT'
)
UNDO_STAND_IN = (
    'DROP TABLE "webhook_endpoint";'
    'ALTER TABLE "customer_order" ADD COLUMN "has_open_claim" BOOL NOT NULL DEFAULT FALSE;'
    'ALTER TABLE "withdrawal_round" DROP COLUMN "seller_id"'
)
ADD_STAND_IN = f"""
from tortoise import connections

async def main():
    await connections.get("default").execute_script({STAND_IN!r})
"""
DROP_STAND_IN = f"""
from tortoise import connections

async def main():
    await connections.get("default").execute_script({UNDO_STAND_IN!r})
"""

#: At 0007: an inquiry and a memo reply as the old code filed them (with their keys'
#: records written the old way), and a withdrawal request's record.
OLD_ROWS = """
import json
from tortoise import connections
from models import demo as d
from models.entities import Claim, Seller
from models.enums import ActorKind
from models.ops import inquiries, memos
from models.ops.runner import Actor

async def main():
    shop1 = await Seller.get(login_id="shop1")
    inquiry = await inquiries.submit_inquiry(
        shop1.id, category="OTHER", subcategory="OTHER", title="t", body="b", lang="zh"
    )
    memo = await memos.reply_memo(Actor(ActorKind.SELLER, shop1.id), d.ORDER_RETURN, "reply")
    claim = await Claim.get(order__order_no=d.ORDER_RETURN)
    actor = f"seller:{shop1.id}"
    rows = [
        ("inquiry-key", "INQUIRY_SUBMIT", 0, inquiry.id),
        ("memo-key", "MEMO_REPLY", memo.id, "NULL"),
        ("request-key", "REQUEST", claim.id, 7),
    ]
    for key, action, claim_id, round_id in rows:
        await connections.get("default").execute_script(
            'INSERT INTO "idempotency_record" '
            '("actor", "key", "action", "claim_id", "round_id", "created_at") '
            f"VALUES ('{actor}', '{key}', '{action}', {claim_id}, {round_id}, "
            "'2021-08-03 10:00:00+09:00')"
        )
    print(json.dumps({"inquiry": inquiry.id, "memo": memo.id, "claim": claim.id}))
"""

#: After `qsm migrate`: the records' columns, and the same keys sent again.
AFTER = """
import json
from models import demo as d
from models.entities import IdempotencyRecord, Seller
from models.enums import ActorKind
from models.errors import DomainError
from models.ops import inquiries, memos
from models.ops.runner import Actor
from tortoise.exceptions import IntegrityError

async def main():
    shop1 = await Seller.get(login_id="shop1")
    try:
        await IdempotencyRecord.create(
            actor=f"seller:{shop1.id}", key="memo-key", action="MEMO_REPLY", result_id=1,
            created_at=shop1.created_at,
        )
        unique = False
    except IntegrityError:
        unique = True
    rows = await IdempotencyRecord.all().values_list("key", "claim_id", "round_id", "result_id")
    inquiry = await inquiries.submit_inquiry(
        shop1.id, category="OTHER", subcategory="OTHER", title="t", body="b", lang="zh",
        idempotency_key="inquiry-key",
    )
    seller = Actor(ActorKind.SELLER, shop1.id)
    memo = await memos.reply_memo(seller, d.ORDER_RETURN, "reply", idempotency_key="memo-key")
    try:
        await memos.reply_memo(seller, d.ORDER_RETURN, "reply", idempotency_key="inquiry-key")
        crossed = None
    except DomainError as refusal:
        crossed = refusal.code
    print(json.dumps({
        "rows": {key: [c, r, res] for key, c, r, res in rows},
        "inquiry": inquiry.id, "memo": memo.id, "crossed": crossed, "unique": unique,
    }))
"""


def test_migration_0008_moves_old_records_results_to_result_id(scratch_env):
    migrated = run_with_db(TO_0007, scratch_env)
    assert migrated.returncode == 0, migrated.stderr
    assert run_with_db(ADD_STAND_IN, scratch_env).returncode == 0
    assert qsm("seed", "--demo", env=scratch_env).returncode == 0
    written = run_with_db(OLD_ROWS, scratch_env)
    assert written.returncode == 0, written.stderr
    old = json.loads(written.stdout)
    assert run_with_db(DROP_STAND_IN, scratch_env).returncode == 0

    upgraded = qsm("migrate", env=scratch_env)
    assert upgraded.returncode == 0, upgraded.stderr
    after = run_with_db(AFTER, scratch_env)
    assert after.returncode == 0, after.stderr
    new = json.loads(after.stdout)

    assert new["rows"] == {
        "inquiry-key": [None, None, old["inquiry"]],
        "memo-key": [None, None, old["memo"]],
        "request-key": [old["claim"], 7, None],
    }
    # a retry sent across the upgrade gets its first inquiry and reply back, not a new one
    assert (new["inquiry"], new["memo"]) == (old["inquiry"], old["memo"])
    assert new["crossed"] == "IDEMPOTENCY_KEY_REUSED"
    # one record per (sender, key) still, which is what lets one of two racing calls win
    # (Tortoise's SQLite table rebuild for the nullable claim_id drops it; 0008 restores it)
    assert new["unique"]
