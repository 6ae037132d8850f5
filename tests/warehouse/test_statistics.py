"""A load that grows a table by more than a tenth analyses it itself (etl.warehouse.statistics)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import psycopg

from etl.database import libpq_url
from etl.ingest import InputDocument
from etl.warehouse.bookkeeping import open_batch
from etl.warehouse.landing import land_documents
from etl.warehouse.statistics import STALE_SHARE, analyze_changed_tables

SAMPLES = Path(__file__).resolve().parents[2] / "etl" / "sample_cables"


def _reltuples(conn: psycopg.Connection, table: str) -> float:
    row = conn.execute("SELECT reltuples FROM pg_class WHERE oid = %s::regclass", (table,))
    found = row.fetchone()
    assert found is not None
    return float(found[0])


def test_grown_tables_are_analysed_and_others_left(make_database: Callable[..., str]) -> None:
    url = make_database(migrate=False)
    with psycopg.connect(libpq_url(url)) as conn:
        conn.execute("CREATE TABLE grown (n integer)")
        conn.execute("CREATE TABLE steady (n integer)")
        conn.execute("INSERT INTO grown SELECT generate_series(1, 5000)")
        conn.execute("INSERT INTO steady SELECT generate_series(1, 5000)")
        conn.execute("ANALYZE steady")
        assert _reltuples(conn, "grown") < 0  # never analysed
        # Inside the loading transaction: its own rows count.
        conn.execute("INSERT INTO steady SELECT generate_series(1, 100)")
        added_to_steady = int(STALE_SHARE * 5000) - 1
        analysed = analyze_changed_tables(
            conn, {"grown": 5000, "steady": added_to_steady, "public.missing_rows": 0}
        )
        assert analysed == ["grown"]
        assert _reltuples(conn, "grown") == 5000
        assert _reltuples(conn, "steady") == 5000  # statistics left as they were

        conn.execute("INSERT INTO steady SELECT generate_series(1, 1000)")
        assert analyze_changed_tables(conn, {"steady": 1000}) == ["steady"]
        assert _reltuples(conn, "steady") == 6100


def test_landing_analyses_the_tables_it_grew(make_database: Callable[..., str]) -> None:
    url = make_database()
    documents = [
        InputDocument(path.name, path.read_bytes(), "text") for path in sorted(SAMPLES.glob("*"))
    ]
    with psycopg.connect(libpq_url(url)) as conn:
        assert _reltuples(conn, "etl.raw_documents") < 0
        batch = open_batch(conn, "statistics-test", [])
        counts = land_documents(conn, batch.batch_id, documents)
        assert counts.documents_new == len(documents) == 5
        assert _reltuples(conn, "etl.raw_documents") == len(documents)
        assert _reltuples(conn, "etl.batch_documents") == len(documents)
