"""The quality gate: Great Expectations suites run on each stage of a batch.

``QualityGate`` checks the raw, parsed and warehouse stages of a batch: it reads each stage's
frames (``etl.quality.frames``), validates the stage's suites through one ``GxRunner`` kept for
the whole run (``etl.quality.gx_runner``; GX is imported the first time a check runs), and
reports each result under the stage policy (``etl.quality.result_reporting``,
``etl.quality.policy``).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pandas as pd
import psycopg

from etl.quality import frames
from etl.quality.gx_runner import GxRunner
from etl.quality.policy import reject_rate_reason
from etl.quality.report import Stage, StageReport
from etl.quality.result_reporting import not_applicable_outcomes, record_results
from etl.quality.skipping import rejected_documents
from etl.quality.suites import DEFAULT_SUITES_DIR, SuiteFile, load_suite_files


class QualityGate:
    """Runs the expectation suites of ``expectations/`` against one batch's data."""

    def __init__(
        self,
        *,
        suites_dir: Path = DEFAULT_SUITES_DIR,
        data_docs_dir: Path,
        max_reject_rate: float,
        raw_chunk_size: int = 500,
        chunk_size: int = frames.DEFAULT_CHUNK_SIZE,
    ) -> None:
        """``data_docs_dir`` and ``max_reject_rate`` come from the operator settings, read
        once by the entry point (``build_definitions``, the CLI) and passed down."""
        self.suites: dict[str, SuiteFile] = load_suite_files(suites_dir)
        self.data_docs_dir = data_docs_dir
        self.max_reject_rate = max_reject_rate
        self.raw_chunk_size = raw_chunk_size
        self.chunk_size = chunk_size
        self.runner = GxRunner(self.data_docs_dir)
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
            rejected, total = rejected_documents(conn, batch_id, report.quarantined_documents())
            report.blocking_reason = reject_rate_reason(rejected, total, self.max_reject_rate)
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
        return self.runner.build_data_docs(target_dir or self.data_docs_dir)

    # --- running a stage's suites -------------------------------------------------------------

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
            results = self.runner.validate_suite(
                suite,
                data[suite.name],
                empty_is_fine=stage != "raw" or may_be_empty,
                progress=self.progress,
            )
            if results is None:
                report.outcomes.extend(not_applicable_outcomes(suite))
                continue
            blocking += record_results(report, suite.name, results)
        if blocking:
            report.blocking_reason = " ".join(blocking)
        return report
