"""Issue 10, point 2: different claims of one seller never deadlock each other.

Before the fix a buyer rejecting claim X (counters REQUESTED -1, HELD +1) while the
seller re-requested claim Y (HELD -1, REQUESTED +1) locked the seller's two counter rows
in opposite orders; PostgreSQL broke the cycle by failing one side (21 of 100 pairs).
These run against `qsm serve` with 4 workers on a real PostgreSQL database.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from pathlib import Path

import httpx

from tests.hardening.pg_load import LoadedServer, Outcome, loaded_server, mutate, percentile
from tests.hardening.pg_load import postgres_only as _pg

PAIRS = 200
MIXED_SECONDS = 60


def _report(label: str, outcomes: list[Outcome]) -> list[Outcome]:
    """Print the figures (pytest -s shows them) and return the failures."""
    seconds = [o.seconds for o in outcomes]
    failures = [o for o in outcomes if o.error]
    refusals = Counter(code for o in outcomes if not o.error for code in o.codes)
    applied = sum(1 for o in outcomes if not o.error and not o.codes)
    print(
        f"\n{label}: {len(outcomes)} mutations, {applied} applied, {len(failures)} failed, "
        f"p50 {percentile(seconds, 0.5) * 1000:.0f} ms, p99 {percentile(seconds, 0.99) * 1000:.0f} ms"
        f", refusals {dict(refusals)}"
    )
    return failures


def _assert_counters_exact(server: LoadedServer) -> None:
    for login, (counters, group_by) in server.counters().items():
        assert counters == group_by, login


@_pg
def test_cross_claim_pairs_never_deadlock(tmp_path: Path) -> None:
    plan = [("shop1", "buyer1", "REQUESTED", PAIRS), ("shop1", "buyer1", "HELD", PAIRS)]
    with loaded_server(tmp_path, plan) as server:
        server.login_all("shop1", "buyer1")
        results = asyncio.run(_pairs(server))
        outcomes = [o for both in results for o in both]
        failures = _report("cross-claim pairs", outcomes)
        failed_pairs = sum(1 for both in results if any(o.error for o in both))
        assert failed_pairs == 0, [o.error for o in failures[:5]]
        assert all(o.codes == [] for o in outcomes)
        _assert_counters_exact(server)


async def _pairs(server: LoadedServer) -> list[list[Outcome]]:
    """Buyer rejects X while the seller re-requests Y, for each (X, Y), four pairs at once."""
    xs, ys = server.claims
    limits = httpx.Limits(max_connections=8)
    async with httpx.AsyncClient(base_url=server.base, timeout=15, limits=limits) as client:

        async def pair(x: int, y: int) -> list[Outcome]:
            reject = mutate(
                client,
                server.tokens["buyer1"],
                "Respond",
                {"claimId": server.claim_gid(x), "accept": False, "reasonCode": "WANT_REFUND"},
            )
            rerequest = mutate(
                client,
                server.tokens["shop1"],
                "Rerequest",
                {"claimId": server.claim_gid(y), "sellerMessage": "请再考虑"},
            )
            return list(await asyncio.gather(reject, rerequest))

        # Four pairs in flight at a time: enough to keep all four workers busy.
        semaphore = asyncio.Semaphore(4)

        async def bounded(x: int, y: int) -> list[Outcome]:
            async with semaphore:
                return await pair(x, y)

        return await asyncio.gather(*(bounded(x, y) for x, y in zip(xs, ys, strict=True)))


@_pg
def test_mixed_load_has_no_failed_mutation(tmp_path: Path) -> None:
    plan = [
        ("shop1", "buyer1", None, 300),
        ("shop1", "buyer1", "REQUESTED", 150),
        ("shop1", "buyer2", "HELD", 150),
        ("shop2", "buyer2", None, 150),
        ("shop2", "buyer1", "REQUESTED", 100),
    ]
    with loaded_server(tmp_path, plan) as server:
        server.login_all("shop1", "shop2", "buyer1", "buyer2")
        outcomes = asyncio.run(_mixed_load(server, MIXED_SECONDS))
        failures = _report("mixed load", outcomes)
        assert failures == [], [o.error for o in failures[:5]]
        # Not a load of refusals only: ~1,900 transitions apply in 60 s on a 2-core box.
        assert sum(1 for o in outcomes if not o.codes) >= 200
        _assert_counters_exact(server)


CLAIMS_QUERY = (
    "query { claims(first: 20) { edges { node { id withdrawalState } } } "
    "claimStatusGrid { total } }"
)
BUYER_QUERY = "query { viewer { loginId } }"


async def _mixed_load(server: LoadedServer, seconds: float) -> list[Outcome]:
    """Six users loop over random actions on their own claims until `seconds` pass.

    Each seller loop picks an action the claim might allow (request, cancel, re-request)
    and each buyer loop accepts or rejects; refusals (COOLDOWN_ACTIVE, NO_PENDING_…)
    are expected, since the other side moves the same claims concurrently.
    """
    rng = random.Random(10)
    claims_of = {login: server.claims_of(login) for login in server.tokens}
    outcomes: list[Outcome] = []
    stop = time.monotonic() + seconds
    limits = httpx.Limits(max_connections=16)
    async with httpx.AsyncClient(base_url=server.base, timeout=15, limits=limits) as client:

        async def seller_loop(login: str) -> None:
            token = server.tokens[login]
            while time.monotonic() < stop:
                gid = server.claim_gid(rng.choice(claims_of[login]))
                action = rng.choices(["Request", "Rerequest", "Cancel"], [4, 5, 1])[0]
                input_: dict = {"claimId": gid}
                if action != "Cancel":
                    input_["sellerMessage"] = "请撤回"
                outcomes.append(await mutate(client, token, action, input_))
                if rng.random() < 0.3:
                    await client.post(
                        "/graphql",
                        json={"query": CLAIMS_QUERY},
                        headers={"Authorization": f"Bearer {token}"},
                    )

        async def buyer_loop(login: str) -> None:
            token = server.tokens[login]
            while time.monotonic() < stop:
                gid = server.claim_gid(rng.choice(claims_of[login]))
                accept = rng.random() < 0.05
                input_: dict = {"claimId": gid, "accept": accept}
                if not accept:
                    input_["reasonCode"] = "WANT_REFUND"
                outcomes.append(await mutate(client, token, "Respond", input_))
                if rng.random() < 0.3:
                    await client.post(
                        "/graphql",
                        json={"query": BUYER_QUERY},
                        headers={"Authorization": f"Bearer {token}"},
                    )

        await asyncio.gather(
            seller_loop("shop1"),
            seller_loop("shop1"),
            seller_loop("shop2"),
            buyer_loop("buyer1"),
            buyer_loop("buyer1"),
            buyer_loop("buyer2"),
            buyer_loop("buyer2"),
            seller_loop("shop1"),
        )
    return outcomes
