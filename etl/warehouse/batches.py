"""Batch bookkeeping in ``etl.batches``: opening, heartbeats, locks and final counts; the
outcomes of a batch's checks (``etl.quality_results``) and the documents they reject."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import psycopg
from psycopg.types.json import Jsonb

from etl.parsing.records import PARSER_VERSION
from etl.warehouse.rows import ALL_TABLES
from etl.warehouse.staging import BATCH_LOCK_CLASS


class RowRejection(Protocol):
    """A row (of a document) that failed a quarantining check (``etl.quality.RowFailure``)."""

    @property
    def document_id(self) -> int | None: ...
    @property
    def cable_id(self) -> str | None: ...
    @property
    def expectation(self) -> str: ...
    @property
    def reason(self) -> str: ...


class CheckOutcome(Protocol):
    """One expectation's result (``etl.quality.ExpectationOutcome``)."""

    @property
    def suite(self) -> str: ...
    @property
    def expectation(self) -> str: ...
    @property
    def kwargs(self) -> Mapping[str, Any]: ...
    @property
    def column(self) -> str | None: ...
    @property
    def success(self) -> bool: ...
    @property
    def observed_value(self) -> str | None: ...
    @property
    def policy(self) -> str: ...
    @property
    def failure(self) -> str: ...
    @property
    def details(self) -> Mapping[str, Any]: ...


class CheckReport(Protocol):
    """What one stage's checks found (``etl.quality.StageReport``)."""

    @property
    def stage(self) -> str: ...
    @property
    def outcomes(self) -> Sequence[CheckOutcome]: ...
    @property
    def row_failures(self) -> Sequence[RowRejection]: ...
    @property
    def blocking_reason(self) -> str | None: ...
    @property
    def seconds(self) -> float: ...


@dataclass(frozen=True, slots=True)
class BatchRecord:
    """A batch as stored."""

    batch_id: int
    partition_key: str
    status: str
    inputs: list[str]


def open_batch(conn: psycopg.Connection, partition_key: str, inputs: list[str]) -> BatchRecord:
    """Create the batch of ``partition_key`` (or reopen it for a rerun) and mark it running.
    An empty ``inputs`` on a rerun keeps the inputs recorded the first time."""
    row = conn.execute(
        """
        INSERT INTO etl.batches (partition_key, inputs, status, started_at, heartbeat_at)
        VALUES (%(key)s, %(inputs)s, 'running', now(), now())
        ON CONFLICT (partition_key) DO UPDATE
        SET status = 'running', started_at = now(), heartbeat_at = now(),
            finished_at = NULL, error = NULL,
            inputs = CASE WHEN cardinality(EXCLUDED.inputs) > 0 THEN EXCLUDED.inputs
                          ELSE etl.batches.inputs END
        RETURNING batch_id, partition_key, status, inputs
        """,
        {"key": partition_key, "inputs": inputs},
    ).fetchone()
    conn.commit()
    assert row is not None
    return BatchRecord(int(row[0]), str(row[1]), str(row[2]), list(row[3]))


def find_batch(conn: psycopg.Connection, partition_key: str) -> BatchRecord | None:
    """The batch of a partition, if it was ever opened."""
    row = conn.execute(
        "SELECT batch_id, partition_key, status, inputs FROM etl.batches WHERE partition_key = %s",
        (partition_key,),
    ).fetchone()
    return None if row is None else BatchRecord(int(row[0]), str(row[1]), str(row[2]), list(row[3]))


def lock_batch(conn: psycopg.Connection, batch_id: int) -> None:
    """Hold the batch's session advisory lock on ``conn`` (marks the batch as alive)."""
    conn.execute("SELECT pg_advisory_lock(%s, %s)", (BATCH_LOCK_CLASS, batch_id))
    heartbeat(conn, batch_id)


def heartbeat(conn: psycopg.Connection, batch_id: int) -> None:
    """Record that the batch's process is alive."""
    conn.execute("UPDATE etl.batches SET heartbeat_at = now() WHERE batch_id = %s", (batch_id,))
    conn.commit()


