"""`qsm serve` with WORKERS=2 on PostgreSQL (web/serving.py): two processes, each with its
own SO_REUSEPORT socket, both serve keep-alive clients; a stop is graceful; a dead process is
replaced; a port in use is refused with a sentence.

Which process served a request is read from the server's log (each line carries `[pid]`),
never from anything sent to clients.
"""

from __future__ import annotations

import collections
import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.cli_helpers import (
    QSM,
    ROOT,
    create_postgres_database,
    drop_postgres_database,
    qsm,
    scratch_database,
)
from tests.launcher import free_port, launched

pytestmark = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="several server processes need PostgreSQL (SQLite refuses WORKERS>1)",
)
STARTED = re.compile(r"\[(\d+)\] Application startup complete")
CLIENTS = 16  # all on one process by chance: 2 * 2**-16


@pytest.fixture
def pg_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    url = scratch_database(tmp_path)
    create_postgres_database(url)
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "QSM_SECRET_KEY": "test-secret",
        "QSM_UPLOAD_DIR": str(tmp_path / "uploads"),
        "QSM_SWEEP_INTERVAL": "0",
        "WORKERS": "2",
        "LOG_LEVEL": "info",
    }
    try:
        assert qsm("migrate", env=env).returncode == 0
        yield env
    finally:
        drop_postgres_database(url)


def _started_pids(log: Path, count: int, seconds: float = 30) -> list[str]:
    """Wait until `count` distinct processes finished their start-up; their pids."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pids = list(dict.fromkeys(STARTED.findall(log.read_text(errors="replace"))))
        if len(pids) >= count:
            return pids
        time.sleep(0.1)
    raise AssertionError(f"not {count} processes started:\n{log.read_text()[-3000:]}")


def _served_by(log: Path, marker: str) -> collections.Counter[str]:
    """How many requests carrying `marker` each process logged."""
    pattern = re.compile(r"\[(\d+)\] [^ ]+ - \"GET /healthz\?" + re.escape(marker))
    return collections.Counter(pattern.findall(log.read_text(errors="replace")))


def _keep_alive_clients(base: str, marker: str, requests: int = 5) -> None:
    for client_no in range(CLIENTS):
        with httpx.Client(timeout=10) as client:  # one connection, kept alive
            for _ in range(requests):
                response = client.get(f"{base}/healthz?{marker}&c={client_no}")
                assert response.status_code == 200


def test_two_processes_share_keep_alive_clients_and_stop_gracefully(pg_env, tmp_path):
    port, log = free_port(), tmp_path / "server.log"
    base = f"http://127.0.0.1:{port}"
    with launched([*QSM, "serve", "--port", str(port)], port=port, env=pg_env, log_path=log) as p:
        pids = _started_pids(log, 2)
        _keep_alive_clients(base, "round=1")
        time.sleep(0.3)  # the access lines are written after the answers
        served = _served_by(log, "round=1")
        assert sum(served.values()) == CLIENTS * 5
        assert set(served) == set(pids), served  # both processes served clients
        # nothing about the process reaches the client
        answer = httpx.get(f"{base}/healthz")
        assert not any(pid in answer.text or pid in str(answer.headers) for pid in pids)
    assert p.returncode == 0  # SIGTERM: each process finished its requests and lifespan
    text = log.read_text()
    for pid in pids:
        assert f"[{pid}] Finished server process" in text, text[-2000:]


def test_a_server_process_that_dies_is_replaced(pg_env, tmp_path):
    port, log = free_port(), tmp_path / "server.log"
    base = f"http://127.0.0.1:{port}"
    with launched([*QSM, "serve", "--port", str(port)], port=port, env=pg_env, log_path=log):
        first, second = _started_pids(log, 2)
        os.kill(int(first), signal.SIGKILL)
        pids = _started_pids(log, 3)
        assert pids[:2] == [first, second]
        _keep_alive_clients(base, "round=2")
        time.sleep(0.3)
        served = _served_by(log, "round=2")
        assert sum(served.values()) == CLIENTS * 5 and first not in served
        assert set(served) == {second, pids[2]}, served


def test_a_port_in_use_is_refused_with_a_sentence(pg_env):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        refused = subprocess.run(
            [*QSM, "serve", "--port", str(port)],
            cwd=ROOT,
            env=pg_env,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert refused.returncode == 2, refused.stderr
    assert f"127.0.0.1:{port} is already in use" in refused.stderr
    assert "Traceback" not in refused.stderr
