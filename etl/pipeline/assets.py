"""The load pipeline as Dagster assets, one group per stage: raw → parsed → warehouse.

Every asset is partitioned by batch (a dynamic partition per arriving set of inputs). The data
itself lives in PostgreSQL; the assets record what they did as materialisation metadata, and
each stage runs its Great Expectations suite as a blocking asset check: a failed batch-level
check fails the run, so nothing of that batch reaches the analyst tables. An asset only wires
resources to steps, one call each; the statements and transactions of every step are in
``etl.warehouse.stages``.
"""

import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import dagster as dg
import psycopg

from etl.ingest import IngestLimits, estimate_total, iter_inputs
from etl.pipeline.progress import reporter
from etl.pipeline.resources import QualityResource, WarehouseResource
from etl.pipeline.workers import ChunkOutcome, WorkItem, parse_stream, start_worker_server
from etl.warehouse import stages
from etl.warehouse.bookkeeping import (
    BatchRecord,
    ParseReject,
    PendingDocument,
    iter_pending_documents,
    record_timing,
)
from etl.warehouse.publish import PublishBlocked

if TYPE_CHECKING:  # importing the quality package loads pandas
    from etl.quality import StageReport

#: One partition per arriving batch of inputs.
BATCHES_PARTITION = "batches"
batches = dg.DynamicPartitionsDefinition(name=BATCHES_PARTITION)

#: Below this many documents, parsing in this process beats starting worker processes.
SMALL_BATCH = 300

RAW_CHECK = "raw_documents_quality"
PARSED_CHECK = "parsed_cables_quality"
WAREHOUSE_CHECK = "warehouse_quality"


class LoadConfig(dg.Config):
    """What a batch loads. Paths are recorded with the batch, so a rerun of the same partition
    (e.g. from the UI) can leave them empty."""

    paths: list[str] = []
    reparse_outdated: bool = False
    workers: int = 0  # 0: one parsing process per core


def _resumed_batch(conn: psycopg.Connection, context: dg.AssetExecutionContext) -> BatchRecord:
    """The partition's batch, locked on ``conn``: the preamble of every step after the raw one."""
    batch = stages.resume_batch(conn, context.partition_key)
    if batch is None:
        raise dg.Failure(
            f"Batch {context.partition_key} was never opened by the raw stage.",
            allow_retries=False,
        )
    return batch


def _check_result(check_name: str, report: "StageReport") -> dg.AssetCheckResult:
    failed = [o for o in report.outcomes if not o.success]
    return dg.AssetCheckResult(
        check_name=check_name,
        passed=report.blocking_reason is None,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "expectations": len(report.outcomes),
            "failed_expectations": len(failed),
            "quarantined_documents": len(report.quarantined_documents()),
            "failed": dg.MetadataValue.md(
                "\n".join(f"- {o.suite}: {o.expectation} ({o.observed_value})" for o in failed[:20])
                or "none"
            ),
            "blocking_reason": report.blocking_reason or "",
        },
    )


def _checked_stage(
    context: dg.AssetExecutionContext,
    quality: QualityResource,
    conn: psycopg.Connection,
    batch_id: int,
    report: "StageReport",
    *,
    check_name: str,
    metadata: dict[str, Any],
    clear_staged: bool = False,
) -> Iterator[dg.MaterializeResult[Any]]:
    """The end of the raw and parsed assets: the materialisation with its check result, then,
    if the check blocks the batch, the batch closed as blocked and the run failed."""
    yield dg.MaterializeResult(metadata=metadata, check_results=[_check_result(check_name, report)])
    if report.blocking_reason:
        stages.block_batch(conn, batch_id, report.blocking_reason, clear_staged=clear_staged)
        _build_data_docs(context, quality)
        raise dg.Failure(description=report.blocking_reason, allow_retries=False)


