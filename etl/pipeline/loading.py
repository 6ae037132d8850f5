"""Running the load job in-process: what ``cables load`` and the tests call."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import dagster as dg

from etl.config import Settings
from etl.database import (
    DISK_FULL_WORDS,
    DatabaseDiskFull,
    disk_full_line,
    psycopg_connect,
)
from etl.database import database_url as warehouse_url
from etl.pipeline import cancel
from etl.pipeline.assets import BATCHES_PARTITION
from etl.pipeline.definitions import build_definitions, resolve_settings
from etl.pipeline.instance import persistent_instance
from etl.pipeline.sensors import LOAD_JOB_NAME, load_run_config
from etl.warehouse import reports
from etl.warehouse.bookkeeping import cancel_batch, find_batch


@dataclass(slots=True)
class BatchSummary:
    """What one load did, read back from the bookkeeping tables."""

    partition_key: str
    batch_id: int | None
    status: str
    error: str | None
    documents_seen: int = 0
    documents_new: int = 0
    cables_new: int = 0
    cables_updated: int = 0
    cables_unchanged: int = 0
    rejected: int = 0
    flagged: int = 0  # cables the batch published with failed checks (cable_quality_flags)
    timings: dict[str, float] = field(default_factory=dict)
    table_rows: dict[str, int] = field(default_factory=dict)
    rejects: list[tuple[str, str, str]] = field(default_factory=list)  # (path, stage, reason)
    checks: list[tuple[str, str, int, int]] = field(default_factory=list)  # stage, suite, ok, bad
    #: (stage, why) of each stage whose suites did not run: nothing new reached it.
    skipped_checks: list[tuple[str, str]] = field(default_factory=list)

    @property
    def published(self) -> bool:
        return self.status == "published"


def new_partition_key(prefix: str = "load") -> str:
    """A unique, sortable partition key for a load started now."""
    return f"{prefix}-{datetime.now(UTC):%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:6]}"


def load_paths(
    paths: Sequence[Path],
    *,
    settings: Settings | None = None,
    database_url: str | None = None,
    workers: int = 0,
    reparse_outdated: bool = False,
    partition_key: str | None = None,
    instance: dg.DagsterInstance | None = None,
    log_level: str = "ERROR",
) -> BatchSummary:
    """Load ``paths`` as one new batch through the Dagster load job, in this process, recorded
    as a run of ``instance`` (default: the persistent one ``cables serve`` shows).
    ``settings``: the operator settings (default: read from the environment once, here);
    ``database_url`` overrides their warehouse.
    ``log_level``: what Dagster's console log shows (the CLI keeps its step failures, with
    their stack traces, for ``--verbose``; the batch's error says why in one line)."""
    # Fail at once with one clear error when the database is down at the start; the job's
    # retry policy is for outages during a run and would only delay the same error.
    settings = resolve_settings(settings)
    database_url = database_url or warehouse_url(settings)
    psycopg_connect(database_url).close()
    key = partition_key or new_partition_key("reconcile" if reparse_outdated else "load")
    run_config: dict[str, Any] = load_run_config(
        [str(Path(p).resolve()) for p in paths], reparse_outdated=reparse_outdated, workers=workers
    )
    run_config["loggers"] = {"console": {"config": {"log_level": log_level}}}
    # Entering the instance makes it the current one for Dagster's process-wide state while
    # the definitions resolve and the job runs.
    with ExitStack() as stack:
        run_instance = instance or stack.enter_context(persistent_instance(settings))
        job = build_definitions(database_url, settings=settings).resolve_job_def(LOAD_JOB_NAME)
        run_instance.add_dynamic_partitions(BATCHES_PARTITION, [key])
        result = job.execute_in_process(
            run_config=run_config,
            instance=run_instance,
            partition_key=key,
            raise_on_error=False,
        )
    if not result.success and (full := _disk_full(result)) is not None:
        # Said as it is: the batch's steps are retried and cleaned up like any failed run.
        raise DatabaseDiskFull(disk_full_line(full))
    if cancel.requested():
        mark_cancelled(key, cancel.requested(), database_url=database_url)
    summary = read_summary(key, database_url=database_url)
    if not result.success and summary.status in ("running", "unknown"):
        summary.status = "failed"
        summary.error = summary.error or _first_failure(result)
    return summary


def _disk_full(result: dg.ExecuteInProcessResult) -> str | None:
    """The server's message if a step failed because the database's disk is full."""
    for event in result.all_events:
        if not event.is_step_failure or event.step_failure_data is None:
            continue
        error = event.step_failure_data.error
        seen = 0
        while error is not None and seen < 20:  # the error, what caused it, and so on
            if error.cls_name == "DiskFull" or DISK_FULL_WORDS in error.message:
                # Dagster writes "psycopg.errors.DiskFull: <the server's message>".
                return re.sub(r"\A[\w.]*DiskFull: ", "", error.message)
            error = error.cause or error.context
            seen += 1
    return None


def mark_cancelled(partition_key: str, signum: int, *, database_url: str) -> None:
    """Record that the load of ``partition_key`` was stopped by ``signum`` (if it had not
    ended already). Waits at most a few seconds for locks: the stopping load must exit."""
    import signal

    with psycopg_connect(database_url) as conn:
        conn.execute("SET lock_timeout = '3s'")
        cancel_batch(
            conn,
            partition_key,
            f"Stopped by {signal.Signals(signum).name} before publishing; nothing of it was "
            "published.",
        )


def _first_failure(result: dg.ExecuteInProcessResult) -> str:
    for event in result.all_events:
        if event.is_step_failure and event.step_failure_data is not None:
            error = event.step_failure_data.error
            if error is not None:
                return error.message.strip().splitlines()[0]
    return "the load job failed"


def read_summary(partition_key: str, *, database_url: str) -> BatchSummary:
    """Summarise the batch of ``partition_key`` from etl.batches, etl.rejects and checks."""
    with psycopg_connect(database_url) as conn:
        batch = find_batch(conn, partition_key)
        if batch is None:
            return BatchSummary(partition_key, None, "unknown", "the batch was never started")
        row = reports.batch_row(conn, batch.batch_id)
        summary = BatchSummary(
            partition_key=partition_key,
            batch_id=batch.batch_id,
            status=str(row["status"]),
            error=row["error"],
            documents_seen=int(row["documents_seen"] or 0),
            documents_new=int(row["documents_new"] or 0),
            cables_new=int(row["cables_new"] or 0),
            cables_updated=int(row["cables_updated"] or 0),
            cables_unchanged=int(row["cables_unchanged"] or 0),
            rejected=int(row["rejected"] or 0),
            timings={str(k): float(v) for k, v in (row["timings"] or {}).items()},
        )
        summary.table_rows = reports.analyst_table_counts(conn)
        summary.rejects = reports.batch_rejects(conn, batch.batch_id)
        summary.checks = reports.batch_checks(conn, batch.batch_id)
        summary.skipped_checks = reports.batch_skipped_checks(conn, batch.batch_id)
        summary.rejected = len(summary.rejects)
        # Only a published batch has cables to count; reading public.cables for any other would
        # wait behind whatever lock stopped it (a cancelled load must still exit at once).
        if summary.status == "published":
            summary.flagged = reports.batch_flagged(conn, batch.batch_id)
    return summary
