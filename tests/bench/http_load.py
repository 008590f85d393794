"""Servers under uvicorn and a bounded closed-loop load generator on loopback.

Why a hand-written client: it speaks just enough HTTP/1.1 (keep-alive, Content-Length
bodies) to cost a few microseconds per request, so on a 2-core machine most of the CPU is
left to the server. It still shares those 2 cores with the server (and PostgreSQL): the
figures are "everything on one box", which is also true of the raw floor it is compared to.

Run as a separate process: `python -m tests.bench.http_load <spec.json>` prints a JSON
result (requests, errors, throughput, p50/p99 latency, and, with `keep_bodies`, every
response body in order).
"""

from __future__ import annotations

import asyncio
import contextlib
import http.client
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import uvloop

from tests.launcher import free_port, launched


@dataclass
class Server:
    port: int
    proc: subprocess.Popen

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextlib.contextmanager
def uvicorn_server(app: str, env: dict[str, str]) -> Iterator[Server]:
    """`uvicorn <app> --http httptools --loop uvloop`, one worker, on a free port: the
    loop and parser `qsm serve` runs with, for the app and the raw floor alike."""
    port = free_port()
    cmd = [
        sys.executable,
        "-m",
        "uvicorn",
        app,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--http",
        "httptools",
        "--loop",
        "uvloop",
        "--workers",
        "1",
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    with launched(cmd, port=port, env=env, startup_seconds=60) as proc:
        yield Server(port, proc)


def sequential_graphql(
    port: int, headers: dict[str, str], query: str, variables: dict[str, Any], runs: int
) -> tuple[list[float], dict[str, Any]]:
    """What one user waits for: `runs` POST /graphql requests one after another on one
    keep-alive connection (after one warm-up); returns the latencies in ms and the last
    answer's `data`. A GraphQL error stops the bench instead of timing an error page."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    body = json.dumps({"query": query, "variables": variables})
    out: list[float] = []
    answer: Any = None
    for i in range(runs + 1):
        t0 = time.perf_counter()
        conn.request("POST", "/graphql", body, {"Content-Type": "application/json", **headers})
        payload = conn.getresponse().read()
        if i:  # the first is a warm-up
            out.append((time.perf_counter() - t0) * 1000)
        answer = json.loads(payload)
    conn.close()
    if "errors" in answer:
        raise RuntimeError(f"bench query failed: {answer['errors']}")
    return out, answer["data"]


def _get_bytes(path: str, headers: dict[str, str]) -> bytes:
    head = [f"GET {path} HTTP/1.1", "Host: 127.0.0.1"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    return ("\r\n".join(head) + "\r\n\r\n").encode()


def _request_bytes(path: str, body: bytes, headers: dict[str, str]) -> bytes:
    head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", "Content-Type: application/json"]
    head += [f"{k}: {v}" for k, v in headers.items()]
    head.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bytes]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    status = int(lines[0].split(b" ", 2)[1])
    length = 0
    chunked = False
    for line in lines[1:]:
        name, _, value = line.partition(b":")
        lname = name.strip().lower()
        if lname == b"content-length":
            length = int(value.strip())
        elif lname == b"transfer-encoding" and b"chunked" in value.lower():
            chunked = True
    if not chunked:
        return status, await reader.readexactly(length)
    parts = []
    while True:
        size = int((await reader.readuntil(b"\r\n")).strip(), 16)
        if size == 0:
            await reader.readuntil(b"\r\n")
            return status, b"".join(parts)
        parts.append(await reader.readexactly(size))
        await reader.readexactly(2)


async def run_load(spec: dict[str, Any]) -> dict[str, Any]:
    """Closed loop: `connections` clients, each sending its next request as soon as the
    previous answered, for `duration` seconds or until the bodies run out (`once`)."""
    port, path = spec["port"], spec["path"]
    headers = spec.get("headers", {})
    payloads = [
        _request_bytes(path, json.dumps(b).encode(), headers) for b in spec.get("bodies", [])
    ]
    # `gets`: GET requests (path with its query string) instead of POST bodies
    payloads += [_get_bytes(p, headers) for p in spec.get("gets", [])]
    ok = set(spec.get("ok_statuses", [200]))
    once = spec.get("once", False)
    duration = float(spec.get("duration", 10))
    keep = spec.get("keep_bodies", False)
    error_marker = b'"errors"'
    latencies: list[float] = []
    results: list[bytes | None] = [None] * len(payloads) if keep else []
    counters = {"next": 0, "errors": 0, "http_errors": 0}
    start = time.perf_counter()
    stop_at = start + duration

    async def client() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while True:
                i = counters["next"]
                if once and i >= len(payloads):
                    return
                if not once and time.perf_counter() >= stop_at:
                    return
                counters["next"] = i + 1
                t0 = time.perf_counter()
                writer.write(payloads[i % len(payloads)])
                status, body = await _read_response(reader)
                latencies.append(time.perf_counter() - t0)
                if status not in ok:
                    counters["http_errors"] += 1
                elif error_marker in body:
                    counters["errors"] += 1
                if keep:
                    results[i] = body
        finally:
            writer.close()

    await asyncio.gather(*(client() for _ in range(spec.get("connections", 32))))
    elapsed = time.perf_counter() - start
    latencies.sort()
    out: dict[str, Any] = {
        "requests": len(latencies),
        "seconds": elapsed,
        "rps": len(latencies) / elapsed if elapsed else 0.0,
        "errors": counters["errors"],
        "http_errors": counters["http_errors"],
        "p50_ms": _pct(latencies, 0.50) * 1000,
        "p99_ms": _pct(latencies, 0.99) * 1000,
        "mean_ms": statistics.fmean(latencies) * 1000 if latencies else 0.0,
    }
    if keep:
        out["bodies"] = [b.decode() if b is not None else None for b in results]
    return out


def _pct(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    return sorted_values[min(len(sorted_values) - 1, int(q * len(sorted_values)))]


def load(spec: dict[str, Any]) -> dict[str, Any]:
    """Run `run_load` in a child process (its own interpreter and event loop)."""
    proc = subprocess.run(
        [sys.executable, "-m", "tests.bench.http_load"],
        input=json.dumps(spec),
        capture_output=True,
        text=True,
        env=dict(os.environ),
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"load generator failed: {proc.stderr[-2000:]}")
    return json.loads(proc.stdout)


def main() -> None:
    spec = json.loads(sys.stdin.read())
    # the client's own loop: uvloop, like the servers
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        print(json.dumps(runner.run(run_load(spec))))


if __name__ == "__main__":
    main()