@dg.asset(
    partitions_def=batches,
    group_name="raw",
    check_specs=[dg.AssetCheckSpec(RAW_CHECK, asset="raw_documents", blocking=True)],
    description="Every input of the batch, landed verbatim in etl.raw_documents (deduplicated "
    "by SHA-256) and linked to the batch in etl.batch_documents; unreadable inputs become "
    "'land' rejects.",
)
def raw_documents(
    context: dg.AssetExecutionContext,
    config: LoadConfig,
    warehouse: WarehouseResource,
    quality: QualityResource,
) -> Iterator[dg.MaterializeResult[Any]]:
    started = time.perf_counter()
    settings = warehouse.settings()
    with warehouse.connect() as conn:
        opened = stages.open_raw_stage(
            conn,
            context.partition_key,
            list(config.paths),
            stale_after_seconds=settings.stale_batch_seconds,
        )
        if opened.abandoned:
            context.log.warning(f"Cleaned up abandoned batches {opened.abandoned}.")
        batch_id = opened.batch.batch_id
        if config.reparse_outdated:
            landed = stages.queue_outdated(conn, batch_id)
        else:
            paths = [Path(p) for p in (config.paths or opened.batch.inputs)]
            progress = reporter()
            progress.start("land", estimate_total(paths).files)
            inputs = iter_inputs(paths, _ingest_limits(settings.max_archive_bytes))
            landed = stages.land_inputs(conn, batch_id, inputs, on_progress=progress.advance)
            progress.finish()
            for source_path, note in landed.notes:
                context.log.warning(f"{source_path}: {note}")
        totals = stages.close_landing(conn, batch_id, landed, started=started)
        if _parse_workers(config, totals.documents_pending) != 1:
            start_worker_server()  # boots on another core while the raw checks run
        check_started = time.perf_counter()
        report = quality.check_raw(conn, batch_id, may_be_empty=config.reparse_outdated)
        # Inputs that cannot be a cable (binary, empty) are rejected here and never parsed.
        stages.record_checks(
            conn, batch_id, report, step="checks_raw", seconds=time.perf_counter() - check_started
        )
        nothing_read = landed.documents_seen == 0 and landed.unreadable_inputs == 0
        if nothing_read and not config.reparse_outdated:
            context.log.warning("The inputs held no documents.")
        yield from _checked_stage(
            context,
            quality,
            conn,
            batch_id,
            report,
            check_name=RAW_CHECK,
            metadata={
                "batch_id": batch_id,
                "documents_seen": landed.documents_seen,
                "documents_new": landed.documents_new,
                "documents_already_parsed": totals.documents_already_parsed,
                "unreadable_inputs": landed.unreadable_inputs,
                "seconds": round(time.perf_counter() - started, 2),
            },
        )


def _build_data_docs(context: dg.AssetExecutionContext, quality: QualityResource) -> str:
    """Render the Great Expectations Data Docs of this run; a failure here is logged, never
    fatal (the results themselves are already in etl.quality_results)."""
    try:
        index = quality.build_data_docs()
    except Exception as exc:
        context.log.warning(f"Could not build the Data Docs: {exc}")
        return ""
    context.log.info(f"Data Docs: {index}")
    return str(index)


def _ingest_limits(max_archive_bytes: int | None) -> IngestLimits:
    if max_archive_bytes is None:
        return IngestLimits()
    return IngestLimits(max_archive_bytes=max_archive_bytes)