def record_timing(conn: psycopg.Connection, batch_id: int, step: str, seconds: float) -> None:
    """Add one step's wall time to the batch's ``timings``."""
    conn.execute(
        "UPDATE etl.batches SET timings = timings || %s::jsonb, heartbeat_at = now() "
        "WHERE batch_id = %s",
        (json.dumps({step: round(seconds, 3)}), batch_id),
    )
    conn.commit()


def update_counts(conn: psycopg.Connection, batch_id: int, **counts: int) -> None:
    """Set count columns (documents_seen, cables_new, ...) of the batch."""
    if not counts:
        return
    assignments = ", ".join(f"{name} = %({name})s" for name in counts)
    conn.execute(
        f"UPDATE etl.batches SET {assignments} WHERE batch_id = %(batch_id)s",
        {**counts, "batch_id": batch_id},
    )


def finish_batch(
    conn: psycopg.Connection, batch_id: int, status: str, error: str | None = None
) -> None:
    """Close the batch with its final status."""
    conn.execute(
        "UPDATE etl.batches SET status = %s, error = %s, finished_at = now(), "
        "rejected = (SELECT count(*) FROM etl.rejects r WHERE r.batch_id = %s) "
        "WHERE batch_id = %s",
        (status, error, batch_id, batch_id),
    )
    conn.commit()


def record_quality_results(conn: psycopg.Connection, batch_id: int, report: CheckReport) -> None:
    """Write every outcome of ``report`` to ``etl.quality_results``."""
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO etl.quality_results (batch_id, stage, suite, expectation, "
            "column_name, success, observed_value, details) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            [
                (
                    batch_id,
                    report.stage,
                    outcome.suite,
                    outcome.expectation,
                    outcome.column,
                    outcome.success,
                    outcome.observed_value,
                    Jsonb(
                        {
                            "kwargs": outcome.kwargs,
                            "on_failure": outcome.policy,
                            "failure": outcome.failure,
                            "result": outcome.details,
                        }
                    ),
                )
                for outcome in report.outcomes
            ],
        )


def quarantine_documents(
    conn: psycopg.Connection, batch_id: int, failures: Iterable[RowRejection]
) -> int:
    """Remove the failing documents' rows from staging and list each document once in
    ``etl.rejects`` (stage ``quality``) with the expectations it failed. A document
    quarantined before parsing is marked handled so the parse stage skips it.
    Returns the number of documents rejected."""
    by_document: dict[int, list[RowRejection]] = {}
    for failure in failures:
        if failure.document_id is not None:
            by_document.setdefault(failure.document_id, []).append(failure)
    if not by_document:
        return 0
    document_ids = list(by_document)
    with conn.cursor() as cur:
        for spec in ALL_TABLES:
            cur.execute(
                f"DELETE FROM {spec.stage_name} WHERE batch_id = %s AND document_id = ANY(%s)",
                (batch_id, document_ids),
            )
        paths: dict[int, str] = dict(
            cur.execute(
                "SELECT document_id, min(source_path) FROM etl.batch_documents "
                "WHERE batch_id = %s AND document_id = ANY(%s) GROUP BY document_id",
                (batch_id, document_ids),
            ).fetchall()
        )
        cur.executemany(
            "INSERT INTO etl.rejects "
            "(batch_id, document_id, source_path, stage, reason, expectation, cable_id) "
            "VALUES (%s, %s, %s, 'quality', %s, %s, %s)",
            [
                (
                    batch_id,
                    document_id,
                    paths.get(document_id, f"document {document_id}"),
                    " ".join(dict.fromkeys(f.reason for f in failed)),
                    ", ".join(dict.fromkeys(f.expectation for f in failed)),
                    next((f.cable_id for f in failed if f.cable_id), None),
                )
                for document_id, failed in by_document.items()
            ],
        )
        cur.execute(
            "UPDATE etl.raw_documents SET parser_version = %s, parsed_at = now() "
            "WHERE document_id = ANY(%s) AND (parsed_at IS NULL OR parser_version < %s)",
            (PARSER_VERSION, document_ids, PARSER_VERSION),
        )
    return len(by_document)
