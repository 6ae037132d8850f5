"""The publication policy end to end in a real warehouse: a cable with a cosmetic flaw is
published with its flags, a cable that cannot be identified is withheld and visible to
analysts in ``unpublished_inputs``; dates are never guessed in ``created_at``; the release's id
finds the cable."""

from __future__ import annotations

import secrets
import time
from collections.abc import Iterator
from typing import Any

import psycopg
import pytest
from psycopg import errors
from psycopg.conninfo import make_conninfo

from etl.ingest import InputDocument
from etl.parsing import parse_cable
from etl.quality import QualityGate
from etl.warehouse import stages
from etl.warehouse.reports import batch_flagged
from etl.warehouse.roles import create_analyst_role, drop_analyst_role
from tests.parsing.conftest import UNDATED

from .conftest import SAMPLE_DIR, StageBatch, StagedBatch, future_copy_of_seed_002, seed_documents

SEED_002_ID = "06PHNOMPENH534"
PAGE_BREAK = "PAGE 02 PHNOM PENH 00000534 002 OF 003"

#: Each reason the parsed checks quarantined real cables for before the policy (issue 14),
#: made on one seed's staged rows: (rows changed, the flag it must now raise).
FORMER_QUARANTINE = [
    pytest.param(
        "DELETE FROM etl.stage_paragraphs",
        "parsed_cables.paragraph_count: expect_column_values_to_be_between",
        id="body-but-no-paragraph",
    ),
    pytest.param(
        f"UPDATE etl.stage_paragraphs SET text = text || ' {PAGE_BREAK}'",
        "parsed_cables.page_break_paragraphs: expect_column_values_to_be_between",
        id="page-break-lines-in-paragraphs",
    ),
    pytest.param(
        f"UPDATE etl.stage_recipients SET name = '{PAGE_BREAK}'",
        "parsed_recipients.name: expect_column_values_to_not_match_regex",
        id="addressee-is-a-page-break-line",
    ),
    pytest.param(
        "UPDATE etl.stage_tags SET tag = 'SUBJECT'",
        "parsed_tags.tag: expect_column_values_to_not_be_in_set",
        id="tag-is-a-label-word",
    ),
    pytest.param(
        "UPDATE etl.stage_references SET cited_id = 'JDOE@STATE.SGOV.GOV'",
        "parsed_references.cited_id: expect_column_values_to_match_regex",
        id="malformed-ref-id",
    ),
    pytest.param(
        "UPDATE etl.stage_tags SET tag = 'Smith, John'",
        "parsed_tags.tag: expect_column_values_to_match_regex",
        id="lower-case-tag",
    ),
]


def _publish(gate: QualityGate, batch: StagedBatch) -> Any:
    """The parsed checks, their withholding and flags, then the checked publish: the steps
    of the pipeline's parsed and warehouse assets."""
    report = gate.check_parsed(batch.conn, batch.batch_id)
    assert report.blocking_reason is None
    stages.record_checks(batch.conn, batch.batch_id, report, step="checks_parsed", seconds=0.0)
    return stages.publish_checked(
        batch.conn,
        batch.batch_id,
        lambda tx: gate.check_warehouse(tx, batch.batch_id),
        started=time.perf_counter(),
    )


def _tamper(batch: StagedBatch, update: str, cable_id: str) -> None:
    batch.conn.execute(
        f"{update} WHERE batch_id = %s AND cable_id = %s", (batch.batch_id, cable_id)
    )
    batch.conn.commit()


def _flags(conn: psycopg.Connection[Any], cable_id: str) -> list[tuple[Any, ...]]:
    return conn.execute(
        "SELECT position, stage, expectation, message, value FROM public.cable_quality_flags "
        "WHERE cable_id = %s ORDER BY position",
        (cable_id,),
    ).fetchall()


def _seed_with_tamperable_rows(batch: StagedBatch, update: str) -> str:
    """A staged cable that has rows in the table ``update`` changes."""
    table = update.split()[2] if update.startswith("DELETE") else update.split()[1]
    row = batch.conn.execute(
        f"SELECT min(cable_id) FROM {table} WHERE batch_id = %s", (batch.batch_id,)
    ).fetchone()
    assert row is not None and row[0], f"no seed stages rows in {table}"
    return str(row[0])


@pytest.mark.parametrize(("update", "expectation"), FORMER_QUARANTINE)
def test_a_former_quarantine_reason_publishes_the_cable_with_a_flag(
    gate: QualityGate, stage_batch: StageBatch, update: str, expectation: str
) -> None:
    batch = stage_batch(seed_documents())
    victim = _seed_with_tamperable_rows(batch, update)
    _tamper(batch, update, victim)

    published = _publish(gate, batch)

    conn = batch.conn
    assert published.counts.cables_new == 5
    flags = _flags(conn, victim)
    assert expectation in {f[2] for f in flags}
    assert all(f[3] and f[1] in ("parsed", "warehouse") for f in flags)
    assert [f[0] for f in flags] == list(range(1, len(flags) + 1))
    overview = conn.execute(
        "SELECT flag_count, flags FROM cable_overview WHERE cable_id = %s", (victim,)
    ).fetchone()
    assert overview is not None and overview[0] == len(flags) and overview[1]
    # Only the tampered cable is flagged, and nothing was withheld.
    assert conn.execute("SELECT DISTINCT cable_id FROM public.cable_quality_flags").fetchall() == [
        (victim,)
    ]
    assert conn.execute("SELECT count(*) FROM public.unpublished_inputs").fetchone() == (0,)
    assert batch_flagged(conn, batch.batch_id) == 1


