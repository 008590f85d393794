"""POST /_clock: move the application clock (only when QSM_CLOCK_CONTROL=1)."""

from __future__ import annotations

import json
import math

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from models.clock import get_clock, parse_instant


def _error(message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=400)


async def clock_endpoint(request: Request) -> JSONResponse:
    """`{"now": "<ISO instant>"}` sets the clock; `{"advanceDays": N}` moves it forward."""
    clock = get_clock()
    if request.method == "GET":
        return _clock_body()
    try:
        body = json.loads(await request.body() or b"{}")
    except ValueError:
        return _error("The body must be JSON.")
    if not isinstance(body, dict):
        return _error('Send {"now": "<ISO instant>"} or {"advanceDays": N}.')
    if "now" in body:
        try:
            clock.set(parse_instant(str(body["now"])))
        except ValueError:
            return _error("now must be an ISO 8601 instant, e.g. 2021-08-03T10:00:00+09:00.")
    elif "advanceDays" in body:
        days = body["advanceDays"]
        if (
            not isinstance(days, int | float)
            or isinstance(days, bool)
            or not math.isfinite(days)
            or abs(days) > 3650
        ):
            return _error("advanceDays must be a number of days (at most 3650).")
        clock.advance(days)
    else:
        return _error('Send {"now": "<ISO instant>"} or {"advanceDays": N}.')
    return _clock_body()


def _clock_body() -> JSONResponse:
    clock = get_clock()
    return JSONResponse({"now": clock.now().isoformat(), "today": clock.today().isoformat()})


routes = [Route("/_clock", clock_endpoint, methods=["GET", "POST"])]
