"""What every benchmark module gets: the target, the run database, the servers, a token."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from tests.bench.db import Target
from tests.bench.http_load import Server


@dataclass
class Ctx:
    target: Target
    quick: bool
    anchor: datetime
    today: date
    #: Environment of every server and child process (run database, clock, production).
    env: dict[str, str]
    runs: int
    #: Seconds per load-generator run.
    duration: float
    app: Server | None = None
    raw: Server | None = None
    token: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return self.target.run_url

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}
