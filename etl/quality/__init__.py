"""Data-quality gate: Great Expectations suites run on raw, parsed and published data."""

from etl.quality.gate import QualityGate
from etl.quality.report import ExpectationOutcome, RowFailure, StageReport

__all__ = ["ExpectationOutcome", "QualityGate", "RowFailure", "StageReport"]
