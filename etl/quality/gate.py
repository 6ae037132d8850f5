"""The quality gate: Great Expectations suites run on each stage of a batch.

One ``QualityGate`` holds one ephemeral GX context for a whole run; GX is imported the first
time a check runs (the import costs ~4 s, so nothing pays it merely by importing this module).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import psycopg
from psycopg.types.json import Jsonb

from etl.config import Settings
from etl.parsing.records import PARSER_VERSION
from etl.quality import frames
from etl.quality.report import ExpectationOutcome, RowFailure, Stage, StageReport
from etl.quality.suites import DEFAULT_SUITES_DIR, SuiteFile, load_suite_files
from etl.warehouse.rows import ALL_TABLES

#: GX result keys that grow with the data; the bounded ``partial_*`` versions are kept.
_UNBOUNDED_RESULT_KEYS = ("unexpected_list", "unexpected_index_list", "unexpected_index_query")
_DOCS_SITE = "cables"


class QualityGate:
    """Runs the expectation suites of ``expectations/`` against one batch's data."""

    def __init__(
        self,
        *,
        suites_dir: Path = DEFAULT_SUITES_DIR,
        data_docs_dir: Path | None = None,
        max_reject_rate: float | None = None,
        raw_chunk_size: int = 500,
    ) -> None:
        settings: Settings | None = None
        if data_docs_dir is None or max_reject_rate is None:
            settings = Settings.from_env()
        self.suites: dict[str, SuiteFile] = load_suite_files(suites_dir)
        self.data_docs_dir = (
            data_docs_dir if data_docs_dir is not None else _settings(settings).home / "data_docs"
        )
        self.max_reject_rate = (
            max_reject_rate
            if max_reject_rate is not None
            else _settings(settings).reject_rate_threshold
        )
        self.raw_chunk_size = raw_chunk_size
        self._context: Any = None
        self._validations: dict[str, Any] = {}

    # --- the three stages ---------------------------------------------------------------

    def check_raw(
        self, conn: psycopg.Connection[Any], batch_id: int, *, may_be_empty: bool = False
    ) -> StageReport:
        """Landed documents of the batch: present, intact, decodable, sensible size.
        ``may_be_empty``: a batch with no document is fine (a reconcile with nothing to
        re-parse), not an input that yielded nothing."""
        started = time.perf_counter()
        frame = frames.raw_documents_frame(conn, batch_id, self.raw_chunk_size)
        report = self._run("raw", batch_id, {"raw_documents": frame}, may_be_empty=may_be_empty)
        report.seconds = time.perf_counter() - started
        return report

    def check_parsed(self, conn: psycopg.Connection[Any], batch_id: int) -> StageReport:
        """Staged rows of the batch. Failing cables become ``row_failures`` (to quarantine);
        the batch is blocked by integrity failures or a reject rate above the threshold."""
        started = time.perf_counter()
        report = self._run("parsed", batch_id, frames.parsed_frames(conn, batch_id))
        if report.blocking_reason is None:
            rate, rejected, total = self._reject_rate(conn, batch_id, report)
            if rate > self.max_reject_rate:
                report.blocking_reason = (
                    f"{rejected} of {total} documents of the batch were rejected "
                    f"({rate:.0%}), more than the allowed {self.max_reject_rate:.0%} "
                    "(CABLES_REJECT_RATE_THRESHOLD)."
                )
        report.seconds = time.perf_counter() - started
        return report

    def check_warehouse(self, conn: psycopg.Connection[Any], batch_id: int) -> StageReport:
        """Analyst tables after the batch's upserts (call inside the publish transaction,
        before COMMIT): any failure blocks the batch."""
        started = time.perf_counter()
        report = self._run("warehouse", batch_id, frames.warehouse_frames(conn, batch_id))
        report.seconds = time.perf_counter() - started
        return report

    # --- acting on a report ---------------------------------------------------------------

    def quarantine(
        self, conn: psycopg.Connection[Any], batch_id: int, failures: Iterable[RowFailure]
    ) -> int:
        """Remove the failing documents' rows from staging and list each document once in
        ``etl.rejects`` (stage ``quality``) with the expectations it failed. A document
        quarantined before parsing is marked handled so the parse stage skips it.
        Returns the number of documents rejected."""
        by_document: dict[int, list[RowFailure]] = {}
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
            paths = dict(
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

    def persist(self, conn: psycopg.Connection[Any], batch_id: int, report: StageReport) -> None:
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

    def build_data_docs(self, target_dir: Path | None = None) -> Path:
        """Render Data Docs (static HTML) of this run's validations; returns ``index.html``."""
        context = self._gx_context()
        target = (target_dir or self.data_docs_dir).resolve()
        site = _DOCS_SITE
        if target != self.data_docs_dir.resolve():
            site = f"{_DOCS_SITE}_{abs(hash(str(target)))}"
            if site not in context.list_data_docs_sites():
                context.add_data_docs_site(site, _site_config(target))
        context.build_data_docs(site_names=[site])
        return target / "index.html"

    # --- GX plumbing ----------------------------------------------------------------------

    def _gx_context(self) -> Any:
        if self._context is None:
            import great_expectations as gx
            from great_expectations.data_context.types.base import (
                DataContextConfig,
                InMemoryStoreBackendDefaults,
                ProgressBarsConfig,
            )

            config = DataContextConfig(
                store_backend_defaults=InMemoryStoreBackendDefaults(),
                progress_bars=ProgressBarsConfig(globally=False),
            )
            context = gx.get_context(mode="ephemeral", project_config=config)
            context.add_data_docs_site(_DOCS_SITE, _site_config(self.data_docs_dir.resolve()))
            self._context = context
        return self._context

    def _validation(self, suite: SuiteFile) -> Any:
        if suite.name not in self._validations:
            import great_expectations as gx

            context = self._gx_context()
            gx_suite = gx.ExpectationSuite(**json.loads(json.dumps(suite.document)))
            # GX logs and drops an expectation it cannot build; a silent drop would weaken
            # the gate, so it is an error here.
            if len(gx_suite.expectations) != suite.expectation_count:
                raise ValueError(
                    f"Suite {suite.name}: GX accepted {len(gx_suite.expectations)} of "
                    f"{suite.expectation_count} expectations; see the log for the invalid one"
                )
            gx_suite = context.suites.add(gx_suite)
            source = context.data_sources.add_or_update_pandas(f"frames_{suite.name}")
            batch = source.add_dataframe_asset(suite.name).add_batch_definition_whole_dataframe(
                "batch"
            )
            self._validations[suite.name] = context.validation_definitions.add(
                gx.ValidationDefinition(name=suite.name, data=batch, suite=gx_suite)
            )
        return self._validations[suite.name]

    def _run(
        self,
        stage: Stage,
        batch_id: int,
        data: dict[str, pd.DataFrame],
        *,
        may_be_empty: bool = False,
    ) -> StageReport:
        report = StageReport(stage=stage, batch_id=batch_id)
        blocking: list[str] = []
        for suite in self.suites.values():
            if suite.stage != stage:
                continue
            if suite.name not in data:
                raise ValueError(f"Suite {suite.name} has no frame at stage {stage}")
            frame = data[suite.name]
            if frame.empty and (stage != "raw" or may_be_empty):
                # Nothing of this batch reached this stage (e.g. a reload of known inputs):
                # aggregates such as a mean are undefined, and there is no row to fault.
                report.outcomes.extend(_not_applicable(suite))
                continue
            result = self._validation(suite).run(
                batch_parameters={"dataframe": frame},
                expectation_parameters={"now": datetime.now(UTC).isoformat()},
                result_format=_result_format(suite, frame),
            )
            for expectation_result in result.results:
                outcome, failures, block = _interpret(suite.name, expectation_result)
                report.outcomes.append(outcome)
                report.row_failures.extend(failures)
                if block:
                    blocking.append(block)
        if blocking:
            report.blocking_reason = " ".join(blocking)
        return report

    def _reject_rate(
        self, conn: psycopg.Connection[Any], batch_id: int, report: StageReport
    ) -> tuple[float, int, int]:
        row = conn.execute(
            "SELECT (SELECT count(*) FROM etl.batch_documents WHERE batch_id = %(b)s), "
            "(SELECT count(*) FROM etl.rejects WHERE batch_id = %(b)s AND document_id IS NULL),"
            " (SELECT array_agg(DISTINCT document_id) FROM etl.rejects "
            "  WHERE batch_id = %(b)s AND document_id IS NOT NULL)",
            {"b": batch_id},
        ).fetchone()
        documents, unlanded, rejected_ids = row if row else (0, 0, None)
        rejected_documents = set(rejected_ids or ()) | report.quarantined_documents()
        total = int(documents) + int(unlanded)
        rejected = len(rejected_documents) + int(unlanded)
        return (rejected / total if total else 0.0), rejected, total


def _not_applicable(suite: SuiteFile) -> list[ExpectationOutcome]:
    return [
        ExpectationOutcome(
            suite=suite.name,
            expectation=str(expectation["type"]),
            kwargs=_jsonable(expectation.get("kwargs") or {}),
            column=(expectation.get("kwargs") or {}).get("column"),
            success=True,
            observed_value="no rows in this batch",
            policy=expectation["meta"]["on_failure"],
            failure=expectation["meta"]["failure"],
        )
        for expectation in suite.document["expectations"]
    ]


def _settings(settings: Settings | None) -> Settings:
    return settings if settings is not None else Settings.from_env()


def _site_config(directory: Path) -> Any:  # GX wants its own TypedDict
    return {
        "class_name": "SiteBuilder",
        "store_backend": {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(directory),
        },
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    }


def _result_format(suite: SuiteFile, frame: pd.DataFrame) -> dict[str, Any]:
    result_format: dict[str, Any] = {"result_format": "COMPLETE"}
    index_columns = [column for column in suite.index_columns if column in frame.columns]
    if index_columns:
        result_format["unexpected_index_column_names"] = index_columns
    return result_format


def _jsonable(value: Any) -> Any:
    # NaN / NaT (missing values in pandas) are not JSON: PostgreSQL's jsonb refuses them.
    return json.loads(json.dumps(value, default=str), parse_constant=lambda _: None)


def _observed(result: dict[str, Any]) -> str | None:
    if "observed_value" in result:
        return None if result["observed_value"] is None else str(result["observed_value"])
    if "unexpected_count" in result:
        return f"{result['unexpected_count']} of {result.get('element_count', '?')} rows"
    return None


def _interpret(
    suite_name: str, expectation_result: Any
) -> tuple[ExpectationOutcome, list[RowFailure], str | None]:
    """Turn one GX result into an outcome, its row failures and a blocking reason (or None).
    Policy and wording come from the expectation's own meta: GX does not report results in
    the order of the suite file."""
    config = expectation_result.expectation_config
    meta = config.meta or {}
    kwargs = {
        key: value
        for key, value in config.kwargs.items()
        if key not in ("batch_id", "result_format")
    }
    column = kwargs.get("column")
    result = dict(expectation_result.result or {})
    exception = (expectation_result.exception_info or {}).get("exception_message")
    outcome = ExpectationOutcome(
        suite=suite_name,
        expectation=config.type,
        kwargs=_jsonable(kwargs),
        column=column,
        success=bool(expectation_result.success),
        observed_value=f"error: {exception}" if exception else _observed(result),
        policy=meta["on_failure"],
        failure=meta["failure"],
        details=_jsonable({k: v for k, v in result.items() if k not in _UNBOUNDED_RESULT_KEYS}),
    )
    if outcome.success:
        return outcome, [], None
    block_reason = f"{outcome.failure} [{outcome.label}: {outcome.observed_value}]."
    # An expectation that could not be evaluated says nothing about the rows: never let it
    # pass as a warning or an empty quarantine.
    if exception or outcome.policy == "block":
        return outcome, [], block_reason
    if outcome.policy == "warn":
        return outcome, [], None
    unexpected = result.get("unexpected_index_list")
    if not unexpected:
        return outcome, [], block_reason
    failures = [_row_failure(outcome, row) for row in unexpected]
    return outcome, failures, None


def _row_failure(outcome: ExpectationOutcome, row: dict[str, Any]) -> RowFailure:
    document_id = row.get("document_id")
    columns = [outcome.column] if outcome.column else []
    columns += [c for c in ("column_A", "column_B") if c in outcome.kwargs]
    values = ", ".join(
        f"{name}={row[name]}"
        for name in (outcome.kwargs.get(c, c) for c in columns)
        if name in row and not pd.isna(row[name])
    )
    return RowFailure(
        cable_id=row.get("cable_id"),
        document_id=int(document_id) if document_id is not None else None,
        expectation=outcome.label,
        reason=f"{outcome.failure}{f' ({values})' if values else ''}.",
    )
