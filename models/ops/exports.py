"""Exports as jobs (issue 14 item 4; docs/exports.md): create, run, fail, expire, read.

`create` counts the rows a spec matches: at or above the job threshold it records an
`export` row and hands it to the job engine (`qsm worker` on PostgreSQL with
QSM_JOBS=worker, a Procrastinate task `qsm.export`; else a process of the serving
machine's pool, `models.jobs.offloop`); below it the caller builds the file at once
(`build_direct`, also in that pool: never on the serving event loop).

`run` is the job: it is safe to run again after a crash (a worker killed half-way): it
starts over, writes a temporary file, and renames it over the final name atomically, so a
reader never sees half a file.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from models import periodic, policy
from models.clock import get_clock
from models.config import database_url, is_postgres
from models.entities import Claim, Export
from models.enums import ExportStatus
from models.errors import ErrorCode, not_found
from models.messages import input_refusal, keyed_refusal
from models.ops.sweep import sweep_seller
from models.queries import claims_queryset, claims_total
from models.screens.claim_sheet import SheetSpec, write_sheet

log = logging.getLogger("qsm.exports")

#: Test hook (docs/exports.md): a lower job threshold, so a test needs a few rows only.
THRESHOLD_ENV = "QSM_EXPORT_JOB_THRESHOLD"
ACTIVE = (ExportStatus.QUEUED, ExportStatus.RUNNING)


def export_dir() -> Path:
    """Where finished files live (QSM_EXPORT_DIR, default data/exports)."""
    path = Path(os.environ.get("QSM_EXPORT_DIR", "data/exports")).resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def job_threshold() -> int:
    raw = os.environ.get(THRESHOLD_ENV, "").strip()
    return int(raw) if raw else policy.EXPORT_JOB_THRESHOLD_ROWS


def jobs_in_worker() -> bool:
    """Whether `qsm worker` runs export jobs (PostgreSQL with QSM_JOBS=worker)."""
    mode = os.environ.get("QSM_JOBS", "inline").strip().lower()
    return mode == "worker" and is_postgres(database_url())


@dataclass(frozen=True)
class Created:
    """`create`'s answer: the export job, or (below the threshold, when the caller can
    download at once) None and the rows to build directly."""

    export: Export | None
    row_count: int


async def count_rows(spec: SheetSpec) -> int:
    """How many rows the sheet will hold (sweeps the seller first, as the list does)."""
    await sweep_seller(spec.seller_id)
    if spec.selected:
        base = claims_queryset(spec.seller_id, spec.flt, spec.today)
        return await base.filter(id__in=spec.selected).count()
    return await claims_total(spec.seller_id, spec.flt, spec.today)


async def check_selection(seller_id: int, selected: list[int]) -> None:
    """Every ticked claim must be the seller's own (else NOT_FOUND, like a missing one)."""
    if len(selected) > policy.EXPORT_MAX_SELECTED:
        raise input_refusal(
            "selectedIds", "export.selection_too_large", max=str(policy.EXPORT_MAX_SELECTED)
        )
    if selected:
        owned = await Claim.filter(id__in=selected, seller_id=seller_id).count()
        if owned != len(set(selected)):
            raise not_found("Claim", "selectedIds")


async def create(
    spec: SheetSpec, *, direct_below_threshold: bool = True, may_start_job: bool = True
) -> Created:
    """Count the rows; from the threshold on (or always, when the caller cannot take a
    file at once), record an export job and start it. `may_start_job=False` (a request
    another site sent the seller's browser to) refuses instead of starting one."""
    if spec.flt is not None:
        spec.flt.validate()
    await check_selection(spec.seller_id, spec.selected)
    rows = await count_rows(spec)
    if direct_below_threshold and rows < job_threshold():
        return Created(None, rows)
    if not may_start_job:
        raise keyed_refusal(ErrorCode.CONFLICT, "export.from_elsewhere", None, count=str(rows))
    active = await Export.filter(seller_id=spec.seller_id, status__in=ACTIVE).count()
    if active >= policy.EXPORT_MAX_ACTIVE:
        raise keyed_refusal(
            ErrorCode.CONFLICT, "export.too_many", None, max=str(policy.EXPORT_MAX_ACTIVE)
        )
    now = get_clock().now()
    export = await Export.create(
        seller_id=spec.seller_id,
        spec=spec.to_json(),
        status=ExportStatus.QUEUED,
        row_count=rows,
        created_at=now,
        expires_at=now + timedelta(hours=policy.EXPORT_KEEP_HOURS),
    )
    await dispatch(export.id)
    return Created(export, rows)


# --- where the job runs -----------------------------------------------------------------------

_inline: set[asyncio.Task[None]] = set()


async def dispatch(export_id: int) -> None:
    """Hand the job to `qsm worker` (PostgreSQL, QSM_JOBS=worker) or to the serving
    machine's process pool (inline). A job that cannot be handed over fails at once
    with the reason, rather than waiting for ever."""
    if jobs_in_worker():
        from models.jobs import engine

        try:
            await engine.defer_export(export_id)
        except Exception as exc:
            await fail(export_id, f"could not queue the job: {exc}")
            raise
        return
    task = asyncio.create_task(_run_inline(export_id))
    _inline.add(task)
    task.add_done_callback(_inline.discard)


