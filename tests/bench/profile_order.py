"""Where one order-detail (交易信息) request's time goes, in-process (no HTTP client, no
uvicorn): `python -m tests.bench.profile_order [--quick] [--requests 300] [--orders 20]
[--raw] [--no-profile] [--dump FILE] [--pyinstrument]`.

The order-detail companion of `profile_page`: the bench's cached data set on a fresh run
copy, the big seller signed in, the bench's `ORDER` query (scenarios.py) replayed through
the ASGI app over the first orders the bench itself picks (rounds, events and memos), after
a warm-up: the mean wall and CPU time per request, the statements of one request and their
time, then a profile (cProfile's top functions, or pyinstrument's tree). `--raw` replays
the raw floor route (floors.py) with the same session instead.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
from typing import Any

from tests.bench import db, inprocess, scenarios


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m tests.bench.profile_order")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--requests", type=int, default=300)
    p.add_argument("--orders", type=int, default=20, help="how many different orders")
    p.add_argument("--pyinstrument", action="store_true")
    p.add_argument("--no-profile", action="store_true", help="timings and statements only")
    p.add_argument("--dump", help="also write cProfile's stats to this file (for pstats)")
    p.add_argument(
        "--raw", action="store_true", help="the raw floor route (floors.py) instead of the app"
    )
    return p.parse_args(argv)


async def _order_numbers(run_url: str, how_many: int) -> list[str]:
    """The same orders as tests/bench/pages.py: rounds, events and memos (a full panel)."""
    async with db.Raw(run_url) as raw:
        rows = await raw.fetch(
            'SELECT o."order_no" FROM "customer_order" o JOIN "claim" c '
            'ON c."order_id" = o."id" WHERE o."seller_id" = $1 AND c."round_count" > 0 '
            'AND EXISTS (SELECT 1 FROM "memo" m WHERE m."order_id" = o."id") '
            'ORDER BY o."id" LIMIT $2',
            1,
            how_many,
        )
    return [r[0] for r in rows]


async def _main(args: argparse.Namespace) -> None:
    async with inprocess.signed_in_app(args.quick) as s, contextlib.AsyncExitStack() as stack:
        order_nos = await _order_numbers(s.run_url, args.orders)
        client, path = s.client, "/graphql"
        if args.raw:  # the session is the app's either way
            import httpx

            from tests.bench import floors

            await stack.enter_async_context(floors.app.router.lifespan_context(floors.app))
            client = await stack.enter_async_context(
                httpx.AsyncClient(
                    transport=httpx.ASGITransport(app=floors.app), base_url="http://127.0.0.1"
                )
            )
            path = "/raw/order"
        bodies = [{"query": scenarios.ORDER, "variables": {"orderNo": n}} for n in order_nos]
        turn = [0]

        async def once() -> Any:
            body = bodies[turn[0] % len(bodies)]
            turn[0] += 1
            r = await client.post(path, json=body, headers=s.headers)
            assert r.status_code == 200 and b'"errors"' not in r.content, r.text[:500]
            assert r.json()["data"]["order"] is not None
            return r

        for _ in range(30):
            await once()
        await inprocess.statements(once)
        await inprocess.timed(once, args.requests)
        if not args.no_profile:
            await inprocess.profiled(
                once, args.requests, pyinstrument=args.pyinstrument, dump=args.dump
            )


def main(argv: list[str] | None = None) -> None:
    asyncio.run(_main(_parse(argv)))


if __name__ == "__main__":
    main()
