"""Stage reports for batches with nothing new to check, made without Great Expectations.

A reload of known inputs (every document already landed and handled by an earlier batch)
stages and publishes nothing, and the raw suite saw its documents' bytes when they were first
landed. Starting GX (seconds of imports), building frames and rendering Data Docs for it
would cost most of the reload. Each function here returns the stage's report when its suites
need not run, or None when they must (``QualityGate`` then runs them).

Skipped expectations are reported as passed with the reason as their observed value and
``details["skipped"]``, so operators see the skip in etl.quality_results, the run's metadata
and the load summary. The raw expectations that read a column the raw frame takes as stored
for an already-handled document and can still fail for it (the recorded size's range, the
row count) are evaluated in SQL (``etl.warehouse.nothing_new``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import psycopg

from etl.quality.policy import reject_rate_reason
from etl.quality.report import (
    ExpectationOutcome,
    RowFailure,
    Stage,
    StageReport,
    suite_outcome,
)
from etl.quality.suites import SuiteFile
from etl.warehouse import nothing_new
from etl.warehouse.bookkeeping import reject_tally

#: Observed value of a skipped expectation, by stage: why its suite did not run.
SKIP_REASONS: dict[Stage, str] = {
    "raw": "skipped: no new document arrived",
    "parsed": "skipped: nothing was staged",
    "warehouse": "skipped: nothing was published",
}
#: ``details`` key marking a skipped outcome (etl.quality_results.details -> result).
SKIPPED_KEY = "skipped"


def raw_without_new_documents(
    conn: psycopg.Connection[Any],
    batch_id: int,
    suites: Mapping[str, SuiteFile],
    *,
    may_be_empty: bool = False,
) -> StageReport | None:
    """The raw report of a batch whose documents were all checked by earlier batches (None:
    some are new, or there is none and that must block: run the suites)."""
    novelty = nothing_new.batch_novelty(conn, batch_id)
    if not novelty.nothing_new or (novelty.documents == 0 and not may_be_empty):
        return None
    if novelty.documents == 0:  # a reconcile with nothing to parse again: no row to judge
        return _skipped(batch_id, "raw", suites)
    report = StageReport(stage="raw", batch_id=batch_id)
    blocking: list[str] = []
    for suite in _stage_suites(suites, "raw"):
        expectations = suite.document["expectations"]
        facts = nothing_new.known_document_facts(
            conn, batch_id, **_size_bounds(expectations, "size_bytes")
        )
        for expectation in expectations:
            outcome, failures = _known_document_outcome(suite, expectation, facts)
            report.outcomes.append(outcome)
            if outcome.success or outcome.policy == "warn":
                continue
            if outcome.policy == "block" or not failures:
                blocking.append(f"{outcome.failure} [{outcome.label}: {outcome.observed_value}].")
            elif outcome.policy == "flag":
                report.flags.extend(failures)
            else:
                report.row_failures.extend(failures)
    if blocking:
        report.blocking_reason = " ".join(blocking)
    return report


def parsed_without_staged_rows(
    conn: psycopg.Connection[Any],
    batch_id: int,
    suites: Mapping[str, SuiteFile],
    *,
    max_reject_rate: float,
) -> StageReport | None:
    """The parsed report of a batch that staged no cable (None: it staged some). The reject
    rate is still judged: its documents may all have been rejected."""
    if not nothing_new.nothing_staged(conn, batch_id):
        return None
    report = _skipped(batch_id, "parsed", suites)
    rejected, total = rejected_documents(conn, batch_id, set())
    report.blocking_reason = reject_rate_reason(rejected, total, max_reject_rate)
    return report


def warehouse_without_changes(
    conn: psycopg.Connection[Any], batch_id: int, suites: Mapping[str, SuiteFile]
) -> StageReport | None:
    """The warehouse report of a batch that published and staged no cable (None: it did)."""
    if not nothing_new.nothing_published(conn, batch_id):
        return None
    return _skipped(batch_id, "warehouse", suites)


def rejected_documents(
    conn: psycopg.Connection[Any], batch_id: int, quarantined: set[int]
) -> tuple[int, int]:
    """(rejected, total) inputs of the batch: rejected so far, with ``quarantined`` documents
    (withheld by the report being made) counted as rejected too; inputs rejected before they
    became a document count in both."""
    tally = reject_tally(conn, batch_id)
    rejected = tally.rejected_documents | quarantined
    return len(rejected) + tally.unlanded, tally.documents + tally.unlanded


def is_skipped(outcome: ExpectationOutcome) -> bool:
    """True for the outcome of an expectation that did not run."""
    return SKIPPED_KEY in outcome.details


# --- helpers --------------------------------------------------------------------------------


def _skipped_outcome(
    suite: SuiteFile, expectation: Mapping[str, Any], reason: str
) -> ExpectationOutcome:
    return suite_outcome(
        suite.name, expectation, success=True, observed=reason, details={SKIPPED_KEY: True}
    )


def _stage_suites(suites: Mapping[str, SuiteFile], stage: Stage) -> Iterable[SuiteFile]:
    return (suite for suite in suites.values() if suite.stage == stage)


def _skipped(batch_id: int, stage: Stage, suites: Mapping[str, SuiteFile]) -> StageReport:
    report = StageReport(stage=stage, batch_id=batch_id)
    for suite in _stage_suites(suites, stage):
        report.outcomes.extend(
            _skipped_outcome(suite, expectation, SKIP_REASONS[stage])
            for expectation in suite.document["expectations"]
        )
    return report


def _size_bounds(expectations: Iterable[Mapping[str, Any]], column: str) -> dict[str, int | None]:
    """The bounds of the suite's range expectation on ``column`` (None: unbounded)."""
    for expectation in expectations:
        kwargs = expectation.get("kwargs") or {}
        if (
            expectation["type"] == "expect_column_values_to_be_between"
            and kwargs.get("column") == column
        ):
            return {"min_size": kwargs.get("min_value"), "max_size": kwargs.get("max_value")}
    return {"min_size": None, "max_size": None}


