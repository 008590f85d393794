"""Where one claims-page request's time goes, in-process (no HTTP client, no uvicorn):
`python -m tests.bench.profile_page [--quick] [--requests 300] [--pyinstrument]`.

Uses the bench's cached data set (run `python -m tests.bench --quick --only pages` once
first to build it) on a fresh run copy, signs in as the big seller, and replays the
50-row page without `totalCount` through the ASGI app (httpx's ASGI transport) after a
warm-up: prints the mean wall and CPU time per request, the statements one request runs
and their time, then a profile (cProfile's top functions, or pyinstrument's tree).
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
    p = argparse.ArgumentParser(prog="python -m tests.bench.profile_page")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--requests", type=int, default=300)
    p.add_argument("--pyinstrument", action="store_true")
    p.add_argument("--query", default="page", choices=("page", "total", "etag"))
    return p.parse_args(argv)


async def _main(args: argparse.Namespace) -> None:
    from tests.bench import db, generate, scenarios

    target = db.target_for(os.environ.get("DATABASE_URL"), generate.VERSION, args.quick)
    await db.fresh_run_copy(target)
    async with db.Raw(target.run_url) as raw:
        anchor = await raw.fetchval("SELECT v FROM bench_meta WHERE k = 'anchor'")
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

    from web.app import create_app

    app = create_app()
    try:
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="http://127.0.0.1"
            ) as client,
        ):
            login = await client.post(
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
            query = (
                scenarios.CLAIMS
                if args.query == "total"
                else scenarios.CLAIMS.replace("totalCount", "")
            )
            body = {"query": query, "variables": {"first": 50}}

            async def once() -> Any:
                r = await client.post("/graphql", json=body, headers=headers)
                assert r.status_code == 200 and b'"errors"' not in r.content, r.text[:500]
                return r

            if args.query == "etag":
                import json
                from urllib.parse import urlencode

                url = "/graphql?" + urlencode(
                    {"query": query, "variables": json.dumps({"first": 50})}
                )
                first = await client.get(url, headers=headers)
                headers = {**headers, "If-None-Match": first.headers["etag"]}

                async def once() -> Any:  # noqa: F811
                    r = await client.get(url, headers=headers)
                    assert r.status_code == 304, r.status_code
                    return r

            for _ in range(30):
                await once()
            await _statements(once)
            n = args.requests
            t0, c0 = time.perf_counter(), time.process_time()
            for _ in range(n):
                await once()
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            print(f"{n} requests: {wall * 1000 / n:.2f} ms wall, {cpu * 1000 / n:.2f} ms CPU each")
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
                stats.sort_stats("tottime").print_stats(45)
                stats.sort_stats("cumulative").print_stats(60)
    finally:
        await db.drop(target, target.run_url)


async def _statements(once: Any) -> None:
    """The statements of one request and their time, through Tortoise's clients."""
    from tortoise.backends.base.client import BaseDBAsyncClient

    seen: list[tuple[float, str]] = []
    originals: dict[str, Any] = {}
    for name in ("execute_query", "execute_query_dict"):
        original = getattr(BaseDBAsyncClient, name)
        originals[name] = original
    import tortoise

    classes = set()
    for conn in tortoise.connections.all():
        classes.add(type(conn))
    patched: list[tuple[type, str, Any]] = []
    for cls in classes:
        for name in ("execute_query", "execute_query_dict"):
            original = getattr(cls, name)

            def wrap(original: Any = original) -> Any:
                async def timed(self: Any, sql: str, values: Any = None) -> Any:
                    t0 = time.perf_counter()
                    try:
                        return await original(self, sql, values)
                    finally:
                        seen.append((time.perf_counter() - t0, sql))

                return timed

            patched.append((cls, name, original))
            setattr(cls, name, wrap())
    try:
        await once()
    finally:
        for cls, name, original in patched:
            setattr(cls, name, original)
    print(f"{len(seen)} statements through Tortoise:")
    for seconds, sql in seen:
        print(f"  {seconds * 1000:7.2f} ms  {sql[:220]}")


def main(argv: list[str] | None = None) -> None:
    asyncio.run(_main(_parse(argv)))


if __name__ == "__main__":
    main()
