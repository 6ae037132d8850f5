"""The load's steps as the pipeline runs them: each does its SQL, commits, and says what it did.

The Dagster assets (``etl.pipeline.assets``) call one function here per step and turn the
returned record into metadata; transaction control lives here, next to the statements it
groups. The order of a batch: ``open_raw_stage`` → ``land_inputs`` (or ``queue_outdated``) →
``close_landing`` → raw checks → ``record_checks`` → ``begin_parse`` → ``stage_chunk`` ... →
``finish_parse`` → parsed checks → ``record_checks`` → ``publish_checked`` →
``check_published_tables``; a blocking check ends it with ``block_batch``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import psycopg

from etl.ingest.signatures import KnownFile
from etl.warehouse import file_signatures
from etl.warehouse.bookkeeping import (
    BatchRecord,
    ParseReject,
    count_already_parsed,
    count_pending,
    count_unhandled,
    enqueue_outdated,
    find_batch,
    finish_batch,
    heartbeat,
    lock_batch,
    open_batch,
    purge_abandoned,
    quarantine_documents,
    record_parse_rejects,
    record_quality_results,
    record_timing,
    reopen_abandoned,
    update_counts,
)
from etl.warehouse.check_reports import CheckReport
from etl.warehouse.flags import add_published_flags, stage_flags
from etl.warehouse.landing import LandingInput, land_documents
from etl.warehouse.publish import (
    PublishBlocked,
    PublishCounts,
    freeze_published_tables,
    publish_batch,
    recount_analyst_tables,
)
from etl.warehouse.reports import (
    analyst_table_counts,
    batch_row,
    published_preview,
    published_table_counts,
)
from etl.warehouse.staging import (
    StagedRows,
    analyze_stage,
    clear_stage,
    vacuum_stage,
    write_staged_rows,
)
from etl.warehouse.table_checks import TableCheckOutcome, run_table_checks

R = TypeVar("R", bound=CheckReport)


@dataclass(frozen=True, slots=True)
class OpenedBatch:
    """The batch a raw stage runs for, and the abandoned batches it cleaned up first."""

    batch: BatchRecord
    abandoned: list[int]


@dataclass(frozen=True, slots=True)
class Landed:
    """What landing (or queueing documents for a reparse) brought into the batch."""

    documents_seen: int
    documents_new: int = 0
    unreadable_inputs: int = 0
    notes: tuple[tuple[str, str], ...] = ()  # (source path, what an operator should know)
    #: Documents of files unchanged since an earlier batch read them: taken without reading.
    documents_not_read: int = 0


@dataclass(frozen=True, slots=True)
class LandingTotals:
    """The batch's documents after landing: already parsed by this parser, or still to parse."""

    documents_already_parsed: int
    documents_pending: int


@dataclass(frozen=True, slots=True)
class Published(Generic[R]):
    """What publishing a batch did, and the warehouse checks that ran inside it."""

    counts: PublishCounts
    cables_unchanged: int
    table_rows: dict[str, int]
    preview: list[tuple[str, str, str, str]]  # (cable id, date, origin, subject)
    reports: list[R]


@dataclass(frozen=True, slots=True)
class PublishedTables:
    """The published tables after a batch: their row counts and their own checks."""

    row_counts: dict[str, int]  # every table of ``etl.warehouse.catalog.PUBLISHED_TABLES``
    checks: list[TableCheckOutcome]


# --- raw stage --------------------------------------------------------------------------


def open_raw_stage(
    conn: psycopg.Connection, partition_key: str, inputs: list[str], *, stale_after_seconds: float
) -> OpenedBatch:
    """Clean up abandoned batches, then open (or reopen) and lock the batch of
    ``partition_key`` with nothing staged."""
    abandoned = purge_abandoned(conn, stale_after_seconds=stale_after_seconds)
    batch = open_batch(conn, partition_key, inputs)
    lock_batch(conn, batch.batch_id)
    clear_stage(conn, batch.batch_id)
    conn.commit()
    return OpenedBatch(batch, abandoned)


def known_files(conn: psycopg.Connection, roots: Sequence[str]) -> dict[str, KnownFile]:
    """The files at or below ``roots`` (real paths) remembered as read with their signature
    (``etl.warehouse.file_signatures``), for the walk to skip if unchanged."""
    return file_signatures.known_files(conn, roots)


def land_inputs(
    conn: psycopg.Connection,
    batch_id: int,
    inputs: Iterable[LandingInput],
    *,
    on_progress: Callable[[int], None] | None = None,
) -> Landed:
    """Land every input verbatim (see ``etl.warehouse.landing``)."""
    counts = land_documents(conn, batch_id, inputs, on_progress=on_progress)
    return Landed(
        counts.documents_seen,
        counts.documents_new,
        len(counts.problems),
        tuple(counts.notes),
        counts.documents_not_read,
    )


def queue_outdated(conn: psycopg.Connection, batch_id: int) -> Landed:
    """Reconcile: correct the kept row counts (etl.table_row_counts), then queue the current
    source document of every cable parsed by an older parser version, and every older-parser
    reject, for parsing again in this batch."""
    recount_analyst_tables(conn)
    conn.commit()
    return Landed(enqueue_outdated(conn, batch_id))


def close_landing(
    conn: psycopg.Connection, batch_id: int, landed: Landed, *, started: float
) -> LandingTotals:
    """Store the landing counts and the land step's time (since ``started``, a
    ``time.perf_counter()`` value); count what the parse step will have to do."""
    already = count_already_parsed(conn, batch_id)
    update_counts(
        conn,
        batch_id,
        documents_seen=landed.documents_seen,
        documents_new=landed.documents_new,
        cables_unchanged=already,
    )
    conn.commit()
    record_timing(conn, batch_id, "land", time.perf_counter() - started)
    return LandingTotals(already, count_pending(conn, batch_id))


