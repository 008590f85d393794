"""A real multi-worker server on a throwaway PostgreSQL database, bulk-made claims and a
small GraphQL-over-HTTP client, for the deadlock and mixed-load tests.

Why bulk inserts for the setup: the tests are about the mutations under load, not about
making the data; 800 claims through the operations would take longer than the load itself.
The counters are then set from a GROUP BY, exactly as the crash-safety test does.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from gql import ids
from tests.cli_helpers import (
    create_postgres_database,
    drop_postgres_database,
    qsm,
    run_with_db,
    running_server,
    scratch_database,
)

#: Skip unless the suite runs on PostgreSQL (CI runs it once with DATABASE_URL set).
postgres_only = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL-only: row locks and deadlocks need real concurrent transactions",
)

MAKE_CLAIMS = """
import json
from datetime import timedelta
from models.clock import get_clock
from models.entities import Buyer, Claim, Order, Seller, WithdrawalRound
from models.ops import counters
from models.queries import live_group_by

PLAN = json.loads({plan!r})

async def main():
    now = get_clock().now()
    today = get_clock().today()
    made = []
    for n, (seller_login, buyer_login, state, count) in enumerate(PLAN):
        seller = await Seller.get(login_id=seller_login)
        buyer = await Buyer.get(login_id=buyer_login)
        prefix = f"9{{n:02d}}"
        await Order.bulk_create([
            Order(seller_id=seller.id, buyer_id=buyer.id, order_no=f"{{prefix}}{{i:06d}}",
                  cart_no="1", item_code="1", ordered_on=today)
            for i in range(count)
        ], batch_size=500)
        orders = await Order.filter(order_no__startswith=prefix).order_by("id")
        await Claim.bulk_create([
            Claim(order_id=o.id, seller_id=seller.id, buyer_id=buyer.id, type="RETURN",
                  status="RETURN_REQUESTED", requested_on=today, withdrawal_state=state,
                  round_count=1 if state else 0, created_at=now, updated_at=now)
            for o in orders
        ], batch_size=500)
        claims = await Claim.filter(order__order_no__startswith=prefix).order_by("id")
        if state:
            held = state == "HELD"
            await WithdrawalRound.bulk_create([
                WithdrawalRound(claim_id=c.id, round_no=1, state=state, seller_message="m",
                                requested_at=now - timedelta(days=1),
                                requested_on=today - timedelta(days=1),
                                deadline=today + timedelta(days=5),
                                held_at=now if held else None,
                                responded_at=now if held else None,
                                rejection_code="WANT_REFUND" if held else None,
                                rejection_text="" if held else None)
                for c in claims
            ], batch_size=500)
        made.append([c.id for c in claims])
    for login in {{p[0] for p in PLAN}}:
        seller = await Seller.get(login_id=login)
        await counters.rebuild(seller.id, await live_group_by(seller.id))
    print(json.dumps(made))
"""

COUNTERS_EXACT = """
import json
from models.entities import Seller
from models.queries import counter_values, live_group_by

async def main():
    result = {}
    for seller in await Seller.all():
        result[seller.login_id] = [await counter_values(seller.id), await live_group_by(seller.id)]
    print(json.dumps(result))
