"""The quality gate: Great Expectations suites run on each stage of a batch.

One ``QualityGate`` holds one ephemeral GX context for a whole run; GX is imported the first
time a check runs (the import costs ~4 s, so nothing pays it merely by importing this module).
"""

from __future__ import annotations

import contextlib
import copy
import json
import time
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import psycopg

from etl.config import Settings
from etl.quality import frames
from etl.quality.report import (
    ROW_POLICIES,
    ExpectationOutcome,
    RowFailure,
    Stage,
    StageReport,
)
from etl.quality.skipping import reject_rate, rejected_too_many
from etl.quality.suites import DEFAULT_SUITES_DIR, SuiteFile, load_suite_files

#: GX result keys that grow with the data; the bounded ``partial_*`` versions are kept.
_UNBOUNDED_RESULT_KEYS = ("unexpected_list", "unexpected_index_list", "unexpected_index_query")
_DOCS_SITE = "cables"
#: Length of the bounded lists GX keeps (``partial_unexpected_list`` ...), its default.
_PARTIAL_COUNT = 20
#: Map expectations that compare rows with each other: exact chunk by chunk only when their
#: columns include the chunks' partition key; otherwise they run on the whole batch.
_CROSS_ROW = frozenset(
    {
        "expect_column_values_to_be_unique",
        "expect_compound_columns_to_be_unique",
        "expect_multicolumn_values_to_be_unique",
    }
)


