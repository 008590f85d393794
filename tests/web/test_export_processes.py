"""Export jobs in real processes (docs/exports.md): a `make run`-style server alone
completes one (inline jobs, in its process pool); on PostgreSQL a `qsm worker` killed with
SIGKILL in the middle of an export leaves the job to a second worker, which completes it
with a valid file.

Test hooks (never set in production): QSM_EXPORT_JOB_THRESHOLD lowers the job threshold
to the demo's size; QSM_EXPORT_ROW_DELAY slows each row so the kill lands mid-export.
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook

from models.config import is_postgres
from tests.cli_helpers import QSM, ROOT, qsm, run_with_db, running_server
from tests.web.helpers import csrf_of

#: Every claim of shop1 (the demo seller 1), straight from the database.
COUNT_ROWS = """
import json
from models.entities import Claim
async def main():
    print(json.dumps({"claims": await Claim.filter(seller_id=1).count()}))
"""

#: Ask for an export of all of shop1's claims, as the portal's [Excel] with `search=1`.
CREATE = """
import json
from models.clock import get_clock
from models.ops import exports
from models.queries import ClaimFilter
from models.screens.claim_sheet import SheetSpec
async def main():
    spec = SheetSpec(1, ClaimFilter(), get_clock().today(), "zh")
    created = await exports.create(spec, direct_below_threshold=False)
    print(json.dumps({"id": created.export.id, "rows": created.row_count}))
"""

STATE = """
import json
from models.entities import Export
async def main():
    export = await Export.get(id=int(EXPORT_ID))
    print(json.dumps({"status": str(export.status), "rows_done": export.rows_done,
                      "row_count": export.row_count, "file": export.file_name}))
"""


def _prepared(env: dict[str, str]) -> None:
    for args in (("migrate",), ("seed", "--demo")):
        done = qsm(*args, env=env)
        assert done.returncode == 0, done.stderr


def _sheet_rows(content: bytes) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return list(workbook.worksheets[0].iter_rows(values_only=True))


def test_a_server_alone_completes_an_export_job(scratch_env, tmp_path: Path):
    env = {
        **scratch_env,
        "QSM_EXPORT_DIR": str(tmp_path / "exports"),
        "QSM_EXPORT_JOB_THRESHOLD": "1",
        "QSM_JOBS": "inline",
    }
    _prepared(env)
    with running_server(env) as base, httpx.Client(base_url=base, timeout=30) as client:
        page = client.get("/login")
        client.post(
            "/login",
            data={"login_id": "shop1", "password": "shop1-pass", "csrf_token": csrf_of(page.text)},
        )
        started = client.get("/portal/claims/export.xlsx?cell=RETURN_REQUESTED")
        assert started.status_code == 303, started.text
        target = started.headers["location"]
        assert re.fullmatch(r"/portal/exports/\d+", target)
        fragment = ""
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            fragment = client.get(f"{target}/progress", headers={"HX-Request": "true"}).text
            if 'data-status="DONE"' in fragment or 'data-status="FAILED"' in fragment:
                break
            time.sleep(0.2)
        assert 'data-status="DONE"' in fragment, fragment
        download = client.get(f"{target}/download")
        assert download.status_code == 200
    rows = _sheet_rows(download.content)
    assert len(rows) == 1 + 5  # the header and the demo's five RETURN_REQUESTED claims


def _pg_jobs(url: str, export_id: int) -> list[dict]:
    import asyncpg

    async def read() -> list[dict]:
        conn = await asyncpg.connect(url.replace("postgres://", "postgresql://", 1))
        try:
            rows = await conn.fetch(
                "SELECT id, status, attempts FROM procrastinate_jobs "
                "WHERE task_name = 'qsm.export' AND (args->>'export_id')::int = $1",
                export_id,
            )
        finally:
            await conn.close()
        return [dict(r) for r in rows]

    return asyncio.run(read())


def _state(env: dict[str, str], export_id: int) -> dict:
    done = run_with_db(f"EXPORT_ID = {export_id}\n{STATE}", env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.mark.skipif(
    not is_postgres(os.environ.get("DATABASE_URL", "")), reason="job workers need PostgreSQL"
)
def test_an_export_killed_mid_job_is_retried_and_completed_by_another_worker(
    scratch_env, tmp_path: Path
):
    env = {
        **scratch_env,
        "QSM_EXPORT_DIR": str(tmp_path / "exports"),
        "QSM_EXPORT_JOB_THRESHOLD": "1",
        "QSM_JOBS": "worker",
        "QSM_SWEEP_INTERVAL": "1",
        "QSM_JOB_STALLED_AFTER": "3",
        "QSM_EXPORT_ROW_DELAY": "0.3",
    }
    _prepared(env)
    counted = run_with_db(COUNT_ROWS, env)
    assert counted.returncode == 0, counted.stderr
    claims = json.loads(counted.stdout)["claims"]
    assert claims >= 5
    created = run_with_db(CREATE, env)
    assert created.returncode == 0, created.stderr
    export = json.loads(created.stdout)
    assert export["rows"] == claims
    export_id = export["id"]
    at = {**os.environ, **env}

    first = subprocess.Popen([*QSM, "worker"], cwd=ROOT, env=at)
    second = None
    try:
        deadline = time.monotonic() + 60
        state = _state(env, export_id)
        while time.monotonic() < deadline:
            if state["status"] == "RUNNING" and state["rows_done"] >= 2:
                break
            time.sleep(0.2)
            state = _state(env, export_id)
        assert state["status"] == "RUNNING" and 2 <= state["rows_done"] < claims, state
        first.send_signal(signal.SIGKILL)  # in the middle of writing the rows
        first.wait(timeout=10)
        assert _pg_jobs(env["DATABASE_URL"], export_id)[0]["status"] == "doing"
        # the process building the file died with its worker: nothing writes any more
        killed_at = _state(env, export_id)
        time.sleep(1.5)  # five rows' delay
        assert _state(env, export_id) == killed_at

        second = subprocess.Popen([*QSM, "worker"], cwd=ROOT, env=at)
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            state = _state(env, export_id)
            if state["status"] in ("DONE", "FAILED"):
                break
            time.sleep(0.3)
    finally:
        if second is not None:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=30)
        if first.poll() is None:
            first.kill()

    assert state["status"] == "DONE", state
    assert state["rows_done"] == state["row_count"] == claims
    jobs = _pg_jobs(env["DATABASE_URL"], export_id)
    assert len(jobs) == 1 and jobs[0]["status"] == "succeeded"
    assert jobs[0]["attempts"] >= 2  # the killed worker's run, then the second worker's
    folder = tmp_path / "exports"
    rows = _sheet_rows((folder / state["file"]).read_bytes())
    assert len(rows) == 1 + claims
    assert list(folder.glob(".*.tmp")) == []  # the killed run's temporary file is gone
