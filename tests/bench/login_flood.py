"""Issue 10 point 6: `viewer` latency while someone floods `login` with wrong passwords.

argon2 costs ~50–100 ms of CPU per verification; run on the event loop it stalls every
other request of that worker (measured before the fix: 7 wrong logins/s made `viewer`
~60× slower). The flood here is the worst case for the worker: every attempt really
verifies a password, because each comes with a new unknown login id and a new address
(through `X-Forwarded-For` from 127.0.0.1, configured as a trusted proxy, i.e. an attacker
with many addresses behind the load balancer), so the throttle cannot refuse it cheaply.

The server is `qsm serve` with one worker on the run database; `viewer` is measured with a
few connections (latency, not saturation), once quietly and once under the flood.
Goal: p50 under the flood ≤ 2× p50 without it. A figure, not a timed test.
"""

from __future__ import annotations

import threading
import time
import uuid
from typing import Any

import httpx

from tests.bench import scenarios
from tests.bench.context import Ctx
from tests.bench.http_load import load
from tests.bench.report import Result, median
from tests.cli_helpers import running_server

#: Wrong logins per second sent by the flood (open loop: a slow answer does not slow it).
FLOOD_PER_SECOND = 8
#: Connections measuring `viewer`.
VIEWER_CONNECTIONS = 4
GOAL_RATIO = 2.0


class Flood:
    """Sends FLOOD_PER_SECOND wrong logins a second from fresh ids and addresses."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.stop = threading.Event()
        self.sent = 0
        self.refused = 0
        self.threads: list[threading.Thread] = []

    def _attempt(self) -> None:
        n = uuid.uuid4().int
        address = f"10.{n % 250}.{(n >> 8) % 250}.{(n >> 16) % 250 + 1}"
        body = {
            "query": scenarios.LOGIN,
            "variables": {"loginId": f"flood-{n % 10**9}", "password": "wrong"},
        }
        try:
            r = httpx.post(
                f"{self.base}/graphql",
                json=body,
                headers={"X-Forwarded-For": address},
                timeout=30,
            )
            if "TOO_MANY_ATTEMPTS" in r.text:
                self.refused += 1
        except httpx.HTTPError:
            pass

    def _run(self) -> None:
        interval = 1 / FLOOD_PER_SECOND
        next_at = time.perf_counter()
        while not self.stop.is_set():
            worker = threading.Thread(target=self._attempt, daemon=True)
            worker.start()
            self.threads.append(worker)
            self.sent += 1
            next_at += interval
            time.sleep(max(0.0, next_at - time.perf_counter()))

    def __enter__(self) -> Flood:
        self.runner = threading.Thread(target=self._run, daemon=True)
        self.runner.start()
        time.sleep(1.0)  # let the flood reach its rate before measuring
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.runner.join()
        for worker in self.threads:
            worker.join(timeout=30)


def _viewer(ctx: Ctx, port: int) -> dict[str, Any]:
    res = load(
        {
            "port": port,
            "path": "/graphql",
            "headers": ctx.auth,
            "bodies": [{"query": scenarios.VIEWER}],
            "connections": VIEWER_CONNECTIONS,
            "duration": ctx.duration,
        }
    )
    if res["errors"] or res["http_errors"]:
        raise RuntimeError(f"viewer: {res}")
    return res


async def run(ctx: Ctx) -> list[Result]:
    env = ctx.env | {"QSM_TRUSTED_PROXIES": "127.0.0.1", "WORKERS": "1"}
    quiet: list[dict[str, Any]] = []
    flooded: list[dict[str, Any]] = []
    floods: list[dict[str, int]] = []
    with running_server(env) as base:
        port = int(base.rsplit(":", 1)[1])
        _viewer(ctx, port)  # warm-up
        for _ in range(ctx.runs):
            quiet.append(_viewer(ctx, port))
            with Flood(base) as flood:
                flooded.append(_viewer(ctx, port))
            floods.append({"sent": flood.sent, "refused": flood.refused})
    p50_quiet = median([r["p50_ms"] for r in quiet])
    p50_flood = median([r["p50_ms"] for r in flooded])
    ratio = p50_flood / p50_quiet if p50_quiet else 0.0
    return [
        Result(
            "viewer p50 under a login flood",
            f"{p50_flood:.1f} ms (p99 {median([r['p99_ms'] for r in flooded]):.0f} ms)",
            f"{p50_quiet:.1f} ms quiet",
            ratio,
            f"≤ {GOAL_RATIO}× quiet",
            ratio <= GOAL_RATIO,
            f"{FLOOD_PER_SECOND} wrong logins/s, new id and address each; floods {floods}",
            {"quiet": quiet, "flooded": flooded, "floods": floods},
        )
    ]
