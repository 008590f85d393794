"""Background jobs on PostgreSQL (Procrastinate; why, and the topology: docs/jobs.md).

The job functions are thin: each calls one `models.ops` operation, which is already safe
to run twice (guarded UPDATEs), so the engine only decides *when* and *where* they run.
On SQLite nothing here is used: the serving process sweeps inline (web/app.py).
"""
