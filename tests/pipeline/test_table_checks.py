"""Each published table's own check passes on a clean load and names what a damaged table got
wrong (built from the properties, not from one table's name)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import psycopg
import pytest

from etl.database import libpq_url
from etl.pipeline.loading import load_paths
from etl.warehouse.catalog import PUBLISHED_TABLES
from etl.warehouse.rows import CHILD_TABLES
from etl.warehouse.table_checks import TABLE_CHECKS, run_table_checks

from .conftest import SAMPLE_DIR


def _failing(conn: psycopg.Connection, batch_id: int) -> dict[str, tuple[str, ...]]:
    return {o.check.name: o.examples for o in run_table_checks(conn, batch_id) if not o.passed}


@pytest.fixture(scope="module")
def loaded(make_database: Callable[..., str]) -> tuple[str, int]:
    """The seeds loaded once; each test damages the tables only in a transaction it rolls
    back (see ``damaged``)."""
    url = make_database()
    summary = load_paths([SAMPLE_DIR], database_url=url, workers=1)
    assert summary.published and summary.batch_id is not None
    return url, summary.batch_id


@pytest.fixture
def damaged(loaded: tuple[str, int]) -> Iterator[psycopg.Connection]:
    """A connection to the loaded warehouse whose changes are rolled back after the test."""
    conn = psycopg.connect(libpq_url(loaded[0]))
    try:
        yield conn
    finally:
        conn.rollback()
        conn.close()


def test_every_published_table_has_a_check_and_a_clean_load_passes_them(
    loaded: tuple[str, int], damaged: psycopg.Connection
) -> None:
    batch_id = loaded[1]
    assert {check.table for check in TABLE_CHECKS} == set(PUBLISHED_TABLES)
    outcomes = run_table_checks(damaged, batch_id)
    assert all(o.passed for o in outcomes), [o for o in outcomes if not o.passed]
    # Every check looked at something of the seeds (five cables with children and summaries).
    assert all(o.checked > 0 for o in outcomes), [o.check.name for o in outcomes if not o.checked]
    # Another batch's rows are not this batch's business.
    assert all(o.checked == 0 for o in run_table_checks(damaged, batch_id + 1))


@pytest.mark.parametrize("table", [spec.name for spec in CHILD_TABLES])
def test_a_gap_in_a_child_tables_positions_fails_its_check_only(
    loaded: tuple[str, int], damaged: psycopg.Connection, table: str
) -> None:
    batch_id, conn = loaded[1], damaged
    cable_id = conn.execute(
        f"SELECT cable_id FROM public.{table} GROUP BY 1 HAVING count(*) > 1 ORDER BY 1 LIMIT 1"
    ).fetchone()[0]  # type: ignore[index]
    conn.execute(f"DELETE FROM public.{table} WHERE cable_id = %s AND position = 1", (cable_id,))
    failing = _failing(conn, batch_id)
    expected = f"{table}_positions_dense"
    assert expected in failing and failing[expected] == (cable_id,)
    assert not {name for name in failing if name.endswith("_positions_dense")} - {expected}


def test_a_stale_summary_row_fails_that_summarys_check(
    loaded: tuple[str, int], damaged: psycopg.Connection
) -> None:
    batch_id, conn = loaded[1], damaged
    conn.execute("UPDATE public.stations SET cable_count = cable_count + 1")
    conn.execute(
        "DELETE FROM public.entity_summary WHERE (kind, name) = "
        "(SELECT kind, name FROM public.entity_summary ORDER BY 1, 2 LIMIT 1)"
    )
    conn.execute("UPDATE public.cable_citation_counts SET citing_cable_count = 9")
    failing = _failing(conn, batch_id)
    assert set(failing) == {
        "stations_matches_recomputation",
        "entity_summary_matches_recomputation",
        "cable_citation_counts_matches_recomputation",
    }
    assert all(failing.values())


def test_a_cable_whose_hash_differs_from_its_raw_document_fails_the_cables_check(
    loaded: tuple[str, int], damaged: psycopg.Connection
) -> None:
    batch_id, conn = loaded[1], damaged
    cable_id = conn.execute(
        "UPDATE public.cables SET content_hash = 'x' WHERE cable_id = "
        "(SELECT min(cable_id) FROM public.cables) RETURNING cable_id"
    ).fetchone()[0]  # type: ignore[index]
    failing = _failing(conn, batch_id)
    assert failing == {"cables_trace_to_raw_documents": (cable_id,)}
