"""SQLite is served by one process, in WAL mode, and a lock held elsewhere gives a code
(issue 10.7).

Measured before the fix: `WORKERS=2` or two servers on one file started silently, and a
write lock held by another process gave a masked INTERNAL_SERVER_ERROR after 10 s. With
WAL, another process's write transaction no longer blocks reads at all; a write that cannot
get the lock within the busy timeout (QSM_LOCK_TIMEOUT_MS) answers DATABASE_BUSY.
These tests use their own SQLite file whatever DATABASE_URL says.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess

import pytest

from tests.cli_helpers import QSM, ROOT, running_server
from tests.launcher import free_port
from tests.web.db_failure_helpers import (
    CLAIMS_QUERY,
    SQLITE_LOCK_SCRIPT,
    VIEWER_QUERY,
    error_codes,
    gql,
    lock_held,
    login,
    migrate_and_seed,
    server_env,
)

LOGOUT = "mutation { logout { userErrors { code } } }"
pytestmark = pytest.mark.database_independent  # their own SQLite file, on both passes


@pytest.fixture
def sqlite_env(tmp_path):
    path = tmp_path / "serve.sqlite3"
    return server_env(f"sqlite://{path}", tmp_path), path


def _serve(env: dict[str, str], **extra: str) -> subprocess.CompletedProcess[str]:
    """`qsm serve` that must refuse to start; the timeout catches one that starts."""
    return subprocess.run(
        [*QSM, "serve", "--port", str(free_port())],
        cwd=ROOT,
        env={**os.environ, **env, **extra},
        capture_output=True,
        text=True,
        timeout=20,
    )


def test_workers_on_sqlite_are_refused_with_a_sentence(sqlite_env):
    env, _ = sqlite_env
    refused = _serve(env, WORKERS="2")
    assert refused.returncode == 2, refused.stderr
    assert "WORKERS=2" in refused.stderr and "PostgreSQL" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_a_second_server_on_the_same_file_is_refused(sqlite_env):
    env, path = sqlite_env
    migrate_and_seed(env)
    with running_server(env):
        second = _serve(env)
        assert second.returncode == 2, second.stderr
        assert "already serving" in second.stderr and str(path) in second.stderr
    # The lock goes with the process: the file can be served again.
    with running_server(env) as base:
        assert login(base)


def test_wal_and_a_lock_held_elsewhere(sqlite_env):
    env, path = sqlite_env
    migrate_and_seed(env)
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with running_server({**env, "QSM_LOCK_TIMEOUT_MS": "500"}) as base:
        token = login(base)
        with lock_held(SQLITE_LOCK_SCRIPT, str(path), "seller", 30):
            reads = [gql(base, q, token, 10) for q in (VIEWER_QUERY, CLAIMS_QUERY)]
            write, write_s = gql(base, LOGOUT, token, 15)
        print(f"\nreads {[round(s, 3) for _, s in reads]} s, write refused after {write_s:.2f} s")
        for response, seconds in reads:
            assert response.status_code == 200 and "errors" not in response.json()
            assert seconds < 0.5, "WAL: another process's write does not block reads"
        assert write.status_code == 503, write.text
        assert error_codes(write) == ["DATABASE_BUSY"], write.text
        assert write_s < 5
        again, _ = gql(base, LOGOUT, token)
        assert again.status_code == 200 and "errors" not in again.json(), again.text
