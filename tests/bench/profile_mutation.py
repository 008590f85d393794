"""Where one `claimWithdrawalRequest` goes, in-process (no HTTP client, no uvicorn):
`python -m tests.bench.profile_mutation [--quick] [--claims 200] [--pyinstrument]`.

Uses the bench's cached data set on a fresh run copy, signs in as the big seller and
sends the mutation of the `mutations` bench through the ASGI app (httpx's ASGI
transport), each claim twice as the bench does (a win, then the duplicate refused with
WITHDRAWAL_ALREADY_PENDING): prints the mean wall and CPU time per mutation, the
statements a win and a refusal run (counted at the driver, so raw SQL is counted as well
as Tortoise's), then a cProfile (or pyinstrument) of the whole set.
"""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from tests.bench import db, inprocess, scenarios


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m tests.bench.profile_mutation")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--claims", type=int, default=200)
    p.add_argument("--pyinstrument", action="store_true")
    return p.parse_args(argv)


async def _withdrawable(run_url: str, how_many: int) -> list[int]:
    """The big seller's claims a withdrawal can be asked for, as the bench picks them."""
    from models import policy

    statuses = ", ".join(f"'{s}'" for s in sorted(policy.WITHDRAWABLE_STATUSES))
    async with db.Raw(run_url) as raw:
        rows = await raw.fetch(
            f'SELECT "id" FROM "claim" WHERE "seller_id" = $1 AND "status" IN ({statuses}) '
            'AND "withdrawal_state" IS NULL ORDER BY "id" LIMIT $2',
            1,
            how_many,
        )
    return [r[0] for r in rows]


async def _main(args: argparse.Namespace) -> None:
    from gql import ids

    n = args.claims
    async with inprocess.signed_in_app(args.quick) as s:
        claims = iter(await _withdrawable(s.run_url, 2 * n + 40))

        async def send(claim_id: int) -> dict[str, Any]:
            body = {
                "query": scenarios.REQUEST,
                "variables": {
                    "input": {"claimId": ids.encode("Claim", claim_id), "sellerMessage": "bench"}
                },
            }
            r = await s.client.post("/graphql", json=body, headers=s.headers)
            assert r.status_code == 200 and b'"errors"' not in r.content, r.text[:500]
            return r.json()["data"]["claimWithdrawalRequest"]

        async def pair() -> None:
            cid = next(claims)
            won = await send(cid)
            assert won["withdrawal"], won
            refused = await send(cid)
            assert [e["code"] for e in refused["userErrors"]] == ["WITHDRAWAL_ALREADY_PENDING"], (
                refused
            )

        for _ in range(20):
            await pair()
        cid = next(claims)
        for label in ("a win", "a refusal"):
            await inprocess.statements(lambda: send(cid), label)
        await inprocess.timed(pair, n // 2, per=2)  # half wins, half refusals
        await inprocess.profiled(pair, n - n // 2, pyinstrument=args.pyinstrument, per=2)


def main(argv: list[str] | None = None) -> None:
    asyncio.run(_main(_parse(argv)))


if __name__ == "__main__":
    main()
