"""Keeping the analyst views current: refresh of the materialised views after each publish.

The views themselves are created by migration 0003_analyst_views. Three of them aggregate the
whole warehouse and are materialised; they are refreshed CONCURRENTLY (each has a unique
index), so analysts reading them during a load see the previous contents instead of waiting.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

#: Materialised views in refresh order (none reads another, so the order is only cosmetic).
MATERIALISED_VIEWS = ("cable_citation_counts", "entity_summary", "stations")


@dataclass(frozen=True, slots=True)
class RefreshedView:
    """Outcome of refreshing one materialised view."""

    name: str
    row_count: int
    seconds: float


def refresh_analyst_views(conn: psycopg.Connection[Any]) -> list[RefreshedView]:
    """Refresh every materialised analyst view on ``conn``; return row counts and timings.

    Runs in the caller's transaction (the caller commits), so a batch's publish and the
    refresh of what it changed can become visible together.
    """
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
