"""Settings read once from the environment; `docs/configuration.md` lists every variable.

One frozen object, built by `Settings.from_env()` and passed down through constructors
(the app factory, the GraphQL view), so a test builds its own with `Settings(...)` or
`dataclasses.replace(...)` instead of patching the environment.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def _list(name: str) -> tuple[str, ...]:
    """A comma-separated variable as a tuple of non-empty, stripped items."""
    return tuple(p.strip() for p in os.environ.get(name, "").split(",") if p.strip())


def _number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise SystemExit(f"{name} must be a number, not {raw!r}.") from None


def _choice(name: str, allowed: tuple[str, ...]) -> str:
    """One of `allowed` (the first when unset), else a sentence naming the choices."""
    raw = os.environ.get(name, "").strip().lower() or allowed[0]
    if raw not in allowed:
        raise SystemExit(f"{name} must be one of {', '.join(allowed)}, not {raw!r}.")
    return raw


def _networks(name: str) -> tuple[IPNetwork, ...]:
    try:
        return tuple(ipaddress.ip_network(p, strict=False) for p in _list(name))
    except ValueError as exc:
        raise SystemExit(f"{name}: {exc}") from None


def _secret_key() -> str:
    """QSM_SECRET_KEY, else a random key kept in data/ so sessions survive restarts."""
    if key := os.environ.get("QSM_SECRET_KEY", "").strip():
        return key
    path = Path("data") / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    path.write_text(key)
    path.chmod(0o600)
    return key


@dataclass(frozen=True)
class Settings:
    #: `development` turns on GraphiQL and introspection; anything else is production.
    env: str
    #: Enables POST /_clock (tests and e2e move the clock).
    clock_control: bool
    #: Seconds between in-server sweeps; 0 disables the loop.
    sweep_interval: float
    secret_key: str
    #: Origins (scheme://host:port) whose pages may call /graphql with the session cookie,
    #: besides the server's own origin (QSM_ALLOWED_ORIGINS).
    allowed_origins: tuple[str, ...] = ()
    #: Origins that get CORS headers (QSM_CORS_ORIGINS); empty keeps CORS closed.
    cors_origins: tuple[str, ...] = ()
    #: Largest request body accepted on any route, uploads excluded (QSM_MAX_BODY_BYTES).
    max_body_bytes: int = 1024 * 1024
    #: Deepest JSON nesting accepted in a request body (QSM_MAX_JSON_DEPTH).
    max_json_depth: int = 32
    #: PostgreSQL statement_timeout per connection, in ms (QSM_STATEMENT_TIMEOUT_MS).
    statement_timeout_ms: int = 5_000
    #: PostgreSQL lock_timeout per connection, in ms (QSM_LOCK_TIMEOUT_MS).
    lock_timeout_ms: int = 3_000
    #: Whole-request deadline in seconds (QSM_REQUEST_TIMEOUT); exports are exempt.
    request_timeout: float = 15.0
    #: Database connection pool size per process (QSM_DB_POOL_SIZE).
    db_pool_size: int = 10
    #: Proxies whose X-Forwarded-For is believed (QSM_TRUSTED_PROXIES, CIDRs); none by default.
    trusted_proxies: tuple[IPNetwork, ...] = field(default=())
    #: Who runs the periodic sweep and reminders (QSM_JOBS): `inline`, this serving
    #: process's own loop (the SQLite default); `worker`, `qsm worker` processes on
    #: PostgreSQL (docs/jobs.md), and then no serving process sweeps by itself.
    jobs: str = "inline"

    @property
    def sweeps_inline(self) -> bool:
        """Whether the serving process runs its own sweep loop."""
        return self.jobs == "inline" and self.sweep_interval > 0

    @property
    def development(self) -> bool:
        return self.env == "development"

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            env=os.environ.get("QSM_ENV", "production").strip().lower(),
            clock_control=_flag("QSM_CLOCK_CONTROL"),
            sweep_interval=_number("QSM_SWEEP_INTERVAL", 60),
            secret_key=_secret_key(),
            allowed_origins=_list("QSM_ALLOWED_ORIGINS"),
            cors_origins=_list("QSM_CORS_ORIGINS"),
            max_body_bytes=int(_number("QSM_MAX_BODY_BYTES", cls.max_body_bytes)),
            max_json_depth=int(_number("QSM_MAX_JSON_DEPTH", cls.max_json_depth)),
            statement_timeout_ms=int(_number("QSM_STATEMENT_TIMEOUT_MS", cls.statement_timeout_ms)),
            lock_timeout_ms=int(_number("QSM_LOCK_TIMEOUT_MS", cls.lock_timeout_ms)),
            request_timeout=_number("QSM_REQUEST_TIMEOUT", cls.request_timeout),
            db_pool_size=int(_number("QSM_DB_POOL_SIZE", cls.db_pool_size)),
            trusted_proxies=_networks("QSM_TRUSTED_PROXIES"),
            jobs=_choice("QSM_JOBS", ("inline", "worker")),
        )
