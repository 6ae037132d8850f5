"""The load pipeline as Dagster assets: raw → parsed → one asset per published table.

Every asset is partitioned by batch (a dynamic partition per arriving set of inputs). The data
itself lives in PostgreSQL; the assets record what they did as materialisation metadata, and
each stage runs its Great Expectations suite as a blocking asset check: a failed batch-level
check fails the run, so nothing of that batch reaches the analyst tables. The analyst tables
and the summaries are the specs of one multi-asset, because one transaction publishes them
all; each carries the column schema of its model, its row count and a check of its own
(``etl.warehouse.table_checks``). An asset only wires resources to steps, one call each; the
statements and transactions of every step are in ``etl.warehouse.stages``.
"""

import time
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import dagster as dg
import psycopg

from etl.ingest import IngestLimits, estimate_total, iter_inputs
from etl.ingest.signatures import input_roots
from etl.pipeline.progress import reporter
from etl.pipeline.resources import QualityResource, WarehouseResource
from etl.pipeline.workers import ChunkOutcome, WorkItem, parse_stream, start_worker_server
from etl.quality import skipping
from etl.warehouse import reports, stages
from etl.warehouse.bookkeeping import (
    BatchRecord,
    ParseReject,
    PendingDocument,
    iter_pending_documents,
    record_timing,
)
from etl.warehouse.catalog import PUBLISHED_TABLES, TableDescription, describe_table
from etl.warehouse.publish import PublishBlocked
from etl.warehouse.table_checks import TABLE_CHECKS, TableCheckOutcome

if TYPE_CHECKING:
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


def _resumed_batch(
    conn: psycopg.Connection, context: dg.AssetExecutionContext, warehouse: WarehouseResource
) -> BatchRecord:
    """The partition's batch, locked on ``conn`` and leased by the run: the preamble of every
    step after the raw one."""
    batch = stages.resume_batch(conn, context.partition_key)
    if batch is None:
        raise dg.Failure(
            f"Batch {context.partition_key} was never opened by the raw stage.",
            allow_retries=False,
        )
    warehouse.hold_lease(batch.batch_id)
    return batch