class QualityGate:
    """Runs the expectation suites of ``expectations/`` against one batch's data."""

    def __init__(
        self,
        *,
        suites_dir: Path = DEFAULT_SUITES_DIR,
        data_docs_dir: Path | None = None,
        max_reject_rate: float | None = None,
        raw_chunk_size: int = 500,
        chunk_size: int = frames.DEFAULT_CHUNK_SIZE,
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
        self.chunk_size = chunk_size
        self._context: Any = None
        self._batch_definitions: dict[str, Any] = {}
        self._gx_suites: dict[str, Any] = {}
        self._plans: dict[tuple[str, str], tuple[Any, Any]] = {}
        #: Called with the rows of each chunk validated (progress; may raise to stop).
        self.progress: Callable[[int], None] | None = None

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
        """Staged rows of the batch. Cables failing a withholding expectation become
        ``row_failures`` (to withhold), those failing a flagging one ``flags`` (published with
        the failure recorded); the batch is blocked by integrity failures or a reject rate
        above the threshold."""
        started = time.perf_counter()
        report = self._run(
            "parsed", batch_id, frames.parsed_frames(conn, batch_id, self.chunk_size)
        )
        if report.blocking_reason is None:
            rate, rejected, total = reject_rate(conn, batch_id, report.quarantined_documents())
            if rate > self.max_reject_rate:
                report.blocking_reason = rejected_too_many(
                    rejected, total, rate, self.max_reject_rate
                )
        report.seconds = time.perf_counter() - started
        return report

    def check_warehouse(self, conn: psycopg.Connection[Any], batch_id: int) -> StageReport:
        """Analyst tables after the batch's upserts (call inside the publish transaction,
        before COMMIT). A flagging failure becomes ``flags`` of the published cable; any other
        failure blocks the batch (a cable is withheld at the parsed stage: one that fails a
        withholding expectation here has already been upserted, so the batch is rolled back)."""
        started = time.perf_counter()
        report = self._run(
            "warehouse", batch_id, frames.warehouse_frames(conn, batch_id, self.chunk_size)
        )
        report.seconds = time.perf_counter() - started
        return report

    # --- Data Docs --------------------------------------------------------------------------

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

    def _batch_definition(self, suite: SuiteFile) -> Any:
        """The suite registered in the context (for Data Docs) and a dataframe batch for it."""
        if suite.name not in self._batch_definitions:
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
            self._gx_suites[suite.name] = context.suites.add(gx_suite)
            source = context.data_sources.add_or_update_pandas(f"frames_{suite.name}")
            self._batch_definitions[suite.name] = source.add_dataframe_asset(
                suite.name
            ).add_batch_definition_whole_dataframe("batch")
        return self._batch_definitions[suite.name]

    def _gx_suite(self, suite: SuiteFile) -> Any:
        """The GX suite built from ``suite`` (every expectation accepted)."""
        self._batch_definition(suite)
        return self._gx_suites[suite.name]

    def _subsets(self, suite: SuiteFile, partition_key: str) -> tuple[Any, Any]:
        """``suite`` split into the expectations run chunk by chunk and those run on the whole
        batch (either None when empty)."""
        key = (suite.name, partition_key)
        if key not in self._plans:
            import great_expectations as gx

            per_chunk, whole_batch = _split(self._gx_suite(suite).expectations, partition_key)
            self._plans[key] = tuple(  # type: ignore[assignment]
                gx.ExpectationSuite(name=suite.name, expectations=[copy.copy(e) for e in part])
                if part
                else None
                for part in (per_chunk, whole_batch)
            )
        return self._plans[key]

    def _validate(self, suite: SuiteFile, subset: Any, frame: pd.DataFrame, now: str) -> list[Any]:
        """GX results of ``subset`` (part of ``suite``) on ``frame``, not stored: only the
        merged result of a whole batch goes to the Data Docs."""
        from great_expectations.validator.v1_validator import Validator

        validator = Validator(
            batch_definition=self._batch_definition(suite),
            batch_parameters={"dataframe": frame},
            result_format=_result_format(suite, frame),
        )
        result = validator.validate_expectation_suite(subset, {"now": now})
        return list(result.results)

    def _validate_suite(
        self, suite: SuiteFile, source: pd.DataFrame | frames.FrameChunks, *, empty_is_fine: bool
    ) -> list[tuple[Any, list[dict[str, Any]]]] | None:
        """Validate one suite chunk by chunk; one merged GX result per expectation, with the
        rows to withhold or flag if it fails. None: no row and ``empty_is_fine``."""
        chunks = (
            source if isinstance(source, frames.FrameChunks) else frames.FrameChunks("", [source])
        )
        full = self._gx_suite(suite)
        per_chunk, whole_batch = self._subsets(suite, chunks.partition_key)
        whole_columns = _columns(whole_batch.expectations) if whole_batch else None
        now = datetime.now(UTC).isoformat()
        merges: dict[str, _MapMerge] = {}
        narrow: list[pd.DataFrame] = []
        template: pd.DataFrame | None = None
        rows = 0

        def validate_chunk(frame: pd.DataFrame) -> None:
            for result in self._validate(suite, per_chunk, frame, now) if per_chunk else []:
                key = _key(result.expectation_config)
                merges.setdefault(key, _MapMerge(result.expectation_config)).add(result)
            if whole_batch:
                columns = list(frame.columns) if whole_columns is None else whole_columns
                # A table-level expectation reads no column but needs the rows.
                # The index columns too: a failing row must name its cable and document.
                wanted = [*columns, *(c for c in suite.index_columns if c not in columns)]
                keep = [c for c in wanted if c in frame.columns] or list(frame.columns[:1])
                narrow.append(frame[keep].copy())

        for frame in chunks.chunks:
            if template is None:
                template = frame.iloc[0:0]
            if frame.empty:
                continue
            # Global row numbers, so positional unexpected indexes mean the same as unchunked.
            frame.index = pd.RangeIndex(rows, rows + len(frame))
            rows += len(frame)
            validate_chunk(frame)
            if self.progress is not None:
                self.progress(len(frame))
        if rows == 0:
            if empty_is_fine:
                return None
            validate_chunk(template if template is not None else pd.DataFrame())
        results: list[tuple[Any, list[dict[str, Any]]]] = [
            (merge.result(), merge.rows) for merge in merges.values()
        ]
        if whole_batch:
            batch_frame = pd.concat(narrow, ignore_index=True) if len(narrow) > 1 else narrow[0]
            narrow.clear()
            results += [
                (result, list((result.result or {}).get("unexpected_index_list") or ()))
                for result in self._validate(suite, whole_batch, batch_frame, now)
            ]
        order = {_key(e.configuration): i for i, e in enumerate(full.expectations)}
        results.sort(key=lambda item: order.get(_key(item[0].expectation_config), len(order)))
        self._store(suite, [result for result, _ in results])
        return results

    def _store(self, suite: SuiteFile, results: list[Any]) -> None:
        """Keep one validation result per suite and stage for the Data Docs (bounded: the
        unexpected lists are cut to their partial versions)."""
        import great_expectations as gx
        from great_expectations.core import ExpectationSuiteValidationResult
        from great_expectations.core.run_identifier import RunIdentifier
        from great_expectations.data_context.types.resource_identifiers import (
            ExpectationSuiteIdentifier,
            ValidationResultIdentifier,
        )

        for result in results:
            result.result = {
                k: v for k, v in (result.result or {}).items() if k not in _UNBOUNDED_RESULT_KEYS
            }
        successful = sum(1 for result in results if result.success)
        run_id = RunIdentifier(run_time=datetime.now(UTC))
        suite_result = ExpectationSuiteValidationResult(
            success=successful == len(results),
            results=results,
            suite_name=suite.name,
            statistics={
                "evaluated_expectations": len(results),
                "successful_expectations": successful,
                "unsuccessful_expectations": len(results) - successful,
                "success_percent": 100.0 * successful / len(results) if results else None,
            },
            meta={
                "great_expectations_version": gx.__version__,
                "run_id": run_id,
                "validation_time": run_id.run_time,
            },
        )
        suite_id = ExpectationSuiteIdentifier(name=suite.name)
        self._gx_context().validation_results_store.store_validation_results(
            suite_validation_result=suite_result,
            suite_validation_result_identifier=ValidationResultIdentifier(
                expectation_suite_identifier=suite_id,
                run_id=run_id,
                batch_identifier=f"frames_{suite.name}-{suite.name}",
            ),
            expectation_suite_identifier=suite_id,
        )

    def _run(
        self,
        stage: Stage,
        batch_id: int,
        data: Mapping[str, pd.DataFrame | frames.FrameChunks],
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
            # Nothing of this batch reached this stage (e.g. a reload of known inputs):
            # aggregates such as a mean are undefined, and there is no row to fault.
            results = self._validate_suite(
                suite, data[suite.name], empty_is_fine=stage != "raw" or may_be_empty
            )
            if results is None:
                report.outcomes.extend(_not_applicable(suite))
                continue
            for expectation_result, rows in results:
                outcome, failures, block = _interpret(stage, suite.name, expectation_result, rows)
                report.outcomes.append(outcome)
                if outcome.policy == "flag":
                    report.flags.extend(failures)
                else:
                    report.row_failures.extend(failures)
                if block:
                    blocking.append(block)
        if blocking:
            report.blocking_reason = " ".join(blocking)
        return report


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
    result_format: dict[str, Any] = {
        "result_format": "COMPLETE",
        "partial_unexpected_count": _PARTIAL_COUNT,
    }
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
    stage: Stage, suite_name: str, expectation_result: Any, unexpected: list[dict[str, Any]]
) -> tuple[ExpectationOutcome, list[RowFailure], str | None]:
    """Turn one GX result into an outcome, its failing rows (to withhold or flag, by the
    outcome's policy) and a blocking reason (or None). Policy and wording come from the
    expectation's own meta: GX does not report results in the order of the suite file."""
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
    # pass as a warning or an empty withholding. A withholding failure after the upserts
    # (warehouse stage) cannot withhold any more: it blocks.
    if exception or outcome.policy == "block":
        return outcome, [], block_reason
    if outcome.policy == "withhold" and stage == "warehouse":
        return outcome, [], block_reason
    if outcome.policy == "warn":
        return outcome, [], None
    if not unexpected or not isinstance(unexpected[0], dict):
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
        failure=outcome.failure,
        value=values or None,
    )