# --- checks -----------------------------------------------------------------------------


def record_checks(
    conn: psycopg.Connection, batch_id: int, report: CheckReport, *, step: str, seconds: float
) -> None:
    """Withhold the report's withheld rows (etl.rejects), stage its flags for the cables
    published all the same, store its outcomes and the checks' time."""
    if report.row_failures:
        quarantine_documents(conn, batch_id, report.row_failures)
    if report.flags:
        withheld = {f.document_id for f in report.row_failures if f.document_id is not None}
        stage_flags(conn, batch_id, report.stage, report.flags, withheld=withheld)
    record_quality_results(conn, batch_id, report)
    conn.commit()
    record_timing(conn, batch_id, step, seconds)


def block_batch(
    conn: psycopg.Connection, batch_id: int, reason: str, *, clear_staged: bool = False
) -> None:
    """End the batch as blocked (``clear_staged``: drop its staged rows first)."""
    if clear_staged:
        clear_stage(conn, batch_id)
    finish_batch(conn, batch_id, "blocked", reason)


# --- parse stage ------------------------------------------------------------------------


def resume_batch(conn: psycopg.Connection, partition_key: str) -> BatchRecord | None:
    """The batch the raw stage opened for ``partition_key``, locked on ``conn`` and running
    again if a purge had taken it for abandoned (None if the raw stage never ran)."""
    batch = find_batch(conn, partition_key)
    if batch is not None:
        lock_batch(conn, batch.batch_id)
        reopen_abandoned(conn, batch.batch_id)
    return batch


def unstaged_documents(conn: psycopg.Connection, batch_id: int) -> int:
    """Documents the batch must parse (again) before publishing: pending ones it has neither
    staged nor rejected (none after its parse step, unless its staging was lost)."""
    return count_unhandled(conn, batch_id)


def begin_parse(conn: psycopg.Connection, batch_id: int) -> int:
    """Start the parse step over (a retried step would stage an earlier attempt's rows twice);
    returns the documents to parse."""
    clear_stage(conn, batch_id)
    conn.commit()
    return count_pending(conn, batch_id)


def stage_chunk(
    conn: psycopg.Connection, batch_id: int, staged: StagedRows, rejects: Sequence[ParseReject]
) -> None:
    """Store one parsed chunk: its rows into staging, its unparseable documents as rejects."""
    write_staged_rows(conn, staged)
    record_parse_rejects(conn, batch_id, rejects)
    conn.commit()
    heartbeat(conn, batch_id)


def finish_parse(conn: psycopg.Connection, batch_id: int, *, started: float) -> float:
    """Refresh the staging statistics for the checks; store and return the parse step's time
    (since ``started``, a ``time.perf_counter()`` value)."""
    analyze_stage(conn)
    seconds = time.perf_counter() - started
    record_timing(conn, batch_id, "parse", seconds)
    return seconds


# --- publish stage ----------------------------------------------------------------------


def publish_checked(
    conn: psycopg.Connection,
    batch_id: int,
    check: Callable[[psycopg.Connection], R],
    *,
    started: float,
    on_step: Callable[[str], None] | None = None,
) -> Published[R]:
    """Publish the batch with ``check`` (the warehouse checks) run inside its transaction,
    store the check results and timings, and close the batch as published.

    Raises ``PublishBlocked`` when a check blocks it: then nothing is published, the results
    are stored and the batch is closed as blocked. ``on_step`` is told when the upserts
    ("publish") and the summary maintenance ("summaries") begin (progress).
    """
    reports: list[R] = []

    def check_inside_transaction(tx: psycopg.Connection) -> str | None:
        report = check(tx)
        reports.append(report)
        if report.blocking_reason is None and report.flags:
            add_published_flags(tx, report.stage, report.flags)
        return report.blocking_reason

    if on_step is not None:
        on_step("publish")
    try:
        counts = publish_batch(
            conn, batch_id, before_commit=check_inside_transaction, on_step=on_step
        )
    except PublishBlocked as blocked:
        for report in reports:
            record_quality_results(conn, batch_id, report)
        conn.commit()
        finish_batch(conn, batch_id, "blocked", str(blocked))
        raise
    for report in reports:
        record_quality_results(conn, batch_id, report)
    publish_seconds = time.perf_counter() - started
    conn.commit()
    unchanged = int(batch_row(conn, batch_id).get("cables_unchanged") or 0)
    check_seconds = sum(report.seconds for report in reports)
    record_timing(
        conn, batch_id, "publish", publish_seconds - check_seconds - counts.summaries_seconds
    )
    record_timing(conn, batch_id, "checks_warehouse", check_seconds)
    # Kept current inside the publish transaction (etl.warehouse.summary_maintenance).
    record_timing(conn, batch_id, "summaries", counts.summaries_seconds)
    finish_batch(conn, batch_id, "published")
    vacuum_stage(conn)
    if counts.first_load:
        # After the commit: the batch is published whatever happens to the vacuum.
        if on_step is not None:
            on_step("vacuum")
        record_timing(conn, batch_id, "vacuum", freeze_published_tables(conn))
    return Published(
        counts, unchanged, analyst_table_counts(conn), published_preview(conn, batch_id), reports
    )


def check_published_tables(conn: psycopg.Connection, batch_id: int) -> PublishedTables:
    """After the commit: each published table's own check on what the batch published
    (``etl.warehouse.table_checks``) and the tables' row counts; stores the checks' time."""
    started = time.perf_counter()
    checks = run_table_checks(conn, batch_id)
    counts = published_table_counts(conn)
    conn.rollback()  # read only
    record_timing(conn, batch_id, "table_checks", time.perf_counter() - started)
    return PublishedTables(counts, checks)
