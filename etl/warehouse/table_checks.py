"""One check per published table, run on what a batch published once it is committed.

The Great Expectations suites judge a batch before its commit (and block it); these checks
confirm afterwards, table by table, the properties the tables are built to keep, on the rows of
the batch's cables only (``cables.loaded_batch_id``), so they cost little at any size:

- ``cables``: each cable traces to the landed raw document it was parsed from (same SHA-256).
- each child table: a cable's rows are numbered 1..n without gaps (its ``position`` key).
- each maintained summary: the rows of the keys the batch's cables touch equal their
  recomputation from the analyst tables (the definitions in ``etl.warehouse.analyst``); at most
  ``SUMMARY_KEY_SAMPLE`` keys a batch, picked in a fixed hash order, so that a first load of the
  whole release does not recompute every summary a second time.

Each check returns how many things it looked at, how many failed and a few examples.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from etl.warehouse.analyst import IDENTITY, SUMMARY_QUERIES
from etl.warehouse.rows import CHILD_TABLES

#: Examples of failing keys a check reports.
_EXAMPLES = 5
#: Most summary keys one batch's check recomputes. Measured on the development corpus (5,348
#: cables, 36,254 entity_summary keys, one batch): all keys took 7.6 s for entity_summary on
#: a busy machine, most of it recomputing mentions of common names.
SUMMARY_KEY_SAMPLE = 10_000
#: Sort memory of the recomputations (as for the summaries' maintenance): the default spills
#: the mentions' sort to disk.
_WORK_MEM = "64MB"


@dataclass(frozen=True, slots=True)
class TableCheck:
    """A check of one table: ``query`` returns (checked, failing, examples) for a batch."""

    table: str
    name: str
    description: str
    query: str  # with {batch_id}, an integer placed by ``run_table_checks``


@dataclass(frozen=True, slots=True)
class TableCheckOutcome:
    """What a check found for one batch."""

    check: TableCheck
    checked: int
    failing: int
    examples: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return self.failing == 0


_BATCH_CABLES = "SELECT cable_id FROM public.cables WHERE loaded_batch_id = {batch_id}"

_SOURCE_DOCUMENTS = f"""
SELECT count(*), count(*) FILTER (WHERE bad),
       (array_agg(cable_id ORDER BY cable_id) FILTER (WHERE bad))[1:{_EXAMPLES}]
FROM (
    SELECT c.cable_id, d.sha256 IS DISTINCT FROM c.content_hash AS bad
    FROM public.cables c
    LEFT JOIN etl.raw_documents d ON d.document_id = c.source_document_id
    WHERE c.loaded_batch_id = {{batch_id}}
) per_cable
"""

_POSITIONS = f"""
SELECT count(*), count(*) FILTER (WHERE bad),
       (array_agg(cable_id ORDER BY cable_id) FILTER (WHERE bad))[1:{_EXAMPLES}]