def _key(config: Any) -> str:
    """Identity of an expectation across chunks (results do not come in suite order)."""
    kwargs = {k: v for k, v in config.kwargs.items() if k not in ("batch_id", "result_format")}
    return json.dumps({"type": config.type, "kwargs": kwargs}, sort_keys=True, default=str)


def _split(expectations: list[Any], partition_key: str) -> tuple[list[Any], list[Any]]:
    """Expectations exact chunk by chunk (row by row, or comparing rows of one partition) and
    those that need the whole batch (aggregates such as a mean or the row count)."""
    from great_expectations.expectations.expectation import (
        ColumnMapExpectation,
        ColumnPairMapExpectation,
        MulticolumnMapExpectation,
    )

    per_chunk: list[Any] = []
    whole_batch: list[Any] = []
    for expectation in expectations:
        is_map = isinstance(
            expectation, ColumnMapExpectation | ColumnPairMapExpectation | MulticolumnMapExpectation
        )
        columns = _columns([expectation]) or []
        cross_row = expectation.expectation_type in _CROSS_ROW
        if is_map and (not cross_row or partition_key in columns or not partition_key):
            per_chunk.append(expectation)
        else:
            whole_batch.append(expectation)
    return per_chunk, whole_batch


def _columns(expectations: list[Any]) -> list[str] | None:
    """Columns the expectations read (None: cannot tell, keep all). A table-level one reads
    none but needs rows, so an empty list keeps one column."""
    names: dict[str, None] = {}
    for expectation in expectations:
        kwargs = expectation.configuration.kwargs
        for key in ("column", "column_A", "column_B"):
            if isinstance(kwargs.get(key), str):
                names[kwargs[key]] = None
        for name in kwargs.get("column_list") or ():
            names[name] = None
        condition = kwargs.get("row_condition")
        if condition:
            found = _condition_columns(condition)
            if found is None:
                return None
            names.update(dict.fromkeys(found))
    return list(names)


def _condition_columns(condition: Any) -> list[str] | None:
    """Column names of a structured GX row condition (None if its shape is unknown)."""
    if isinstance(condition, dict):
        column = condition.get("column")
        if isinstance(column, dict) and isinstance(column.get("name"), str):
            return [column["name"]]
        found: list[str] = []
        for key in ("conditions", "left", "right"):
            value = condition.get(key)
            for item in value if isinstance(value, list) else [value] if value else []:
                sub = _condition_columns(item)
                if sub is None:
                    return None
                found += sub
        return found or None
    return None


