"""Quality flags: the failed checks of cables that are published all the same.

The publication policy (README, "Quality") withholds a cable only when it cannot be identified
or would make the warehouse wrong; every other failed row-level check is a *flag*. The parsed
stage's flags wait in ``etl.stage_quality_flags`` next to their staged cable; publishing
replaces the flags of every cable it inserts or changes with them (so a cable published again
never keeps stale or doubled flags), and the warehouse checks, inside the same transaction, add
theirs for the same cables.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import psycopg

STAGE_TABLE = "etl.stage_quality_flags"


class FlaggedRow(Protocol):
    """A row that failed a flagging check (``etl.quality.RowFailure``)."""

    @property
    def cable_id(self) -> str | None: ...
    @property
    def document_id(self) -> int | None: ...
    @property
    def expectation(self) -> str: ...
    @property
    def failure(self) -> str: ...
    @property
    def value(self) -> str | None: ...


def _rows(flags: Iterable[FlaggedRow]) -> list[tuple[Any, ...]]:
    """One row per distinct (cable, document, check, value): a check failing twice on the
    same value of one cable (two equal tags) says it once."""
    distinct = dict.fromkeys(
        (f.cable_id, f.document_id, f.expectation, f.failure or f.expectation, f.value)
        for f in flags
        if f.cable_id is not None
    )
    return list(distinct)


def stage_flags(
    conn: psycopg.Connection,
    batch_id: int,
    stage: str,
    flags: Iterable[FlaggedRow],
    *,
    withheld: set[int] = frozenset(),  # type: ignore[assignment]
) -> int:
    """Stage the flags of the batch's staged cables (in the caller's transaction), except for
    documents in ``withheld``; returns the flags staged."""
    rows = [row for row in _rows(flags) if row[1] is not None and row[1] not in withheld]
    if not rows:
        return 0
    with conn.cursor() as cur:
        cur.executemany(
            f"INSERT INTO {STAGE_TABLE} "
            "(batch_id, document_id, cable_id, stage, expectation, message, value) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s)",
            [
                (batch_id, document, cable, stage, expectation, message, value)
                for cable, document, expectation, message, value in rows
            ],
        )
    return len(rows)


def clear_staged_flags(conn: psycopg.Connection, batch_id: int) -> None:
    """Remove the batch's staged flags (with the rest of its staging)."""
    conn.execute(f"DELETE FROM {STAGE_TABLE} WHERE batch_id = %s", (batch_id,))


def publish_staged_flags(conn: psycopg.Connection, batch_id: int, plan: str) -> int:
    """Replace the flags of every cable ``plan`` inserts or changes (the publish step's
    ``publish_plan`` temp table: cable_id, document_id, action) with the batch's staged flags of
    the document chosen for it; returns the flags inserted."""
    conn.execute(
        "DELETE FROM public.cable_quality_flags f WHERE f.cable_id = "
        f"ANY(ARRAY(SELECT cable_id FROM {plan} WHERE action IN ('new', 'updated')))"
    )
    inserted = conn.execute(
        f"""
        INSERT INTO public.cable_quality_flags
            (cable_id, position, stage, expectation, message, value)
        SELECT s.cable_id,
               row_number() OVER (PARTITION BY s.cable_id ORDER BY s.flag_id),
               s.stage, s.expectation, s.message, s.value
        FROM {STAGE_TABLE} s
        JOIN {plan} p ON p.document_id = s.document_id AND p.cable_id = s.cable_id
        WHERE s.batch_id = %(batch)s AND p.action IN ('new', 'updated')
        """,
        {"batch": batch_id},
    )
    return inserted.rowcount


def add_published_flags(conn: psycopg.Connection, stage: str, flags: Sequence[FlaggedRow]) -> int:
    """Append ``flags`` (a check of the published rows, in the publish transaction) to the
    flags of their cables; returns the flags added."""
    rows = _rows(flags)
    if not rows:
        return 0
    inserted = conn.execute(
        """
        INSERT INTO public.cable_quality_flags
            (cable_id, position, stage, expectation, message, value)
        SELECT n.cable_id,
               coalesce((SELECT max(f.position) FROM public.cable_quality_flags f
                         WHERE f.cable_id = n.cable_id), 0)
                   + row_number() OVER (PARTITION BY n.cable_id ORDER BY n.ordinal),
               %(stage)s, n.expectation, n.message, n.value
        FROM unnest(%(cables)s::text[], %(expectations)s::text[], %(messages)s::text[],
                    %(values)s::text[]) WITH ORDINALITY
             AS n(cable_id, expectation, message, value, ordinal)
        JOIN public.cables c ON c.cable_id = n.cable_id
        """,
        {
            "stage": stage,
            "cables": [row[0] for row in rows],
            "expectations": [row[2] for row in rows],
            "messages": [row[3] for row in rows],
            "values": [row[4] for row in rows],
        },
    )
    return inserted.rowcount


@dataclass(frozen=True, slots=True)
class FlagCount:
    """How many published cables fail one check."""

    stage: str
    expectation: str
    message: str
    cables: int


def flag_counts(conn: psycopg.Connection) -> list[FlagCount]:
    """Flagged cables by check, most frequent first."""
    rows = conn.execute(
        "SELECT stage, expectation, message, count(DISTINCT cable_id) "
        "FROM public.cable_quality_flags GROUP BY stage, expectation, message "
        "ORDER BY count(DISTINCT cable_id) DESC, stage, expectation, message"
    ).fetchall()
    return [FlagCount(str(s), str(e), str(m), int(n)) for s, e, m, n in rows]


def flagged_cable_count(conn: psycopg.Connection) -> int:
    """Published cables with at least one flag."""
    row = conn.execute("SELECT count(DISTINCT cable_id) FROM public.cable_quality_flags").fetchone()
    return int(row[0]) if row else 0
