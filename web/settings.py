"""Settings read once from the environment; see the README's configuration table."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


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

    @property
    def development(self) -> bool:
        return self.env == "development"

    @classmethod
    def from_env(cls) -> Settings:
        return cls(
            env=os.environ.get("QSM_ENV", "production").strip().lower(),
            clock_control=_flag("QSM_CLOCK_CONTROL"),
            sweep_interval=float(os.environ.get("QSM_SWEEP_INTERVAL", "60")),
            secret_key=_secret_key(),
        )