"""

PASSWORDS = {
    "shop1": "shop1-pass",
    "shop2": "shop2-pass",
    "buyer1": "buyer1-pass",
    "buyer2": "buyer2-pass",
}
LOGIN = "mutation($l: String!, $p: String!) { login(input: {loginId: $l, password: $p}) { token } }"
PAYLOAD = "claim { id withdrawalState } withdrawal { id state } userErrors { code message }"
MUTATIONS = {
    name: f"mutation($input: ClaimWithdrawal{name}Input!) "
    f"{{ claimWithdrawal{name}(input: $input) {{ {PAYLOAD} }} }}"
    for name in ("Request", "Cancel", "Rerequest", "Respond")
}


@dataclass
class LoadedServer:
    """A running server, its database's environment and the plan with the claims made
    for each of its lines."""

    base: str
    env: dict[str, str]
    plan: list[tuple[str, str, str | None, int]]
    claims: list[list[int]]
    tokens: dict[str, str] = field(default_factory=dict)

    def claims_of(self, login: str) -> list[int]:
        """The claims made for this seller or buyer login."""
        return [
            claim
            for (seller, buyer, _, _), made in zip(self.plan, self.claims, strict=True)
            if login in (seller, buyer)
            for claim in made
        ]

    def claim_gid(self, claim_id: int) -> str:
        return ids.encode("Claim", claim_id)

    def login_all(self, *logins: str) -> None:
        """One login per account (the login throttle is another test's business)."""
        for login in logins:
            body = httpx.post(
                self.base + "/graphql",
                json={"query": LOGIN, "variables": {"l": login, "p": PASSWORDS[login]}},
                timeout=30,
            ).json()
            self.tokens[login] = body["data"]["login"]["token"]

    def counters(self) -> dict[str, list[dict[str, int]]]:
        """Per seller login: [counters, GROUP BY over the claims]."""
        result = run_with_db(COUNTERS_EXACT, self.env)
        assert result.returncode == 0, result.stderr
        return json.loads(result.stdout)


@contextlib.contextmanager
def loaded_server(
    tmp_path: Path, plan: list[tuple[str, str, str | None, int]], workers: int = 4
) -> Iterator[LoadedServer]:
    """Migrate + demo seed + `plan` (seller, buyer, withdrawal state or None, how many
    claims) on a new PostgreSQL database, then `qsm serve` with `workers` workers."""
    url = scratch_database(tmp_path)
    env = {
        "DATABASE_URL": url,
        "QSM_SECRET_KEY": "test-secret",
        "QSM_SWEEP_INTERVAL": "0",
        "LOG_LEVEL": "warning",
    }
    create_postgres_database(url)
    try:
        for args in (("migrate",), ("seed", "--demo")):
            done = qsm(*args, env=env)
            assert done.returncode == 0, done.stderr
        made = run_with_db(MAKE_CLAIMS.format(plan=json.dumps(plan)), env)
        assert made.returncode == 0, made.stderr
        with running_server({**env, "WORKERS": str(workers)}) as base:
            yield LoadedServer(base, env, plan, json.loads(made.stdout))
    finally:
        drop_postgres_database(url)


@dataclass
class Outcome:
    """One mutation's result: `error` is a transport or GraphQL-level error or a code
    that means the database failed us (never a business refusal)."""

    name: str
    seconds: float
    codes: list[str]
    error: str | None = None


#: userErrors codes that are failures, not refusals: the request did not get through.
FAILURE_CODES = frozenset({"CONFLICT", "DATABASE_BUSY", "DATABASE_UNAVAILABLE", "TIMEOUT"})


async def mutate(
    client: httpx.AsyncClient, token: str, name: str, input_: dict[str, Any]
) -> Outcome:
    """POST one withdrawal mutation; classify the answer."""
    started = time.perf_counter()
    try:
        response = await client.post(
            "/graphql",
            json={"query": MUTATIONS[name], "variables": {"input": input_}},
            headers={"Authorization": f"Bearer {token}"},
        )
        body = response.json()
    except (httpx.HTTPError, ValueError) as exc:
        return Outcome(name, time.perf_counter() - started, [], f"{type(exc).__name__}: {exc}")
    seconds = time.perf_counter() - started
    if response.status_code != 200 or body.get("errors"):
        return Outcome(name, seconds, [], f"{response.status_code} {body.get('errors')}")
    payload = body["data"][f"claimWithdrawal{name}"]
    codes = [e["code"] for e in payload["userErrors"]]
    failed = [c for c in codes if c in FAILURE_CODES]
    return Outcome(name, seconds, codes, f"userErrors {failed}" if failed else None)


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else 0.0
