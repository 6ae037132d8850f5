"""The benchmark's corpus generator: unique ids the parser derives, shifted dates, real text,
and a cables.csv the ingest layer reads back as the same cables."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest

import etl
from benchmarks.process_tree import TreeMemory
from benchmarks.synthetic_corpus import (
    Pool,
    build_pool,
    corpus_paths,
    csv_record,
    ensure_corpus,
    iter_cables,
    release_date,
    shift_for,
    split_id,
)
from etl.ingest import CABLES_CSV_DIALECT, InputDocument, iter_inputs
from etl.parsing import parse_document

SAMPLES = Path(etl.__file__).resolve().parent / "sample_cables"
REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO / ".." / "shared" / "corpus" / "cables"


@pytest.fixture(scope="module")
def source_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled sample cables, named by their reference id as corpus files are."""
    folder = tmp_path_factory.mktemp("sources")
    for sample in sorted(SAMPLES.glob("*.txt")):
        data = sample.read_bytes()
        cable_id = parse_document(data, "text").cable_id
        assert cable_id is not None
        (folder / f"{cable_id}.txt").write_bytes(data)
    return folder


@pytest.fixture(scope="module")
def pool(source_dir: Path) -> Pool:
    return build_pool(source_dir)


def test_every_sample_is_usable_as_a_source(pool: Pool) -> None:
    assert pool.sources == 5
    assert pool.excluded == {}
    assert len(pool.templates) == 5


def test_templates_reproduce_their_source_exactly(pool: Pool, source_dir: Path) -> None:
    for template in pool.templates:
        original = (source_dir / template.source_path).read_bytes()
        rebuilt = "".join(
            part if isinstance(part, str) else part.render(template.source_id, timedelta(0))
            for part in template.parts
        )
        assert rebuilt.encode("latin-1") == original


def test_generated_ids_are_unique_and_derived_by_the_parser(pool: Pool) -> None:
    cables = list(iter_cables(pool, 0, 4 * len(pool.templates)))
    ids = [cable.cable_id for cable in cables]
    assert len(set(ids)) == len(ids)
    for cable in cables:
        parsed = parse_document(cable.text.encode("latin-1"), "text")
        assert parsed.cable_id == cable.cable_id
        source, copy = split_id(cable.cable_id), split_id(parsed.cable_id or "")
        assert source is not None and copy is not None
        assert copy.year == source.year and copy.station == source.station


def test_dates_are_shifted_within_the_year(pool: Pool, source_dir: Path) -> None:
    for template in pool.templates:
        original = parse_document((source_dir / template.source_path).read_bytes(), "text")
        for copy_number in (0, 7, 89):
            cable = next(iter_cables(pool, copy_number * 5 + pool.templates.index(template), 1))
            parsed = parse_document(cable.text.encode("latin-1"), "text")
            assert original.created_at is not None and parsed.created_at is not None
            shift = parsed.created_at - original.created_at
            assert shift == shift_for(template, copy_number)
            assert shift != timedelta(0)
            assert parsed.created_at.year == original.created_at.year


def test_text_outside_ids_and_dates_is_unchanged(pool: Pool, source_dir: Path) -> None:
    template = pool.templates[0]
    original = (source_dir / template.source_path).read_bytes().decode("latin-1").splitlines()
    copy = next(iter_cables(pool, len(pool.templates) * 3, 1)).text.splitlines()
    assert len(copy) == len(original)
    changed = [i for i, (a, b) in enumerate(zip(original, copy, strict=True)) if a != b]
    assert 0 < len(changed) <= 12


def test_csv_records_read_back_through_ingest_as_the_same_cables(
    source_dir: Path, tmp_path: Path
) -> None:
    paths = corpus_paths(tmp_path, 12)
    _, manifest, built = ensure_corpus(source_dir, tmp_path, 12, incremental=3)
    assert built and manifest["cables"] == 12
    folder_ids = sorted(p.stem for p in paths.folder.rglob("*.txt"))
    assert len(folder_ids) == 12 and len(set(folder_ids)) == 12
    documents = [d for d in iter_inputs([paths.csv]) if isinstance(d, InputDocument)]
    assert [d.fmt for d in documents] == ["csv-row"] * 12
    csv_ids = []
    for document in documents:
        row = next(csv.reader(io.StringIO(document.data.decode("latin-1")), CABLES_CSV_DIALECT))
        assert len(row) == 8
        parsed = parse_document(document.data, "csv-row")
        assert parsed.cable_id == row[2]
        assert parsed.created_at is not None
        assert release_date(parsed.created_at.replace(tzinfo=None)) == row[1]
        csv_ids.append(row[2])
    assert sorted(csv_ids) == folder_ids
    incremental_ids = {p.stem for p in paths.incremental.glob("*.txt")}
    assert len(incremental_ids) == 3 and not incremental_ids & set(folder_ids)


def test_an_existing_corpus_is_reused(source_dir: Path, tmp_path: Path) -> None:
    ensure_corpus(source_dir, tmp_path, 6, incremental=1)
    marker = corpus_paths(tmp_path, 6).folder / "part-0000" / "marker"
    marker.write_text("kept")
    _, _, built = ensure_corpus(source_dir, tmp_path, 6, incremental=1)
    assert not built and marker.exists()


def test_csv_fields_never_end_in_an_escaping_backslash(pool: Pool) -> None:
    cable = next(iter_cables(pool, 0, 1))
    tricky = type(cable)(
        cable.cable_id, 'A \\"quoted\\" path C:\\', None, "Embassy X", "SECRET", False
    )
    record = csv_record(1, tricky)
    row = next(csv.reader(io.StringIO(record), CABLES_CSV_DIALECT))
    assert len(row) == 8 and row[2] == cable.cable_id


@pytest.mark.corpus
def test_most_real_sources_re_identify_cleanly(tmp_path: Path) -> None:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    folder = CORPUS / "alx-layout-a"
    pool = build_pool(folder)
    assert len(pool.templates) >= 0.8 * pool.sources
    ids = Counter(cable.cable_id for cable in iter_cables(pool, 0, 3 * len(pool.templates)))
    assert ids.most_common(1)[0][1] == 1


def test_memory_sampler_sees_a_child_process_tree() -> None:
    memory = TreeMemory()
    child = subprocess.Popen(
        [sys.executable, "-c", "import time; b = bytearray(80 * 2**20); time.sleep(1.5)"]
    )
    thread = memory.watch(child.pid)
    child.wait()
    memory.stop(thread)
    assert memory.samples > 0
    assert memory.peak_rss_sum >= 80 * 2**20
    assert memory.peak_pss_sum >= 70 * 2**20
