"""Keeping the analyst views current: refresh of the materialised views after each publish.

The views themselves are created by migration 0003_analyst_views. Three of them aggregate the
whole warehouse and are materialised; they are refreshed CONCURRENTLY (each has a unique
index), so analysts reading them during a load see the previous contents instead of waiting.
The tag dictionary is synchronised from the shipped CSV first, so an edited CSV reaches an
existing warehouse with the next load rather than needing a migration.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from etl.reference_data.tag_definitions import read_tag_definitions

#: Materialised views in refresh order (none reads another, so the order is only cosmetic).
MATERIALISED_VIEWS = ("cable_citation_counts", "entity_summary", "stations")

_SYNC_TAG_DEFINITIONS = """
WITH incoming AS (
    SELECT * FROM unnest(%(codes)s::text[], %(kinds)s::text[], %(meanings)s::text[])
        AS i(code, kind, meaning)
),
upserted AS (
    INSERT INTO tag_definitions (code, kind, meaning)
    SELECT code, kind, meaning FROM incoming
    ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, meaning = EXCLUDED.meaning
    WHERE (tag_definitions.kind, tag_definitions.meaning)
          IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.meaning)
    RETURNING 1
),
removed AS (
    DELETE FROM tag_definitions WHERE code <> ALL(%(codes)s::text[]) RETURNING 1
)
SELECT (SELECT count(*) FROM upserted) + (SELECT count(*) FROM removed)
"""


def sync_tag_definitions(conn: psycopg.Connection[Any]) -> int:
    """Make ``tag_definitions`` equal to the shipped CSV; return how many rows changed."""
    definitions = read_tag_definitions()
    row = conn.execute(
        _SYNC_TAG_DEFINITIONS,
        {
            "codes": [d.code for d in definitions],
            "kinds": [d.kind for d in definitions],
            "meanings": [d.meaning for d in definitions],
        },
    ).fetchone()
    return int(row[0]) if row else 0


@dataclass(frozen=True, slots=True)
class RefreshedView:
    """Outcome of refreshing one materialised view."""

    name: str
    row_count: int
    seconds: float


def refresh_analyst_views(conn: psycopg.Connection[Any]) -> list[RefreshedView]:
    """Refresh every materialised analyst view on ``conn``; return row counts and timings.

    Runs in the caller's transaction (the caller commits), so a batch's publish and the
    refresh of what it changed can become visible together. The tag dictionary is synchronised
    first because ``stations`` reads it.
    """
    sync_tag_definitions(conn)
    refreshed: list[RefreshedView] = []
    for name in MATERIALISED_VIEWS:
        started = time.perf_counter()
        populated = conn.execute(
            "SELECT ispopulated FROM pg_matviews WHERE schemaname = 'public' AND matviewname = %s",
            (name,),
        ).fetchone()
        if populated is None:
            raise LookupError(f"materialised view {name} is missing: run `cables db upgrade`")
        # CONCURRENTLY needs a populated view; a view created WITH NO DATA takes the plain path.
        refresh = (
            "REFRESH MATERIALIZED VIEW CONCURRENTLY {}"
            if populated[0]
            else "REFRESH MATERIALIZED VIEW {}"
        )
        conn.execute(sql.SQL(refresh).format(sql.Identifier(name)))
        count = conn.execute(
            sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name))
        ).fetchone()
        refreshed.append(
            RefreshedView(
                name=name,
                row_count=int(count[0]) if count else 0,
                seconds=time.perf_counter() - started,
            )
        )
    return refreshed
