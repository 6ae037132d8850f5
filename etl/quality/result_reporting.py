"""Result reporting: GX results turned into a ``StageReport``'s outcomes, rows and reasons.

Each result becomes an ``ExpectationOutcome`` (policy and wording from the expectation's own
meta, GX's result kept bounded and JSON-safe); the stage policy (``etl.quality.policy``) then
decides whether its failing rows become per-document failures to withhold, flags of published
cables, or a reason to block the batch.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd

from etl.quality.chunked_results import UNBOUNDED_RESULT_KEYS, ValidatedExpectation
from etl.quality.policy import failure_action
from etl.quality.report import ExpectationOutcome, RowFailure, StageReport, suite_outcome
from etl.quality.suites import SuiteFile


def record_results(
    report: StageReport, suite_name: str, results: list[ValidatedExpectation]
) -> list[str]:
    """Add each result's outcome to ``report``, its failing rows to the rows to withhold or to
    the flags, as the stage policy says; return the reasons to block the batch."""
    blocking: list[str] = []
    for expectation_result, unexpected in results:
        exception = (expectation_result.exception_info or {}).get("exception_message")
        outcome = _outcome(suite_name, expectation_result, exception)
        report.outcomes.append(outcome)
        action = failure_action(
            report.stage,
            outcome,
            evaluated=not exception,
            rows_named=bool(unexpected) and isinstance(unexpected[0], dict),
        )
        if action == "block":
            blocking.append(f"{outcome.failure} [{outcome.label}: {outcome.observed_value}].")
        elif action != "none":
            failures = [_row_failure(outcome, row) for row in unexpected]
            (report.flags if action == "flag" else report.row_failures).extend(failures)
    return blocking


def not_applicable_outcomes(suite: SuiteFile) -> list[ExpectationOutcome]:
    """The outcomes of a suite that had no row of the batch to check (each holds)."""
    return [
        suite_outcome(suite.name, expectation, success=True, observed="no rows in this batch")
        for expectation in suite.document["expectations"]
    ]


def _outcome(suite_name: str, expectation_result: Any, exception: str | None) -> ExpectationOutcome:
    """One GX result as an outcome. Policy and wording come from the expectation's own meta:
    GX does not report results in the order of the suite file."""
    config = expectation_result.expectation_config
    meta = config.meta or {}
    kwargs = {
        key: value
        for key, value in config.kwargs.items()
        if key not in ("batch_id", "result_format")
    }
    column = kwargs.get("column")
    result = dict(expectation_result.result or {})
    return ExpectationOutcome(
        suite=suite_name,
        expectation=config.type,
        kwargs=_jsonable(kwargs),
        column=column,
        success=bool(expectation_result.success),
        observed_value=f"error: {exception}" if exception else _observed(result),
        policy=meta["on_failure"],
        failure=meta["failure"],
        details=_jsonable({k: v for k, v in result.items() if k not in UNBOUNDED_RESULT_KEYS}),
    )


def _jsonable(value: Any) -> Any:
    # NaN / NaT (missing values in pandas) are not JSON: PostgreSQL's jsonb refuses them.
    return json.loads(json.dumps(value, default=str), parse_constant=lambda _: None)


def _observed(result: dict[str, Any]) -> str | None:
    if "observed_value" in result:
        return None if result["observed_value"] is None else str(result["observed_value"])
    if "unexpected_count" in result:
        return f"{result['unexpected_count']} of {result.get('element_count', '?')} rows"
    return None


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
