"""End-to-end loads through the real Dagster job into a real PostgreSQL."""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from etl.database import libpq_url
from etl.ingest.signatures import SETTLE_NS
from etl.parsing import PARSER_VERSION, parse_document
from etl.pipeline.loading import load_paths
from tests.opened_files import opened_names


def _query(url: str, sql: str, *params: object) -> list[tuple[Any, ...]]:
    with psycopg.connect(libpq_url(url)) as conn:
        return conn.execute(sql, params).fetchall()


def test_seeds_publish_the_values_the_parser_produces(
    seeds_dir: Path, fresh_warehouse: str
) -> None:
    summary = load_paths([seeds_dir], database_url=fresh_warehouse, workers=1)

    assert summary.published, summary.error
    assert (summary.cables_new, summary.cables_updated) == (5, 0)
    expected = {}
    for path in sorted(seeds_dir.iterdir()):
        cable = parse_document(path.read_bytes(), "text")
        expected[cable.cable_id] = cable
    assert set(expected) == {
        "06PHNOMPENH1092",
        "09PHNOMPENH637",
        "06PHNOMPENH534",
        "09PHNOMPENH907",
        "06PHNOMPENH1606",
    }
    rows = _query(
        fresh_warehouse,
        "SELECT cable_id, created_at, classification, origin, subject FROM cables",
    )
    assert {r[0]: (r[1], r[2], r[3], r[4]) for r in rows} == {
        cid: (c.created_at, c.classification, c.origin, c.subject) for cid, c in expected.items()
    }
    for table, attribute in (
        ("paragraphs", "paragraphs"),
        ("tags", "tags"),
        ("recipients", "recipients"),
        ("cable_references", "references"),
        ("entities", "mentions"),
    ):
        counts = dict(_query(fresh_warehouse, f"SELECT cable_id, count(*) FROM {table} GROUP BY 1"))
        for cid, cable in expected.items():
            if attribute == "mentions":
                assert counts.get(cid, 0) > 0, f"no entities for {cid}"
            else:
                assert counts.get(cid, 0) == len(getattr(cable, attribute)), (table, cid)
    # Every input is kept verbatim and linked to the cable it became.
    landed = _query(fresh_warehouse, "SELECT cable_id, content FROM etl.raw_documents")
    assert len(landed) == 5
    for cid, content in landed:
        assert bytes(content) in {p.read_bytes() for p in seeds_dir.iterdir()}
        assert cid in expected


def test_reloading_the_same_input_changes_nothing(seeds_dir: Path, fresh_warehouse: str) -> None:
    first = load_paths([seeds_dir], database_url=fresh_warehouse, workers=1)
    before = _query(
        fresh_warehouse, "SELECT cable_id, updated_at, loaded_batch_id FROM cables ORDER BY 1"
    )

    second = load_paths([seeds_dir], database_url=fresh_warehouse, workers=1)

    assert first.published and second.published
    assert (second.documents_new, second.cables_new, second.cables_updated) == (0, 0, 0)
    assert second.cables_unchanged == 5
    assert (
        _query(
            fresh_warehouse, "SELECT cable_id, updated_at, loaded_batch_id FROM cables ORDER BY 1"
        )
        == before
    )
    assert _query(fresh_warehouse, "SELECT count(*) FROM etl.raw_documents") == [(5,)]


def _batch_snapshot(url: str) -> dict[str, list[tuple[object, ...]]]:
    """Every published row and the per-document bookkeeping a reload must leave alone."""
    return {
        **_warehouse_fingerprint(url),
        "cables_meta": _query(
            url, "SELECT cable_id, updated_at, loaded_batch_id FROM cables ORDER BY 1"
        ),
        "documents": _query(
            url,
            "SELECT document_id, sha256, batch_id, parsed_at, parser_version, cable_id "
            "FROM etl.raw_documents ORDER BY 1",
        ),
        "flags": _query(url, "SELECT * FROM cable_quality_flags ORDER BY 1, 2, 3"),
    }


def _raw_outcomes(url: str, batch_id: int | None) -> list[tuple[str, bool, str, bool]]:
    """(expectation column or type, success, observed value, skipped) of a batch's raw checks."""
    rows = _query(
        url,
        "SELECT coalesce(column_name, expectation), success, observed_value, "
        "details -> 'result' ? 'skipped' FROM etl.quality_results "
        "WHERE batch_id = %s AND stage = 'raw' ORDER BY result_id",
        batch_id,
    )
    return [(str(a), bool(b), str(c), bool(d)) for a, b, c, d in rows]


