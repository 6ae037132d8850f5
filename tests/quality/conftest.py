"""Fixtures for the quality gate: one GX context per test session, batches staged from the
bundled sample cables in a fresh migrated database."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest

from etl import database
from etl.ingest import InputDocument
from etl.parsing.parser import parse_document
from etl.parsing.records import CableParseError
from etl.quality import QualityGate
from etl.warehouse.bookkeeping import iter_pending_documents, open_batch
from etl.warehouse.landing import land_documents
from etl.warehouse.staging import stage_cables

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DIR = REPO_ROOT / "etl" / "sample_cables"


def future_copy_of_seed_002() -> bytes:
    """Seed 002 with its id and dates moved to 2035 (id ``35PHNOMPENH534``)."""
    text = next(SAMPLE_DIR.glob("002_*.txt")).read_bytes().decode("utf-8")
    text = text.replace("06PHNOMPENH534", "35PHNOMPENH534", 1)
    text = text.replace("+0100 2006", "+0100 2035", 1)
    text = re.sub(r"^O 210959Z MAR 06", "O 210959Z MAR 35", text, count=1, flags=re.M)
    return text.encode("utf-8")


def seed_documents() -> list[InputDocument]:
    """The five bundled sample cables as input documents."""
    return [
        InputDocument(source_path=str(path), data=path.read_bytes(), fmt="text")
        for path in sorted(SAMPLE_DIR.glob("*.txt"))
    ]


@dataclass(frozen=True, slots=True)
class StagedBatch:
    """A batch landed and parsed into staging, not yet checked or published."""

    batch_id: int
    conn: psycopg.Connection[Any]


@pytest.fixture(scope="session")
def gate(tmp_path_factory: pytest.TempPathFactory) -> QualityGate:
    """One gate (one GX context) for every quality test, as in a pipeline run."""
    return QualityGate(data_docs_dir=tmp_path_factory.mktemp("data_docs"), max_reject_rate=0.5)


@pytest.fixture
def warehouse_conn(make_database: Callable[..., str]) -> Iterator[psycopg.Connection[Any]]:
    """A connection to a fresh, migrated, empty warehouse."""
    conn = database.psycopg_connect(make_database())
    try:
        yield conn
    finally:
        conn.close()


StageBatch = Callable[[list[InputDocument]], StagedBatch]


@pytest.fixture
def stage_batch(warehouse_conn: psycopg.Connection[Any]) -> StageBatch:
    """Factory: land ``documents`` as a new batch and stage their parsed cables (committed)."""
    counter = iter(range(1, 1000))

    def stage(documents: list[InputDocument]) -> StagedBatch:
        conn = warehouse_conn
        batch = open_batch(conn, f"quality-test-{next(counter)}", [])
        land_documents(conn, batch.batch_id, documents)
        pending = list(iter_pending_documents(conn, batch.batch_id))
        parsed = []
        for doc in pending:
            try:
                parsed.append((doc, parse_document(doc.data, doc.fmt)))
            except CableParseError:
                continue  # the pipeline lists these as parse rejects; the raw suite sees them

        stage_cables(conn, batch.batch_id, parsed)
        conn.commit()
        return StagedBatch(batch.batch_id, conn)

    return stage
