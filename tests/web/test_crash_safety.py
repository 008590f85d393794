"""Killing a process mid-work (SIGKILL: no cleanup at all) loses nothing and leaves no
half-applied transition: every change is one transaction (SQLite in WAL mode,
PostgreSQL transactions), shown by killing a real `qsm sweep` and a real server."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import threading
import time

import asyncpg
import httpx

from tests.cli_helpers import QSM, ROOT, qsm, run_with_db, running_server

DUE_ROUNDS = 3000


def make_claims(due_rounds: bool) -> str:
    """A snippet adding DUE_ROUNDS open return claims of shop1, each with a round that
    was due on 2021/08/04 when `due_rounds`, then setting the counters to match."""
    state = 'withdrawal_state="REQUESTED", round_count=1' if due_rounds else "round_count=0"
    rounds = (
        """
    claims = await Claim.filter(order__order_no__startswith="8")
    await WithdrawalRound.bulk_create([
        WithdrawalRound(claim_id=c.id, round_no=1, state="REQUESTED", seller_message="m",
                        requested_at=now, requested_on=date(2021, 7, 29),
                        deadline=date(2021, 8, 4))
        for c in claims
    ], batch_size=500)"""
        if due_rounds
        else ""
    )
    return f"""
from datetime import date, datetime, timezone
from models.entities import Buyer, Claim, Order, Seller, WithdrawalRound
from models.ops import counters
from models.queries import live_group_by

async def main():
    shop1 = await Seller.get(login_id="shop1")
    buyer1 = await Buyer.get(login_id="buyer1")
    now = datetime(2021, 7, 29, 3, 0, tzinfo=timezone.utc)
    await Order.bulk_create([
        Order(seller_id=shop1.id, buyer_id=buyer1.id, order_no=f"8{{i:08d}}", cart_no="1",
              item_code="1", ordered_on=date(2021, 7, 1))
        for i in range({DUE_ROUNDS})
    ], batch_size=500)
    orders = await Order.filter(order_no__startswith="8").order_by("id")
    await Claim.bulk_create([
        Claim(order_id=o.id, seller_id=shop1.id, buyer_id=buyer1.id, type="RETURN",
              status="RETURN_REQUESTED", requested_on=date(2021, 7, 20),
              {state}, created_at=now, updated_at=now)
        for o in orders
    ], batch_size=500){rounds}
    await counters.rebuild(shop1.id, await live_group_by(shop1.id))
"""


STATE = """
import json
from models.entities import Claim, ClaimEvent, Seller, WithdrawalRound
from models.queries import counter_values, live_group_by

async def main():
    shop1 = await Seller.get(login_id="shop1")
    expired = await WithdrawalRound.filter(state="EXPIRED").count()
    withdrawn_by_expiry = await Claim.filter(withdrawal_state="EXPIRED", status="WITHDRAWN").count()
    half = await Claim.filter(withdrawal_state="EXPIRED").exclude(status="WITHDRAWN").count()
    requested_claims = await Claim.filter(withdrawal_state="REQUESTED").count()
    requested_rounds = await WithdrawalRound.filter(state="REQUESTED").count()
    print(json.dumps({
        "expired": expired,
        "withdrawn_by_expiry": withdrawn_by_expiry,
        "half_applied": half,
        "requested_claims": requested_claims,
        "requested_rounds": requested_rounds,
        "expiry_events": await ClaimEvent.filter(kind="WITHDRAWAL_EXPIRED").count(),
        "request_events": await ClaimEvent.filter(kind="WITHDRAWAL_REQUESTED").count(),
        "rounds": await WithdrawalRound.all().count(),
        "counters_exact": await counter_values(shop1.id) == await live_group_by(shop1.id),
    }))
