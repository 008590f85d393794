"""Goal (issue 15 item 4): WORKERS=2 serves the claims page at ≥ 1.15× one worker.

Two `qsm serve` on the run database, one with WORKERS=1 and one with WORKERS=2 (each
process its own SO_REUSEPORT socket, web/serving.py), started one after the other; then
`runs` alternating load runs (1, 2, 1, 2 …) of the 50-row claims page (no totalCount) with
32 keep-alive connections; the medians are compared. The box has 2 cores, shared with the
database and the load client, so 2× is out of reach: the goal is 1.15×.

On SQLite WORKERS>1 is refused (one writing process per file): the row says so.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any

from tests.bench import scenarios
from tests.bench.context import Ctx
from tests.bench.http_load import load
from tests.bench.report import Result, median
from tests.launcher import free_port, launched

CONNECTIONS = 32
GOAL = 1.15


@contextlib.contextmanager
def _serve(ctx: Ctx, workers: int) -> Iterator[int]:
    port = free_port()
    env = {**ctx.env, "WORKERS": str(workers), "LOG_LEVEL": "warning"}
    argv = [sys.executable, "-m", "web.cli", "serve", "--port", str(port)]
    with launched(argv, port=port, env=env, startup_seconds=60):
        yield port


async def run(ctx: Ctx) -> list[Result]:
    goal = "WORKERS=2 vs 1: claims page"
    if not ctx.target.is_pg:
        return [Result(goal, "—", "—", None, f"≥ {GOAL}×", None, "SQLite serves one process")]
    page = [{"query": scenarios.CLAIMS.replace("totalCount", ""), "variables": {"first": 50}}]
    runs: dict[int, list[dict[str, Any]]] = {1: [], 2: []}
    with _serve(ctx, 1) as one, _serve(ctx, 2) as two:
        ports = {1: one, 2: two}
        token = scenarios.login_token(f"http://127.0.0.1:{one}")
        headers = {"Authorization": f"Bearer {token}"}
        for port in (one, two):  # warm both (every process: a few connections each)
            load(
                {
                    "port": port,
                    "path": "/graphql",
                    "headers": headers,
                    "bodies": page,
                    "connections": 8,
                    "duration": 1,
                }
            )
        for _ in range(ctx.runs):
            for workers in (1, 2):
                res = load(
                    {
                        "port": ports[workers],
                        "path": "/graphql",
                        "headers": headers,
                        "bodies": page,
                        "connections": CONNECTIONS,
                        "duration": ctx.duration,
                    }
                )
                if res["errors"] or res["http_errors"]:
                    raise RuntimeError(f"WORKERS={workers}: {res}")
                runs[workers].append(res)
    rps = {w: median([r["rps"] for r in runs[w]]) for w in (1, 2)}
    ratio = rps[2] / rps[1] if rps[1] else 0.0
    return [
        Result(
            goal,
            f"{rps[2]:.0f} req/s (2 processes)",
            f"{rps[1]:.0f} req/s (1 process)",
            ratio,
            f"≥ {GOAL}× one worker",
            ratio >= GOAL,
            f"{CONNECTIONS} keep-alive conns, 50 rows without totalCount, medians of {ctx.runs}",
            {"runs": runs},
        )
    ]
