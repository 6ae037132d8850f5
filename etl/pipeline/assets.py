"""The load pipeline as Dagster assets, one group per stage: raw → parsed → warehouse.

Every asset is partitioned by batch (a dynamic partition per arriving set of inputs). The data
itself lives in PostgreSQL; the assets record what they did as materialisation metadata, and
each stage runs its Great Expectations suite as a blocking asset check: a failed batch-level
check fails the run, so nothing of that batch reaches the analyst tables.
"""

import time
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dagster as dg
import psycopg

from etl.ingest import IngestLimits, estimate_total, iter_inputs
from etl.parsing.records import PARSER_VERSION
from etl.pipeline.progress import reporter
from etl.pipeline.resources import QualityResource, WarehouseResource
from etl.pipeline.workers import ChunkOutcome, WorkItem, parse_stream, start_worker_server
from etl.warehouse.batches import (
    BatchRecord,
    find_batch,
    finish_batch,
    heartbeat,
    lock_batch,
    open_batch,
    record_timing,
    update_counts,
)
from etl.warehouse.landing import land_documents
from etl.warehouse.publish import (
    PublishBlocked,
    analyst_table_counts,
    publish_batch,
    recount_analyst_tables,
)
from etl.warehouse.staging import (
    PendingDocument,
    analyze_stage,
    clear_stage,
    iter_pending_documents,
    purge_abandoned,
    vacuum_stage,
    write_staged_rows,
)

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


def _batch(conn: psycopg.Connection, context: dg.AssetExecutionContext) -> BatchRecord:
    batch = find_batch(conn, context.partition_key)
    if batch is None:
        raise dg.Failure(
            f"Batch {context.partition_key} was never opened by the raw stage.",
            allow_retries=False,
        )
    lock_batch(conn, batch.batch_id)
    return batch


def _check_result(check_name: str, report: Any) -> dg.AssetCheckResult:
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
        purged = purge_abandoned(conn, stale_after_seconds=settings.stale_batch_seconds)
        if purged:
            context.log.warning(f"Cleaned up abandoned batches {purged}.")
        batch = open_batch(conn, context.partition_key, list(config.paths))
        lock_batch(conn, batch.batch_id)
        clear_stage(conn, batch.batch_id)
        conn.commit()
        if config.reparse_outdated:
            # The nightly reconcile also corrects the kept row counts (etl.table_row_counts),
            # whether or not it finds anything to parse again.
            recount_analyst_tables(conn)
            conn.commit()
            seen = _enqueue_outdated(conn, batch.batch_id)
            new, problems = 0, 0
        else:
            paths = [Path(p) for p in (config.paths or batch.inputs)]
            totals = estimate_total(paths)
            progress = reporter()
            progress.start("land", totals.files)
            counts = land_documents(
                conn,
                batch.batch_id,
                iter_inputs(paths, _ingest_limits(settings.max_archive_bytes)),
                on_progress=progress.advance,
            )
            progress.finish()
            for source_path, note in counts.notes:
                context.log.warning(f"{source_path}: {note}")
            seen, new, problems = counts.documents_seen, counts.documents_new, len(counts.problems)
        already = _count_already_parsed(conn, batch.batch_id)
        update_counts(
            conn, batch.batch_id, documents_seen=seen, documents_new=new, cables_unchanged=already
        )
        conn.commit()
        record_timing(conn, batch.batch_id, "land", time.perf_counter() - started)
        if _parse_workers(config, _count_pending(conn, batch.batch_id)) != 1:
            start_worker_server()  # boots on another core while the raw checks run
        check_started = time.perf_counter()
        report = quality.gate().check_raw(
            conn, batch.batch_id, may_be_empty=config.reparse_outdated
        )
        if report.row_failures:
            # Inputs that cannot be a cable (binary, empty) are rejected here and never parsed.
            quality.gate().quarantine(conn, batch.batch_id, report.row_failures)
        quality.gate().persist(conn, batch.batch_id, report)
        conn.commit()
        record_timing(conn, batch.batch_id, "checks_raw", time.perf_counter() - check_started)
        if seen == 0 and problems == 0 and not config.reparse_outdated:
            context.log.warning("The inputs held no documents.")
        yield dg.MaterializeResult(
            metadata={
                "batch_id": batch.batch_id,
                "documents_seen": seen,
                "documents_new": new,
                "documents_already_parsed": already,
                "unreadable_inputs": problems,
                "seconds": round(time.perf_counter() - started, 2),
            },
            check_results=[_check_result(RAW_CHECK, report)],
        )
        if report.blocking_reason:
            finish_batch(conn, batch.batch_id, "blocked", report.blocking_reason)
            _build_data_docs(context, quality)
            raise dg.Failure(description=report.blocking_reason, allow_retries=False)


