"""Staged rows encoded away from the database come back from PostgreSQL exactly as built."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import psycopg

from etl.database import libpq_url
from etl.parsing import parse_document
from etl.parsing.records import Mention, ParsedCable
from etl.warehouse.rows import ALL_TABLES, CABLES, cable_row, child_rows
from etl.warehouse.staging import clear_stage, encode_staged_rows, write_staged_rows

SAMPLES = Path(__file__).resolve().parents[2] / "etl" / "sample_cables"
BATCH_ID = 987_654


@dataclass(frozen=True)
class _Source:
    document_id: int
    sha256: str
    source_path: str


def _awkward_cable() -> ParsedCable:
    """A real sample cable plus values that need escaping in COPY text."""
    cable = parse_document((SAMPLES / "002_89cae05b1d8bc52a.txt").read_bytes(), "text")
    cable.subject = 'Tabs\tnewlines\nbackslashes \\ quotes " and NUL\x00 in a subject'
    cable.problems = ['a "quoted" problem, with a comma', "back\\slash {braces}", "NULL"]
    cable.created_at = datetime(2009, 5, 12, 9, 41, tzinfo=UTC)
    cable.mentions = [Mention("PERSON", "Sar Kheng", "SAR KHENG", 3, 10, 19)]
    return cable


def test_encoded_rows_round_trip_through_copy(database_url: str) -> None:
    cable = _awkward_cable()
    source = _Source(41, "ab" * 32, "inbox/002 sample.txt")
    staged = encode_staged_rows(BATCH_ID, [(source, cable)])
    expected_children = child_rows(cable)
    expected_rows = 1 + sum(len(rows) for rows in expected_children.values())
    assert staged.row_count == expected_rows

    with psycopg.connect(libpq_url(database_url)) as conn:
        try:
            assert write_staged_rows(conn, staged) == expected_rows
            cable_back = conn.execute(
                f"SELECT {', '.join(CABLES.columns)}, source_path FROM etl.stage_cables "
                "WHERE batch_id = %s",
                (BATCH_ID,),
            ).fetchall()
            built = cable_row(cable, document_id=41, content_hash="ab" * 32, batch_id=BATCH_ID)
            assert cable_back == [(*built, "inbox/002 sample.txt")]
            assert "\x00" not in cable_back[0][CABLES.columns.index("subject")]
            for spec in ALL_TABLES[1:]:
                back = conn.execute(
                    f"SELECT {', '.join(spec.columns)} FROM {spec.stage_name} "
                    "WHERE batch_id = %s AND document_id = 41 ORDER BY position",
                    (BATCH_ID,),
                ).fetchall()
                assert back == expected_children[spec.name], spec.name
        finally:
            conn.rollback()
            clear_stage(conn, BATCH_ID)
            conn.commit()


def test_nothing_to_stage_writes_nothing(database_url: str) -> None:
    staged = encode_staged_rows(BATCH_ID, [])
    assert staged.row_count == 0
    with psycopg.connect(libpq_url(database_url)) as conn:
        assert write_staged_rows(conn, staged) == 0
        conn.rollback()
