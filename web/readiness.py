"""`/readyz`: can this process serve requests now? (`/healthz` only says it is alive.)

Why two probes: a load balancer should stop sending traffic to an instance whose database
is unreachable, but an orchestrator must not restart a live process for a database outage
(a restart cannot fix it). So `/healthz` never touches the database and `/readyz` does.

Two checks, each bounded by `READY_TIMEOUT_S`: `SELECT 1` (the database answers) and a
one-row read of the claim table (the core table is readable, not locked away by a long
`LOCK TABLE` or migration). The answer says which check failed and with which code.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse
from tortoise import connections

from models.db_errors import failure_code
from models.entities import Claim
from models.errors import ErrorCode

log = logging.getLogger("qsm.web")

#: Each check gets this long; a probe must answer well before the prober gives up.
READY_TIMEOUT_S = 2.0


async def _database() -> None:
    await connections.get("default").execute_query("SELECT 1")


async def _claims() -> None:
    await Claim.all().limit(1).values_list("id", flat=True)


CHECKS: dict[str, Callable[[], Awaitable[None]]] = {"database": _database, "claims": _claims}


async def _run(check: Callable[[], Awaitable[None]]) -> tuple[ErrorCode | None, str]:
    """(None, "") when the check passes, else the failure code and a short reason."""
    try:
        async with asyncio.timeout(READY_TIMEOUT_S):
            await check()
    except TimeoutError:
        return ErrorCode.TIMEOUT, f"no answer within {READY_TIMEOUT_S:g} s"
    except Exception as exc:  # any failure means "not ready"; the code says which kind
        code = failure_code(exc) or ErrorCode.DATABASE_UNAVAILABLE
        log.warning("readiness check failed: %s: %s", type(exc).__name__, exc)
        return code, type(exc).__name__  # no hosts or SQL in a public answer
    return None, ""


async def readyz(request: Request) -> JSONResponse:
    """200 {"status": "ready"} or 503 with, per failed check, its code and reason."""
    checks: dict[str, dict[str, object]] = {}
    for name, check in CHECKS.items():
        started = time.monotonic()
        code, reason = await _run(check)
        result: dict[str, object] = {"ok": code is None}
        result["ms"] = round((time.monotonic() - started) * 1000)
        if code is not None:
            result |= {"code": code.value, "reason": reason}
        checks[name] = result
        if code is not None and name == "database":
            break  # the next checks would only repeat the same failure
    failed = [c for c in checks.values() if not c["ok"]]
    body = {
        "status": "unavailable" if failed else "ready",
        "code": failed[0]["code"] if failed else None,
        "checks": checks,
    }
    return JSONResponse(body, status_code=503 if failed else 200)
