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
import contextlib
import cProfile
import os
import pstats
import time
from collections.abc import Iterator
from typing import Any


def _parse(argv: list[str] | None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m tests.bench.profile_mutation")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--claims", type=int, default=200)
    p.add_argument("--pyinstrument", action="store_true")
    return p.parse_args(argv)


@contextlib.contextmanager
def _driver_statements(seen: list[str]) -> Iterator[None]:
    """Record every statement sent through aiosqlite or asyncpg while inside."""
    import aiosqlite
    import asyncpg.connection

    patched: list[tuple[type, str, Any]] = []
    targets = [
        (aiosqlite.Connection, ("execute", "execute_insert", "execute_fetchall", "executemany")),
        (
            asyncpg.connection.Connection,
            ("execute", "executemany", "fetch", "fetchrow", "fetchval"),
        ),
    ]
    for cls, names in targets:
        for name in names:
            original = getattr(cls, name)

            def wrap(original: Any = original) -> Any:
                async def recorded(self: Any, sql: str, *args: Any, **kw: Any) -> Any:
                    seen.append(sql)
                    return await original(self, sql, *args, **kw)

                return recorded

            patched.append((cls, name, original))
            setattr(cls, name, wrap())
    try:
        yield
    finally:
        for cls, name, original in patched:
            setattr(cls, name, original)


async def _main(args: argparse.Namespace) -> None:
    from gql import ids
    from models import policy
    from tests.bench import db, generate, scenarios

    target = db.target_for(os.environ.get("DATABASE_URL"), generate.VERSION, args.quick)
    await db.fresh_run_copy(target)
    statuses = ", ".join(f"'{s}'" for s in sorted(policy.WITHDRAWABLE_STATUSES))
    n = args.claims
    async with db.Raw(target.run_url) as raw:
        anchor = await raw.fetchval("SELECT v FROM bench_meta WHERE k = 'anchor'")
        pool = [
            r[0]
            for r in await raw.fetch(
                f'SELECT "id" FROM "claim" WHERE "seller_id" = $1 AND "status" IN ({statuses}) '
                'AND "withdrawal_state" IS NULL ORDER BY "id" LIMIT $2',
                1,
                2 * n + 40,
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
            claims = iter(pool)

            async def send(claim_id: int) -> dict[str, Any]:
                body = {
                    "query": scenarios.REQUEST,
                    "variables": {
                        "input": {
                            "claimId": ids.encode("Claim", claim_id),
                            "sellerMessage": "bench",
                        }
                    },
                }
                r = await client.post("/graphql", json=body, headers=headers)
                assert r.status_code == 200 and b'"errors"' not in r.content, r.text[:500]
                return r.json()["data"]["claimWithdrawalRequest"]

            async def pair() -> None:
                cid = next(claims)
                won = await send(cid)
                assert won["withdrawal"], won
                refused = await send(cid)
                assert [e["code"] for e in refused["userErrors"]] == [
                    "WITHDRAWAL_ALREADY_PENDING"
                ], refused

            for _ in range(20):
                await pair()
            cid = next(claims)
            for label in ("win", "refusal"):
                seen: list[str] = []
                with _driver_statements(seen):
                    await send(cid)
                print(f"{label}: {len(seen)} statements at the driver:")
                for sql in seen:
                    print(f"    {' '.join(sql.split())[:200]}")
            t0, c0 = time.perf_counter(), time.process_time()
            for _ in range(n // 2):
                await pair()
            wall, cpu = time.perf_counter() - t0, time.process_time() - c0
            sent = 2 * (n // 2)
            print(
                f"{sent} mutations (half wins, half refusals): "
                f"{wall * 1000 / sent:.2f} ms wall, {cpu * 1000 / sent:.2f} ms CPU each"
            )
            rest = n - n // 2
            if args.pyinstrument:
                from pyinstrument import Profiler

                profiler = Profiler(interval=0.0002, async_mode="enabled")
                profiler.start()
                for _ in range(rest):
                    await pair()
                profiler.stop()
                print(profiler.output_text(unicode=False, color=False, show_all=False))
            else:
                prof = cProfile.Profile()
                prof.enable()
                for _ in range(rest):
                    await pair()
                prof.disable()
                if dump := os.environ.get("PROFILE_DUMP"):
                    prof.dump_stats(dump)
                stats = pstats.Stats(prof)
                print(f"function calls per mutation: {stats.total_calls / (2 * rest):.0f}")  # type: ignore[attr-defined]
                stats.sort_stats("tottime").print_stats(40)
                stats.sort_stats("cumulative").print_stats(70)
    finally:
        await db.drop(target, target.run_url)


def main(argv: list[str] | None = None) -> None:
    asyncio.run(_main(_parse(argv)))


if __name__ == "__main__":
    main()
