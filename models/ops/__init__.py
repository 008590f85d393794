"""State-changing operations: plain async functions, one transaction each.

Every claim transition goes through `models.ops.runner.run_claim_op`, which loads the claim,
expires an overdue round first, replays a repeated idempotency key, runs the rule and
applies the change as a version-guarded conditional UPDATE, so of two racing callers
exactly one wins on SQLite and PostgreSQL.
"""
