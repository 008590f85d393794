"""A live qsm server for the browser suites: real uvicorn on a free port, a fresh SQLite
database, the clock standing on a chapter's date and clock control on."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.launcher import free_port, launched

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class LiveServer:
    base_url: str
    env: dict[str, str]

    def set_clock(self, instant: str) -> str:
        """Move the server's business clock; returns the new Tokyo date."""
        response = httpx.post(f"{self.base_url}/_clock", json={"now": instant}, timeout=10)
        response.raise_for_status()
        return response.json()["today"]

    def advance_days(self, days: float) -> str:
        response = httpx.post(f"{self.base_url}/_clock", json={"advanceDays": days}, timeout=10)
        response.raise_for_status()
        return response.json()["today"]

    def run_python(self, code: str) -> str:
        """Run `async def main()` against the server's database (scenario set-up only)."""
        from tests.cli_helpers import run_with_db

        result = run_with_db(code, self.env)
        if result.returncode != 0:
            raise RuntimeError(result.stderr)
        return result.stdout


def _qsm(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "web.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if result.returncode != 0:
        raise RuntimeError(f"qsm {' '.join(args)} failed: {result.stderr}")


#: Migrated + demo-seeded databases by clock, made once per test session: modules on the
#: same date start from a copy instead of running `qsm migrate` and `qsm seed` again.
_TEMPLATES: dict[str, Path] = {}
_TEMPLATE_DIR = tempfile.TemporaryDirectory(prefix="qsm-e2e-templates-")


def _fresh_database(path: Path, clock: str, env: dict[str, str]) -> None:
    """A migrated, demo-seeded SQLite file at `path`, as `qsm seed --demo` makes it at `clock`."""
    template = _TEMPLATES.get(clock)
    if template is None:
        template = Path(_TEMPLATE_DIR.name) / f"seed-{len(_TEMPLATES)}.sqlite3"
        seed_env = {**env, "DATABASE_URL": f"sqlite://{template}"}
        _qsm(["migrate"], seed_env)
        _qsm(["seed", "--demo"], seed_env)
        _TEMPLATES[clock] = template
    for suffix in ("", "-wal", "-shm"):
        source = template.with_name(template.name + suffix)
        if source.exists():
            shutil.copyfile(source, path.with_name(path.name + suffix))


@contextlib.contextmanager
def live_server(clock: str) -> Iterator[LiveServer]:
    """Migrate and seed a fresh database, serve it, stop the server afterwards."""
    with tempfile.TemporaryDirectory(prefix="qsm-e2e-") as tmp:
        port = free_port()
        env = {
            **{k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
            "DATABASE_URL": f"sqlite://{tmp}/e2e.sqlite3",
            "QSM_CLOCK": clock,
            "QSM_CLOCK_CONTROL": "1",
            "QSM_SECRET_KEY": "e2e-secret",
            "QSM_UPLOAD_DIR": f"{tmp}/uploads",
            "QSM_SWEEP_INTERVAL": "0",
            "QSM_ENV": "production",
            "LOG_LEVEL": "warning",
        }
        _fresh_database(Path(tmp) / "e2e.sqlite3", clock, env)
        with launched(
            [sys.executable, "-m", "web.cli", "serve", "--port", str(port)],
            port=port,
            env=env,
            log_path=Path(tmp) / "server.log",
        ):
            yield LiveServer(f"http://127.0.0.1:{port}", env)
