"""Issue 10, point 3, on a real uvicorn server: 50 MB JSON bodies, anonymous, alone and
eight at a time, with and without Content-Length, are refused with a GraphQL-format 413
and the worker's memory (VmRSS) stays under twice its idle size."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.cli_helpers import (
    create_postgres_database,
    drop_postgres_database,
    free_port,
    running_server,
    scratch_database,
)

MB = 1024 * 1024
BODY_MB = 50


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, int]]:
    """`qsm serve` on a scratch database (anonymous requests need no tables):
    (base URL, server pid)."""
    url = scratch_database(tmp_path)
    create_postgres_database(url)
    env = {
        "DATABASE_URL": url,
        "QSM_SECRET_KEY": "test-secret",
        "QSM_UPLOAD_DIR": str(tmp_path / "uploads"),
        "QSM_SWEEP_INTERVAL": "0",
    }
    try:
        port = free_port()
        with running_server(env, port=port) as base:
            yield base, server_pid(port)
    finally:
        drop_postgres_database(url)


def server_pid(port: int) -> int:
    """The `qsm serve --port <port>` process (one worker: uvicorn runs in it)."""
    wanted = ["serve", "--port", str(port)]
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().decode().split("\0")
        except OSError:
            continue
        if any(args[i : i + 3] == wanted for i in range(len(args))):
            return int(entry.name)
    raise AssertionError(f"no server process on port {port}")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def big_json(with_length: bool) -> tuple[Iterator[bytes], dict[str, str]]:
    head = b'{"query": "{ __typename }", "variables": {"pad": "'
    tail = b'"}}'
    chunk = b"a" * MB

    def parts() -> Iterator[bytes]:
        yield head
        for _ in range(BODY_MB):
            yield chunk
        yield tail

    headers = {"Content-Type": "application/json"}
    if with_length:
        headers["Content-Length"] = str(len(head) + BODY_MB * MB + len(tail))
    return parts(), headers


def post_big(base: str, with_length: bool) -> httpx.Response:
    content, headers = big_json(with_length)
    return httpx.post(base + "/graphql", content=content, headers=headers, timeout=60)


def assert_refused(response: httpx.Response) -> None:
    assert response.status_code == 413, response.text[:300]
    (error,) = response.json()["errors"]
    assert error["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    assert "larger than 1 MB" in error["message"]


def test_50_mb_json_is_refused_without_growing_the_worker(server: tuple[str, int]) -> None:
    base, pid = server
    for _ in range(5):  # warm up: imports, the first GraphQL execution
        assert httpx.post(base + "/graphql", json={"query": "{ __typename }"}).status_code == 200
    idle = rss_kib(pid)

    for with_length in (True, False):
        assert_refused(post_big(base, with_length))
    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(lambda i: post_big(base, i % 2 == 0), range(8)))
    for response in responses:
        assert_refused(response)
    peak = rss_kib(pid)

    ok = httpx.post(base + "/graphql", json={"query": "{ __typename }"})
    assert ok.status_code == 200, "the server still answers"
    report = f"idle {idle / 1024:.1f} MiB, after 10 x {BODY_MB} MB: {peak / 1024:.1f} MiB"
    print(report)
    if os.environ.get("QSM_REPORT_RSS"):
        Path(os.environ["QSM_REPORT_RSS"]).write_text(report + "\n")
    assert peak < 2 * idle, report
