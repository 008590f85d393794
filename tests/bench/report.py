"""Results: one row per goal (measured, floor, ratio, target, PASS/MISS), a printed table
and bench-results/latest.json."""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import statistics
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Result:
    goal: str
    measured: str
    floor: str
    ratio: float | None
    target: str
    #: True / False, or None for figures reported without a goal.
    passed: bool | None
    notes: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def verdict(self) -> str:
        return {True: "PASS", False: "MISS", None: "info"}[self.passed]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else 0.0


async def timed_runs(fn: Callable[[], Awaitable[object]], runs: int) -> list[float]:
    """Wall time (ms) of `runs` sequential calls, after one warm-up call."""
    import time

    await fn()
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        await fn()
        out.append((time.perf_counter() - t0) * 1000)
    return out


def table(results: list[Result]) -> str:
    header = ("goal", "measured", "floor", "ratio", "target", "result")
    rows = [
        (
            r.goal,
            r.measured,
            r.floor,
            "—" if r.ratio is None else f"{r.ratio:.2f}×",
            r.target,
            r.verdict,
        )
        for r in results
    ]
    widths = [max(len(str(x)) for x in col) for col in zip(header, *rows, strict=True)]
    line = "| " + " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)) + " |"
    sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    body = [
        "| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)) + " |"
        for row in rows
    ]
    return "\n".join([line, sep, *body])


def machine() -> dict[str, Any]:
    cpu = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal"):
                mem_kb = int(line.split()[1])
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "platform": platform.platform(),
    }


def write_json(path: Path, payload: dict[str, Any], results: list[Result]) -> None:
    payload = {**payload, "results": [asdict(r) | {"verdict": r.verdict} for r in results]}
    path.parent.mkdir(exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=str))