"""


def _state(env: dict[str, str]) -> dict:
    result = run_with_db(STATE, env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _expired_rounds(url: str) -> int:
    """How many rounds are EXPIRED, read straight through the driver: a poll that takes
    milliseconds, so the kill lands while the sweep is still working (a poll through a
    new Python process took longer than a whole sweep on a fast run)."""
    sql = "SELECT COUNT(*) FROM withdrawal_round WHERE state = 'EXPIRED'"
    if url.startswith("sqlite"):
        with contextlib.closing(sqlite3.connect(url.split("://", 1)[1].split("?")[0])) as db:
            return db.execute(sql).fetchone()[0]

    async def count() -> int:
        connection = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
        try:
            return await connection.fetchval(sql)
        finally:
            await connection.close()

    return asyncio.run(count())


def _assert_consistent(state: dict) -> None:
    assert state["half_applied"] == 0
    assert state["expired"] == state["withdrawn_by_expiry"] == state["expiry_events"]
    assert state["requested_claims"] == state["requested_rounds"]
    assert state["counters_exact"]


def test_killed_sweep_leaves_no_half_expired_claim(scratch_env):
    env = {**scratch_env, "QSM_SWEEP_BATCH": "10"}
    assert qsm("migrate", env=env).returncode == 0
    assert qsm("seed", "--demo", env=env).returncode == 0
    made = run_with_db(make_claims(due_rounds=True), env)
    assert made.returncode == 0, made.stderr
    later = {**os.environ, **env, "QSM_CLOCK": "2021-08-06T09:00:00+09:00"}
    sweep = subprocess.Popen([*QSM, "sweep"], cwd=ROOT, env=later, stdout=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while _expired_rounds(env["DATABASE_URL"]) == 0 and time.monotonic() < deadline:
        time.sleep(0.005)
    sweep.send_signal(signal.SIGKILL)
    sweep.wait(timeout=10)
    after_kill = _state(env)
    assert 0 < after_kill["expired"] < DUE_ROUNDS, "the kill landed mid-sweep"
    _assert_consistent(after_kill)
    rerun = subprocess.run([*QSM, "sweep"], cwd=ROOT, env=later, capture_output=True, text=True)
    assert rerun.returncode == 0, rerun.stderr
    final = _state(env)
    assert final["expired"] == DUE_ROUNDS
    assert final["requested_rounds"] == 1  # the demo's own request, not due until 8/9
    _assert_consistent(final)


LOGIN = 'mutation { login(input: {loginId: "shop1", password: "shop1-pass"}) { token } }'
CLAIMS = (
    "query($after: String) { claims(first: 100, after: $after, filter: {statuses:"
    " [CANCEL_REQUESTED, RETURN_REQUESTED, RETURNING, EXCHANGE_REQUESTED]}) {"
    " edges { node { id withdrawal { id } } } pageInfo { hasNextPage endCursor } } }"
)
REQUEST = (
    'mutation($id: ID!) { claimWithdrawalRequest(input: {claimId: $id, sellerMessage: "m"})'
    " { withdrawal { id } userErrors { code } } }"
)


def test_killed_server_mid_mutations_loses_nothing(scratch_env):
    env = {**scratch_env, "QSM_SWEEP_INTERVAL": "0"}
    assert qsm("migrate", env=env).returncode == 0
    assert qsm("seed", "--demo", env=env).returncode == 0
    made = run_with_db(make_claims(due_rounds=False), env)
    assert made.returncode == 0, made.stderr
    with running_server(env) as base:
        token = httpx.post(base + "/graphql", json={"query": LOGIN}).json()["data"]["login"][
            "token"
        ]
        headers = {"Authorization": f"Bearer {token}"}
        ids: list[str] = []
        after = None
        while len(ids) < 600:
            page = httpx.post(
                base + "/graphql",
                json={"query": CLAIMS, "variables": {"after": after}},
                headers=headers,
            ).json()["data"]["claims"]
            ids += [e["node"]["id"] for e in page["edges"] if e["node"]["withdrawal"] is None]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        confirmed: list[str] = []

        def fire(chunk: list[str]) -> None:
            with httpx.Client(base_url=base, headers=headers, timeout=5) as client:
                for claim_id in chunk:
                    try:
                        body = client.post(
                            "/graphql", json={"query": REQUEST, "variables": {"id": claim_id}}
                        ).json()
                    except httpx.HTTPError:
                        return  # the server is gone
                    if body["data"]["claimWithdrawalRequest"]["withdrawal"]:
                        confirmed.append(claim_id)

        threads = [threading.Thread(target=fire, args=(ids[i::4],)) for i in range(4)]
        for thread in threads:
            thread.start()
        while len(confirmed) < 50:
            time.sleep(0.01)
        pid = int(
            subprocess.run(
                ["pgrep", "-f", "--", f"serve --port {base.rsplit(':', 1)[1]}"],
                capture_output=True,
                text=True,
            ).stdout.split()[0]
        )
        os.kill(pid, signal.SIGKILL)
        for thread in threads:
            thread.join(timeout=30)
    state = _state(env)
    _assert_consistent(state)
    # every request the server confirmed is there; nothing exists without its event
    assert state["requested_rounds"] >= len(confirmed)
    assert state["request_events"] == state["rounds"]
    assert state["requested_rounds"] < len(ids), "the kill landed mid-burst"
