"""Where one order-detail (交易信息) request's time goes, in-process (no HTTP client, no
uvicorn): `python -m tests.bench.profile_order [--quick] [--requests 300] [--pyinstrument]`.

The order-detail companion of `profile_page`: the bench's cached data set on a fresh run
copy, the big seller signed in, the bench's `ORDER` query (scenarios.py) replayed through
the ASGI app over the first orders the bench itself picks (rounds, events and memos), after
a warm-up: the mean wall and CPU time per request, the statements of one request and their
time, then a profile (cProfile's top functions, or pyinstrument's tree).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import time
from typing import Any


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


async def _main(args: argparse.Namespace) -> None:
    from tests.bench import db, generate, scenarios
    from tests.bench.profile_page import _statements

    target = db.target_for(os.environ.get("DATABASE_URL"), generate.VERSION, args.quick)
    await db.fresh_run_copy(target)
    async with db.Raw(target.run_url) as raw:
        anchor = await raw.fetchval("SELECT v FROM bench_meta WHERE k = 'anchor'")
        # the same orders as tests/bench/pages.py: rounds, events and memos (a full panel)
        order_nos = [
            r[0]
            for r in await raw.fetch(
                'SELECT o."order_no" FROM "customer_order" o JOIN "claim" c '
                'ON c."order_id" = o."id" WHERE o."seller_id" = $1 AND c."round_count" > 0 '
                'AND EXISTS (SELECT 1 FROM "memo" m WHERE m."order_id" = o."id") '
                'ORDER BY o."id" LIMIT $2',
                1,
                args.orders,
            )
        ]
    os.environ.update(
        {
            "DATABASE_URL": target.run_url,
            "QSM_ENV": "production",
            "QSM_SWEEP_INTERVAL": "0",
            "QSM_CLOCK": anchor,
            "QSM_SECRET_KEY": "bench-secret-key",
            "LOG_LEVEL": "warning",
        }
    )
    import httpx

    from tests.bench import floors
    from web.app import create_app

    app = create_app()
    # the session is made by the app's login either way; --raw replays through the floor
    served = floors.app if args.raw else app
    path = "/raw/order" if args.raw else "/graphql"
    try:
        async with (
            app.router.lifespan_context(app),
            floors.app.router.lifespan_context(floors.app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1"
            ) as login_client,
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=served), base_url="http://127.0.0.1"
            ) as client,
        ):
            login = await login_client.post(
                "/graphql",
                json={
                    "query": scenarios.LOGIN,
                    "variables": {
                        "loginId": generate.BIG_SELLER_LOGIN,
                        "password": generate.PASSWORD,
                    },
                },
            )
            token = login.json()["data"]["login"]["token"]
            headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
            bodies = [{"query": scenarios.ORDER, "variables": {"orderNo": n}} for n in order_nos]
            turn = [0]

            async def once() -> Any:
                body = bodies[turn[0] % len(bodies)]
                turn[0] += 1
                r = await client.post(path, json=body, headers=headers)
                assert r.status_code == 200 and b'"errors"' not in r.content, r.text[:500]
                assert r.json()["data"]["order"] is not None
                return r

            for _ in range(30):
                await once()
            if not args.raw:
                await _statements(once)
            n = args.requests
            t0, c0 = time.perf_counter(), time.process_time()
            for _ in range(n):
                await once()
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            print(f"{n} requests: {wall * 1000 / n:.2f} ms wall, {cpu * 1000 / n:.2f} ms CPU each")
            if args.no_profile:
                return
            if args.pyinstrument:
                from pyinstrument import Profiler

                profiler = Profiler(interval=0.0002, async_mode="enabled")
                profiler.start()
                for _ in range(n):
                    await once()
                profiler.stop()
                print(profiler.output_text(unicode=False, color=False, show_all=False))
            else:
                prof = cProfile.Profile()
                prof.enable()
                for _ in range(n):
                    await once()
                prof.disable()
                stats = pstats.Stats(prof)
                if args.dump:
                    stats.dump_stats(args.dump)
                print(f"{stats.total_calls / n:.0f} Python function calls per request")
                stats.sort_stats("tottime").print_stats(40)
                stats.sort_stats("cumulative").print_stats(60)
    finally:
        await db.drop(target, target.run_url)


def main(argv: list[str] | None = None) -> None:
    asyncio.run(_main(_parse(argv)))


if __name__ == "__main__":
    main()
