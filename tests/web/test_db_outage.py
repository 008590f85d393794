"""A stopped database (issue 10.4/10.5): `/graphql` answers in its error format with 503
DATABASE_UNAVAILABLE, the portal with a page that says so, `/readyz` with 503 while
`/healthz` stays up (liveness), and everything works again once the database is back.

Measured before the fix: plain-text 500s from `/graphql` and "ok" from `/healthz`.
It needs a PostgreSQL it may stop, so it runs its own cluster (tests/pg_cluster.py).
"""

from __future__ import annotations

import time

import httpx
import pytest

from tests.cli_helpers import create_postgres_database, running_server
from tests.pg_cluster import postgres_bindir, private_cluster
from tests.web.db_failure_helpers import (
    CLAIMS_QUERY,
    VIEWER_QUERY,
    error_codes,
    gql,
    login,
    migrate_and_seed,
    server_env,
)

pytestmark = pytest.mark.skipif(
    postgres_bindir() is None, reason="PostgreSQL binaries (initdb, pg_ctl) are not installed"
)

UNAVAILABLE_SENTENCE = "数据库暂时无法连接"


def test_a_stopped_database_gives_503_with_a_code_and_recovers(tmp_path):
    with private_cluster() as cluster:
        url = cluster.url("qsm")
        create_postgres_database(url)
        env = server_env(url, tmp_path, QSM_REQUEST_TIMEOUT="5")
        migrate_and_seed(env)
        with running_server(env) as base:
            token = login(base)
            assert httpx.get(base + "/readyz").status_code == 200

            cluster.stop()
            for query in (VIEWER_QUERY, CLAIMS_QUERY):
                response, seconds = gql(base, query, token, 10)
                assert response.status_code == 503, response.text
                assert response.headers["content-type"].startswith("application/json")
                assert error_codes(response) == ["DATABASE_UNAVAILABLE"], response.text
                assert response.json()["data"] is None
                assert seconds < 5
            ready = httpx.get(base + "/readyz", timeout=10)
            assert ready.status_code == 503, ready.text
            assert ready.json()["status"] == "unavailable"
            assert ready.json()["checks"]["database"]["code"] == "DATABASE_UNAVAILABLE"
            health = httpx.get(base + "/healthz")
            assert health.status_code == 200, "liveness: restarting us would not help"
            page = httpx.get(base + "/portal/claims", cookies={"qsm_session": token}, timeout=10)
            assert page.status_code == 503 and UNAVAILABLE_SENTENCE in page.text
            assert page.headers["content-type"].startswith("text/html")

            cluster.start()
            deadline = time.monotonic() + 15
            while httpx.get(base + "/readyz", timeout=10).status_code != 200:
                assert time.monotonic() < deadline, "not ready again after the restart"
                time.sleep(0.2)
            response, _ = gql(base, VIEWER_QUERY, token)
            assert response.status_code == 200, response.text
            assert response.json()["data"]["viewer"]["__typename"] == "SellerViewer"
