"""The asyncpg connection class of the app's PostgreSQL pool: no reset statement when a
connection goes back to the pool.

Why: asyncpg's pool sends `SELECT pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *;
RESET ALL;` every time a connection is released, and Tortoise acquires and releases a
connection for every statement outside a transaction, so a claims page (session, sweep
probe, page) paid six round trips for three statements. That reset undoes session state a
previous user may have left behind: advisory locks, open cursors, LISTENs, `SET`s. The app
leaves none of it on a pooled connection: timeouts are startup settings (models/config.py,
the session's own defaults, which RESET ALL would keep anyway), the change feed LISTENs on
a connection of its own (access/live.py), no session-level advisory lock, cursor or
temporary table is used. What still matters is kept: asyncpg rolls back a connection
released inside a transaction (a cancelled request) before anyone else gets it, since that
`ROLLBACK` is added by `Connection.reset` itself, not by the reset query.

If code ever needs session state on a pooled connection, it must clear it itself or this
class must go: `tests/models/test_pg_connection.py` shows what is relied on.
"""

from __future__ import annotations

import asyncpg


class PooledConnection(asyncpg.Connection):
    """asyncpg's connection without the release-time reset statement (see the module)."""

    def get_reset_query(self) -> str:
        """Nothing to reset: the app leaves no session state (asyncpg still rolls back
        an open transaction on release)."""
        return ""