def _build_data_docs(context: dg.AssetExecutionContext, quality: QualityResource) -> str:
    """Render the Great Expectations Data Docs of this run; a failure here is logged, never
    fatal (the results themselves are already in etl.quality_results)."""
    try:
        index = quality.gate().build_data_docs()
    except Exception as exc:
        context.log.warning(f"Could not build the Data Docs: {exc}")
        return ""
    context.log.info(f"Data Docs: {index}")
    return str(index)


def _ingest_limits(max_archive_bytes: int | None) -> IngestLimits:
    if max_archive_bytes is None:
        return IngestLimits()
    return IngestLimits(max_archive_bytes=max_archive_bytes)


def _enqueue_outdated(conn: psycopg.Connection, batch_id: int) -> int:
    """Reconcile: queue the current source document of every cable parsed by an older parser
    version, and every older-parser reject, for parsing again in this batch."""
    cur = conn.execute(
        """
        INSERT INTO etl.batch_documents (batch_id, document_id, source_path, ordinal)
        SELECT %(batch)s, d.document_id, d.source_path, row_number() OVER (ORDER BY d.document_id)
        FROM etl.raw_documents d
        WHERE d.parser_version < %(version)s
          AND (d.document_id IN (SELECT source_document_id FROM public.cables)
               -- rejected documents: a newer parser may read them now
               OR NOT EXISTS (SELECT 1 FROM public.cables c WHERE c.cable_id = d.cable_id))
        ON CONFLICT DO NOTHING
        """,
        {"batch": batch_id, "version": PARSER_VERSION},
    )
    conn.commit()
    return cur.rowcount


def _count_already_parsed(conn: psycopg.Connection, batch_id: int) -> int:
    row = conn.execute(
        "SELECT count(*) FROM etl.batch_documents b JOIN etl.raw_documents d USING (document_id) "
        "WHERE b.batch_id = %s AND d.parsed_at IS NOT NULL AND d.parser_version >= %s "
        "AND d.cable_id IS NOT NULL",
        (batch_id, PARSER_VERSION),
    ).fetchone()
    return int(row[0]) if row else 0


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
        batch = _batch(writer, context)
        # A retried step starts over: rows an earlier attempt staged would be staged twice.
        clear_stage(writer, batch.batch_id)
        writer.commit()
        pending_total = _count_pending(writer, batch.batch_id)
        progress = reporter()
        progress.start("parse", pending_total)
        in_flight: deque[PendingDocument] = deque()

        def work_items() -> Iterator[WorkItem]:
            for doc in iter_pending_documents(reader, batch.batch_id):
                in_flight.append(doc)
                yield WorkItem(doc.document_id, doc.fmt, doc.data, doc.source_path, doc.sha256)

        staged = rejected = 0
        workers = _parse_workers(config, pending_total)
        for outcome in parse_stream(work_items(), batch.batch_id, workers=workers):
            docs = [in_flight.popleft() for _ in outcome.results]
            staged_now, rejected_now = _stage_outcome(writer, batch.batch_id, docs, outcome)
            staged += staged_now
            rejected += rejected_now
            writer.commit()
            heartbeat(writer, batch.batch_id)
            progress.advance(len(outcome.results))
        progress.finish()
        analyze_stage(writer)
        parse_seconds = time.perf_counter() - started
        record_timing(writer, batch.batch_id, "parse", parse_seconds)
        check_started = time.perf_counter()
        gate = quality.gate()
        report = gate.check_parsed(writer, batch.batch_id)
        if report.row_failures:
            gate.quarantine(writer, batch.batch_id, report.row_failures)
        gate.persist(writer, batch.batch_id, report)
        writer.commit()
        record_timing(writer, batch.batch_id, "checks_parsed", time.perf_counter() - check_started)
        yield dg.MaterializeResult(
            metadata={
                "batch_id": batch.batch_id,
                "documents_parsed": staged + rejected,
                "cables_staged": staged - len(report.quarantined_documents()),
                "parse_rejects": rejected,
                "quarantined": len(report.quarantined_documents()),
                "cables_per_second": round((staged + rejected) / parse_seconds, 1)
                if parse_seconds
                else 0.0,
            },
            check_results=[_check_result(PARSED_CHECK, report)],
        )
        if report.blocking_reason:
            clear_stage(writer, batch.batch_id)
            finish_batch(writer, batch.batch_id, "blocked", report.blocking_reason)
            _build_data_docs(context, quality)
            raise dg.Failure(description=report.blocking_reason, allow_retries=False)


