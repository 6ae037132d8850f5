"""The Great Expectations runner: one ephemeral GX context, the suites, validation, Data Docs.

GX is imported the first time something is validated or rendered (the import costs ~4 s, so
nothing pays it merely by importing this module). A suite is validated chunk by chunk (see
``etl.quality.chunked_results``); one merged result per suite and stage is kept in the context
for the Data Docs.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from etl.quality import frames
from etl.quality.chunked_results import (
    PARTIAL_COUNT,
    UNBOUNDED_RESULT_KEYS,
    MapResultMerge,
    ValidatedExpectation,
    expectation_columns,
    expectation_key,
    split_for_chunks,
)
from etl.quality.suites import SuiteFile

_DOCS_SITE = "cables"


class GxRunner:
    """Validates suites in one GX context kept for a whole run, and renders its Data Docs."""

    def __init__(self, data_docs_dir: Path) -> None:
        #: Where the Data Docs go unless ``build_data_docs`` is given another directory.
        self.data_docs_dir = data_docs_dir
        self._context: Any = None
        self._batch_definitions: dict[str, Any] = {}
        self._gx_suites: dict[str, Any] = {}
        self._plans: dict[tuple[str, str], tuple[Any, Any]] = {}

    def build_data_docs(self, target_dir: Path) -> Path:
        """Render Data Docs (static HTML) of this run's validations; returns ``index.html``."""
        context = self._gx_context()
        target = target_dir.resolve()
        site = _DOCS_SITE
        if target != self.data_docs_dir.resolve():
            site = f"{_DOCS_SITE}_{abs(hash(str(target)))}"
            if site not in context.list_data_docs_sites():
                context.add_data_docs_site(site, _site_config(target))
        context.build_data_docs(site_names=[site])
        return target / "index.html"

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

    def gx_suite(self, suite: SuiteFile) -> Any:
        """The GX suite built from ``suite`` (every expectation accepted)."""
        self._batch_definition(suite)
        return self._gx_suites[suite.name]

    def _subsets(self, suite: SuiteFile, partition_key: str) -> tuple[Any, Any]:
        """``suite`` split into the expectations run chunk by chunk and those run on the whole
        batch (either None when empty)."""
        key = (suite.name, partition_key)
        if key not in self._plans:
            import great_expectations as gx

            per_chunk, whole_batch = split_for_chunks(
                self.gx_suite(suite).expectations, partition_key
            )
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

    def validate_suite(
        self,
        suite: SuiteFile,
        source: pd.DataFrame | frames.FrameChunks,
        *,
        empty_is_fine: bool,
        progress: Callable[[int], None] | None = None,
    ) -> list[ValidatedExpectation] | None:
        """Validate one suite chunk by chunk; one merged GX result per expectation, with the
        rows to withhold or flag if it fails. None: no row and ``empty_is_fine``. ``progress``
        is called with the rows of each chunk validated (it may raise to stop)."""
        chunks = (
            source if isinstance(source, frames.FrameChunks) else frames.FrameChunks("", [source])
        )
        full = self.gx_suite(suite)
        per_chunk, whole_batch = self._subsets(suite, chunks.partition_key)
        whole_columns = expectation_columns(whole_batch.expectations) if whole_batch else None
        now = datetime.now(UTC).isoformat()
        merges: dict[str, MapResultMerge] = {}
        narrow: list[pd.DataFrame] = []
        template: pd.DataFrame | None = None
        rows = 0

        def validate_chunk(frame: pd.DataFrame) -> None:
            for result in self._validate(suite, per_chunk, frame, now) if per_chunk else []:
                key = expectation_key(result.expectation_config)
                merges.setdefault(key, MapResultMerge(result.expectation_config)).add(result)
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
            if progress is not None:
                progress(len(frame))
        if rows == 0:
            if empty_is_fine:
                return None
            validate_chunk(template if template is not None else pd.DataFrame())
        results: list[ValidatedExpectation] = [
            (merge.result(), merge.rows) for merge in merges.values()
        ]
        if whole_batch:
            batch_frame = pd.concat(narrow, ignore_index=True) if len(narrow) > 1 else narrow[0]
            narrow.clear()
            results += [
                (result, list((result.result or {}).get("unexpected_index_list") or ()))
                for result in self._validate(suite, whole_batch, batch_frame, now)
            ]
        order = {expectation_key(e.configuration): i for i, e in enumerate(full.expectations)}
        results.sort(
            key=lambda item: order.get(expectation_key(item[0].expectation_config), len(order))
        )
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
                k: v for k, v in (result.result or {}).items() if k not in UNBOUNDED_RESULT_KEYS
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
        "partial_unexpected_count": PARTIAL_COUNT,
    }
    index_columns = [column for column in suite.index_columns if column in frame.columns]
    if index_columns:
        result_format["unexpected_index_column_names"] = index_columns
    return result_format
