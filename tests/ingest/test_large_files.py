"""Files larger than a document may be are landed whole (streamed), withheld from parsing;
past what one stored value holds, their hash and size are recorded instead."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from etl.database import libpq_url
from etl.ingest import IngestLimits, InputDocument, InputProblem, LargeInput, iter_inputs
from etl.ingest.content import content_features
from etl.pipeline.loading import load_paths
from etl.warehouse import landing
from etl.warehouse.bookkeeping import open_batch
from etl.warehouse.landing import land_documents

from .conftest import telegram

KiB, MiB = 1024, 1024 * 1024
SMALL = IngestLimits(max_document_bytes=64 * KiB)


def _big(path: Path, size: int) -> bytes:
    """A text file of ``size`` bytes with a non-ASCII character and control bytes in it."""
    line = "Ligne très longue d'un gros fichier \x01\t0123456789abcdef\n".encode()
    data = (line * (size // len(line) + 1))[:size]
    path.write_bytes(data)
    return data


@pytest.fixture
def conn(make_database: Callable[..., str]) -> Iterator[psycopg.Connection[Any]]:
    with psycopg.connect(libpq_url(make_database())) as connection:
        yield connection


def _batch(conn: psycopg.Connection[Any], key: str) -> int:
    batch = open_batch(conn, key, [])
    conn.commit()
    return batch.batch_id


def test_a_file_over_the_document_limit_is_handed_on_as_a_stream(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    data = _big(path, 200 * KiB)

    [item] = list(iter_inputs([path], SMALL))

    assert isinstance(item, LargeInput)
    assert (item.source_path, item.size) == (str(path), len(data))
    assert "larger than 65,536 bytes" in item.reason and "kept as received" in item.reason


def test_an_archive_over_the_limit_with_a_member_over_it_is_handed_on_whole(
    tmp_path: Path,
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("big.txt", os.urandom(100 * KiB))
        archive.writestr("cable.txt", telegram(5))
    path = tmp_path / "bundle.zip"
    path.write_bytes(buffer.getvalue())

    items, streamed = [], b""
    for item in iter_inputs([path], SMALL):  # a stream is read before the next item
        items.append(item)
        if isinstance(item, LargeInput):
            streamed = item.stream.read()

    assert [type(item) for item in items] == [InputProblem, InputDocument, LargeInput]
    assert items[0].source_path == f"{path}!big.txt"
    assert items[2].source_path == str(path) and streamed == buffer.getvalue()


def test_a_large_file_is_landed_verbatim_withheld_and_once(
    tmp_path: Path, conn: psycopg.Connection[Any]
) -> None:
    path = tmp_path / "huge.txt"
    data = _big(path, 3 * MiB + 17)
    (tmp_path / "cable.txt").write_bytes(telegram(7))
    batch_id = _batch(conn, "large-1")

    counts = land_documents(conn, batch_id, iter_inputs([tmp_path], SMALL))

    assert (counts.documents_seen, counts.documents_new) == (2, 2)
    row = conn.execute(
        "SELECT d.sha256, d.size_bytes, d.content, d.parsed_at IS NOT NULL, d.parser_version, "
        "d.decodes_cleanly, d.text_chars, d.nul_chars, d.control_chars, d.visible_chars, "
        "b.ordinal FROM etl.raw_documents d JOIN etl.batch_documents b USING (document_id) "
        "WHERE b.source_path = %s",
        (str(path),),
    ).fetchone()
    assert row is not None
    sha, size, content, handled, version, *features, ordinal = row
    assert (sha, size, bytes(content)) == (hashlib.sha256(data).hexdigest(), len(data), data)
    assert handled and version is None  # withheld: the parse stage never picks it up
    expected = content_features(data)
    assert features == [
        expected.decodes_cleanly,
        expected.text_chars,
        expected.nul_chars,
        expected.control_chars,
        expected.visible_chars,
    ]
    assert ordinal == 2  # in the order the walk found it (after cable.txt)
    [(reason,)] = conn.execute(
        "SELECT reason FROM etl.rejects r JOIN etl.raw_documents d USING (document_id) "
        "WHERE r.stage = 'land' AND d.sha256 = %s",
        (sha,),
    ).fetchall()
    assert "larger than 65,536 bytes" in reason

    again = land_documents(conn, _batch(conn, "large-2"), iter_inputs([tmp_path], SMALL))

    assert (again.documents_seen, again.documents_new) == (2, 0)
    assert conn.execute("SELECT count(*) FROM etl.raw_documents").fetchone() == (2,)


def test_past_what_one_value_holds_the_hash_and_size_are_recorded(
    tmp_path: Path, conn: psycopg.Connection[Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(landing, "MAX_STORED_BYTES", 1 * MiB)
    path = tmp_path / "enormous.bin"
    data = _big(path, 2 * MiB)
    batch_id = _batch(conn, "too-large")

    counts = land_documents(conn, batch_id, iter_inputs([path], SMALL))

    assert counts.documents_seen == 0
    assert conn.execute("SELECT count(*) FROM etl.raw_documents").fetchone() == (0,)
    [(document_id, reason)] = conn.execute(
        "SELECT document_id, reason FROM etl.rejects WHERE source_path = %s", (str(path),)
    ).fetchall()
    assert document_id is None
    assert hashlib.sha256(data).hexdigest() in reason and f"{len(data):,} bytes" in reason


def test_a_file_that_changes_while_streamed_is_not_landed_as_if_whole(
    tmp_path: Path, conn: psycopg.Connection[Any]
) -> None:
    batch_id = _batch(conn, "changing")
    earlier = InputProblem("earlier.txt", "A problem recorded before the large file.")
    shrunk = LargeInput("shrunk.txt", io.BytesIO(b"x" * 1000), 5000, "Too large.")
    grown = LargeInput("grown.txt", io.BytesIO(b"x" * 6000), 5000, "Too large.")

    land_documents(conn, batch_id, [earlier, shrunk, grown])

    rejects = dict(conn.execute("SELECT source_path, reason FROM etl.rejects").fetchall())
    assert set(rejects) == {"earlier.txt", "shrunk.txt", "grown.txt"}
    assert "changed while it was landed" in rejects["shrunk.txt"]
    assert "grew" in rejects["grown.txt"]
    assert conn.execute("SELECT count(*) FROM etl.raw_documents").fetchone() == (0,)


@pytest.mark.slow
def test_a_file_over_64_mib_is_kept_by_a_real_load_and_the_batch_publishes(
    tmp_path: Path, make_database: Callable[..., str]
) -> None:
    url = make_database()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    data = _big(inbox / "dump.txt", 64 * MiB + 1)
    for n in range(1, 4):
        (inbox / f"cable{n}.txt").write_bytes(telegram(n))

    summary = load_paths([inbox], database_url=url, workers=1)

    assert summary.published, summary.error
    with psycopg.connect(libpq_url(url)) as check:
        assert check.execute("SELECT count(*) FROM cables").fetchone() == (3,)
        row = check.execute(
            "SELECT d.size_bytes, d.sha256 = encode(sha256(d.content), 'hex'), r.reason "
            "FROM etl.raw_documents d JOIN etl.rejects r USING (document_id) "
            "WHERE d.sha256 = %s AND r.stage = 'land'",
            (hashlib.sha256(data).hexdigest(),),
        ).fetchone()
    assert row is not None
    assert row[:2] == (len(data), True)
    assert "67,108,864 bytes" in row[2]
