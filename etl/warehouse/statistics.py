"""Planner statistics of tables a load has just grown or rewritten.

Autovacuum analyses a table once about a tenth of it has changed, but only some time after the
load that changed it. Until then the planner sees the table as it was (never analysed, or a
fraction of its size, or with every document still unparsed) and can pick a nested loop over
sequential scans: after the release's first load, the next small batch spent three minutes in
one join of its 1,000 landed documents with `etl.raw_documents` (14 s at 30,000 cables). A load
that has changed a table that much therefore analyses it itself, as `pg_restore` advises after
a bulk load.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import psycopg

#: Share of a table's rows that a load must add or change before it analyses the table: the
#: default ``autovacuum_analyze_scale_factor``, at which autovacuum would do it later anyway.
STALE_SHARE = 0.1


def analyze_changed_tables(
    conn: psycopg.Connection[Any], changed_rows: Mapping[str, int]
) -> list[str]:
    """ANALYZE each table of ``changed_rows`` (qualified name → rows this load added or
    updated) whose statistics no longer describe it: never analysed, or more than
    ``STALE_SHARE`` of it changed.
    Works inside a transaction (its own uncommitted rows are counted); returns the tables
    analysed. The caller commits."""
    analysed: list[str] = []
    for table, changed in changed_rows.items():
        if changed <= 0:
            continue
        row = conn.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", (table,)
        ).fetchone()
        estimated = float(row[0]) if row else -1.0
        if estimated >= 0 and changed <= STALE_SHARE * estimated:
            continue
        conn.execute(f"ANALYZE {table}")
        analysed.append(table)
    return analysed
