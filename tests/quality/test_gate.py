"""The gate on real data in a real warehouse: seeds pass, crafted bad rows are caught by the
expectation meant for them, and batch-level failures block publication."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pandas as pd
import psycopg
import pytest

from etl.ingest import InputDocument
from etl.quality import QualityGate, frames
from etl.warehouse.bookkeeping import quarantine_documents, record_quality_results
from etl.warehouse.publish import PublishBlocked, publish_batch

from .conftest import StageBatch, StagedBatch, future_copy_of_seed_002, seed_documents

FUTURE_ID = "35PHNOMPENH534"


def _count(conn: psycopg.Connection[Any], sql: str, *params: Any) -> int:
    row = conn.execute(sql, params).fetchone()
    assert row is not None
    return int(row[0])


def test_seed_batch_passes_every_stage(gate: QualityGate, stage_batch: StageBatch) -> None:
    batch = stage_batch(seed_documents())
    conn = batch.conn
    raw = gate.check_raw(conn, batch.batch_id)
    parsed = gate.check_parsed(conn, batch.batch_id)
    assert [o.label for o in raw.failed_outcomes + parsed.failed_outcomes] == []
    assert raw.passed and parsed.passed and parsed.row_failures == []

    reports = []

    def check(tx: psycopg.Connection[Any]) -> str | None:
        reports.append(gate.check_warehouse(tx, batch.batch_id))
        return reports[-1].blocking_reason

    counts = publish_batch(conn, batch.batch_id, before_commit=check)
    assert counts.cables_new == 5
    assert [o.label for o in reports[0].failed_outcomes] == []
    for report in (raw, parsed, reports[0]):
        record_quality_results(conn, batch.batch_id, report)
    conn.commit()
    stored = _count(
        conn, "SELECT count(*) FROM etl.quality_results WHERE batch_id = %s", batch.batch_id
    )
    assert stored == len(raw.outcomes) + len(parsed.outcomes) + len(reports[0].outcomes)
    index = gate.build_data_docs()
    assert index.is_file() and "raw_documents" in index.read_text()


def test_future_dated_copy_is_quarantined_by_the_created_range(
    gate: QualityGate, stage_batch: StageBatch
) -> None:
    future = InputDocument("future/35PHNOMPENH534.txt", future_copy_of_seed_002(), "text")
    batch = stage_batch([*seed_documents(), future])
    conn = batch.conn
    report = gate.check_parsed(conn, batch.batch_id)
    assert report.blocking_reason is None
    assert {f.cable_id for f in report.row_failures} == {FUTURE_ID}
    assert [f.expectation for f in report.row_failures] == [
        "parsed_cables.created_at: expect_column_values_to_be_between"
    ]
    assert "2035" in report.row_failures[0].reason

    assert quarantine_documents(conn, batch.batch_id, report.row_failures) == 1
    counts = publish_batch(conn, batch.batch_id)
    conn.commit()
    assert counts.cables_new == 5
    reject = conn.execute(
        "SELECT source_path, stage, expectation, cable_id FROM etl.rejects WHERE batch_id = %s",
        (batch.batch_id,),
    ).fetchall()
    assert reject == [
        (
            "future/35PHNOMPENH534.txt",
            "quality",
            "parsed_cables.created_at: expect_column_values_to_be_between",
            FUTURE_ID,
        )
    ]
    assert _count(conn, "SELECT count(*) FROM public.cables WHERE cable_id = %s", FUTURE_ID) == 0


def test_reject_rate_above_threshold_blocks_the_batch(
    gate: QualityGate, stage_batch: StageBatch
) -> None:
    future = InputDocument("future/35PHNOMPENH534.txt", future_copy_of_seed_002(), "text")
    batch = stage_batch([*seed_documents(), future])
    strict = QualityGate(data_docs_dir=gate.data_docs_dir, max_reject_rate=0.1)
    report = strict.check_parsed(batch.conn, batch.batch_id)
    assert report.blocking_reason is not None
    assert "1 of 6 documents" in report.blocking_reason
    assert gate.check_parsed(batch.conn, batch.batch_id).blocking_reason is None


TAMPERING = [
    pytest.param(
        "UPDATE etl.stage_tags SET tag = lower(tag)",
        "parsed_tags.tag: expect_column_values_to_match_regex",
        id="lower-case-tag",
    ),
    pytest.param(
        "UPDATE etl.stage_recipients SET name = name || ' 1357UNCLAS SECTION 01 OF 03'",
        "parsed_recipients.name: expect_column_values_to_not_match_regex",
        id="glued-classification-line",
    ),
    pytest.param(
        "UPDATE etl.stage_references SET cited_id = 'A. STATE 85578'",
        "parsed_references.cited_id: expect_column_values_to_match_regex",
        id="malformed-cited-id",
    ),
    pytest.param(
        "UPDATE etl.stage_cables SET classification = 'CONFIDENTAL'",
        "parsed_cables.classification: expect_column_values_to_be_in_set",
        id="classification-outside-vocabulary",
    ),
    pytest.param(
        "UPDATE etl.stage_cables SET precedence = 'NIACT'",
        "parsed_cables.precedence: expect_column_values_to_be_in_set",
        id="precedence-outside-vocabulary",
    ),
    pytest.param(
        "UPDATE etl.stage_paragraphs SET text = text || ' PAGE 02 HARARE 05461 01 OF 02 271458Z'",
        "parsed_cables.page_break_paragraphs: expect_column_values_to_be_between",
        id="page-break-left",
    ),
    pytest.param(
        "UPDATE etl.stage_paragraphs SET position = position + 100",
        "parsed_cables.paragraph_positions_contiguous: expect_column_values_to_be_in_set",
        id="paragraph-gap",
    ),
    pytest.param(
        "UPDATE etl.stage_tags SET tag = 'SUBJECT'",
        "parsed_tags.tag: expect_column_values_to_not_be_in_set",
        id="label-word-tag",
    ),
    pytest.param(
        "UPDATE etl.stage_recipients SET name = 'PAGE 02 PHNOM PENH 00000534 002 OF 003'",
        "parsed_recipients.name: expect_column_values_to_not_match_regex",
        id="page-break-addressee",
    ),
]

#: Tampering the publication policy withholds: no usable id, an impossible date, a key collision.
WITHHOLDING = [
    pytest.param(
        "UPDATE etl.stage_cables SET cable_id = 'PHNOM PENH 534'",
        "parsed_cables.cable_id: expect_column_values_to_match_regex",
        id="malformed-id",
    ),
    pytest.param(
        "UPDATE etl.stage_cables SET created_at = '1949-12-31T00:00:00Z'",
        "parsed_cables.created_at: expect_column_values_to_be_between",
        id="before-1950",
    ),
    pytest.param(
        "UPDATE etl.stage_paragraphs SET position = 1",
        "parsed_cables.paragraph_positions_unique: expect_column_values_to_be_in_set",
        id="paragraph-key-collision",
    ),
    pytest.param(
        "UPDATE etl.stage_tags SET position = 1",
        "parsed_tags: expect_compound_columns_to_be_unique",
        id="tag-key-collision",
    ),
]


def _tamper(batch: StagedBatch, update: str) -> tuple[Any, ...]:
    """Apply ``update`` to the rows of one staged document; returns (document_id, cable_id)."""
    conn = batch.conn
    table = update.split()[1]
    victim = conn.execute(
        f"SELECT document_id, cable_id FROM {table} WHERE batch_id = %s "
        "ORDER BY document_id DESC, cable_id LIMIT 1",
        (batch.batch_id,),
    ).fetchone()
    assert victim is not None, f"the seeds stage no rows in {table}"
    conn.execute(f"{update} WHERE batch_id = %s AND document_id = %s", (batch.batch_id, victim[0]))
    return tuple(victim)


@pytest.mark.parametrize(("update", "expected"), TAMPERING)
def test_parsed_suites_flag_only_the_tampered_cable(
    gate: QualityGate, stage_batch: StageBatch, update: str, expected: str
) -> None:
    batch = stage_batch(seed_documents())
    victim = _tamper(batch, update)
    report = gate.check_parsed(batch.conn, batch.batch_id)
    assert report.blocking_reason is None
    assert report.row_failures == []
    assert {(f.document_id, f.cable_id) for f in report.flags} == {victim}
    assert expected in {f.expectation for f in report.flags}
    assert all(f.failure and f.reason.startswith(f.failure) for f in report.flags)


@pytest.mark.parametrize(("update", "expected"), WITHHOLDING)
def test_parsed_suites_withhold_only_the_tampered_cable(
    gate: QualityGate, stage_batch: StageBatch, update: str, expected: str
) -> None:
    batch = stage_batch(seed_documents())
    document_id, _cable_id = _tamper(batch, update)
    report = gate.check_parsed(batch.conn, batch.batch_id)
    assert report.blocking_reason is None
    assert {f.document_id for f in report.row_failures} == {document_id}
    assert expected in {f.expectation for f in report.row_failures}


def test_an_empty_subject_is_reported_but_the_cable_is_kept(
    gate: QualityGate, stage_batch: StageBatch
) -> None:
    batch = stage_batch(seed_documents())
    batch.conn.execute(
        "UPDATE etl.stage_cables SET subject = '' WHERE batch_id = %s AND cable_id = %s",
        (batch.batch_id, "06PHNOMPENH534"),
    )
    report = gate.check_parsed(batch.conn, batch.batch_id)
    assert report.blocking_reason is None and report.row_failures == []
    failed = [o for o in report.outcomes if not o.success]
    assert [(o.expectation, o.column, o.policy) for o in failed] == [
        ("expect_column_value_lengths_to_be_between", "subject", "warn")
    ]


def test_raw_suite_flags_binary_input_and_blocks_on_altered_bytes(
    gate: QualityGate, stage_batch: StageBatch
) -> None:
    binary = InputDocument("inbox/scan.pdf", b"%PDF-1.4\x00\x81\x8d\x90\x9d\x00" * 10, "text")
    batch = stage_batch([*seed_documents(), binary])
    conn = batch.conn
    report = gate.check_raw(conn, batch.batch_id)
    assert report.blocking_reason is None
    flagged = {f.expectation for f in report.row_failures}
    assert "raw_documents.decodes_cleanly: expect_column_values_to_be_in_set" in flagged
    assert "raw_documents.nul_chars: expect_column_values_to_be_between" in flagged
    assert len({f.document_id for f in report.row_failures}) == 1

    conn.execute(
        "UPDATE etl.raw_documents SET content = content || '\\x0a'::bytea "
        "WHERE document_id = (SELECT min(document_id) FROM etl.batch_documents "
        "WHERE batch_id = %s)",
        (batch.batch_id,),
    )
    blocked = gate.check_raw(conn, batch.batch_id)
    assert blocked.blocking_reason is not None
    assert "no longer hash" in blocked.blocking_reason
    conn.rollback()


def test_warehouse_failure_blocks_and_leaves_previous_state(
    gate: QualityGate, stage_batch: StageBatch
) -> None:
    first = stage_batch(seed_documents())
    conn = first.conn
    publish_batch(
        conn,
        first.batch_id,
        before_commit=lambda tx: gate.check_warehouse(tx, first.batch_id).blocking_reason,
    )
    conn.commit()
    before = conn.execute(
        "SELECT cable_id, content_hash, loaded_batch_id FROM public.cables ORDER BY cable_id"
    ).fetchall()
    paragraphs_before = _count(conn, "SELECT count(*) FROM public.paragraphs")

    # A new rendering of seed 002 dated in the future, published without the parsed-stage
    # check: the warehouse suite is the last line of defence, and a cable it would withhold is
    # already upserted, so the whole batch is rolled back.
    changed = next(d for d in seed_documents() if "002_" in d.source_path)
    second = stage_batch([InputDocument("v2/002.txt", changed.data + b"\n", "text")])
    conn.execute(
        "UPDATE etl.stage_cables SET created_at = '2035-03-21T09:59:00Z' WHERE batch_id = %s",
        (second.batch_id,),
    )
    reports = []

    def check(tx: psycopg.Connection[Any]) -> str | None:
        reports.append(gate.check_warehouse(tx, second.batch_id))
        return reports[-1].blocking_reason

    with pytest.raises(PublishBlocked, match="before 1950 or in the future"):
        publish_batch(conn, second.batch_id, before_commit=check)
    assert [o.label for o in reports[0].failed_outcomes] == [
        "warehouse_cables.created_at: expect_column_values_to_be_between"
    ]
    after = conn.execute(
        "SELECT cable_id, content_hash, loaded_batch_id FROM public.cables ORDER BY cable_id"
    ).fetchall()
    assert after == before
    assert _count(conn, "SELECT count(*) FROM public.paragraphs") == paragraphs_before


def test_warehouse_links_catch_leftover_child_rows(
    gate: QualityGate, stage_batch: StageBatch
) -> None:
    batch = stage_batch(seed_documents())
    reports = []

    def leave_a_stale_paragraph(tx: psycopg.Connection[Any]) -> str | None:
        tx.execute(
            "INSERT INTO public.paragraphs (cable_id, position, text) "
            "SELECT cable_id, max(position) + 2, 'left over from an older rendering' "
            "FROM public.paragraphs WHERE cable_id = '06PHNOMPENH534' GROUP BY cable_id"
        )
        reports.append(gate.check_warehouse(tx, batch.batch_id))
        return reports[-1].blocking_reason

    with pytest.raises(PublishBlocked):
        publish_batch(batch.conn, batch.batch_id, before_commit=leave_a_stale_paragraph)
    failed = {o.label for o in reports[0].failed_outcomes}
    assert failed == {
        "warehouse_links.stale_rows: expect_column_values_to_be_between",
        "warehouse_cables: expect_column_pair_values_to_be_equal",
    }
    assert _count(batch.conn, "SELECT count(*) FROM public.cables") == 0


def _outcomes(report: Any) -> list[tuple[Any, ...]]:
    def kwargs(o: Any) -> str:
        # The created_at bound is "now", which differs between two runs.
        return repr(
            {k: v for k, v in o.kwargs.items() if (o.column, k) != ("created_at", "max_value")}
        )

    return sorted(
        (o.suite, o.expectation, kwargs(o), o.success, o.observed_value, repr(o.details))
        for o in report.outcomes
    )


def _plain_gx(gate: QualityGate, suite_name: str, frame: pd.DataFrame) -> dict[str, Any]:
    """GX's own COMPLETE results of one suite on one whole frame (bounded keys only), by
    expectation: what the gate reported before it validated in chunks."""
    import great_expectations as gx

    suite = gate.suites[suite_name]
    context = gx.get_context(mode="ephemeral")
    gx_suite = context.suites.add(gx.ExpectationSuite(**json.loads(json.dumps(suite.document))))
    batch = (
        context.data_sources.add_pandas("plain")
        .add_dataframe_asset(suite_name)
        .add_batch_definition_whole_dataframe("batch")
    )
    validation = context.validation_definitions.add(
        gx.ValidationDefinition(name=suite_name, data=batch, suite=gx_suite)
    )
    run = validation.run(
        batch_parameters={"dataframe": frame},
        expectation_parameters={"now": datetime.now(UTC).isoformat()},
        result_format={
            "result_format": "COMPLETE",
            "unexpected_index_column_names": list(suite.index_columns),
        },
    )
    bounded = ("unexpected_list", "unexpected_index_list", "unexpected_index_query")
    found: dict[str, Any] = {}
    for r in run.results:
        config = r.expectation_config
        assert config is not None
        result = {k: v for k, v in r.result.items() if k not in bounded}
        found[f"{config.type} {config.kwargs.get('column')} {config.kwargs.get('column_list')}"] = (
            bool(r.success),
            json.loads(json.dumps(result, default=str), parse_constant=lambda _: None),
        )
    return found


def test_chunked_validation_gives_the_outcomes_of_one_whole_batch(
    gate: QualityGate, stage_batch: StageBatch
) -> None:
    """Two documents a chunk (three chunks, the future-dated copy in the last) against one chunk
    for the whole batch: the same outcome per expectation, the same quarantine, the same block."""
    future = InputDocument("future/35PHNOMPENH534.txt", future_copy_of_seed_002(), "text")
    batch = stage_batch([*seed_documents(), future])
    conn = batch.conn
    # A second tag at position 1 of the document with the most tags: staged last, so a
    # naive cut by row count would put it into another chunk than its twin.
    conn.execute(
        "INSERT INTO etl.stage_tags (batch_id, document_id, cable_id, position, tag) "
        "SELECT batch_id, document_id, cable_id, position, tag || 'X' FROM etl.stage_tags "
        "WHERE batch_id = %s AND position = 1 ORDER BY document_id LIMIT 1",
        (batch.batch_id,),
    )
    documents = _count(
        conn, "SELECT count(*) FROM etl.stage_cables WHERE batch_id = %s", batch.batch_id
    )
    assert documents == 6
    chunked = QualityGate(data_docs_dir=gate.data_docs_dir, max_reject_rate=0.5, chunk_size=2)
    whole = QualityGate(data_docs_dir=gate.data_docs_dir, max_reject_rate=0.5, chunk_size=10**6)

    twin = conn.execute(
        "SELECT cable_id FROM etl.stage_tags WHERE batch_id = %s AND tag LIKE '%%X'",
        (batch.batch_id,),
    ).fetchone()
    assert twin is not None

    reports = [g.check_parsed(conn, batch.batch_id) for g in (chunked, whole)]
    assert _outcomes(reports[0]) == _outcomes(reports[1])
    assert reports[0].row_failures == reports[1].row_failures
    assert reports[0].flags == reports[1].flags
    assert reports[0].blocking_reason == reports[1].blocking_reason is None
    # The future date and the key collision withhold their cables, whatever the chunks.
    assert {f.cable_id for f in reports[0].row_failures} == {FUTURE_ID, twin[0]}
    assert "Two staged tags of one document share a position" in {
        f.failure for f in reports[0].row_failures
    }
    tags_unique = next(
        o
        for o in reports[0].outcomes
        if o.suite == "parsed_tags" and o.expectation == "expect_compound_columns_to_be_unique"
    )
    assert tags_unique.observed_value is not None
    assert tags_unique.observed_value.startswith("2 of ")
    assert len(reports[0].outcomes) == sum(
        s.expectation_count for s in gate.suites.values() if s.stage == "parsed"
    )
    # ... and what GX itself finds on each whole frame.
    for name, source in frames.parsed_frames(conn, batch.batch_id, 10**6).items():
        plain = _plain_gx(gate, name, pd.concat(list(source.chunks)))
        chunked_outcomes = {
            f"{o.expectation} {o.kwargs.get('column')} {o.kwargs.get('column_list')}": (
                o.success,
                o.details,
            )
            for o in reports[0].outcomes
            if o.suite == name
        }
        assert chunked_outcomes == plain, name

    # The warehouse stage: cables in chunks of two ids, the mean over the whole batch.
    conn.execute(
        "DELETE FROM etl.stage_tags WHERE batch_id = %s AND tag LIKE '%%X'", (batch.batch_id,)
    )
    quarantine_documents(conn, batch.batch_id, reports[0].row_failures)
    warehouse: list[Any] = []

    def check(tx: psycopg.Connection[Any]) -> str | None:
        warehouse.extend(g.check_warehouse(tx, batch.batch_id) for g in (chunked, whole))
        return None

    publish_batch(conn, batch.batch_id, before_commit=check)
    assert _outcomes(warehouse[0]) == _outcomes(warehouse[1])
    assert warehouse[0].passed and warehouse[1].passed
    coverage = next(
        o for o in warehouse[0].outcomes if o.expectation == "expect_column_mean_to_be_between"
    )
    assert coverage.success and coverage.observed_value not in (None, "no rows in this batch")
    assert (chunked.build_data_docs()).exists()


def test_merged_chunks_match_gx_beyond_its_200_unexpected_values(gate: QualityGate) -> None:
    """300 bad tags of 600 in four chunks: counts, partial lists and the value counts (which GX
    takes from the first 200 unexpected values only) are those of one whole-frame run, and every
    bad row is flagged."""
    rows = [
        {
            "cable_id": f"09STATE{document}",
            "document_id": document,
            "position": position,
            "tag": f"tag{document % 7}" if position == 1 else f"PGOV{position}",
        }
        for document in range(1, 301)
        for position in (1, 2)
    ]
    frame = pd.DataFrame(rows)
    chunks = frames.FrameChunks(
        "document_id", [frame.iloc[i : i + 150].copy() for i in range(0, 600, 150)]
    )
    report = gate._run("parsed", 0, {"parsed_tags": chunks, **_empty_parsed(exclude="parsed_tags")})
    plain = _plain_gx(gate, "parsed_tags", frame)
    merged = {
        f"{o.expectation} {o.kwargs.get('column')} {o.kwargs.get('column_list')}": (
            o.success,
            o.details,
        )
        for o in report.outcomes
        if o.suite == "parsed_tags"
    }
    assert merged == plain
    assert len({f.document_id for f in report.flags}) == 300
    assert report.row_failures == [] and report.blocking_reason is None


def _empty_parsed(exclude: str) -> dict[str, pd.DataFrame]:
    return {
        name: pd.DataFrame()
        for name in ("parsed_cables", "parsed_recipients", "parsed_references", "parsed_tags")
        if name != exclude
    }
