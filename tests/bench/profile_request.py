"""The fixed cost of one small /graphql request, in-process (no HTTP client, no uvicorn):
`python -m tests.bench.profile_request [--quick] [--query viewer|grid] [--requests 500]
[--concurrency 32] [--raw]` (`PROFILE_DUMP=file` keeps the cProfile stats).

Like `profile_page` (its data set, its run copy, the big seller's sign-in), for the
requests whose database work is tiny, `viewer` and the unfiltered grid: what a request
pays before and around its resolvers (middleware, session lookup, sweep probe, Strawberry's
extensions, JSON). Prints CPU per request, the statements of one request, and cProfile's
top functions and call count, by package too. `--concurrency 32` keeps that many requests
in flight (like the HTTP bench's 32 connections); `--raw` measures the raw floor route of
`viewer` (tests/bench/floors.py) the same way. Requests go straight into the ASGI app, so
no client library is in the measurement.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import time

from tests.bench import inprocess, scenarios


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m tests.bench.profile_request")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--requests", type=int, default=500)
    p.add_argument("--query", default="viewer", choices=("viewer", "grid"))
    p.add_argument("--top", type=int, default=40)
    p.add_argument("--concurrency", type=int, default=1, help="requests in flight at once")
    p.add_argument("--raw", action="store_true", help="the raw floor route instead (viewer)")
    return p.parse_args(argv)


async def _concurrently(once: inprocess.Once, n: int, concurrency: int) -> int:
    """n requests, `concurrency` in flight; print wall and CPU per request; how many ran."""
    per_worker = n // concurrency

    async def worker() -> None:
        for _ in range(per_worker):
            await once()

    t0, c0 = time.perf_counter(), time.process_time()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    n = per_worker * concurrency
    print(f"{n} requests: {wall * 1000 / n:.3f} ms wall, {cpu * 1000 / n:.3f} ms CPU each")
    return n


async def _main(args: argparse.Namespace) -> None:
    async with inprocess.signed_in_app(args.quick) as s, contextlib.AsyncExitStack() as stack:
        body = {"query": scenarios.VIEWER if args.query == "viewer" else scenarios.GRID}
        once = inprocess.direct(s.app, body, s.headers)
        if args.raw:
            from tests.bench.floors import app as raw_app

            await stack.enter_async_context(raw_app.router.lifespan_context(raw_app))
            once = inprocess.direct(raw_app, body, s.headers, path="/raw/viewer")

        for _ in range(50):
            await once()
        await inprocess.statements(once)
        n = args.requests
        if args.concurrency > 1:
            n = await _concurrently(once, n, args.concurrency)
        else:
            await inprocess.timed(once, n)
        await inprocess.profiled(once, n, top=args.top)


def main(argv: list[str] | None = None) -> None:
    asyncio.run(_main(_parse(argv)))


if __name__ == "__main__":
    main()
