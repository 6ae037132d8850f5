"""A file unchanged since it was landed is not read again; any change to it makes it read.

Real files, a real PostgreSQL: each load walks with the signatures the warehouse remembers
(``etl.warehouse.file_signatures``), and which files are opened is seen through Python's audit
hooks (``tests.opened_files``).
"""

from __future__ import annotations

import io
import os
import time
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from etl.database import libpq_url
from etl.ingest import iter_inputs
from etl.ingest.signatures import SETTLE_NS, input_roots
from etl.warehouse.bookkeeping import open_batch
from etl.warehouse.file_signatures import known_files
from etl.warehouse.landing import LandingCounts, land_documents
from tests.opened_files import opened_names

from .conftest import BuildCablesCsv, telegram


@pytest.fixture
def conn(make_database: Callable[..., str]) -> Iterator[psycopg.Connection[Any]]:
    with psycopg.connect(libpq_url(make_database())) as connection:
        yield connection


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _settle() -> None:
    """Wait until every file written so far is old enough to be remembered."""
    time.sleep(SETTLE_NS / 1e9 + 0.1)


@pytest.fixture
def inbox(tmp_path: Path, build_cables_csv: BuildCablesCsv) -> Path:
    """Three cables, a zip of two, and a cables.csv of the five seeds, settled."""
    folder = tmp_path / "inbox"
    (folder / "sub").mkdir(parents=True)
    for serial in (1, 2):
        (folder / f"cable{serial}.txt").write_bytes(telegram(serial))
    (folder / "sub" / "cable3.txt").write_bytes(telegram(3))
    (folder / "bundle.zip").write_bytes(_zip({"a.txt": telegram(4), "b.txt": telegram(5)}))
    (folder / "cables.csv").write_bytes(build_cables_csv())
    _settle()
    return folder


def _load(conn: psycopg.Connection[Any], key: str, paths: list[Path]) -> LandingCounts:
    batch_id = open_batch(conn, key, [str(p) for p in paths]).batch_id
    conn.commit()
    known = known_files(conn, input_roots(paths))
    return land_documents(conn, batch_id, iter_inputs(paths, None, known))


def _listed(conn: psycopg.Connection[Any], key: str) -> list[tuple[Any, ...]]:
    """What the batch lists: (ordinal, source path, document, its sha256)."""
    return conn.execute(
        "SELECT b.ordinal, b.source_path, b.document_id, d.sha256 "
        "FROM etl.batch_documents b JOIN etl.raw_documents d USING (document_id) "
        "JOIN etl.batches t ON t.batch_id = b.batch_id WHERE t.partition_key = %s "
        "ORDER BY b.ordinal",
        (key,),
    ).fetchall()


def _names(folder: Path) -> set[str]:
    return {path.name for path in folder.rglob("*") if path.is_file()}


def test_a_reload_of_unchanged_files_opens_none_and_lists_the_same_documents(
    conn: psycopg.Connection[Any], inbox: Path
) -> None:
    with opened_names() as first_opened:
        first = _load(conn, "first", [inbox])
    with opened_names() as second_opened:
        second = _load(conn, "second", [inbox])

    assert _names(inbox) <= set(first_opened)  # the recorder sees the files being read
    assert set(second_opened) & _names(inbox) == set()
    assert (first.documents_seen, first.documents_new, first.documents_not_read) == (10, 10, 0)
    assert (second.documents_seen, second.documents_new, second.documents_not_read) == (10, 0, 10)
    assert second.bytes_seen == first.bytes_seen
    assert _listed(conn, "second") == _listed(conn, "first")
    signed = conn.execute(
        "SELECT s.file_key, count(m.position) FROM etl.file_signatures s "
        "JOIN etl.file_signature_documents m USING (file_key) GROUP BY 1 ORDER BY 1"
    ).fetchall()
    root = os.path.realpath(inbox)
    assert signed == [
        (f"{root}/bundle.zip", 2),
        (f"{root}/cable1.txt", 1),
        (f"{root}/cable2.txt", 1),
        (f"{root}/cables.csv", 5),
        (f"{root}/sub/cable3.txt", 1),
    ]


def test_a_file_named_by_another_path_is_known_by_its_real_path(
    conn: psycopg.Connection[Any], inbox: Path
) -> None:
    _load(conn, "folder", [inbox])
    relative = Path(os.path.relpath(inbox / "sub" / "cable3.txt"))

    with opened_names() as opened:
        counts = _load(conn, "file", [relative])

    assert "cable3.txt" not in opened
    assert counts.documents_not_read == 1
    assert _listed(conn, "file")[0][1:] == (str(relative), *_listed(conn, "folder")[-1][2:])


