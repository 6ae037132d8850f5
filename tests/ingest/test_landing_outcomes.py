"""What a load makes of broken inputs, end to end: landed bytes, rejects, published cables."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from etl.database import libpq_url
from etl.pipeline.loading import load_paths

from .conftest import CLOSING, HEADER, OPENING, escape, release_record

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
