"""A database built by the migrations has every index the models declare.

Why: on SQLite, Tortoise alters a column by rebuilding its table, and the copy loses the
table's other indexes (0007 lost notification's two, 0008 the unique idempotency key,
which is what lets one of two racing calls win). `test_models_and_migrations_agree` does
not see that: it compares models with the migrations' description, not with the database
they build. Here both are built for real, one by `qsm migrate`, one by Tortoise's
`generate_schemas` from the models, and their index sets are compared table by table.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli_helpers import (
    create_postgres_database,
    drop_postgres_database,
    qsm,
    run_with_db,
    scratch_database,
)

#: Prints {table: [[unique, [columns…]], …]} for the connected database.
INDEXES = """
import json
from tortoise import Tortoise

async def main():
    conn = Tortoise.get_connection("default")
    found = {}
    if conn.capabilities.dialect == "sqlite":
        _, indexes = await conn.execute_query(
            "SELECT name, tbl_name FROM sqlite_master WHERE type = 'index'"
        )
        for row in indexes:
            _, cols = await conn.execute_query(f'PRAGMA index_info("{row["name"]}")')
            _, listed = await conn.execute_query(f'PRAGMA index_list("{row["tbl_name"]}")')
            unique = next(bool(i["unique"]) for i in listed if i["name"] == row["name"])
            columns = [c["name"] for c in sorted(cols, key=lambda c: c["seqno"])]
            found.setdefault(row["tbl_name"], []).append([unique, columns])
    else:
        _, rows = await conn.execute_query(
            "SELECT t.relname AS tbl, ix.indisunique AS uniq, "
            "array_agg(a.attname ORDER BY k.n) AS cols "
            "FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid "
            "JOIN pg_namespace ns ON ns.oid = t.relnamespace AND ns.nspname = 'public' "
            "CROSS JOIN LATERAL unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n) "
            "JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum "
            "WHERE NOT ix.indisprimary GROUP BY t.relname, ix.indexrelid, ix.indisunique"
        )
        for row in rows:
            found.setdefault(row["tbl"], []).append([bool(row["uniq"]), list(row["cols"])])
    print(json.dumps({t: sorted(v) for t, v in found.items()}))
"""

GENERATE = """
from tortoise import Tortoise

async def main():
    await Tortoise.generate_schemas()
"""


def _indexes(env: dict[str, str]) -> dict[str, list]:
    result = run_with_db(INDEXES, env)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)
    found.pop("tortoise_migrations", None)  # the migration log, not a model's table
    return {table: rows for table, rows in found.items() if not table.startswith("sqlite_")}


def test_migrated_database_has_every_declared_index(tmp_path: Path) -> None:
    urls = []
    for name in ("migrated", "declared"):
        (tmp_path / name).mkdir()
        urls.append(scratch_database(tmp_path / name))
        create_postgres_database(urls[-1])
    migrated_url, declared_url = urls
    try:
        migrated = {"DATABASE_URL": migrated_url}
        declared = {"DATABASE_URL": declared_url}
        assert qsm("migrate", env=migrated).returncode == 0
        generated = run_with_db(GENERATE, declared)
        assert generated.returncode == 0, generated.stderr
        want, have = _indexes(declared), _indexes(migrated)
        missing = {
            table: [ix for ix in rows if ix not in have.get(table, [])]
            for table, rows in want.items()
        }
        assert {t: rows for t, rows in missing.items() if rows} == {}
    finally:
        drop_postgres_database(migrated_url)
        drop_postgres_database(declared_url)