FROM (
    SELECT t.cable_id, count(*) <> max(t.position) OR min(t.position) <> 1 AS bad
    FROM public.{{table}} t
    WHERE t.cable_id = ANY(ARRAY({_BATCH_CABLES}))
    GROUP BY t.cable_id
) per_cable
"""

# Keys of a summary that the batch's cables touch, the filter that restricts the summary's
# definition to them, and the stored rows of those keys. A key a replaced cable no longer has is
# out of reach here (its old rows are gone); the maintenance tests cover those.
_SUMMARY_KEYS: dict[str, tuple[str, str, str]] = {
    "cable_citation_counts": (
        "SELECT DISTINCT r.cited_id AS key FROM public.cable_references r "
        f"WHERE r.cable_id = ANY(ARRAY({_BATCH_CABLES})) AND r.cited_id IS NOT NULL",
        "AND r.cited_id IN (SELECT key FROM keys)",
        "cable_id IN (SELECT key FROM keys)",
    ),
    # Keyed on the identity (canonical name), as the summary is.
    "entity_summary": (
        f"SELECT DISTINCT e.kind, {IDENTITY} AS name FROM public.entities e "
        f"WHERE e.cable_id = ANY(ARRAY({_BATCH_CABLES}))",
        f"AND (e.kind, {IDENTITY}) IN (SELECT kind, name FROM keys)",
        "(kind, name) IN (SELECT kind, name FROM keys)",
    ),
    "stations": (
        "SELECT DISTINCT origin AS key FROM public.cables "
        "WHERE loaded_batch_id = {batch_id} AND origin IS NOT NULL",
        "AND origin IN (SELECT key FROM keys)",
        "origin IN (SELECT key FROM keys)",
    ),
}

_SUMMARY_MATCHES = f"""
WITH keys AS (
    SELECT * FROM ({{keys}}) k ORDER BY md5(k::text) LIMIT {SUMMARY_KEY_SAMPLE}
),
recomputed AS ({{definition}}),
stored AS (SELECT * FROM public.{{table}} WHERE {{stored}}),
differing AS (
    (SELECT * FROM recomputed EXCEPT ALL SELECT * FROM stored)
    UNION ALL
    (SELECT * FROM stored EXCEPT ALL SELECT * FROM recomputed)
)
SELECT (SELECT count(*) FROM keys), count(*),
       (array_agg(differing::text ORDER BY differing::text))[1:{_EXAMPLES}]
FROM differing
"""


def _summary_check(table: str) -> TableCheck:
    keys, definition_filter, stored = _SUMMARY_KEYS[table]
    # The definition's own braces are already resolved by the first format.
    definition = SUMMARY_QUERIES[table].format(keys=definition_filter)
    return TableCheck(
        table=table,
        name=f"{table}_matches_recomputation",
        description=f"Every {table} row of a key the batch's cables touch equals its "
        "recomputation from the analyst tables, so maintaining the summary incrementally "
        f"left nothing stale, missing or extra (at most {SUMMARY_KEY_SAMPLE:,} keys a batch, "
        "in a fixed hash order). Runs after the commit.",
        query=_SUMMARY_MATCHES.replace("{keys}", keys)
        .replace("{definition}", definition)
        .replace("{table}", table)
        .replace("{stored}", stored),
    )


TABLE_CHECKS: tuple[TableCheck, ...] = (
    TableCheck(
        table="cables",
        name="cables_trace_to_raw_documents",
        description="Every cable the batch published names the raw document it was parsed "
        "from (source_document_id), and its content_hash is that document's SHA-256, so each "
        "row can be traced to the input bytes kept in etl.raw_documents. Runs after the commit.",
        query=_SOURCE_DOCUMENTS,
    ),
    *(
        TableCheck(
            table=spec.name,
            name=f"{spec.name}_positions_dense",
            description=f"The {spec.name} rows of every cable the batch published are "
            "numbered 1..n in position without gaps, so no row of an older rendering is left "
            "and none is missing. Runs after the commit.",
            query=_POSITIONS.replace("{table}", spec.name),
        )
        for spec in CHILD_TABLES
    ),
    *(_summary_check(table) for table in _SUMMARY_KEYS),
)


def run_table_checks(conn: psycopg.Connection[Any], batch_id: int) -> list[TableCheckOutcome]:
    """Every check of ``TABLE_CHECKS`` on the rows ``batch_id`` published (read only, in the
    caller's transaction)."""
    outcomes = []
    conn.execute(sql.SQL(f"SET LOCAL work_mem = '{_WORK_MEM}'"))
    for check in TABLE_CHECKS:
        # Assembled from this module's constants and an integer; the definitions contain
        # literal % signs, so the statement is sent without parameters.
        statement = check.query.replace("{batch_id}", str(int(batch_id)))
        row = conn.execute(sql.SQL(statement)).fetchone()
        checked, failing, examples = row if row else (0, 0, None)
        outcomes.append(TableCheckOutcome(check, int(checked), int(failing), tuple(examples or ())))
    return outcomes
