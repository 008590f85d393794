"""What every in-process profiler shares (`profile_page`, `profile_order`, `profile_request`,
`profile_mutation`): the app on a fresh copy of the bench's data set with the big seller
signed in, timing a request in wall and CPU time, the statements one request sends, and
a cProfile or pyinstrument profile.

In-process numbers (no HTTP client, no uvicorn) are what moves least with the machine's
load, so they are what a change is judged by while other work shares the cores; the
HTTP benches (`python -m tests.bench`) give the ratios against the raw floors.
"""

from __future__ import annotations

import contextlib
import cProfile
import json
import os
import pstats
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

from tests.bench import db, generate, scenarios

Once = Callable[[], Awaitable[Any]]


@dataclass(frozen=True)
class SignedIn:
    """The app serving a run copy, an ASGI client on it and the big seller's headers."""

    app: Any
    client: Any  # httpx.AsyncClient
    headers: dict[str, str]
    run_url: str


@contextlib.asynccontextmanager
async def signed_in_app(quick: bool) -> AsyncIterator[SignedIn]:
    """The app as `make bench` serves it (production, no background sweep, the data set's
    own clock) on a fresh run copy, dropped on exit; the big seller signed in."""
    target = db.target_for(os.environ.get("DATABASE_URL"), generate.VERSION, quick)
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
            yield SignedIn(app, client, headers, target.run_url)
    finally:
        await db.drop(target, target.run_url)


async def timed(once: Once, n: int, *, per: int = 1) -> None:
    """Run `once` n times; print the mean wall and CPU time per request (`per` is how
    many requests one call of `once` sends)."""
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(n):
        await once()
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    sent = n * per
    print(f"{sent} requests: {wall * 1000 / sent:.3f} ms wall, {cpu * 1000 / sent:.3f} ms CPU each")


async def profiled(
    once: Once,
    n: int,
    *,
    pyinstrument: bool = False,
    dump: str | None = None,
    top: int = 40,
    per: int = 1,
) -> None:
    """Run `once` n times under cProfile (or pyinstrument's tree) and print where the
    time went; `per` is how many requests one call of `once` sends."""
    if pyinstrument:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002, async_mode="enabled")
        profiler.start()
        for _ in range(n):
            await once()
        profiler.stop()
        print(profiler.output_text(unicode=False, color=False, show_all=False))
        return
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(n):
        await once()
    prof.disable()
    stats = pstats.Stats(prof)
    if dump := dump or os.environ.get("PROFILE_DUMP"):
        stats.dump_stats(dump)
    requests = n * per
    print(f"{stats.total_calls / requests:.0f} Python function calls per request")  # type: ignore[attr-defined]
    by_package(stats, requests)
    stats.sort_stats("tottime").print_stats(top)
    stats.sort_stats("cumulative").print_stats(top + 20)


def by_package(stats: pstats.Stats, n: int) -> None:
    """Own time and calls per request, by package (under the profiler, so inflated)."""
    here = os.getcwd() + "/"
    groups: dict[str, list[float]] = {}
    for (filename, _line, name), (_cc, nc, tt, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        if "site-packages/" in filename:
            key = filename.split("site-packages/")[1].split("/")[0]
        elif "/lib/python3" in filename:
            key = "stdlib:" + filename.rsplit("/", 1)[-1]
        elif filename == "~":
            key = "builtin:" + name
        else:
            key = "qsm:" + filename.removeprefix(here)
        g = groups.setdefault(key, [0.0, 0])
        g[0] += tt
        g[1] += nc
    for key, (tt, nc) in sorted(groups.items(), key=lambda kv: -kv[1][0])[:30]:
        print(f"  {tt * 1e6 / n:8.1f} us {nc / n:7.1f} calls  {key}")


@contextlib.contextmanager
def driver_statements(seen: list[tuple[float, str]]) -> Iterator[None]:
    """Record every statement sent through aiosqlite or asyncpg while inside, with its
    time: counted at the driver, so raw SQL is seen as well as Tortoise's."""
    import aiosqlite
    import aiosqlite.context
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

            def wrap(original: Any = original, sqlite: bool = cls is aiosqlite.Connection) -> Any:
                async def recorded(self: Any, sql: str, *args: Any, **kw: Any) -> Any:
                    t0 = time.perf_counter()
                    try:
                        return await original(self, sql, *args, **kw)
                    finally:
                        seen.append((time.perf_counter() - t0, sql))

                if not sqlite:
                    return recorded

                def result(self: Any, sql: str, *args: Any, **kw: Any) -> Any:
                    # aiosqlite's answer is awaited or entered (`async with conn.execute`)
                    return aiosqlite.context.Result(recorded(self, sql, *args, **kw))

                return result

            patched.append((cls, name, original))
            setattr(cls, name, wrap())
    try:
        yield
    finally:
        for cls, name, original in patched:
            setattr(cls, name, original)


async def statements(once: Once, label: str = "one request") -> None:
    """Print the statements `once` sends at the driver and their time."""
    seen: list[tuple[float, str]] = []
    with driver_statements(seen):
        await once()
    print(f"{label}: {len(seen)} statements at the driver:")
    for seconds, sql in seen:
        print(f"  {seconds * 1000:7.2f} ms  {' '.join(sql.split())[:220]}")


def direct(app: Any, body: dict[str, Any], headers: dict[str, str], path: str = "/graphql") -> Once:
    """One POST straight into the ASGI app (no client library in the measurement)."""
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
