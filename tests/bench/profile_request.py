"""The fixed cost of one small /graphql request, in-process (no HTTP client, no uvicorn):
`python -m tests.bench.profile_request [--quick] [--query viewer|grid] [--requests 500]
[--concurrency 32] [--raw]` (`PROFILE_DUMP=file` keeps the cProfile stats).

Like `profile_page` (its data set, its run copy, the big seller's sign-in), for the
requests whose database work is tiny, `viewer` and the unfiltered grid: what a request
pays before and around its resolvers (middleware, session lookup, sweep probe, Strawberry's
extensions, JSON). Prints CPU per request, the statements of one request, and cProfile's
top functions and call count. `--concurrency 32` keeps that many requests in flight (like
the HTTP bench's 32 connections); `--raw` measures the raw floor route of `viewer`
(tests/bench/floors.py) the same way.
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
    p = argparse.ArgumentParser(prog="python -m tests.bench.profile_request")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--requests", type=int, default=500)
    p.add_argument("--query", default="viewer", choices=("viewer", "grid"))
    p.add_argument("--top", type=int, default=40)
    p.add_argument("--concurrency", type=int, default=1, help="requests in flight at once")
    p.add_argument("--raw", action="store_true", help="the raw floor route instead (viewer)")
    return p.parse_args(argv)


async def _main(args: argparse.Namespace) -> None:
    from tests.bench import db, generate, scenarios
    from tests.bench.profile_page import _statements

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
            query = scenarios.VIEWER if args.query == "viewer" else scenarios.GRID
            body = {"query": query}

            once = _direct(app, body, headers)
            if args.raw:
                from tests.bench.floors import app as raw_app

                raw_ctx = raw_app.router.lifespan_context(raw_app)
                await raw_ctx.__aenter__()
                once = _direct(raw_app, body, headers, path="/raw/viewer")

            for _ in range(50):
                await once()
            await _statements(once)
            n = args.requests
            t0, c0 = time.perf_counter(), time.process_time()
            if args.concurrency > 1:

                async def worker() -> None:
                    for _ in range(n // args.concurrency):
                        await once()

                await asyncio.gather(*(worker() for _ in range(args.concurrency)))
                n = n // args.concurrency * args.concurrency
            else:
                for _ in range(n):
                    await once()
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            print(f"{n} requests: {wall * 1000 / n:.3f} ms wall, {cpu * 1000 / n:.3f} ms CPU each")
            prof = cProfile.Profile()
            prof.enable()
            for _ in range(n):
                await once()
            prof.disable()
            stats = pstats.Stats(prof)
            if dump := os.environ.get("PROFILE_DUMP"):
                stats.dump_stats(dump)
            print(f"{stats.total_calls / n:.0f} Python calls per request")  # type: ignore[attr-defined]
            _by_package(stats, n)
            stats.sort_stats("tottime").print_stats(args.top)
            stats.sort_stats("cumulative").print_stats(args.top)
    finally:
        await db.drop(target, target.run_url)


def _by_package(stats: pstats.Stats, n: int) -> None:
    """Own time and calls per request, by package (under the profiler, so inflated)."""
    groups: dict[str, list[float]] = {}
    for (filename, _line, name), (_cc, nc, tt, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        key = filename
        if "site-packages/" in filename:
            key = filename.split("site-packages/")[1].split("/")[0]
        elif "/lib/python3" in filename:
            key = "stdlib:" + filename.rsplit("/", 1)[-1]
        elif filename == "~":
            key = "builtin:" + name
        else:
            key = "qsm:" + filename.split("/reqpath/")[-1]
        g = groups.setdefault(key, [0.0, 0])
        g[0] += tt
        g[1] += nc
    for key, (tt, nc) in sorted(groups.items(), key=lambda kv: -kv[1][0])[:30]:
        print(f"  {tt * 1e6 / n:8.1f} us {nc / n:7.1f} calls  {key}")


def _direct(app: Any, body: dict[str, Any], headers: dict[str, str], path: str = "/graphql") -> Any:
    """One POST straight into the ASGI app (no client library in the measurement)."""
    import json

    raw = json.dumps(body).encode()
    scope_headers = [(k.lower().encode(), v.encode()) for k, v in headers.items()] + [
        (b"host", b"127.0.0.1"),
        (b"content-type", b"application/json"),
        (b"content-length", str(len(raw)).encode()),
    ]

    async def once() -> bytes:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": path,
            "raw_path": path.encode(),
            "root_path": "",
            "query_string": b"",
            "headers": scope_headers,
            "client": ("127.0.0.1", 50000),
            "server": ("127.0.0.1", 8000),
            "state": {},
        }
        sent = False
        out: list[bytes] = []
        status: list[int] = []

        async def receive() -> dict[str, Any]:
            nonlocal sent
            if sent:
                return {"type": "http.disconnect"}
            sent = True
            return {"type": "http.request", "body": raw, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])
            elif message["type"] == "http.response.body":
                out.append(message.get("body", b""))

        await app(scope, receive, send)
        body_out = b"".join(out)
        assert status == [200] and b'"errors"' not in body_out, body_out[:500]
        return body_out

    return once


def main(argv: list[str] | None = None) -> None:
    asyncio.run(_main(_parse(argv)))


if __name__ == "__main__":
    main()
