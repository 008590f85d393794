"""Goal 5: `claimWithdrawalRequest` with 32 concurrent clients vs the raw conditional
UPDATE transaction (`floors.py` /raw/request), and no lost or doubled rounds.

Every claim is sent twice, back to back, so two connections race for it: exactly one must
win (a round), the other must get WITHDRAWAL_ALREADY_PENDING. Afterwards the database must
hold exactly one REQUESTED round per claim, and the seller's counters must still equal the
live GROUP BY.
"""

from __future__ import annotations

import json
from typing import Any

from gql import ids
from models import policy
from tests.bench import scenarios
from tests.bench.context import Ctx
from tests.bench.db import Raw
from tests.bench.http_load import load
from tests.bench.pages import _cpu_seconds
from tests.bench.report import Result, median

CONNECTIONS = 32


def _bodies(claim_ids: list[int]) -> list[dict[str, Any]]:
    out = []
    for cid in claim_ids:
        body = {
            "query": scenarios.REQUEST,
            "variables": {"input": {"claimId": ids.encode("Claim", cid), "sellerMessage": "bench"}},
        }
        out += [body, body]
    return out


def _outcomes(bodies: list[str | None]) -> dict[str, int]:
    wins, refused, other = 0, 0, 0
    for text in bodies:
        payload = json.loads(text or "{}").get("data") or {}
        p = payload.get("claimWithdrawalRequest") or {}
        if p.get("withdrawal"):
            wins += 1
        elif [e.get("code") for e in p.get("userErrors", [])] == ["WITHDRAWAL_ALREADY_PENDING"]:
            refused += 1
        else:
            other += 1
    return {"wins": wins, "refused": refused, "other": other}


async def _audit(raw: Raw, claim_ids: list[int]) -> dict[str, int]:
    """Lost: a claim without a round; doubled: a claim with more than one."""
    marks = ", ".join(str(int(c)) for c in claim_ids)
    rows = await raw.fetch(
        f'SELECT c."id", c."round_count", c."withdrawal_state", count(r."id") FROM "claim" c '
        f'LEFT JOIN "withdrawal_round" r ON r."claim_id" = c."id" WHERE c."id" IN ({marks}) '
        'GROUP BY c."id", c."round_count", c."withdrawal_state"'
    )
    lost = sum(1 for r in rows if r[3] == 0 or r[2] != "REQUESTED")
    doubled = sum(1 for r in rows if r[3] > 1 or r[1] != r[3])
    return {"lost": lost, "doubled": doubled}


async def counters_match(raw: Raw, seller_id: int) -> bool:
    live: dict[str, int] = {}
    for status, state, n in await raw.fetch(
        'SELECT "status", "withdrawal_state", count(*) FROM "claim" WHERE "seller_id" = $1 '
        'GROUP BY "status", "withdrawal_state"',
        seller_id,
    ):
        live[f"status:{status}"] = live.get(f"status:{status}", 0) + n
        if state:
            live[f"withdrawal:{state}"] = live.get(f"withdrawal:{state}", 0) + n
    first = ", ".join(f"'{s.value}'" for s in sorted(policy.FIRST_STATUSES))
    for status, day, n in await raw.fetch(
        'SELECT "status", "requested_on", count(*) FROM "claim" WHERE "seller_id" = $1 '
        f'AND "status" IN ({first}) GROUP BY "status", "requested_on"',
        seller_id,
    ):
        day = day if isinstance(day, str) else day.isoformat()
        live[f"first:{day}:{status}"] = live.get(f"first:{day}:{status}", 0) + n
    stored = {
        k: n
        for k, n in await raw.fetch(
            'SELECT "key", "count" FROM "seller_counter" WHERE "seller_id" = $1', seller_id
        )
        if n and k != "data_version"  # the seller's ETag version (models/data_version.py)
    }
    return live == stored


async def run(ctx: Ctx) -> list[Result]:
    assert ctx.app and ctx.raw
    per_run = 200 if ctx.quick else 1000
    statuses = ", ".join(f"'{s}'" for s in sorted(policy.WITHDRAWABLE_STATUSES))
    async with Raw(ctx.url) as raw:
        pool = [
            r[0]
            for r in await raw.fetch(
                f'SELECT "id" FROM "claim" WHERE "seller_id" = $1 AND "status" IN ({statuses}) '
                'AND "withdrawal_state" IS NULL ORDER BY "id" LIMIT $2',
                1,
                per_run * ctx.runs * 2,
            )
        ]
        if len(pool) < per_run * ctx.runs * 2:
            raise RuntimeError(f"only {len(pool)} withdrawable claims without a round")
        runs: dict[str, list[dict[str, Any]]] = {"raw": [], "graphql": []}
        totals = {"lost": 0, "doubled": 0, "wins": 0, "refused": 0, "other": 0, "claims": 0}
        for i in range(ctx.runs):
            for j, (side, port, path) in enumerate(
                (("raw", ctx.raw.port, "/raw/request"), ("graphql", ctx.app.port, "/graphql"))
            ):
                start = (i * 2 + j) * per_run
                batch = pool[start : start + per_run]
                server = ctx.raw if side == "raw" else ctx.app
                cpu0 = _cpu_seconds(server.proc.pid)
                res = load(
                    {
                        "port": port,
                        "path": path,
                        "headers": ctx.auth,
                        "bodies": _bodies(batch),
                        "connections": CONNECTIONS,
                        "once": True,
                        "keep_bodies": True,
                    }
                )
                cpu = _cpu_seconds(server.proc.pid) - cpu0
                res["cpu_ms"] = cpu * 1000 / res["requests"] if res["requests"] else 0.0
                outcome = _outcomes(res.pop("bodies"))
                audit = await _audit(raw, batch)
                res.update(outcome, **audit)
                runs[side].append(res)
                if side == "graphql":
                    totals["claims"] += len(batch)
                    for k in ("lost", "doubled", "wins", "refused", "other"):
                        totals[k] += res[k]
        counters_ok = await counters_match(raw, 1)
    g = median([r["rps"] for r in runs["graphql"]])
    r = median([r["rps"] for r in runs["raw"]])
    g_cpu = median([r["cpu_ms"] for r in runs["graphql"]])
    r_cpu = median([r["cpu_ms"] for r in runs["raw"]])
    correct = (
        totals["lost"] == 0
        and totals["doubled"] == 0
        and totals["wins"] == totals["claims"]
        and totals["other"] == 0
        and counters_ok
    )
    return [
        Result(
            "mutation: claimWithdrawalRequest, 32 clients",
            f"{g:.0f} req/s",
            f"{r:.0f} req/s",
            g / r if r else None,
            "≥ 0.6× raw",
            (g / r >= 0.6) if r else False,
            "each claim sent twice concurrently; raw = conditional UPDATE transaction",
            {"runs": runs},
        ),
        Result(
            "mutation: server CPU per request",
            f"{g_cpu:.2f} ms",
            f"{r_cpu:.2f} ms",
            g_cpu / r_cpu if r_cpu else None,
            "report",
            None,
            "user+system CPU of the server process (/proc) ÷ requests, same runs as above: "
            "less dependent on the machine's load than req/s",
        ),
        Result(
            "mutation: lost / doubled rounds",
            f"{totals['lost']} lost, {totals['doubled']} doubled",
            f"{totals['claims']} claims, {totals['wins']} wins",
            None,
            "0 and 0, counters = GROUP BY",
            correct,
            f"{totals['refused']} duplicate sends refused (ALREADY_PENDING); counters "
            + ("match" if counters_ok else "DIFFER"),
            totals | {"counters_ok": counters_ok},
        ),
    ]