def test_a_noop_reload_skips_the_checks_says_so_and_changes_nothing(
    seeds_dir: Path, fresh_warehouse: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CABLES_HOME", str(tmp_path / "home"))
    first = load_paths([seeds_dir], database_url=fresh_warehouse, workers=1)
    docs_index = tmp_path / "home" / "data_docs" / "index.html"
    assert first.published and first.skipped_checks == []
    assert docs_index.exists()
    docs_written = docs_index.stat().st_mtime_ns
    before = _batch_snapshot(fresh_warehouse)

    second = load_paths([seeds_dir], database_url=fresh_warehouse, workers=1)

    assert second.published, second.error
    assert (second.documents_new, second.cables_new, second.cables_updated) == (0, 0, 0)
    assert second.rejected == 0
    assert _batch_snapshot(fresh_warehouse) == before
    # Every stage says its suites did not run, and why; the last Data Docs are kept.
    assert [stage for stage, _ in second.skipped_checks] == ["raw", "parsed", "warehouse"]
    assert all(why.startswith("skipped: ") for _, why in second.skipped_checks)
    assert docs_index.stat().st_mtime_ns == docs_written
    assert all(failed == 0 for _, _, _, failed in second.checks)
    # The raw expectations that can still fail for known documents were evaluated (in SQL).
    evaluated = {
        name
        for name, _, _, skipped in _raw_outcomes(fresh_warehouse, second.batch_id)
        if not skipped
    }
    assert evaluated == {"expect_table_row_count_to_be_between", "size_bytes"}


def test_a_reload_of_settled_files_reads_none_and_a_rewritten_one_is_read(
    seeds_dir: Path, fresh_warehouse: str
) -> None:
    time.sleep(SETTLE_NS / 1e9 + 0.1)  # the copies are new: old enough to be remembered
    first = load_paths([seeds_dir], database_url=fresh_warehouse, workers=1)
    before = _batch_snapshot(fresh_warehouse)

    with opened_names() as opened:
        second = load_paths([seeds_dir], database_url=fresh_warehouse, workers=1)

    assert second.published, second.error
    assert not {p.name for p in seeds_dir.iterdir()} & set(opened)
    assert (second.documents_seen, second.documents_new, second.cables_unchanged) == (5, 0, 5)
    assert [stage for stage, _ in second.skipped_checks] == ["raw", "parsed", "warehouse"]
    assert _batch_snapshot(fresh_warehouse) == before
    listed = (
        "SELECT source_path, document_id FROM etl.batch_documents WHERE batch_id = %s ORDER BY 1"
    )
    assert _query(fresh_warehouse, listed, second.batch_id) == _query(
        fresh_warehouse, listed, first.batch_id
    )

    seed = next(p for p in seeds_dir.iterdir() if p.name.startswith("002_"))
    kept = seed.stat()
    seed.write_bytes(seed.read_bytes().replace(b"Sally Neumann", b"Sally Newmann"))
    os.utime(seed, ns=(kept.st_atime_ns, kept.st_mtime_ns))  # same size and modification time
    with opened_names() as opened:
        third = load_paths([seeds_dir], database_url=fresh_warehouse, workers=1)

    assert third.published, third.error
    assert seed.name in opened
    assert (third.documents_new, third.cables_updated, third.cables_unchanged) == (1, 1, 4)


def test_a_reload_with_one_changed_file_checks_that_file(
    seeds_dir: Path, fresh_warehouse: str
) -> None:
    load_paths([seeds_dir], database_url=fresh_warehouse, workers=1)
    seed = next(p for p in seeds_dir.iterdir() if p.name.startswith("002_"))
    seed.write_bytes(seed.read_bytes().replace(b"Sally Neumann", b"XXXXXXXXXXXX"))

    second = load_paths([seeds_dir], database_url=fresh_warehouse, workers=1)

    assert second.published, second.error
    assert (second.documents_new, second.cables_updated, second.cables_unchanged) == (1, 1, 4)
    assert second.skipped_checks == []
    raw = _raw_outcomes(fresh_warehouse, second.batch_id)
    assert raw and not any(skipped for *_, skipped in raw)
    assert {stage for stage, _, _, _ in second.checks} == {"raw", "parsed", "warehouse"}


def test_a_reload_of_known_documents_still_withholds_by_size_in_sql(
    seeds_dir: Path, fresh_warehouse: str
) -> None:
    (seeds_dir / "stub.txt").write_bytes(b"too short")  # under the raw suite's minimum size
    first = load_paths([seeds_dir], database_url=fresh_warehouse, workers=1)
    assert first.published and first.cables_new == 5
    assert [stage for _, stage, _ in first.rejects] == ["quality"]

    second = load_paths([seeds_dir], database_url=fresh_warehouse, workers=1)

    assert second.published, second.error
    assert second.documents_new == 0 and second.cables_new == 0
    assert [stage for stage, _ in second.skipped_checks] == ["raw", "parsed", "warehouse"]
    # As the raw suite would: the known stub is withheld again.
    assert [(Path(path).name, stage) for path, stage, _ in second.rejects] == [
        ("stub.txt", "quality")
    ]
    failed = {
        name: observed
        for name, ok, observed, _ in _raw_outcomes(fresh_warehouse, second.batch_id)
        if not ok
    }
    assert failed == {"size_bytes": "1 of 6 rows"}


def test_a_new_rendering_replaces_the_cable_and_the_old_one_stays_recoverable(
    seeds_dir: Path, fresh_warehouse: str, tmp_path: Path
) -> None:
    load_paths([seeds_dir], database_url=fresh_warehouse, workers=1)
    seed = next(p for p in seeds_dir.iterdir() if p.name.startswith("002_"))
    old_bytes = seed.read_bytes()
    revised = tmp_path / "revised" / "06PHNOMPENH534.txt"
    revised.parent.mkdir()
    revised.write_bytes(old_bytes.replace(b"Sally Neumann", b"XXXXXXXXXXXX"))

    summary = load_paths([revised.parent], database_url=fresh_warehouse, workers=1)

    assert (summary.cables_new, summary.cables_updated) == (0, 1)
    body = _query(fresh_warehouse, "SELECT body FROM cables WHERE cable_id = '06PHNOMPENH534'")
    assert "XXXXXXXXXXXX" in str(body[0][0]) and "Sally Neumann" not in str(body[0][0])
    versions = _query(
        fresh_warehouse,
        "SELECT content FROM etl.raw_documents WHERE cable_id = '06PHNOMPENH534' "
        "ORDER BY document_id",
    )
    assert [bytes(v[0]) for v in versions] == [old_bytes, revised.read_bytes()]
    persons = {
        r[0]
        for r in _query(
            fresh_warehouse,
            "SELECT name FROM entities WHERE cable_id = '06PHNOMPENH534' AND kind = 'PERSON'",
        )
    }
    assert "Sally Neumann" not in persons


def test_an_older_revision_does_not_replace_the_newer_rendering(
    seeds_dir: Path, fresh_warehouse: str, tmp_path: Path
) -> None:
    seed = next(p for p in seeds_dir.iterdir() if p.name.startswith("002_"))
    folder = tmp_path / "renderings"
    folder.mkdir()
    (folder / "06PHNOMPENH534.txt").write_bytes(seed.read_bytes())
    (folder / "06PHNOMPENH534__rev20101213.txt").write_bytes(
        seed.read_bytes().replace(b"Sally Neumann", b"XXXXXXXXXXXX")
    )

    summary = load_paths([folder], database_url=fresh_warehouse, workers=1)

    assert summary.cables_new == 1
    body = _query(fresh_warehouse, "SELECT body FROM cables")
    assert "Sally Neumann" in str(body[0][0])
    assert _query(fresh_warehouse, "SELECT count(*) FROM etl.raw_documents") == [(2,)]


def test_a_mixed_folder_publishes_what_parses_and_lists_the_rest(
    seeds_dir: Path, fresh_warehouse: str, tmp_path: Path
) -> None:
    folder = tmp_path / "mixed"
    shutil.copytree(seeds_dir, folder / "seeds")
    (folder / "garbage.bin").write_bytes(bytes(range(256)) * 40)
    (folder / "notes.txt").write_text("shopping list: milk, eggs\n", encoding="utf-8")
    corpus = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "cables" / "wikileaks-html"
    sample = sorted(corpus.glob("*.txt"))[::250] if corpus.is_dir() else []
    for path in sample:
        shutil.copy(path, folder / path.name)

    summary = load_paths([folder], database_url=fresh_warehouse, workers=2)

    assert summary.published, summary.error
    rejected = {Path(path).name: (stage, reason) for path, stage, reason in summary.rejects}
    assert {"garbage.bin", "notes.txt"} <= set(rejected)
    assert all(reason for _, reason in rejected.values())
    published = {str(r[0]) for r in _query(fresh_warehouse, "SELECT cable_id FROM cables")}
    assert {
        "06PHNOMPENH1092",
        "09PHNOMPENH637",
        "06PHNOMPENH534",
        "09PHNOMPENH907",
        "06PHNOMPENH1606",
    } <= published
    # Every corpus file is accounted for: published under its id, or rejected with a reason.
    for path in sample:
        assert path.stem in published or path.name in rejected, path.name
    assert summary.cables_new == len(published) == 5 + len(sample) - (len(rejected) - 2)
    # Rejected inputs are still kept verbatim.
    assert _query(fresh_warehouse, "SELECT count(*) FROM etl.raw_documents") == [(7 + len(sample),)]


def test_an_empty_folder_reads_nothing(fresh_warehouse: str, tmp_path: Path) -> None:
    summary = load_paths([tmp_path], database_url=fresh_warehouse, workers=1)
    assert summary.documents_seen == 0
    assert summary.cables_new == 0


def _warehouse_fingerprint(url: str) -> dict[str, list[tuple[object, ...]]]:
    tables = {
        "cables": "SELECT cable_id, md5(body), subject, created_at FROM cables ORDER BY 1",
        "paragraphs": "SELECT cable_id, position, md5(text) FROM paragraphs ORDER BY 1, 2",
        "entities": "SELECT cable_id, position, kind, name FROM entities ORDER BY 1, 2",
        "tags": "SELECT cable_id, position, tag FROM tags ORDER BY 1, 2",
        "recipients": "SELECT cable_id, position, name FROM recipients ORDER BY 1, 2",
        "cable_references": (
            "SELECT cable_id, position, cited_id FROM cable_references ORDER BY 1, 2"
        ),
    }
    return {name: _query(url, sql) for name, sql in tables.items()}


def test_parallel_and_serial_parsing_publish_the_same_warehouse(
    seeds_dir: Path, make_database: Callable[..., str]
) -> None:
    serial, parallel = make_database(), make_database()

    load_paths([seeds_dir], database_url=serial, workers=1)
    load_paths([seeds_dir], database_url=parallel, workers=2)

    fingerprint = _warehouse_fingerprint(serial)
    assert len(fingerprint["cables"]) == 5
    assert fingerprint == _warehouse_fingerprint(parallel)


def test_reconcile_reparses_what_an_older_parser_produced(
    seeds_dir: Path, fresh_warehouse: str, tmp_path: Path
) -> None:
    (seeds_dir / "notes.txt").write_text("not a cable at all\n", encoding="utf-8")
    load_paths([seeds_dir], database_url=fresh_warehouse, workers=1)
    expected = _query(fresh_warehouse, "SELECT cable_id, subject FROM cables ORDER BY 1")
    # Pretend an older parser wrote everything (and got the subjects wrong).
    with psycopg.connect(libpq_url(fresh_warehouse)) as conn:
        conn.execute("UPDATE etl.raw_documents SET parser_version = 0")
        conn.execute("UPDATE cables SET parser_version = 0, subject = 'stale'")

    summary = load_paths([], database_url=fresh_warehouse, workers=1, reparse_outdated=True)

    assert summary.published, summary.error
    assert summary.partition_key.startswith("reconcile-")
    assert (summary.cables_new, summary.cables_updated) == (0, 5)
    assert _query(fresh_warehouse, "SELECT cable_id, subject FROM cables ORDER BY 1") == expected
    versions = _query(fresh_warehouse, "SELECT DISTINCT parser_version FROM etl.raw_documents")
    assert versions == [(PARSER_VERSION,)]
    # The rejected input was tried again with the current parser, and is still rejected.
    assert [Path(p).name for p, _, _ in summary.rejects] == ["notes.txt"], summary.rejects


_STRUCTURE_SQL = """
SELECT 'index', t.relname, pg_get_indexdef(x.indexrelid)
FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = 'public' AND t.relkind = 'r'
UNION ALL
SELECT 'constraint', t.relname, c.conname || ' ' || pg_get_constraintdef(c.oid)
FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = 'public'
UNION ALL
SELECT 'trigger', t.relname, g.tgname || ' ' || g.tgenabled::text
FROM pg_trigger g JOIN pg_class t ON t.oid = g.tgrelid
JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = 'public' AND NOT g.tgisinternal
ORDER BY 1, 2, 3
"""


def test_a_first_load_rebuilds_every_index_and_key_it_set_aside(
    seeds_dir: Path, fresh_warehouse: str
) -> None:
    # The first load into an empty warehouse drops secondary indexes and foreign keys while it
    # inserts (etl.warehouse.publish); the schema afterwards must be exactly the migrated one.
    with psycopg.connect(libpq_url(fresh_warehouse)) as conn:
        before = conn.execute(_STRUCTURE_SQL).fetchall()
    assert any(kind == "constraint" and "FOREIGN KEY" in text for kind, _t, text in before)
    assert any("gin" in text for kind, _t, text in before if kind == "index")
    assert ("trigger", "paragraphs", "fill_search O") in before  # O: enabled

    summary = load_paths([seeds_dir])

    assert summary.status == "published" and summary.cables_new == 5
    with psycopg.connect(libpq_url(fresh_warehouse)) as conn:
        assert conn.execute(_STRUCTURE_SQL).fetchall() == before
        # The rebuilt keys are enforced again.
        with pytest.raises(psycopg.errors.ForeignKeyViolation):
            conn.execute(
                "INSERT INTO entities (cable_id, position, kind, name, surface, "
                "paragraph_position, start_offset, end_offset) "
                "VALUES ('99NOWHERE1', 1, 'PERSON', 'Nobody', 'Nobody', 1, 0, 6)"
            )
        conn.rollback()
        # The child tables' primary keys too (dropped and rebuilt like the indexes).
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute(
                "INSERT INTO entities SELECT * FROM entities ORDER BY cable_id, position LIMIT 1"
            )


def test_a_first_load_freezes_what_it_published_and_a_later_one_does_not(
    seeds_dir: Path, fresh_warehouse: str, tmp_path: Path
) -> None:
    first = load_paths([seeds_dir])
    assert first.status == "published"
    # VACUUM sets every page of a table all-visible (and, with FREEZE, all-frozen) and records
    # it in pg_class; autovacuum may not have visited these tables yet.
    visible = _query(
        fresh_warehouse,
        "SELECT c.relname, c.relpages, c.relallvisible FROM pg_class c "
        "WHERE c.oid = ANY(ARRAY['public.cables', 'public.entities', 'public.paragraphs', "
        "'etl.raw_documents']::regclass[]) ORDER BY 1",
    )
    assert len(visible) == 4
    assert all(pages > 0 and all_visible == pages for _n, pages, all_visible in visible), visible
    timings = _query(fresh_warehouse, "SELECT timings FROM etl.batches ORDER BY batch_id")
    assert "vacuum" in timings[0][0]
    # A second batch into the loaded warehouse leaves vacuuming to autovacuum.
    folder = tmp_path / "more"
    folder.mkdir()
    sample = sorted(seeds_dir.glob("*.txt"))[0]
    (folder / sample.name).write_bytes(sample.read_bytes() + b"\n")
    second = load_paths([folder])
    assert second.status == "published", second.error
    timings = _query(fresh_warehouse, "SELECT timings FROM etl.batches ORDER BY batch_id")
    assert len(timings) == 2 and "vacuum" not in timings[1][0]


_EXACT_COUNTS_SQL = """
SELECT 'cables', count(*) FROM cables UNION ALL SELECT 'recipients', count(*) FROM recipients
UNION ALL SELECT 'tags', count(*) FROM tags UNION ALL SELECT 'paragraphs', count(*) FROM paragraphs
UNION ALL SELECT 'entities', count(*) FROM entities
UNION ALL SELECT 'cable_references', count(*) FROM cable_references
"""


def test_kept_row_counts_follow_loads_and_the_reconcile_corrects_them(
    seeds_dir: Path, fresh_warehouse: str, tmp_path: Path
) -> None:
    def exact() -> dict[str, int]:
        return {str(t): int(n) for t, n in _query(fresh_warehouse, _EXACT_COUNTS_SQL)}

    first = load_paths([seeds_dir], database_url=fresh_warehouse, workers=1)
    assert first.table_rows == exact() and first.table_rows["entities"] > 0

    # A new rendering of one cable replaces its child rows (one person fewer): the counts move.
    seed = next(p for p in seeds_dir.iterdir() if p.name.startswith("002_"))
    revised = tmp_path / "revised" / "06PHNOMPENH534.txt"
    revised.parent.mkdir()
    revised.write_bytes(seed.read_bytes().replace(b"Sally Neumann", b"XXXXXXXXXXXX"))
    second = load_paths([revised.parent], database_url=fresh_warehouse, workers=1)
    assert second.cables_updated == 1
    assert second.table_rows == exact()

    # A write that bypasses publishing (a cable deleted by hand) is corrected by the reconcile.
    with psycopg.connect(libpq_url(fresh_warehouse)) as conn:
        conn.execute("DELETE FROM cables WHERE cable_id = (SELECT min(cable_id) FROM cables)")
    stale = load_paths([], database_url=fresh_warehouse, workers=1)
    assert stale.table_rows != exact()
    reconciled = load_paths([], database_url=fresh_warehouse, workers=1, reparse_outdated=True)
    assert reconciled.table_rows == exact(), reconciled.status
    # Nothing was outdated: the nightly reconcile succeeds (an empty load of files would block).
    assert reconciled.status == "published", reconciled.error
    assert (reconciled.documents_seen, reconciled.cables_new) == (0, 0)
