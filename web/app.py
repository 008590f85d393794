"""The application factory: mounts the portal, /graphql, static files and the lifespan."""

from __future__ import annotations

import asyncio
import contextlib
import gc
from collections.abc import AsyncIterator, Coroutine
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Mount, Route, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send
from tortoise.contrib.starlette import RegisterTortoise

from access import live
from access.settings import Settings
from gql.app import MAX_MULTIPART_BYTES, make_graphql_app
from gql.errors import database_failure_response
from gql.transport import transport_error
from models.config import DatabaseOptions, database_url, tortoise_config
from models.jobs import offloop
from models.ops import exports, sweep
from models.webhooks import dispatch, retention
from web import clock_routes, portal
from web.body_limit import BodyLimit, RouteLimit
from web.failures import DatabaseFailures
from web.portal.memos import MAX_PART as MEMO_FORM_BYTES
from web.readiness import readyz
from web.security_headers import SecurityHeaders

#: CSS, portal.js and the vendored htmx build.
STATIC_DIR = Path(__file__).parent / "static"
#: Every body is capped at settings.max_body_bytes (1 MiB); the two routes that take an
#: attachment allow a larger multipart body, and /graphql refuses in its error format.
BODY_LIMITS = (
    RouteLimit(r"/graphql/?", multipart_bytes=MAX_MULTIPART_BYTES, refuse=transport_error),
    RouteLimit(r"/portal/orders/[^/]+/memos", multipart_bytes=MEMO_FORM_BYTES),
)


def export_graphql_schema(path: str | Path | None = None) -> Path:
    """`qsm export-schema`: the SDL of the API this app mounts (web.app is the one web
    module that imports gql, so the CLI asks here)."""
    from gql.export import SCHEMA_PATH, export_schema

    return export_schema(path or SCHEMA_PATH)


async def healthz(request: Request) -> JSONResponse:
    from models.clock import get_clock

    return JSONResponse({"status": "ok", "today": get_clock().today().isoformat()})


class OneSweepPerRequest:
    """ASGI middleware: each HTTP request sweeps an account's overdue rounds once, however
    many read models ask (the ETag, the page, a grid beside it): `sweep.once_per_request`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        with sweep.once_per_request():
            await self.app(scope, receive, send)


def db_options(settings: Settings) -> DatabaseOptions:
    """The server's database limits, from the settings (the one place that reads them)."""
    return DatabaseOptions(
        statement_timeout_ms=settings.statement_timeout_ms,
        lock_timeout_ms=settings.lock_timeout_ms,
        pool_size=settings.db_pool_size,
    )


async def _stop(task: asyncio.Task[None]) -> None:
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


def _in_background(stack: contextlib.AsyncExitStack, work: Coroutine[Any, Any, None]) -> None:
    """Run `work` beside the server, cancelled (and awaited) when the lifespan ends."""
    stack.push_async_callback(_stop, asyncio.create_task(work))


def create_app(settings: Settings | None = None, *, init_db: bool = True) -> Starlette:
    """Build the app; `init_db=False` when the caller (tests) already set Tortoise up."""
    settings = settings or Settings.from_env()
    routes: list[BaseRoute] = [Route("/healthz", healthz), Route("/readyz", readyz)]
    if settings.clock_control:
        routes += clock_routes.routes
    graphql = make_graphql_app(settings)
    routes.append(Route("/graphql{path:path}", graphql))
    # Subscriptions over graphql-transport-ws (a Route matches HTTP only).
    routes.append(WebSocketRoute("/graphql", graphql))
    routes += portal.routes()
    routes.append(Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"))

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        config = tortoise_config(options=db_options(settings))
        orm = RegisterTortoise(app, config=config) if init_db else None
        async with contextlib.AsyncExitStack() as stack:
            if orm is not None:
                await orm.init_orm()
                stack.push_async_callback(orm.close_orm)
                # PostgreSQL: this process's LISTEN for the change feed (access/live.py)
                await stack.enter_async_context(live.feed(database_url()))
                # export files are built in other processes (docs/exports.md)
                stack.callback(offloop.shutdown)
                if not exports.jobs_in_worker():  # inline jobs a stopped server left
                    _in_background(stack, exports.resume_inline_in_background())
            if settings.sweeps_inline:  # else QSM_JOBS=worker: `qsm worker` sweeps
                _in_background(stack, sweep.run_periodically(settings.sweep_interval))
                _in_background(stack, exports.run_periodically(settings.sweep_interval))
            if settings.jobs == "inline":  # the webhook outbox relay (docs/webhooks.md)
                _in_background(stack, dispatch.run_periodically())
                _in_background(stack, retention.run_periodically())
            # Start-up's ~100,000 objects (modules, the schema, the ORM's metadata) live
            # as long as the process: out of the collector's way, a full collection scans
            # only what requests made (~1 ms instead of ~32 ms, a pause every request in
            # flight waits out; docs/benchmarks.md, the fourth round's table).
            gc.freeze()
            yield

    app = Starlette(routes=routes, lifespan=lifespan)
    app.add_middleware(OneSweepPerRequest)
    app.add_middleware(
        DatabaseFailures,
        timeout=settings.request_timeout,
        api_prefix="/graphql",
        api_failure=database_failure_response,
    )
    # Added last, so outermost: bodies are capped before anything reads them, and every
    # answer (refusals and 503s included) carries the security headers.
    app.add_middleware(BodyLimit, max_bytes=settings.max_body_bytes, routes=BODY_LIMITS)
    app.add_middleware(SecurityHeaders)
    app.state.settings = settings
    return app
