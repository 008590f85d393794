"""A long table lock on PostgreSQL against a real server with short timeouts (issue 10.5).

Measured before the fix: `LOCK TABLE claim` for 20 s froze every request on the worker,
`viewer` included, because every statement waited for the lock and the pool filled up;
clients that gave up left statements waiting. Now `lock_timeout` / `statement_timeout` end
the blocked statements with a code, the request deadline ends a request whose statements
have no limit, and nothing is left waiting on the server.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor

import asyncpg
import httpx
import pytest

from models.config import is_postgres
from tests.cli_helpers import (
    create_postgres_database,
    drop_postgres_database,
    running_server,
    scratch_database,
)
from tests.web.db_failure_helpers import (
    CLAIMS_QUERY,
    PG_LOCK_SCRIPT,
    VIEWER_QUERY,
    error_codes,
    gql,
    lock_held,
    login,
    migrate_and_seed,
    postgres_dsn,
    server_env,
)

pytestmark = pytest.mark.skipif(
    not is_postgres(os.environ.get("DATABASE_URL", "")),
    reason="PostgreSQL only (runs when DATABASE_URL is a postgres:// URL, as in CI)",
)

#: The lock another client holds: long, so only our timeouts can end the blocked requests
#: (the test releases it once its assertions are done).
LOCK_SECONDS = 30
POOL_SIZE = 4
#: The lock timeout the server runs with: the time scale of this test. A request that does
#: not touch the locked table answers well within one lock timeout (it would wait at least
#: that long for a pooled connection if the blocked ones held them all); a blocked one
#: waits about one, plus queueing when the pool is full. Long enough that a loaded CI
#: machine does not blur the two.
LOCK_TIMEOUT_S = 2.0
BUSY_SENTENCE = "系统正忙"


@pytest.fixture
def database(tmp_path):
    url = scratch_database(tmp_path)
    create_postgres_database(url)
    yield url
    drop_postgres_database(url)


def _timed_get(url: str, **kwargs: object) -> tuple[httpx.Response, float]:
    started = time.monotonic()
    response = httpx.get(url, timeout=10, **kwargs)  # type: ignore[arg-type]
    return response, time.monotonic() - started


def test_a_long_table_lock_fails_the_blocked_requests_and_spares_the_rest(database, tmp_path):
    env = server_env(
        database,
        tmp_path,
        QSM_STATEMENT_TIMEOUT_MS=str(int(LOCK_TIMEOUT_S * 2000)),
        QSM_LOCK_TIMEOUT_MS=str(int(LOCK_TIMEOUT_S * 1000)),
        QSM_REQUEST_TIMEOUT=str(int(LOCK_TIMEOUT_S * 5)),
        QSM_DB_POOL_SIZE=str(POOL_SIZE),
    )
    migrate_and_seed(env)
    with running_server(env) as base:
        token = login(base)
        with lock_held(PG_LOCK_SCRIPT, postgres_dsn(database), "claim", LOCK_SECONDS):
            locked_at = time.monotonic()
            # Fewer blocked requests than pooled connections: the rest answers at once.
            with ThreadPoolExecutor(16) as pool:
                blocked = [
                    pool.submit(gql, base, CLAIMS_QUERY, token, 10) for _ in range(POOL_SIZE - 1)
                ]
                time.sleep(0.2)
                health, health_s = _timed_get(base + "/healthz")
                viewer, viewer_s = gql(base, VIEWER_QUERY, token, 10)
                results = [f.result() for f in blocked]
                ready, _ = _timed_get(base + "/readyz")
                portal, _ = _timed_get(base + "/portal/claims", cookies={"qsm_session": token})
                # Twice as many blocked requests as connections: the pool fills, but only
                # for one lock timeout at a time, never for the length of the lock.
                crowd = [
                    pool.submit(gql, base, CLAIMS_QUERY, token, 10) for _ in range(2 * POOL_SIZE)
                ]
                time.sleep(0.2)
                crowded_viewer, crowded_viewer_s = gql(base, VIEWER_QUERY, token, 10)
                crowd_results = [f.result() for f in crowd]
            still_locked_s = time.monotonic() - locked_at
        print(
            f"\nhealthz {health_s:.3f} s, viewer {viewer_s:.3f} s, viewer with a full pool "
            f"{crowded_viewer_s:.3f} s; blocked claims failed after "
            f"{sorted(round(s, 2) for _, s in results + crowd_results)} s"
        )
        assert still_locked_s < LOCK_SECONDS, "the lock was held throughout"

        assert health.status_code == 200 and health_s < LOCK_TIMEOUT_S
        assert viewer.status_code == 200, viewer.text
        assert viewer.json()["data"]["viewer"]["__typename"] == "SellerViewer"
        assert viewer_s < LOCK_TIMEOUT_S, "viewer reads session and seller, not claim"
        for response, seconds in results + crowd_results:
            assert response.status_code == 503, response.text
            assert error_codes(response) == ["DATABASE_BUSY"], response.text
            # one lock timeout plus queueing for a connection, never the whole lock
            assert seconds < 3 * LOCK_TIMEOUT_S + 1
        assert min(s for _, s in results) >= 0.9 * LOCK_TIMEOUT_S, "they waited for it"
        # Bounded by the lock timeout (a few of them on a busy machine), not by the lock.
        assert crowded_viewer.status_code == 200 and crowded_viewer_s < 3 * LOCK_TIMEOUT_S

        assert ready.status_code == 503
        assert ready.json()["checks"]["database"]["ok"] is True
        # the claims probe ends at its own bound (web/readiness.py) or at the lock timeout,
        # whichever comes first on the machine: either way it names why it is not ready
        assert ready.json()["checks"]["claims"]["code"] in ("DATABASE_BUSY", "TIMEOUT")
        assert portal.status_code == 503 and BUSY_SENTENCE in portal.text

        after, _ = gql(base, CLAIMS_QUERY, token)
        assert after.status_code == 200 and "errors" not in after.json(), after.text
        assert httpx.get(base + "/readyz").status_code == 200


async def _waiting_statements(database: str, exclude: str) -> list[str]:
    connection = await asyncpg.connect(postgres_dsn(database))
    try:
        rows = await connection.fetch(
            "SELECT query FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND state = 'active' AND query NOT LIKE $1",
            exclude,
        )
        return [r["query"] for r in rows]
    finally:
        await connection.close()


def test_the_request_deadline_cancels_the_statement(database, tmp_path):
    """No statement or lock timeout at all: only the request deadline ends the wait, and
    the statement is cancelled on the server, also for a client that gave up earlier."""
    import asyncio

    env = server_env(
        database,
        tmp_path,
        QSM_STATEMENT_TIMEOUT_MS="0",
        QSM_LOCK_TIMEOUT_MS="0",
        QSM_REQUEST_TIMEOUT="2",
    )
    migrate_and_seed(env)
    with running_server(env) as base:
        token = login(base)
        with lock_held(PG_LOCK_SCRIPT, postgres_dsn(database), "claim", LOCK_SECONDS):
            response, seconds = gql(base, CLAIMS_QUERY, token, 10)
            with pytest.raises(httpx.ReadTimeout):
                gql(base, CLAIMS_QUERY, token, 0.5)  # this client gives up first
            portal, _ = _timed_get(base + "/portal/claims", cookies={"qsm_session": token})
            time.sleep(2.5)  # past the deadline of the abandoned request
            waiting = asyncio.run(_waiting_statements(database, "%LOCK TABLE%"))
        print(f"\nblocked request answered TIMEOUT after {seconds:.2f} s")
        assert response.status_code == 503 and error_codes(response) == ["TIMEOUT"]
        assert 1.9 <= seconds < LOCK_SECONDS / 3, "ended by the 2 s deadline, not the lock"
        assert portal.status_code == 503 and "处理超时" in portal.text
        assert waiting == [], "a statement is still waiting for the lock"
