"""The raw suite's verdicts come from features measured while landing and from hashing the
stored bytes inside PostgreSQL; content landed before migration 0008 (no stored features) is
measured from its bytes and judged the same."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import pandas as pd
import psycopg
import pytest

from etl import database
from etl.ingest import InputDocument
from etl.ingest.content import content_features
from etl.quality import QualityGate
from etl.quality.frames import raw_documents_frame
from etl.warehouse.bookkeeping import open_batch
from etl.warehouse.landing import land_documents
from etl.warehouse.migrations import upgrade

from .conftest import seed_documents

FEATURE_COLUMNS = "decodes_cleanly, text_chars, nul_chars, control_chars, visible_chars"
_SUBJECT = "SUBJECT: TALKS WITH THE MINISTER\n"
ODD_INPUTS = [
    InputDocument(path, data, "text")
    for path, data in (
        ("inbox/cp1252.txt", "\xb61. Summary\xa0of talks\r\n".encode("cp1252")),
        ("inbox/utf16-bom.txt", f"\ufeffTAGS: PGOV\n{_SUBJECT}".encode("utf-16")),
        ("inbox/utf16-no-bom.txt", _SUBJECT.encode("utf-16-le")),
        ("inbox/scan.pdf", b"%PDF-1.4\x00\x81\x8d\x90\x9d\x00" * 10),
        ("inbox/blank.txt", b" \n\t\r\n" * 10),
    )
]
#: What the raw suite quarantines, by input: the same before and after features were stored.
EXPECTED_FLAGS = {
    "inbox/utf16-no-bom.txt": {"nul_chars", "control_char_share"},
    "inbox/scan.pdf": {"decodes_cleanly", "nul_chars", "control_char_share"},
    "inbox/blank.txt": {"visible_chars"},
}


def _land(conn: psycopg.Connection[Any], key: str, documents: list[InputDocument]) -> int:
    batch = open_batch(conn, key, [])
    land_documents(conn, batch.batch_id, documents)
    return batch.batch_id


def _flags(report: Any, conn: psycopg.Connection[Any], batch_id: int) -> dict[str, set[str]]:
    paths = dict(
        conn.execute(
            "SELECT document_id, source_path FROM etl.batch_documents WHERE batch_id = %s",
            (batch_id,),
        ).fetchall()
    )
    flags: dict[str, set[str]] = {}
    for failure in report.row_failures:
        column = failure.expectation.split(":")[0].removeprefix("raw_documents.")
        flags.setdefault(paths[failure.document_id], set()).add(column)
    return flags


def test_features_stored_at_landing_equal_those_of_the_bytes(
    warehouse_conn: psycopg.Connection[Any],
) -> None:
    _land(warehouse_conn, "features", [*seed_documents(), *ODD_INPUTS])
    rows = warehouse_conn.execute(
        f"SELECT content, {FEATURE_COLUMNS} FROM etl.raw_documents"
    ).fetchall()
    assert len(rows) == 10
    for content, *stored in rows:
        expected = content_features(bytes(content))
        assert tuple(stored) == (
            expected.decodes_cleanly,
            expected.text_chars,
            expected.nul_chars,
            expected.control_chars,
            expected.visible_chars,
        )
    assert {row[1] for row in rows} == {True, False}


def test_binary_mis_encoded_and_blank_inputs_are_quarantined(
    gate: QualityGate, warehouse_conn: psycopg.Connection[Any]
) -> None:
    batch_id = _land(warehouse_conn, "odd", [*seed_documents(), *ODD_INPUTS])
    report = gate.check_raw(warehouse_conn, batch_id)
    assert report.blocking_reason is None
    assert _flags(report, warehouse_conn, batch_id) == EXPECTED_FLAGS


def test_bytes_altered_after_landing_fail_the_hash_and_block(
    gate: QualityGate, warehouse_conn: psycopg.Connection[Any]
) -> None:
    batch_id = _land(warehouse_conn, "altered", seed_documents())
    # Same length, one bit flipped: only the hash can tell, and the stored features still
    # describe the original bytes.
    warehouse_conn.execute(
        "UPDATE etl.raw_documents SET content = set_byte(content, 0, get_byte(content, 0) # 1) "
        "WHERE document_id = (SELECT min(document_id) FROM etl.raw_documents)"
    )
    report = gate.check_raw(warehouse_conn, batch_id)
    assert [o.label for o in report.failed_outcomes] == [
        "raw_documents.sha256_verified: expect_column_values_to_be_in_set"
    ]
    assert report.blocking_reason is not None and "no longer hash" in report.blocking_reason
    warehouse_conn.rollback()


def _land_as_before_0008(
    conn: psycopg.Connection[Any], key: str, documents: list[InputDocument]
) -> int:
    """What landing wrote up to migration 0007: the bytes and their hash, no features."""
    batch = open_batch(conn, key, [])
    for ordinal, doc in enumerate(documents, start=1):
        conn.execute(
            "WITH d AS (INSERT INTO etl.raw_documents "
            "(sha256, source_path, format, size_bytes, content, batch_id) "
            "VALUES (%(sha)s, %(path)s, %(fmt)s, %(size)s, %(data)s, %(batch)s) "
            "RETURNING document_id) "
            "INSERT INTO etl.batch_documents (batch_id, document_id, source_path, ordinal) "
            "SELECT %(batch)s, document_id, %(path)s, %(ordinal)s FROM d",
            {
                "sha": hashlib.sha256(doc.data).hexdigest(),
                "path": doc.source_path,
                "fmt": doc.fmt,
                "size": len(doc.data),
                "data": doc.data,
                "batch": batch.batch_id,
                "ordinal": ordinal,
            },
        )
    conn.commit()
    return batch.batch_id


def test_content_landed_before_the_features_is_still_checked(
    gate: QualityGate,
    make_database: Callable[..., str],
    warehouse_conn: psycopg.Connection[Any],
) -> None:
    url = make_database(migrate=False)
    upgrade(url, "0007_table_row_counts", quiet=True)
    documents = [*seed_documents(), *ODD_INPUTS]
    with database.psycopg_connect(url) as old:
        old_batch = _land_as_before_0008(old, "before-0008", documents)
        upgrade(url, quiet=True)
        assert old.execute(
            "SELECT count(*) FROM etl.raw_documents WHERE decodes_cleanly IS NULL"
        ).fetchone() == (10,)
        report = gate.check_raw(old, old_batch)
        assert report.blocking_reason is None
        assert _flags(report, old, old_batch) == EXPECTED_FLAGS
        measured = raw_documents_frame(old, old_batch)

        old.execute(
            "UPDATE etl.raw_documents SET content = set_byte(content, 0, get_byte(content, 0) # 1) "
            "WHERE document_id = (SELECT min(document_id) FROM etl.raw_documents)"
        )
        assert "no longer hash" in (gate.check_raw(old, old_batch).blocking_reason or "")
        old.rollback()

    # The same inputs landed with their features make the same frame.
    new_batch = _land(warehouse_conn, "after-0008", documents)
    stored = raw_documents_frame(warehouse_conn, new_batch)
    pd.testing.assert_frame_equal(
        measured.drop(columns="document_id"), stored.drop(columns="document_id")
    )


@pytest.mark.parametrize(("chunk_size", "autocommit"), [(1, False), (3, True), (500, False)])
def test_frame_is_the_same_whatever_the_chunk_size(
    warehouse_conn: psycopg.Connection[Any], chunk_size: int, autocommit: bool
) -> None:
    documents = [*seed_documents(), *ODD_INPUTS]
    batch_id = _land(warehouse_conn, "chunks", documents)
    warehouse_conn.autocommit = autocommit
    frame = raw_documents_frame(warehouse_conn, batch_id, chunk_size)
    assert list(frame["source_path"]) == [d.source_path for d in documents]
    assert frame["sha256_verified"].all() and (frame["stored_bytes"] == frame["size_bytes"]).all()
    # A later batch bringing the same, already handled content does not check it again.
    warehouse_conn.execute("UPDATE etl.raw_documents SET parsed_at = now()")
    warehouse_conn.execute(
        "UPDATE etl.raw_documents SET content = set_byte(content, 0, get_byte(content, 0) # 1)"
    )
    later = _land(warehouse_conn, "chunks-again", documents)
    again = raw_documents_frame(warehouse_conn, later, chunk_size)
    assert again["sha256_verified"].all() and again["decodes_cleanly"].all()