def test_a_touched_file_is_read_again_and_stays_the_same_document(
    conn: psycopg.Connection[Any], inbox: Path
) -> None:
    _load(conn, "first", [inbox])
    os.utime(inbox / "cable2.txt")  # same bytes, a new modification time

    with opened_names() as opened:
        second = _load(conn, "second", [inbox])

    assert "cable2.txt" in opened
    assert not {"cable1.txt", "cable3.txt", "bundle.zip", "cables.csv"} & set(opened)
    assert (second.documents_new, second.documents_not_read) == (0, 9)
    assert _listed(conn, "second") == _listed(conn, "first")


def test_changed_content_with_the_old_size_and_time_lands_as_a_new_document(
    conn: psycopg.Connection[Any], inbox: Path
) -> None:
    _load(conn, "first", [inbox])
    path = inbox / "cable1.txt"
    before = path.stat()
    changed = telegram(1).replace(b"BERN", b"BONN")
    assert len(changed) == before.st_size
    path.write_bytes(changed)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # as `cp -p` or `touch -d`
    assert (path.stat().st_size, path.stat().st_mtime_ns) == (before.st_size, before.st_mtime_ns)

    with opened_names() as opened:
        second = _load(conn, "second", [inbox])

    assert "cable1.txt" in opened
    assert (second.documents_new, second.documents_not_read) == (1, 9)
    landed = {row[1]: row[3] for row in _listed(conn, "second")}
    assert landed[str(path)] != {row[1]: row[3] for row in _listed(conn, "first")}[str(path)]
    content = conn.execute(
        "SELECT content FROM etl.raw_documents WHERE sha256 = %s", (landed[str(path)],)
    ).fetchone()
    assert content is not None and bytes(content[0]) == changed


def test_a_changed_archive_is_read_whole_again(conn: psycopg.Connection[Any], inbox: Path) -> None:
    _load(conn, "first", [inbox])
    (inbox / "bundle.zip").write_bytes(
        _zip({"a.txt": telegram(4), "b.txt": telegram(5), "c.txt": telegram(6)})
    )

    second = _load(conn, "second", [inbox])
    third = _load(conn, "third", [inbox])  # written too recently to be remembered yet

    assert (second.documents_seen, second.documents_new, second.documents_not_read) == (11, 1, 8)
    assert (third.documents_new, third.documents_not_read) == (0, 8)
    assert [row[1] for row in _listed(conn, "second")] == [row[1] for row in _listed(conn, "third")]


def test_a_file_with_a_problem_is_never_taken_as_known(
    conn: psycopg.Connection[Any], inbox: Path
) -> None:
    damaged = _zip({"a.txt": telegram(7), "b.txt": telegram(8)})
    (inbox / "damaged.zip").write_bytes(damaged[: len(damaged) - 30])
    _settle()
    first = _load(conn, "first", [inbox])

    with opened_names() as opened:
        second = _load(conn, "second", [inbox])

    assert "damaged.zip" in opened
    assert first.problems and [p.reason for p in second.problems] == [
        p.reason for p in first.problems
    ]
    keys = conn.execute("SELECT file_key FROM etl.file_signatures").fetchall()
    assert not [key for (key,) in keys if key.endswith("damaged.zip")]
    rejects = conn.execute(
        "SELECT b.partition_key, count(*) FROM etl.rejects r JOIN etl.batches b USING (batch_id) "
        "GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert [key for key, _ in rejects] == ["first", "second"]
    assert rejects[0][1] == rejects[1][1] > 0


def test_a_file_written_just_now_is_read_until_it_has_settled(
    conn: psycopg.Connection[Any], tmp_path: Path
) -> None:
    path = tmp_path / "fresh.txt"
    path.write_bytes(telegram(9))

    _load(conn, "first", [path])
    with opened_names() as opened:
        second = _load(conn, "second", [path])

    assert "fresh.txt" in opened and second.documents_not_read == 0
    _settle()
    _load(conn, "third", [path])  # read, and now remembered
    with opened_names() as opened:
        fourth = _load(conn, "fourth", [path])
    assert "fresh.txt" not in opened and fourth.documents_not_read == 1