@dg.asset(
    partitions_def=batches,
    group_name="parsed",
    deps=[raw_documents],
    check_specs=[dg.AssetCheckSpec(PARSED_CHECK, asset="parsed_cables", blocking=True)],
    description="The batch's new documents parsed into cables (with entities) in worker "
    "processes and staged in etl.stage_* tables; unparseable documents and cables that fail "
    "row-level expectations become rejects.",
)
def parsed_cables(
    context: dg.AssetExecutionContext,
    config: LoadConfig,
    warehouse: WarehouseResource,
    quality: QualityResource,
) -> Iterator[dg.MaterializeResult[Any]]:
    started = time.perf_counter()
    with warehouse.connect() as reader, warehouse.connect() as writer:
        batch_id = _resumed_batch(writer, context).batch_id
        pending_total = stages.begin_parse(writer, batch_id)
        progress = reporter()
        progress.start("parse", pending_total)
        in_flight: deque[PendingDocument] = deque()

        def work_items() -> Iterator[WorkItem]:
            for doc in iter_pending_documents(reader, batch_id):
                in_flight.append(doc)
                yield WorkItem(doc.document_id, doc.fmt, doc.data, doc.source_path, doc.sha256)

        staged = rejected = 0
        workers = _parse_workers(config, pending_total)
        for outcome in parse_stream(work_items(), batch_id, workers=workers):
            rejects = _parse_rejects([in_flight.popleft() for _ in outcome.results], outcome)
            stages.stage_chunk(writer, batch_id, outcome.staged, rejects)
            staged += len(outcome.results) - len(rejects)
            rejected += len(rejects)
            progress.advance(len(outcome.results))
        progress.finish()
        parse_seconds = stages.finish_parse(writer, batch_id, started=started)
        check_started = time.perf_counter()
        report = quality.check_parsed(writer, batch_id)
        stages.record_checks(
            writer,
            batch_id,
            report,
            step="checks_parsed",
            seconds=time.perf_counter() - check_started,
        )
        yield from _checked_stage(
            context,
            quality,
            writer,
            batch_id,
            report,
            check_name=PARSED_CHECK,
            clear_staged=True,
            metadata={
                "batch_id": batch_id,
                "documents_parsed": staged + rejected,
                "cables_staged": staged - len(report.quarantined_documents()),
                "parse_rejects": rejected,
                "quarantined": len(report.quarantined_documents()),
                "cables_per_second": round((staged + rejected) / parse_seconds, 1)
                if parse_seconds
                else 0.0,
            },
        )


def _parse_workers(config: LoadConfig, pending: int) -> int | None:
    """Worker processes for parsing ``pending`` documents (None: one per core)."""
    return config.workers or (1 if pending < SMALL_BATCH else None)


def _parse_rejects(docs: list[PendingDocument], outcome: ChunkOutcome) -> list[ParseReject]:
    """The chunk's documents the parser could not turn into a cable."""
    return [
        ParseReject(doc.document_id, doc.source_path, result.reject_reason, result.cable_id)
        for doc, result in zip(docs, outcome.results, strict=True)
        if result.reject_reason is not None
    ]


@dg.asset(
    partitions_def=batches,
    group_name="warehouse",
    deps=[parsed_cables],
    check_specs=[dg.AssetCheckSpec(WAREHOUSE_CHECK, asset="warehouse_tables", blocking=True)],
    description="The analyst tables (cables, recipients, tags, paragraphs, entities, "
    "cable_references) with the batch published in one transaction: new cables inserted, "
    "changed ones replaced, unchanged ones left alone, and the analyst summaries "
    "(cable_citation_counts, entity_summary, stations) kept current for what changed. "
    "Warehouse expectations run inside the transaction; a failure rolls the whole batch back.",
)
def warehouse_tables(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    quality: QualityResource,
) -> Iterator[dg.MaterializeResult[Any]]:
    started = time.perf_counter()
    with warehouse.connect() as conn:
        batch_id = _resumed_batch(conn, context).batch_id
        try:
            published = stages.publish_checked(
                conn,
                batch_id,
                lambda tx: quality.check_warehouse(tx, batch_id),
                started=started,
                on_step=reporter().step,
            )
        except PublishBlocked as blocked:
            _build_data_docs(context, quality)
            raise dg.Failure(
                description=f"Batch {batch_id} was not published: {blocked}",
                metadata={"batch_id": batch_id},
                allow_retries=False,
            ) from None
        docs_started = time.perf_counter()
        data_docs = _build_data_docs(context, quality)
        record_timing(conn, batch_id, "data_docs", time.perf_counter() - docs_started)
    counts = published.counts
    yield dg.MaterializeResult(
        metadata={
            "batch_id": batch_id,
            "cables_new": counts.cables_new,
            "cables_updated": counts.cables_updated,
            "cables_unchanged": published.cables_unchanged,
            "cables_superseded": counts.cables_superseded,
            "summaries": counts.summaries_mode,
            "data_docs": data_docs,
            **{f"rows_{name}": n for name, n in published.table_rows.items()},
            "preview": dg.MetadataValue.md(
                "| cable_id | created | origin | subject |\n|---|---|---|---|\n"
                + "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in published.preview)
            ),
        },
        check_results=[_check_result(WAREHOUSE_CHECK, report) for report in published.reports[-1:]],
    )


ALL_ASSETS = [raw_documents, parsed_cables, warehouse_tables]