@dataclass(slots=True)
class _MapMerge:
    """One map expectation's results over the chunks of a batch, merged the way GX would have
    computed them on the whole batch: counts summed, success from the summed counts (so
    ``mostly`` is judged on the batch), partial lists cut at the same length."""

    config: Any
    element_count: int = 0
    missing_count: int | None = 0
    unexpected_count: int | None = 0
    partial_list: list[Any] | None = None
    partial_index_list: list[Any] | None = None
    index_column_names: Any = None
    value_counts: Counter[Any] | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)
    exception_info: dict[str, Any] | None = None
    unhashable: bool = False

    def add(self, result: Any) -> None:
        exception = result.exception_info or {}
        if exception.get("raised_exception") and self.exception_info is None:
            self.exception_info = dict(exception)
        found = dict(result.result or {})
        self.element_count += int(found.get("element_count") or 0)
        if self.missing_count is not None:
            missing = found.get("missing_count")
            self.missing_count = None if missing is None else self.missing_count + int(missing)
        if self.unexpected_count is not None:
            unexpected = found.get("unexpected_count")
            self.unexpected_count = (
                None if unexpected is None else self.unexpected_count + int(unexpected)
            )
        if "unexpected_index_column_names" in found:
            self.index_column_names = found["unexpected_index_column_names"]
        if "partial_unexpected_list" in found:
            self.partial_list = ((self.partial_list or []) + found["partial_unexpected_list"])[
                :_PARTIAL_COUNT
            ]
        if "partial_unexpected_index_list" in found:
            self.partial_index_list = (
                (self.partial_index_list or []) + found["partial_unexpected_index_list"]
            )[:_PARTIAL_COUNT]
        values = found.get("unexpected_list")
        if values is not None and not self.unhashable:
            from great_expectations.constants import MAX_RESULT_RECORDS

            if self.value_counts is None:
                self.value_counts = Counter()
            # GX counts the first MAX_RESULT_RECORDS unexpected values of the batch (each
            # chunk's list holds its first ones, in row order): so do these counts.
            room = MAX_RESULT_RECORDS - self.value_counts.total()
            try:
                self.value_counts.update(
                    tuple(v.values()) if isinstance(v, dict) else v for v in values[: max(room, 0)]
                )
            except TypeError:  # GX then leaves partial_unexpected_counts out
                self.unhashable = True
        # Only a withholding or flagging expectation needs its rows (one per cable).
        if (self.config.meta or {}).get("on_failure") in ROW_POLICIES:
            self.rows.extend(found.get("unexpected_index_list") or ())

    def result(self) -> Any:
        """The merged GX result (bounded: no full unexpected lists)."""
        from great_expectations.core import ExpectationValidationResult

        nonnull = self.element_count - (self.missing_count or 0)
        mostly = float(self.config.kwargs.get("mostly", 1.0))
        if self.exception_info:
            success = False
        elif self.unexpected_count is None or self.element_count == 0 or nonnull == 0:
            success = True  # vacuously, as GX decides
        else:
            success = (nonnull - self.unexpected_count) / nonnull >= mostly
        result: dict[str, Any] = {
            "element_count": self.element_count,
            "unexpected_count": self.unexpected_count,
        }
        total = nonmissing = missing_percent = None
        if self.unexpected_count is not None and self.element_count > 0:
            total = self.unexpected_count / self.element_count * 100
            if self.missing_count is not None:
                missing_percent = self.missing_count / self.element_count * 100
                nonmissing = self.unexpected_count / nonnull * 100 if nonnull > 0 else None
            else:
                nonmissing = total
        result["unexpected_percent"] = nonmissing
        if self.partial_list is not None:
            result["partial_unexpected_list"] = self.partial_list
        if self.index_column_names is not None:
            result["unexpected_index_column_names"] = self.index_column_names
        if self.missing_count is not None:
            result["missing_count"] = self.missing_count
            result["missing_percent"] = missing_percent
            result["unexpected_percent_total"] = total
            result["unexpected_percent_nonmissing"] = nonmissing
        if self.value_counts is not None and not self.unhashable:
            # Values that do not sort (None among strings): GX then leaves the counts out.
            with contextlib.suppress(TypeError):
                result["partial_unexpected_counts"] = [
                    {"value": value, "count": count}
                    for value, count in sorted(
                        self.value_counts.most_common(_PARTIAL_COUNT),
                        key=lambda x: (-x[1], x[0]),
                    )
                ]
        if self.partial_index_list is not None:
            result["partial_unexpected_index_list"] = self.partial_index_list
        return ExpectationValidationResult(
            success=success,
            expectation_config=self.config,
            result=result,
            exception_info=self.exception_info
            or {"raised_exception": False, "exception_traceback": None, "exception_message": None},
        )