def _check_result(
    check_name: str, report: "StageReport", *, asset: str | None = None
) -> dg.AssetCheckResult:
    failed = [o for o in report.outcomes if not o.success]
    skipped = [o for o in report.outcomes if skipping.is_skipped(o)]
    return dg.AssetCheckResult(
        asset_key=asset,
        check_name=check_name,
        passed=report.blocking_reason is None,
        severity=dg.AssetCheckSeverity.ERROR,
        metadata={
            "expectations": len(report.outcomes),
            "failed_expectations": len(failed),
            # Not run: nothing new reached this stage (etl.quality.skipping).
            "skipped_expectations": len(skipped),
            "skipped": str(skipped[0].observed_value) if skipped else "",
            "withheld_documents": len(report.quarantined_documents()),
            "flagged_cables": len({f.cable_id for f in report.flags if f.cable_id}),
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


def _table_schema(table: TableDescription) -> dg.TableSchema:
    return dg.TableSchema(
        columns=[
            dg.TableColumn(
                name=column.name,
                type=column.type,
                description=column.description,
                constraints=dg.TableColumnConstraints(
                    nullable=column.nullable,
                    unique=column.unique,
                    other=["primary key"] if column.primary_key else [],
                ),
            )
            for column in table.columns
        ]
    )


def _table_metadata(table: TableDescription) -> dict[str, Any]:
    """Definition metadata of a table asset: its name and column schema, from the model."""
    return {
        "dagster/table_name": table.qualified_name,
        "dagster/column_schema": _table_schema(table),
    }


_RAW_TABLE = describe_table("etl.raw_documents")
_STAGED_TABLE = describe_table("etl.stage_cables")


def _blocking_check(name: str, asset: str, description: str) -> dg.AssetCheckSpec:
    """A check of the batch whose failure keeps the assets downstream from running."""
    return dg.AssetCheckSpec(name, asset=asset, blocking=True, description=description)


def _stage_asset(
    group: str,
    table: TableDescription,
    check: dg.AssetCheckSpec,
    description: str,
    deps: list[dg.AssetsDefinition] | None = None,
) -> Callable[[Callable[..., Any]], dg.AssetsDefinition]:
    """The decorator of one load stage: a batch-partitioned asset kept in ``table``, with
    its blocking check."""
    return dg.asset(
        partitions_def=batches,
        group_name=group,
        deps=deps,
        metadata=_table_metadata(table),
        kinds={"postgres"},
        check_specs=[check],
        description=description,
    )


@_stage_asset(
    "raw",
    _RAW_TABLE,
    _blocking_check(
        RAW_CHECK,
        "raw_documents",
        "The raw Great Expectations suite (expectations/raw_documents.json) on the batch's "
        "landed documents: inputs that cannot be a cable (binary, empty) are rejected; a "
        "batch-level failure blocks the batch.",
    ),
    "Every input of the batch, landed verbatim in etl.raw_documents (deduplicated by SHA-256) "
    "and linked to the batch in etl.batch_documents; unreadable inputs become 'land' rejects.",
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
        warehouse.hold_lease(batch_id)
        if config.reparse_outdated:
            landed = stages.queue_outdated(conn, batch_id)
        else:
            paths = [Path(p) for p in (config.paths or opened.batch.inputs)]
            progress = reporter()
            progress.start("land", estimate_total(paths).files)
            known = stages.known_files(conn, input_roots(paths))
            inputs = iter_inputs(paths, _ingest_limits(settings.max_archive_bytes), known)
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
                **_table_metadata(_RAW_TABLE),
                "dagster/row_count": reports.raw_document_count(conn),
                "dagster/partition_row_count": landed.documents_seen,
                "batch_id": batch_id,
                "documents_seen": landed.documents_seen,
                "documents_new": landed.documents_new,
                "documents_not_read": landed.documents_not_read,
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
    if index is None:
        context.log.info("Data Docs left as they were: no suite ran (nothing new to check).")
        return ""
    context.log.info(f"Data Docs: {index}")
    return str(index)


def _ingest_limits(max_archive_bytes: int | None) -> IngestLimits:
    if max_archive_bytes is None:
        return IngestLimits()
    return IngestLimits(max_archive_bytes=max_archive_bytes)


@_stage_asset(
    "parsed",
    _STAGED_TABLE,
    _blocking_check(
        PARSED_CHECK,
        "parsed_cables",
        "The parsed Great Expectations suites (expectations/parsed_*.json) on the batch's "
        "staged rows: cables failing a row-level expectation are quarantined; integrity "
        "failures or a reject rate above CABLES_REJECT_RATE_THRESHOLD block the batch.",
    ),
    "The batch's new documents parsed into cables (with entities) in worker processes and "
    "staged in etl.stage_* tables; unparseable documents and cables that fail a withholding "
    "expectation become rejects, cables failing a flagging one are published with the "
    "failure recorded (public.cable_quality_flags).",
    deps=[raw_documents],
)
def parsed_cables(
    context: dg.AssetExecutionContext,
    config: LoadConfig,
    warehouse: WarehouseResource,
    quality: QualityResource,
) -> Iterator[dg.MaterializeResult[Any]]:
    started = time.perf_counter()
    with warehouse.connect() as reader, warehouse.connect() as writer:
        batch_id = _resumed_batch(writer, context, warehouse).batch_id
        pending_total = stages.begin_parse(writer, batch_id)
        staged, rejected = _parse_into_stage(
            reader, writer, batch_id, pending_total, _parse_workers(config, pending_total)
        )
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
                **_table_metadata(_STAGED_TABLE),
                "dagster/partition_row_count": reports.staged_cable_count(writer, batch_id),
                "batch_id": batch_id,
                "documents_parsed": staged + rejected,
                "cables_staged": staged - len(report.quarantined_documents()),
                "parse_rejects": rejected,
                "withheld": len(report.quarantined_documents()),
                "flagged": len({f.cable_id for f in report.flags if f.cable_id}),
                "cables_per_second": round((staged + rejected) / parse_seconds, 1)
                if parse_seconds
                else 0.0,
            },
        )


def _parse_into_stage(
    reader: psycopg.Connection,
    writer: psycopg.Connection,
    batch_id: int,
    pending_total: int,
    workers: int | None,
    *,
    unhandled: bool = False,
) -> tuple[int, int]:
    """Parse the batch's pending documents (``unhandled``: only those it has neither staged nor
    rejected) into staging; returns (documents staged, documents rejected)."""
    progress = reporter()
    progress.start("parse", pending_total)
    in_flight: deque[PendingDocument] = deque()

    def work_items() -> Iterator[WorkItem]:
        for doc in iter_pending_documents(reader, batch_id, unhandled=unhandled):
            in_flight.append(doc)
            yield WorkItem(doc.document_id, doc.fmt, doc.data, doc.source_path, doc.sha256)

    staged = rejected = 0
    for outcome in parse_stream(work_items(), batch_id, workers=workers):
        rejects = _parse_rejects([in_flight.popleft() for _ in outcome.results], outcome)
        stages.stage_chunk(writer, batch_id, outcome.staged, rejects)
        staged += len(outcome.results) - len(rejects)
        rejected += len(rejects)
        progress.advance(len(outcome.results))
    progress.finish()
    return staged, rejected


def _parse_lost_staging(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    quality: QualityResource,
    conn: psycopg.Connection,
    batch_id: int,
) -> None:
    """A publish step that finds documents of its batch neither staged nor rejected (their
    staging was lost, e.g. purged while the run was down) parses and checks them again first:
    publishing without them would mark them parsed with no cable."""
    lost = stages.unstaged_documents(conn, batch_id)
    if not lost:
        return
    context.log.warning(
        f"Batch {batch_id}: {lost} documents had lost their staging; parsing again."
    )
    started = time.perf_counter()
    with warehouse.connect() as reader:
        _parse_into_stage(
            reader, conn, batch_id, lost, _parse_workers(LoadConfig(), lost), unhandled=True
        )
    stages.finish_parse(conn, batch_id, started=started)
    check_started = time.perf_counter()
    report = quality.check_parsed(conn, batch_id)
    stages.record_checks(
        conn, batch_id, report, step="checks_parsed", seconds=time.perf_counter() - check_started
    )
    if report.blocking_reason:
        stages.block_batch(conn, batch_id, report.blocking_reason, clear_staged=True)
        _build_data_docs(context, quality)
        raise dg.Failure(description=report.blocking_reason, allow_retries=False)


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


#: What each published table is built from, besides the parsed stage (the graph's edges).
_SUMMARY_SOURCES = {
    "cable_citation_counts": ("cable_references", "cables"),
    "entity_summary": ("entities", "cables"),
    "stations": ("cables", "tags"),
}
_PUBLISHED = {name: describe_table(name) for name in PUBLISHED_TABLES}
_TABLE_CHECKS = {check.name: check for check in TABLE_CHECKS}


def _published_spec(name: str) -> dg.AssetSpec:
    table = _PUBLISHED[name]
    summary = name in _SUMMARY_SOURCES
    return dg.AssetSpec(
        name,
        deps=_SUMMARY_SOURCES.get(name, ("parsed_cables",)),
        group_name="summaries" if summary else "warehouse",
        description=table.description,
        metadata=_table_metadata(table),
        kinds={"postgres"},
    )


@dg.multi_asset(
    name="publish_warehouse",
    partitions_def=batches,
    specs=[_published_spec(name) for name in PUBLISHED_TABLES],
    check_specs=[
        _blocking_check(
            WAREHOUSE_CHECK,
            "cables",
            "The warehouse Great Expectations suites (expectations/warehouse_*.json) on the "
            "batch's cables and their child rows, inside the publish transaction: any failure "
            "rolls the whole batch back.",
        ),
        *(
            dg.AssetCheckSpec(check.name, asset=check.table, description=check.description)
            for check in TABLE_CHECKS
        ),
    ],
    description="Publishes the batch in one transaction: new cables inserted, changed ones "
    "replaced with all their child rows, unchanged ones left alone, and the summaries kept "
    "current for what changed. Warehouse expectations run inside the transaction; a failure "
    "rolls the whole batch back. Each table then runs its own check on what was published.",
)
def publish_warehouse(
    context: dg.AssetExecutionContext,
    warehouse: WarehouseResource,
    quality: QualityResource,
) -> Iterator[dg.MaterializeResult[Any] | dg.AssetCheckResult]:
    started = time.perf_counter()
    with warehouse.connect() as conn:
        batch_id = _resumed_batch(conn, context, warehouse).batch_id
        _parse_lost_staging(context, warehouse, quality, conn, batch_id)
        checked: list[StageReport] = []

        def check_warehouse(tx: psycopg.Connection) -> "StageReport":
            checked.append(quality.check_warehouse(tx, batch_id))
            return checked[-1]

        try:
            published = stages.publish_checked(
                conn, batch_id, check_warehouse, started=started, on_step=reporter().step
            )
        except PublishBlocked as blocked:
            _build_data_docs(context, quality)
            # The failed check shows on the cables asset although nothing was materialised.
            for report in checked[-1:]:
                yield _check_result(WAREHOUSE_CHECK, report, asset="cables")
            raise dg.Failure(
                description=f"Batch {batch_id} was not published: {blocked}",
                metadata={"batch_id": batch_id},
                allow_retries=False,
            ) from None
        tables = stages.check_published_tables(conn, batch_id)
        docs_started = time.perf_counter()
        data_docs = _build_data_docs(context, quality)
        record_timing(conn, batch_id, "data_docs", time.perf_counter() - docs_started)
    counts = published.counts
    batch_metadata: dict[str, Any] = {
        "batch_id": batch_id,
        "cables_new": counts.cables_new,
        "cables_updated": counts.cables_updated,
        "cables_unchanged": published.cables_unchanged,
        "cables_superseded": counts.cables_superseded,
        "data_docs": data_docs,
        "preview": dg.MetadataValue.md(
            "| cable_id | created | origin | subject |\n|---|---|---|---|\n"
            + "\n".join(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in published.preview)
        ),
    }
    outcomes_by_table: dict[str, list[TableCheckOutcome]] = {}
    for outcome in tables.checks:
        outcomes_by_table.setdefault(outcome.check.table, []).append(outcome)
    for name in PUBLISHED_TABLES:
        check_results = [_table_check_result(o) for o in outcomes_by_table.get(name, [])]
        extra: dict[str, Any] = {"batch_id": batch_id}
        if name == "cables":
            extra = batch_metadata
            check_results += [
                _check_result(WAREHOUSE_CHECK, report, asset="cables")
                for report in published.reports[-1:]
            ]
        elif name in _SUMMARY_SOURCES:
            extra["summaries"] = counts.summaries_mode
        yield dg.MaterializeResult(
            asset_key=name,
            metadata={
                **_table_metadata(_PUBLISHED[name]),
                "dagster/row_count": tables.row_counts[name],
                **extra,
            },
            check_results=check_results,
        )


def _table_check_result(outcome: TableCheckOutcome) -> dg.AssetCheckResult:
    return dg.AssetCheckResult(
        asset_key=outcome.check.table,
        check_name=outcome.check.name,
        passed=outcome.passed,
        severity=dg.AssetCheckSeverity.ERROR,
        description=_TABLE_CHECKS[outcome.check.name].description,
        metadata={
            "checked": outcome.checked,
            "failing": outcome.failing,
            "examples": ", ".join(outcome.examples) or "none",
        },
    )


ALL_ASSETS = [raw_documents, parsed_cables, publish_warehouse]
