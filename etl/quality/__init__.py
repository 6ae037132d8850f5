"""Data-quality gate: Great Expectations suites run on raw, parsed and published data.

``QualityGate`` is imported on first use: its module loads pandas, which a load with nothing
new to check never needs (``etl.quality.skipping``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from etl.quality.report import ExpectationOutcome, RowFailure, StageReport

if TYPE_CHECKING:
    from etl.quality.gate import QualityGate

__all__ = ["ExpectationOutcome", "QualityGate", "RowFailure", "StageReport"]


def __getattr__(name: str) -> Any:
    if name == "QualityGate":
        from etl.quality.gate import QualityGate

        return QualityGate
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