def _parse_workers(config: LoadConfig, pending: int) -> int | None:
    """Worker processes for parsing ``pending`` documents (None: one per core)."""
    return config.workers or (1 if pending < SMALL_BATCH else None)


def _count_pending(conn: psycopg.Connection, batch_id: int) -> int:
    row = conn.execute(
        "SELECT count(*) FROM etl.batch_documents b JOIN etl.raw_documents d USING (document_id) "
        "WHERE b.batch_id = %s AND (d.parsed_at IS NULL OR d.parser_version < %s)",
        (batch_id, PARSER_VERSION),
    ).fetchone()
    return int(row[0]) if row else 0


def _stage_outcome(
    conn: psycopg.Connection,
    batch_id: int,
    docs: list[PendingDocument],
    outcome: ChunkOutcome,
) -> tuple[int, int]:
    rejects = [
        (batch_id, doc.document_id, doc.source_path, "parse", result.reject_reason, result.cable_id)
        for doc, result in zip(docs, outcome.results, strict=True)
        if result.reject_reason is not None
    ]
    write_staged_rows(conn, outcome.staged)
    if rejects:
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO etl.rejects (batch_id, document_id, source_path, stage, reason, "
                "cable_id) VALUES (%s, %s, %s, %s, %s, %s)",
                rejects,
            )
    return len(outcome.results) - len(rejects), len(rejects)


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
    gate = quality.gate()
    with warehouse.connect() as conn:
        batch = _batch(conn, context)
        reports: list[Any] = []

        def check_inside_transaction(tx: psycopg.Connection) -> str | None:
            report = gate.check_warehouse(tx, batch.batch_id)
            reports.append(report)
            reason: str | None = report.blocking_reason
            return reason

        try:
            counts = publish_batch(conn, batch.batch_id, before_commit=check_inside_transaction)
        except PublishBlocked as blocked:
            for report in reports:
                gate.persist(conn, batch.batch_id, report)
            conn.commit()
            finish_batch(conn, batch.batch_id, "blocked", str(blocked))
            _build_data_docs(context, quality)
            raise dg.Failure(
                description=f"Batch {batch.batch_id} was not published: {blocked}",
                metadata={"batch_id": batch.batch_id},
                allow_retries=False,
            ) from None
        for report in reports:
            gate.persist(conn, batch.batch_id, report)
        publish_seconds = time.perf_counter() - started
        conn.commit()
        row = conn.execute(
            "SELECT cables_unchanged FROM etl.batches WHERE batch_id = %s", (batch.batch_id,)
        ).fetchone()
        unchanged = int(row[0]) if row else 0
        check_seconds = sum(report.seconds for report in reports)
        record_timing(
            conn,
            batch.batch_id,
            "publish",
            publish_seconds - check_seconds - counts.summaries_seconds,
        )
        record_timing(conn, batch.batch_id, "checks_warehouse", check_seconds)
        # Kept current inside the publish transaction (etl.warehouse.analyst).
        record_timing(conn, batch.batch_id, "summaries", counts.summaries_seconds)
        finish_batch(conn, batch.batch_id, "published")
        vacuum_stage(conn)
        table_rows = analyst_table_counts(conn)
        preview = conn.execute(
            "SELECT cable_id, created_at::date::text, origin, left(subject, 60) FROM public.cables "
            "WHERE loaded_batch_id = %s ORDER BY cable_id LIMIT 10",
            (batch.batch_id,),
        ).fetchall()
        docs_started = time.perf_counter()
        data_docs = _build_data_docs(context, quality)
        record_timing(conn, batch.batch_id, "data_docs", time.perf_counter() - docs_started)
    yield dg.MaterializeResult(
        metadata={
            "batch_id": batch.batch_id,
            "cables_new": counts.cables_new,
            "cables_updated": counts.cables_updated,
            "cables_unchanged": unchanged,
            "cables_superseded": counts.cables_superseded,
            "summaries": counts.summaries_mode,
            "data_docs": data_docs,
            **{f"rows_{name}": n for name, n in table_rows.items()},
            "preview": dg.MetadataValue.md(
                "| cable_id | created | origin | subject |\n|---|---|---|---|\n"
                + "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in preview)
            ),
        },
        check_results=[_check_result(WAREHOUSE_CHECK, report) for report in reports[-1:]],
    )


ALL_ASSETS = [raw_documents, parsed_cables, warehouse_tables]
