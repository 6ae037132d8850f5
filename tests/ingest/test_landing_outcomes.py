"""What a load makes of broken inputs, end to end: landed bytes, rejects, published cables."""

from __future__ import annotations

import gzip
import hashlib
import io
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from etl.database import libpq_url
from etl.pipeline.loading import load_paths

from .conftest import CLOSING, HEADER, OPENING, escape, release_record, telegram

pytestmark = pytest.mark.slow


def _query(url: str, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with psycopg.connect(libpq_url(url)) as conn:
        return conn.execute(sql, params).fetchall()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def test_a_record_whose_quote_runs_on_is_kept_and_rejected_and_the_next_cables_publish(
    tmp_path: Path, make_database: Callable[..., str]
) -> None:
    url = make_database()
    records = [
        release_record(n, f"06BERN{n}", HEADER, OPENING + f"1. Paragraph {n}." + CLOSING)
        for n in range(1, 5)
    ]
    # A field ending in an unescaped backslash: the closing quote reads as an escaped one.
    records[1] = release_record(
        2, "06BERN2", HEADER, escape(OPENING + "1. Saved under C:") + "\\", raw_content=True
    )
    path = tmp_path / "cables.csv"
    path.write_bytes(("\n".join(records) + "\n").encode())

    first = load_paths([path], database_url=url, workers=1)

    assert first.published, first.error
    cables = dict(_query(url, "SELECT cable_id, source_document_id FROM cables"))
    assert set(cables) == {"06BERN1", "06BERN3", "06BERN4"}
    paths = dict(_query(url, "SELECT document_id, source_path FROM etl.batch_documents"))
    assert {paths[cables[f"06BERN{n}"]] for n in (1, 3, 4)} == {
        f"{path}#row={n}" for n in (1, 3, 4)
    }
    [(document_id, reason)] = _query(
        url,
        "SELECT document_id, reason FROM etl.rejects WHERE stage = 'land' AND source_path = %s",
        f"{path}#row=2",
    )
    assert "row 2" in reason and "row 3" in reason
    [(content, cable_id)] = _query(
        url, "SELECT content, cable_id FROM etl.raw_documents WHERE document_id = %s", document_id
    )
    assert bytes(content) == records[1].encode() and cable_id is None
    before = _query(url, "SELECT cable_id, updated_at, loaded_batch_id FROM cables ORDER BY 1")

    second = load_paths([path], database_url=url, workers=1)

    assert second.published, second.error
    assert (second.documents_new, second.cables_new, second.cables_updated) == (0, 0, 0)
    assert _query(url, "SELECT cable_id, updated_at, loaded_batch_id FROM cables ORDER BY 1") == (
        before
    )
    assert _query(url, "SELECT count(*) FROM etl.raw_documents") == [(4,)]


def _tar_gz(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _whole_tar_members(members: dict[str, bytes], truncated_tar_gz: bytes) -> list[str]:
    """Members whose bytes lie entirely in what the cut gzip stream still inflates to (zlib
    directly; a tar member is a 512-byte header and its data padded to 512 bytes)."""
    available = len(zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(truncated_tar_gz))
    whole, end = [], 0
    for name, data in members.items():
        end += 512 + -(-len(data) // 512) * 512
        if end - (-len(data) % 512) <= available:
            whole.append(name)
    return whole


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_damaged_archives_are_kept_their_whole_members_published_and_a_reload_is_a_no_op(
    tmp_path: Path, make_database: Callable[..., str]
) -> None:
    url = make_database()
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    in_tar = {f"t{n}.txt": telegram(n, filler=40) for n in range(1, 11)}
    tar_gz = _tar_gz(in_tar)
    cut_tar_gz = tar_gz[: len(tar_gz) // 2]
    in_zip = {f"z{n}.txt": telegram(n) for n in range(11, 15)}
    bad_crc_zip = bytearray(_zip(in_zip))
    bad_crc_zip[bad_crc_zip.index(b"Paragraph of cable 12")] ^= 0x20
    in_indexless = {f"i{n}.txt": telegram(n) for n in range(21, 24)}
    indexless_zip = _zip(in_indexless)
    indexless_zip = indexless_zip[: indexless_zip.index(b"PK\x01\x02")]
    bad_crc_gz = bytearray(gzip.compress(telegram(31)))
    bad_crc_gz[-8] ^= 0xFF
    archives = {
        "cut.tar.gz": cut_tar_gz,
        "bad-crc.zip": bytes(bad_crc_zip),
        "no-index.zip": indexless_zip,
        "bad-crc.txt.gz": bytes(bad_crc_gz),
    }
    for name, data in archives.items():
        (inbox / name).write_bytes(data)
    for n in range(41, 47):
        (inbox / f"good{n}.txt").write_bytes(telegram(n))
    whole = _whole_tar_members(in_tar, cut_tar_gz)
    assert 0 < len(whole) < len(in_tar)

    first = load_paths([inbox], database_url=url, workers=1)

    assert first.published, first.error
    published = {cable_id for (cable_id,) in _query(url, "SELECT cable_id FROM cables")}
    expected = {f"06BERN{name[1:-4]}" for name in whole}
    expected |= {f"06BERN{n}" for n in (11, 13, 14, 21, 22, 23, *range(41, 47))}
    assert published == expected
    kept = dict(
        _query(
            url,
            "SELECT d.sha256, r.reason FROM etl.rejects r JOIN etl.raw_documents d "
            "USING (document_id) WHERE r.stage = 'land' AND r.source_path = ANY(%s)",
            [str(inbox / name) for name in archives],
        )
    )
    assert set(kept) == {_sha(data) for data in archives.values()}  # every byte of them kept
    assert "cut short" in kept[_sha(cut_tar_gz)]
    assert "checksum" in kept[_sha(bytes(bad_crc_gz))]
    assert "no readable index" in kept[_sha(indexless_zip)]
    problems = {
        path
        for (path,) in _query(
            url, "SELECT source_path FROM etl.rejects WHERE stage = 'land' AND document_id IS NULL"
        )
    }
    assert f"{inbox}/bad-crc.zip!z12.txt" in problems
    before = _query(url, "SELECT cable_id, updated_at, loaded_batch_id FROM cables ORDER BY 1")
    documents = _query(url, "SELECT count(*) FROM etl.raw_documents")

    second = load_paths([inbox], database_url=url, workers=1)

    assert second.published, second.error
    assert (second.documents_new, second.cables_new, second.cables_updated) == (0, 0, 0)
    assert _query(url, "SELECT cable_id, updated_at, loaded_batch_id FROM cables ORDER BY 1") == (
        before
    )
    assert _query(url, "SELECT count(*) FROM etl.raw_documents") == documents
