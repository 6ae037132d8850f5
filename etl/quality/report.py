"""What one quality stage found: outcomes per expectation, failing rows, and whether to block."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

Stage = Literal["raw", "parsed", "warehouse"]
#: What a failed expectation does (the publication policy, README "Quality"): stop the batch,
#: withhold the failing cables (never published), publish them with a flag per failure, or
#: nothing beyond the recorded result.
Policy = Literal["block", "withhold", "flag", "warn"]
#: The policies that act on single rows (cables or documents) rather than on the batch.
ROW_POLICIES: frozenset[str] = frozenset({"withhold", "flag"})


@dataclass(frozen=True, slots=True)
class ExpectationOutcome:
    """The result of one expectation on one stage's data."""

    suite: str
    expectation: str  # GX expectation type, e.g. "expect_column_values_to_be_between"
    kwargs: dict[str, Any]  # the key arguments (column, bounds, value set ...)
    column: str | None
    success: bool
    observed_value: str | None  # human-readable: "1 of 6 rows", "0.43", ...
    policy: Policy
    failure: str  # what a failure means, in words (from the suite's meta)
    details: dict[str, Any] = field(default_factory=dict)  # GX's result, bounded in size

    @property
    def label(self) -> str:
        """Short name of the expectation for rejects and logs, e.g. ``parsed_cables.created_at:
        expect_column_values_to_be_between``."""
        target = f".{self.column}" if self.column else ""
        return f"{self.suite}{target}: {self.expectation}"


def suite_outcome(
    suite: str,
    expectation: Mapping[str, Any],
    *,
    success: bool,
    observed: str,
    details: dict[str, Any] | None = None,
) -> ExpectationOutcome:
    """The outcome of ``expectation`` (one entry of a suite file's ``expectations``) of suite
    ``suite`` judged without GX: not applicable, skipped, or evaluated in SQL. Policy and
    wording come from the expectation's own meta."""
    kwargs = dict(expectation.get("kwargs") or {})
    return ExpectationOutcome(
        suite=suite,
        expectation=str(expectation["type"]),
        kwargs=kwargs,
        column=kwargs.get("column"),
        success=success,
        observed_value=observed,
        policy=expectation["meta"]["on_failure"],
        failure=expectation["meta"]["failure"],
        details=details if details is not None else {},
    )


@dataclass(frozen=True, slots=True)
class RowFailure:
    """One row (a cable or a document) that failed a withholding or flagging expectation."""

    cable_id: str | None
    document_id: int | None
    expectation: str  # ExpectationOutcome.label
    reason: str  # a sentence an operator understands
    failure: str = ""  # the expectation's failure sentence alone (ExpectationOutcome.failure)
    value: str | None = None  # the offending values, e.g. "tag=pGOV"


@dataclass(slots=True)
class StageReport:
    """Everything one stage's checks found for one batch."""

    stage: Stage
    batch_id: int
    outcomes: list[ExpectationOutcome] = field(default_factory=list)
    #: Rows to withhold: never published, each document listed in etl.rejects.
    row_failures: list[RowFailure] = field(default_factory=list)
    #: Rows published all the same, each failure recorded for its cable
    #: (public.cable_quality_flags).
    flags: list[RowFailure] = field(default_factory=list)
    blocking_reason: str | None = None
    seconds: float = 0.0

    @property
    def passed(self) -> bool:
        """True when nothing blocks the batch (withheld or flagged rows and warnings allowed)."""
        return self.blocking_reason is None

    @property
    def failed_outcomes(self) -> list[ExpectationOutcome]:
        """Expectations that did not hold, whatever their policy."""
        return [outcome for outcome in self.outcomes if not outcome.success]

    def quarantined_documents(self) -> set[int]:
        """Documents withheld: with at least one withholding row failure."""
        return {f.document_id for f in self.row_failures if f.document_id is not None}