def test_flags_of_a_cable_published_again_are_replaced(
    gate: QualityGate, stage_batch: StageBatch
) -> None:
    update = f"UPDATE etl.stage_paragraphs SET text = text || ' {PAGE_BREAK}'"
    first = stage_batch(seed_documents())
    _tamper(first, update, SEED_002_ID)
    _publish(gate, first)
    conn = first.conn
    before = _flags(conn, SEED_002_ID)
    assert before

    # A new rendering of the same cable with the same flaw: the same flags, not twice as many.
    seed = (SAMPLE_DIR / next(p.name for p in SAMPLE_DIR.glob("002_*"))).read_bytes()
    again = stage_batch([InputDocument("v2/002.txt", seed + b"\n", "text")])
    _tamper(again, update, SEED_002_ID)
    assert _publish(gate, again).counts.cables_updated == 1
    assert _flags(conn, SEED_002_ID) == before

    # A clean rendering: no flags left.
    clean = stage_batch([InputDocument("v3/002.txt", seed + b"\n\n", "text")])
    assert _publish(gate, clean).counts.cables_updated == 1
    assert _flags(conn, SEED_002_ID) == []


@pytest.fixture
def analyst_url(warehouse_conn: psycopg.Connection[Any]) -> Iterator[str]:
    """A read-only analyst role on the test warehouse (dropped afterwards), as a URL."""
    name, password = f"analyst_{secrets.token_hex(4)}", secrets.token_urlsafe(12)
    create_analyst_role(warehouse_conn, name, password)
    info = warehouse_conn.info
    # A conninfo string, not a URL: the embedded server's host is a socket directory.
    yield make_conninfo(
        host=info.host, port=info.port, dbname=info.dbname, user=name, password=password
    )
    drop_analyst_role(warehouse_conn, name)


def test_a_withheld_input_is_listed_in_unpublished_inputs_for_analysts(
    gate: QualityGate, stage_batch: StageBatch, analyst_url: str
) -> None:
    future = InputDocument("future/35PHNOMPENH534.txt", future_copy_of_seed_002(), "text")
    batch = stage_batch([*seed_documents(), future])
    assert _publish(gate, batch).counts.cables_new == 5

    with psycopg.connect(analyst_url) as analyst:
        listed = analyst.execute(
            "SELECT source_path, stage, expectation, cable_id, reason, received_at IS NOT NULL "
            "FROM unpublished_inputs"
        ).fetchall()
        assert [row[:4] for row in listed] == [
            (
                "future/35PHNOMPENH534.txt",
                "quality",
                "parsed_cables.created_at: expect_column_values_to_be_between",
                "35PHNOMPENH534",
            )
        ]
        assert "2035" in listed[0][4] and listed[0][5]
        # The view shows no bytes, and the bookkeeping behind it stays closed.
        columns = analyst.execute("SELECT * FROM unpublished_inputs LIMIT 0")
        assert "content" not in {c.name for c in columns.description or ()}
        with pytest.raises(errors.InsufficientPrivilege):
            analyst.execute("SELECT * FROM etl.rejects")


def test_an_estimate_never_lands_in_created_at(gate: QualityGate, stage_batch: StageBatch) -> None:
    parsed = parse_cable(UNDATED)
    assert parsed.created_at is None and parsed.created_source == "estimate"
    assert parsed.created_estimate is not None
    # With the seeds: the fragment alone is too short for the batch's text-coverage mean.
    undated = InputDocument("undated/01RIVERTOWN1261.txt", UNDATED.encode(), "text")
    batch = stage_batch([*seed_documents(), undated])
    _publish(gate, batch)
    conn = batch.conn
    row = conn.execute(
        "SELECT created_at, created_source, created_estimate FROM cables WHERE cable_id = %s",
        (parsed.cable_id,),
    ).fetchone()
    assert row == (None, "estimate", parsed.created_estimate)
    # The warehouse refuses a guess where a stated date belongs.
    with pytest.raises(errors.CheckViolation):
        conn.execute(
            "UPDATE cables SET created_at = created_estimate WHERE cable_id = %s",
            (parsed.cable_id,),
        )
    conn.rollback()
    sources = conn.execute("SELECT DISTINCT created_source FROM cables").fetchall()
    assert {s for (s,) in sources} <= {"dtg", "metadata", "page", "csv", "estimate", "none"}


def test_the_release_id_finds_a_cable_whose_text_names_another(
    gate: QualityGate, stage_batch: StageBatch
) -> None:
    release_id = "06PHNOMPENH999"
    seed = next(SAMPLE_DIR.glob("002_*")).read_text(encoding="utf-8")
    filed = seed.replace(SEED_002_ID, release_id, 1)  # the metadata block: the release's id
    batch = stage_batch([InputDocument(f"release/{release_id}.txt", filed.encode(), "text")])
    _publish(gate, batch)
    conn = batch.conn
    row = conn.execute(
        "SELECT cable_id, text_cable_id FROM cables WHERE cable_id = %s", (release_id,)
    ).fetchone()
    assert row == (release_id, SEED_002_ID)
    assert [f[2] for f in _flags(conn, release_id)] == [
        "parsed_cables.text_cable_id: expect_column_values_to_be_null"
    ]
