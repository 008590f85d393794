"""`qsm` command line: serve, migrate, seed, sweep, worker. Exit codes: 0 ok, 1 failure, 2 usage."""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from collections.abc import Awaitable, Callable

from tortoise import Tortoise
from tortoise.migrations.api import migrate as migrate_api

from access.client import uvicorn_proxy_options
from access.settings import Settings
from models.config import database_url, is_postgres, tortoise_config
from web import single_writer


async def _with_db(work: Callable[[], Awaitable[int]]) -> int:
    await Tortoise.init(config=tortoise_config())
    try:
        return await work()
    finally:
        await Tortoise.close_connections()


async def run_migrations(url: str | None = None) -> None:
    """Apply Tortoise's migrations (models/migrations) to the configured database."""
    config = tortoise_config(url)
    try:
        await migrate_api(config=config)
    finally:
        await Tortoise.close_connections()


def cmd_migrate(_: argparse.Namespace) -> int:
    url = database_url()
    asyncio.run(run_migrations())
    if is_postgres(url):  # the job engine's tables, after ours (docs/jobs.md)
        from models.jobs.engine import install_schema

        if asyncio.run(install_schema(url)):
            print("installed the job engine's schema")
    print(f"migrated {_redacted(url)}")
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    """A job worker (PostgreSQL only): periodic sweep and reminders, retries, stalled jobs."""
    url = database_url()
    if not is_postgres(url):
        print(
            "qsm worker: job workers need PostgreSQL (DATABASE_URL=postgres://...); on "
            "SQLite the server sweeps by itself.",
            file=sys.stderr,
        )
        return 2
    from models.jobs import engine

    async def work() -> int:
        app = engine.build_app(url)
        async with app.open_async():
            await app.run_worker_async(
                concurrency=int(args.concurrency),
                name=f"qsm-worker-{os.getpid()}",
                update_heartbeat_interval=engine.heartbeat_every(),
                stalled_worker_timeout=engine.stalled_after(),
            )
        return 0

    return asyncio.run(_with_db(work))


def cmd_seed(args: argparse.Namespace) -> int:
    if not args.demo:
        print("qsm seed: nothing to do; pass --demo to load the demo data.", file=sys.stderr)
        return 2
    from models.demo import seed_demo

    async def work() -> int:
        created = await seed_demo()
        print("demo data loaded" if created else "demo data already present; nothing changed")
        return 0

    return asyncio.run(_with_db(work))


def cmd_sweep(_: argparse.Namespace) -> int:
    from models.ops.sweep import expire_due

    async def work() -> int:
        count = await expire_due()
        print(f"expired {count} withdrawal request(s)")
        return 0

    return asyncio.run(_with_db(work))


def cmd_export_schema(args: argparse.Namespace) -> int:
    """Write the GraphQL SDL (gql/schema.graphql) from the code; a test checks they agree."""
    from web.app import export_graphql_schema

    print(f"wrote {export_graphql_schema(args.path)}")
    return 0


#: How long `qsm serve` waits for open requests when told to stop (seconds).
GRACEFUL_SHUTDOWN_SECONDS = 5


def cmd_serve(args: argparse.Namespace) -> int:
    """WORKERS=N > 1: N processes, each with its own SO_REUSEPORT socket (web/serving.py)."""
    from web import serving

    workers = int(os.environ.get("WORKERS", args.workers))
    try:
        url = database_url()
        single_writer.check_workers(url, workers)
        with single_writer.server_lock(url):
            serving.serve(
                {
                    "host": os.environ.get("HOST", args.host),
                    "port": int(os.environ.get("PORT", args.port)),
                    "http": "httptools",
                    # uvloop when it is installed (less CPU per request: docs/benchmarks.md,
                    # "Several server processes"), else asyncio
                    "loop": "auto",
                    "log_level": os.environ.get("LOG_LEVEL", "info"),
                    # Event streams (subscriptions, /portal/live) never end by themselves:
                    # a stop waits this long for them, then closes them (clients reconnect).
                    "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_SECONDS,
                    **uvicorn_proxy_options(Settings.from_env().trusted_proxies),
                },
                workers,
            )
    except (single_writer.ServeRefused, serving.PortInUse) as refused:
        print(f"qsm serve: {refused}", file=sys.stderr)
        return 2
    return 0


def _redacted(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.split('@', 1)[1]}"
    return url


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qsm", description="qsm-claims back office")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("migrate", help="apply database migrations").set_defaults(func=cmd_migrate)
    seed = sub.add_parser("seed", help="load data")
    seed.add_argument("--demo", action="store_true", help="the manual's demo shop (idempotent)")
    seed.set_defaults(func=cmd_seed)
    sub.add_parser("sweep", help="expire overdue withdrawal requests").set_defaults(func=cmd_sweep)
    worker = sub.add_parser("worker", help="run background jobs (PostgreSQL)")
    worker.add_argument("--concurrency", default="1", help="jobs run at once")
    worker.set_defaults(func=cmd_worker)
    export = sub.add_parser("export-schema", help="write gql/schema.graphql from the code")
    export.add_argument("path", nargs="?", default=None, help="default: gql/schema.graphql")
    export.set_defaults(func=cmd_export_schema)
    serve = sub.add_parser("serve", help="serve the portal and /graphql")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", default="8000")
    serve.add_argument("--workers", default="1")
    serve.set_defaults(func=cmd_serve)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # a sentence, not a traceback, for operators
        print(f"qsm {args.command}: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