def _known_document_outcome(
    suite: SuiteFile, expectation: Mapping[str, Any], facts: nothing_new.KnownDocumentFacts
) -> tuple[ExpectationOutcome, list[RowFailure]]:
    """One raw expectation judged on a batch of already-handled documents: the row count and
    the recorded size's range are evaluated from ``facts``; the others cannot fail for such
    documents (``nothing_new.KnownDocumentFacts``), so they are skipped."""
    kind = str(expectation["type"])
    kwargs = expectation.get("kwargs") or {}
    column = kwargs.get("column")
    n = facts.documents
    if kind == "expect_table_row_count_to_be_between":
        low, high = kwargs.get("min_value"), kwargs.get("max_value")
        ok = (low is None or n >= low) and (high is None or n <= high)
        outcome = suite_outcome(
            suite.name,
            expectation,
            success=ok,
            observed=str(n),
            details={"observed_value": n, "sql": True},
        )
        return outcome, []
    unexpected: int | None = None
    if kind == "expect_column_values_to_be_between" and column == "size_bytes":
        unexpected = len(facts.size_outliers)
    if unexpected is None:
        return (
            _skipped_outcome(suite, expectation, SKIP_REASONS["raw"]),
            [],
        )
    mostly = float(kwargs.get("mostly", 1.0))
    ok = n == 0 or (n - unexpected) / n >= mostly
    details = {"element_count": n, "unexpected_count": unexpected, "sql": True}
    outcome = suite_outcome(
        suite.name, expectation, success=ok, observed=f"{unexpected} of {n} rows", details=details
    )
    if ok:
        return outcome, []
    return outcome, [
        RowFailure(
            cable_id=None,
            document_id=o.document_id,
            expectation=outcome.label,
            reason=f"{outcome.failure} (size_bytes={o.size_bytes}).",
            failure=outcome.failure,
            value=f"size_bytes={o.size_bytes}",
        )
        for o in facts.size_outliers
    ]
