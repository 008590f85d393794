"""Database configuration: SQLite file by default, PostgreSQL when DATABASE_URL says so.

Timeouts and the pool size arrive as a `DatabaseOptions` argument (the server builds it from
`access.settings.Settings`, which reads the environment): `models/` never reads those
variables itself, so there is one place that knows their names and defaults.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tortoise.backends.base.config_generator import expand_db_url

from models.pg_connection import PooledConnection

DEFAULT_SQLITE_PATH = Path("data") / "qsm.sqlite3"
MODEL_MODULES = ["models.entities"]
#: SQLite waits this long for a lock held by another process before giving up, when the
#: caller gives no options (CLI commands, tests); the server uses its lock timeout.
SQLITE_BUSY_TIMEOUT_MS = 10_000
#: How long opening a PostgreSQL connection may take: an unreachable host must fail well
#: inside the request deadline, not after asyncpg's default of 60 s.
CONNECT_TIMEOUT_S = 5.0


@dataclass(frozen=True)
class DatabaseOptions:
    """Per-connection limits, so no request waits on the database without bound.

    Why per connection: PostgreSQL's `statement_timeout` / `lock_timeout` set as server
    settings at connect time apply to every statement on that connection, so a statement
    is cancelled by the server itself even when nobody waits for its answer any more.
    0 means "no limit" (PostgreSQL's own convention).
    """

    #: PostgreSQL `statement_timeout`.
    statement_timeout_ms: int = 0
    #: PostgreSQL `lock_timeout`; on SQLite the busy timeout (the same idea: how long to
    #: wait for another connection's lock).
    lock_timeout_ms: int = 0
    #: Largest number of pooled PostgreSQL connections per process.
    pool_size: int = 5

    @property
    def sqlite_busy_timeout_ms(self) -> int:
        return self.lock_timeout_ms or SQLITE_BUSY_TIMEOUT_MS


def database_url() -> str:
    """DATABASE_URL if set (Tortoise URL forms, `postgres://…`, `sqlite:///abs/path`)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    path = DEFAULT_SQLITE_PATH.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite://{path}"


def with_sqlite_pragmas(url: str, busy_timeout_ms: int = SQLITE_BUSY_TIMEOUT_MS) -> str:
    """Add WAL and a busy timeout to SQLite URLs: WAL lets readers go on while one process
    writes, and the busy timeout makes a writer wait for the lock instead of failing at
    once (Tortoise runs every `key=value` of the query string as a PRAGMA, in order).

    The order matters: the busy timeout first, so the next pragmas wait for a lock too,
    and foreign keys before the journal mode, which needs the file lock; if that one fails
    the connection still enforces foreign keys (Tortoise would set them last).
    """
    if not url.startswith("sqlite") or url.endswith(":memory:"):
        return url
    pragmas = [f"busy_timeout={busy_timeout_ms}", "foreign_keys=ON", "journal_mode=WAL"]
    extra = [p for p in pragmas if p.split("=")[0] not in url]
    if not extra:
        return url
    return url + ("&" if "?" in url else "?") + "&".join(extra)


#: Tortoise's SQLite client with a read-only second connection (models/sqlite_client.py).
SQLITE_ENGINE = "models.sqlite_client"


def sqlite_connection(url: str) -> dict[str, Any] | str:
    """A SQLite file's connection on `SQLITE_ENGINE` (Tortoise's expanded form of the URL
    with the engine swapped); an in-memory database keeps Tortoise's own client."""
    if sqlite_path(url) is None:
        return url
    config = expand_db_url(url)
    config["engine"] = SQLITE_ENGINE
    return config


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://", "asyncpg://", "psycopg://"))


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None (PostgreSQL, in-memory)."""
    if not url.startswith("sqlite://"):
        return None
    path = url.removeprefix("sqlite://").split("?", 1)[0]
    return None if path in ("", ":memory:") else Path(path)


def _postgres_connection(url: str, options: DatabaseOptions) -> dict[str, Any]:
    """Tortoise's expanded form of the URL plus asyncpg's server settings and pool size
    (the URL form cannot carry a dict of server settings)."""
    config = expand_db_url(url)
    credentials = config["credentials"]
    settings = dict(credentials.get("server_settings") or {})
    if options.statement_timeout_ms > 0:
        settings["statement_timeout"] = str(options.statement_timeout_ms)
    if options.lock_timeout_ms > 0:
        settings["lock_timeout"] = str(options.lock_timeout_ms)
    credentials["server_settings"] = settings
    credentials["maxsize"] = max(1, options.pool_size)
    credentials["minsize"] = min(int(credentials.get("minsize", 1)), credentials["maxsize"])
    credentials.setdefault("timeout", CONNECT_TIMEOUT_S)
    # no reset round trip each time Tortoise hands a connection back (models/pg_connection.py)
    credentials["connection_class"] = PooledConnection
    return config


def tortoise_config(
    url: str | None = None, options: DatabaseOptions | None = None
) -> dict[str, Any]:
    """The Tortoise configuration used by the server, the CLI and the migrations.

    Without `options` (migrations, seeding) no statement timeout applies: a long migration
    must not be cut off half-way by a limit meant for web requests.
    """
    url = url or database_url()
    connection: str | dict[str, Any]
    if is_postgres(url):
        connection = _postgres_connection(url, options or DatabaseOptions())
    else:
        busy = options.sqlite_busy_timeout_ms if options else SQLITE_BUSY_TIMEOUT_MS
        connection = sqlite_connection(with_sqlite_pragmas(url, busy))
    return {
        "connections": {"default": connection},
        "apps": {
            "models": {
                "models": MODEL_MODULES,
                "default_connection": "default",
                "migrations": "models.migrations",
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


#: For Tortoise's own CLI (`tortoise -c models.config.TORTOISE_ORM makemigrations`).
TORTOISE_ORM = tortoise_config(os.environ.get("DATABASE_URL") or "sqlite://:memory:")
