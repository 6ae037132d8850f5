"""Reads for summaries and status: what a batch did, the latest batches, rejects and checks.

``cables load``, ``cables status`` and the assets' metadata read the bookkeeping tables only
through these functions, so a column they show is added here once.
"""

from __future__ import annotations

from typing import Any

import psycopg

from etl.warehouse.analyst import SUMMARY_TABLES
from etl.warehouse.bookkeeping import OWNER_GONE
from etl.warehouse.rows import ALL_TABLES

#: (source path, stage, reason) of a reject, as listed to operators.
RejectLine = tuple[str, str, str]
#: (stage, suite, expectations passed, expectations failed) of one suite's run.
CheckTally = tuple[str, str, int, int]

_CHECK_TALLY = (
    "SELECT stage, suite, count(*) FILTER (WHERE success), "
    "count(*) FILTER (WHERE NOT success) FROM etl.quality_results "
)


def batch_row(conn: psycopg.Connection, batch_id: int) -> dict[str, Any]:
    """The stored row of a batch as a dict (empty when there is none)."""
    cur = conn.execute("SELECT * FROM etl.batches WHERE batch_id = %s", (batch_id,))
    row = cur.fetchone()
    if row is None or cur.description is None:
        return {}
    return {col.name: value for col, value in zip(cur.description, row, strict=True)}


def batch_rejects(conn: psycopg.Connection, batch_id: int) -> list[RejectLine]:
    """Every reject of a batch, in the order they were recorded."""
    rows = conn.execute(
        "SELECT source_path, stage, reason FROM etl.rejects WHERE batch_id = %s ORDER BY reject_id",
        (batch_id,),
    ).fetchall()
    return [(str(p), str(s), str(r)) for p, s, r in rows]


def batch_checks(conn: psycopg.Connection, batch_id: int) -> list[CheckTally]:
    """Passed and failed expectations of each suite a batch ran, in the order they ran."""
    rows = conn.execute(
        _CHECK_TALLY + "WHERE batch_id = %s GROUP BY stage, suite ORDER BY min(result_id)",
        (batch_id,),
    ).fetchall()
    return [(str(stage), str(suite), int(ok), int(bad)) for stage, suite, ok, bad in rows]


def batch_skipped_checks(conn: psycopg.Connection, batch_id: int) -> list[tuple[str, str]]:
    """(stage, why) of each stage of the batch whose suites were skipped, nothing new having
    reached it (``etl.quality.skipping``: ``details -> result -> skipped``), in stage order."""
    rows = conn.execute(
        "SELECT stage, min(observed_value) FROM etl.quality_results "
        "WHERE batch_id = %s AND details -> 'result' ? 'skipped' "
        "GROUP BY stage ORDER BY min(result_id)",
        (batch_id,),
    ).fetchall()
    return [(str(stage), str(why)) for stage, why in rows]


#: How a running batch whose process is gone is shown (the next load marks it failed).
ABANDONED = "abandoned"
ABANDONED_NOTE = "its loading process is gone; the next load cleans it up"


def recent_batches(conn: psycopg.Connection, limit: int = 10) -> list[tuple[str, ...]]:
    """The latest batches, newest first: id, partition, status, start, counts and error. A
    batch still marked running whose loading process is gone shows as abandoned."""
    rows = conn.execute(
        f"SELECT batch_id, partition_key, CASE WHEN {OWNER_GONE} THEN %(abandoned)s "
        "ELSE status END, to_char(started_at, 'YYYY-MM-DD HH24:MI'), "
        "documents_seen, cables_new, cables_updated, cables_unchanged, rejected, "
        f"CASE WHEN {OWNER_GONE} THEN %(note)s ELSE coalesce(error, '') END "
        "FROM etl.batches b ORDER BY batch_id DESC LIMIT %(limit)s",
        {"abandoned": ABANDONED, "note": ABANDONED_NOTE, "limit": limit},
    ).fetchall()
    return [tuple(str(v) for v in row) for row in rows]


def recent_rejects(conn: psycopg.Connection, limit: int = 10) -> list[RejectLine]:
    """The latest rejects of any batch, newest first."""
    rows = conn.execute(
        "SELECT source_path, stage, reason FROM etl.rejects ORDER BY reject_id DESC LIMIT %s",
        (limit,),
    ).fetchall()
    return [(str(p), str(s), str(r)) for p, s, r in rows]


