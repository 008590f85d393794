"""The jobs: the sweep, the reminders, the recovery of stalled jobs (periodic), and the
export jobs with the expiry of their files (docs/exports.md).

Once per period whatever the number of workers: every worker's periodic deferrer tries to
defer the job of a period, and Procrastinate's `procrastinate_periodic_defers` row (unique
per task and period timestamp) lets exactly one succeed. The queueing lock keeps a slow
sweep from piling up behind itself. And should two runs ever overlap, the operations
themselves are guarded (a round expires / is reminded at most once).
"""

from __future__ import annotations

import logging

import procrastinate
from procrastinate import builtin_tasks, job_context

from models import policy
from models.jobs import engine, offloop
from models.ops import exports, reminders, sweep
from models.webhooks import dispatch, retention

log = logging.getLogger("qsm.jobs")


def webhook_every() -> int:
    """Seconds between relay passes in workers (policy.WEBHOOK_POLL_SECONDS, at least 1)."""
    return max(1, int(policy.WEBHOOK_POLL_SECONDS))


def register(app: procrastinate.App, cron: str, cleanup_cron: str) -> None:
    """Register the periodic tasks on `app`: the sweep, reminders and stalled-job recovery
    on `cron`, the deletion of old finished jobs on `cleanup_cron`."""
    retry = procrastinate.RetryStrategy(
        max_attempts=policy.JOB_MAX_ATTEMPTS, exponential_wait=policy.JOB_RETRY_BASE_SECONDS
    )

    @app.periodic(cron=cron, periodic_id="sweep")
    @app.task(name="qsm.sweep", queueing_lock="qsm.sweep", retry=retry)
    async def sweep_job(timestamp: int) -> int:
        count = await sweep.expire_overdue()
        log.info("period %d: expired %d withdrawal round(s)", timestamp, count)
        return count

    @app.periodic(cron=cron, periodic_id="reminders")
    @app.task(name="qsm.reminders", queueing_lock="qsm.reminders", retry=retry)
    async def reminders_job(timestamp: int) -> int:
        count = await reminders.send_due_reminders()
        log.info("period %d: reminded %d round(s)", timestamp, count)
        return count

    # The outbox relay (models/webhooks/dispatch.py): every few seconds, whatever the
    # sweep period; its leases keep two runs from sending one attempt twice.
    @app.periodic(cron=engine.cron_every(webhook_every()), periodic_id="webhooks")
    @app.task(name="qsm.webhooks", queueing_lock="qsm.webhooks")
    async def webhooks_job(timestamp: int) -> int:
        return await dispatch.drain()

    @app.periodic(cron=cleanup_cron, periodic_id="webhooks_prune")
    @app.task(name="qsm.webhooks_prune", queueing_lock="qsm.webhooks_prune", retry=retry)
    async def webhooks_prune(timestamp: int) -> int:
        """Finished deliveries past policy.WEBHOOK_RETENTION_DAYS (models/webhooks/retention)."""
        count = await retention.prune()
        if count:
            log.info("period %d: pruned %d finished webhook deliveries", timestamp, count)
        return count

    @app.periodic(cron=cron, periodic_id="stalled")
    @app.task(name="qsm.retry_stalled", queueing_lock="qsm.retry_stalled")
    async def retry_stalled(timestamp: int) -> int:
        """Jobs of a worker that stopped heartbeating (killed) go back to the queue."""
        stalled = await app.job_manager.get_stalled_jobs(
            seconds_since_heartbeat=engine.stalled_after()
        )
        for job in stalled:
            await app.job_manager.retry_job(job)
        if stalled:
            log.warning("period %d: retried %d stalled job(s)", timestamp, len(stalled))
        return len(stalled)

    @app.task(name="qsm.export", retry=retry, pass_context=True)
    async def export_job(context: procrastinate.JobContext, export_id: int) -> int:
        """Build one export's file (idempotent: a retry after a crash starts over). When
        the last attempt fails, the export is marked failed for the seller to see.

        Built in a pool process at SCHED_IDLE (models/jobs/offloop.py), not on this
        worker's loop: only the export waits for idle cores; the sweep, the reminders,
        the webhook relay and the heartbeats stay at normal priority and on time. The
        pool process dies with the worker (a killed worker's export is retried)."""
        try:
            return await offloop.run("models.ops.exports:run", export_id)
        except Exception as exc:
            job = context.job
            if job is not None and job.attempts >= policy.JOB_MAX_ATTEMPTS:  # no retry left
                await exports.fail(export_id, str(exc) or type(exc).__name__)
            raise

    @app.periodic(cron=cron, periodic_id="exports_expire")
    @app.task(name="qsm.exports_expire", queueing_lock="qsm.exports_expire", retry=retry)
    async def exports_expire(timestamp: int) -> int:
        count = await exports.expire_due()
        if count:
            log.info("period %d: expired %d export file(s)", timestamp, count)
        return count

    @app.periodic(cron=cleanup_cron, periodic_id="cleanup")
    @app.task(name="qsm.delete_old_jobs", queueing_lock="qsm.delete_old_jobs", pass_context=True)
    async def delete_old_jobs(context: job_context.JobContext, timestamp: int) -> None:
        """Finished jobs would pile up for ever (several a period, the webhook relay's one every
        few seconds): Procrastinate's builtin
        cleanup, with the policy's retention (failed ones kept longer)."""
        await builtin_tasks.remove_old_jobs(context, max_hours=policy.JOB_RETENTION_HOURS)
        await builtin_tasks.remove_old_jobs(
            context,
            max_hours=policy.JOB_FAILED_RETENTION_HOURS,
            remove_failed=True,
            remove_cancelled=True,
            remove_aborted=True,
        )
        log.info("period %d: deleted finished jobs past their retention", timestamp)
