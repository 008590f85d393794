"""Database configuration: SQLite file by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

DEFAULT_SQLITE_PATH = Path("data") / "qsm.sqlite3"
MODEL_MODULES = ["models.entities"]
#: SQLite waits this long for a lock held by another process before giving up.
SQLITE_BUSY_TIMEOUT_MS = 10_000


def database_url() -> str:
    """DATABASE_URL if set (Tortoise URL forms, `postgres://…`, `sqlite:///abs/path`)."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return url
    path = DEFAULT_SQLITE_PATH.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    return f"sqlite://{path}"


def with_sqlite_pragmas(url: str) -> str:
    """Add a busy timeout to SQLite URLs so concurrent writers wait instead of failing."""
    if not url.startswith("sqlite") or "busy_timeout" in url:
        return url
    return url + ("&" if "?" in url else "?") + f"busy_timeout={SQLITE_BUSY_TIMEOUT_MS}"


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://", "asyncpg://", "psycopg://"))


def tortoise_config(url: str | None = None) -> dict[str, Any]:
    """The Tortoise configuration used by the server, the CLI and the migrations."""
    return {
        "connections": {"default": with_sqlite_pragmas(url or database_url())},
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