def latest_checks(conn: psycopg.Connection) -> list[CheckTally]:
    """Passed and failed expectations of each suite of the latest checked batch."""
    rows = conn.execute(
        _CHECK_TALLY + "WHERE batch_id = (SELECT max(batch_id) FROM etl.quality_results) "
        "GROUP BY stage, suite ORDER BY stage, suite"
    ).fetchall()
    return [(str(stage), str(suite), int(ok), int(bad)) for stage, suite, ok, bad in rows]


def analyst_table_counts(conn: psycopg.Connection) -> dict[str, int]:
    """Rows in each analyst table, in the order of ``ALL_TABLES``, as kept in
    ``etl.table_row_counts`` by every publish (reading them costs nothing at any size)."""
    kept: dict[str, int] = dict(
        conn.execute("SELECT table_name, row_count FROM etl.table_row_counts").fetchall()
    )
    return {spec.name: int(kept.get(spec.name, 0)) for spec in ALL_TABLES}


def published_table_counts(conn: psycopg.Connection) -> dict[str, int]:
    """Rows in each analyst table (as kept, see ``analyst_table_counts``) and in each
    maintained summary (counted: they are small next to the tables they summarise)."""
    counts = analyst_table_counts(conn)
    for name in SUMMARY_TABLES:
        row = conn.execute(f"SELECT count(*) FROM public.{name}").fetchone()
        counts[name] = int(row[0]) if row else 0
    return counts


def raw_document_count(conn: psycopg.Connection) -> int:
    """Distinct input contents landed so far (rows of etl.raw_documents)."""
    row = conn.execute("SELECT count(*) FROM etl.raw_documents").fetchone()
    return int(row[0]) if row else 0


def staged_cable_count(conn: psycopg.Connection, batch_id: int) -> int:
    """Cables the batch has staged for publication (after quarantine)."""
    row = conn.execute(
        "SELECT count(*) FROM etl.stage_cables WHERE batch_id = %s", (batch_id,)
    ).fetchone()
    return int(row[0]) if row else 0


def published_preview(
    conn: psycopg.Connection, batch_id: int, limit: int = 10
) -> list[tuple[str, str, str, str]]:
    """(cable id, date sent, origin, start of subject) of cables a batch published."""
    rows = conn.execute(
        "SELECT cable_id, created_at::date::text, origin, left(subject, 60) FROM public.cables "
        "WHERE loaded_batch_id = %s ORDER BY cable_id LIMIT %s",
        (batch_id, limit),
    ).fetchall()
    return [(str(a), str(b), str(c), str(d)) for a, b, c, d in rows]


def unpublished_by_reason(conn: psycopg.Connection, limit: int = 20) -> list[tuple[str, str, int]]:
    """(stage, reason, inputs) of ``public.unpublished_inputs``, most frequent first: a quality
    reject counts under its expectation, a superseded input under one sentence (its reason
    names the cable), any other under its sentence."""
    rows = conn.execute(
        "SELECT stage, CASE WHEN stage = 'superseded' THEN "
        "'Another input of the same cable is the one published.' "
        "ELSE coalesce(expectation, reason) END AS why, count(*) "
        "FROM public.unpublished_inputs GROUP BY stage, why "
        "ORDER BY count(*) DESC, stage, why LIMIT %s",
        (limit,),
    ).fetchall()
    return [(str(stage), str(why), int(n)) for stage, why, n in rows]


def unpublished_count(conn: psycopg.Connection) -> int:
    """Inputs that are not a published cable (superseded renderings included)."""
    row = conn.execute("SELECT count(*) FROM public.unpublished_inputs").fetchone()
    return int(row[0]) if row else 0


def batch_flagged(conn: psycopg.Connection, batch_id: int) -> int:
    """Cables the batch inserted or changed that carry quality flags."""
    row = conn.execute(
        "SELECT count(*) FROM public.cables c WHERE c.loaded_batch_id = %s "
        "AND EXISTS (SELECT FROM public.cable_quality_flags f WHERE f.cable_id = c.cable_id)",
        (batch_id,),
    ).fetchone()
    return int(row[0]) if row else 0
