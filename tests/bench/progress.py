"""A hand-written progress bar (stderr), so the bench needs no extra dependency."""

from __future__ import annotations

import sys
import time


class Progress:
    """`with Progress("claims", total) as bar: bar.update(n)`; redraws at most 10×/s."""

    def __init__(self, label: str, total: int) -> None:
        self.label = label
        self.total = max(total, 1)
        self.done = 0
        self.start = time.perf_counter()
        self._drawn = 0.0

    def __enter__(self) -> Progress:
        self._draw(force=True)
        return self

    def __exit__(self, *exc: object) -> None:
        self.done = min(self.done, self.total)
        self._draw(force=True)
        sys.stderr.write("\n")
        sys.stderr.flush()

    def update(self, n: int) -> None:
        self.done += n
        self._draw()

    def _draw(self, force: bool = False) -> None:
        now = time.perf_counter()
        if not force and now - self._drawn < 0.1:
            return
        self._drawn = now
        frac = min(self.done / self.total, 1.0)
        elapsed = now - self.start
        rate = self.done / elapsed if elapsed > 0 else 0.0
        eta = (self.total - self.done) / rate if rate > 0 else 0.0
        bar = "#" * int(frac * 30)
        sys.stderr.write(
            f"\r  {self.label:<16} [{bar:<30}] {frac:6.1%} {self.done:>9,}/{self.total:,}"
            f"  {rate:>9,.0f}/s  eta {eta:4.0f}s"
        )
        sys.stderr.flush()