async def _run_inline(export_id: int) -> None:
    from models.jobs import offloop

    try:
        await offloop.run("models.ops.exports:run", export_id)
    except Exception as exc:  # the job's own failure, or a pool process that died
        log.exception("export %d failed", export_id)
        await fail(export_id, str(exc) or type(exc).__name__)


async def resume_inline() -> int:
    """Start again the inline jobs a stopped server left queued or running (they are
    idempotent): the serving process's lifespan calls this when jobs are inline."""
    pending = await Export.filter(status__in=ACTIVE).values_list("id", flat=True)
    for export_id in pending:
        await dispatch(export_id)
    return len(pending)


async def resume_inline_in_background() -> None:
    """`resume_inline` for the serving process's start: it runs beside start-up, so a
    server whose database is down or not migrated yet still starts (`/readyz` says why),
    and the jobs it could not reach wait for the next start."""
    try:
        await resume_inline()
    except Exception:  # noqa: BLE001 - any database failure: log it, serve anyway
        log.warning("could not resume the inline export jobs", exc_info=True)


# --- the job ----------------------------------------------------------------------------------


def file_name(export_id: int) -> str:
    return f"export-{export_id}.xlsx"


async def run(export_id: int) -> int:
    """Build the export's file (the job). Returns the rows written; an export that is
    already done, expired or gone is left alone (a duplicate delivery)."""
    export = await Export.get_or_none(id=export_id)
    if export is None or export.status in (ExportStatus.DONE, ExportStatus.EXPIRED):
        return 0
    await Export.filter(id=export_id).update(status=ExportStatus.RUNNING, rows_done=0, error=None)
    spec = SheetSpec.from_json(export.seller_id, export.spec)
    folder = export_dir()
    final = folder / file_name(export_id)
    temporary = folder / f".{file_name(export_id)}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp"
    for stale in folder.glob(f".{file_name(export_id)}.*.tmp"):  # a killed run's leftovers
        with contextlib.suppress(FileNotFoundError):
            stale.unlink()

    async def progress(rows: int) -> None:
        await Export.filter(id=export_id).update(rows_done=rows)

    try:
        rows = await write_sheet(temporary, spec, progress)
        os.replace(temporary, final)  # atomic: the old file, or the whole new one
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()
    await Export.filter(id=export_id).update(
        status=ExportStatus.DONE,
        rows_done=rows,
        row_count=rows,
        file_name=final.name,
        finished_at=get_clock().now(),
    )
    log.info("export %d: %d rows written", export_id, rows)
    return rows


async def fail(export_id: int, error: str) -> None:
    """The job gave up: the seller sees a failure (never a bar that stops moving)."""
    await Export.filter(id=export_id, status__in=ACTIVE).update(
        status=ExportStatus.FAILED, error=error[:500], finished_at=get_clock().now()
    )


async def build_direct(spec_json: dict, seller_id: int) -> str:
    """A below-threshold download: the file at a fresh path (the caller streams it and
    deletes it). Runs in a pool process (`models.jobs.offloop`), never on the serving loop."""
    spec = SheetSpec.from_json(seller_id, spec_json)
    path = export_dir() / f".direct-{uuid.uuid4().hex}.xlsx"
    await write_sheet(path, spec)
    return str(path)


# --- reading and expiry -----------------------------------------------------------------------


async def expire(export: Export) -> None:
    """Delete the file and mark the export expired (its download answers 410)."""
    if export.file_name:
        with contextlib.suppress(FileNotFoundError):
            (export_dir() / export.file_name).unlink()
    await Export.filter(id=export.id).update(status=ExportStatus.EXPIRED)
    export.status = ExportStatus.EXPIRED


async def expire_due(now: datetime | None = None) -> int:
    """Expire every export past `expires_at` (periodic: `qsm.exports_expire`, or the
    serving process's loop when jobs are inline); returns how many."""
    now = now or get_clock().now()
    due = await Export.filter(expires_at__lte=now).exclude(status=ExportStatus.EXPIRED)
    for export in due:
        await expire(export)
    return len(due)


async def run_periodically(interval_seconds: float) -> None:
    """The serving process's expiry loop when jobs are inline (web/app.py's lifespan)."""
    await periodic.every(interval_seconds, expire_due, log, failed="export expiry failed")


async def for_owner(seller_id: int, export_id: int) -> Export | None:
    """The export if it is this seller's (else None, exactly as a missing one); one past
    its expiry is expired now, whatever the periodic job's schedule."""
    export = await Export.get_or_none(id=export_id, seller_id=seller_id)
    if export is None:
        return None
    if export.status != ExportStatus.EXPIRED and export.expires_at <= get_clock().now():
        await expire(export)
    return export


def file_of(export: Export) -> Path | None:
    """The finished file of a done export, if it is still on disk."""
    if export.status != ExportStatus.DONE or not export.file_name:
        return None
    path = export_dir() / export.file_name
    return path if path.is_file() else None


def progress_of(export: Export) -> float:
    """Rows done over rows to do, 0..1 (1 when done)."""
    if export.status == ExportStatus.DONE:
        return 1.0
    if export.row_count <= 0:
        return 0.0
    return min(1.0, export.rows_done / export.row_count)
