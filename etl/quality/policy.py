"""The publication policy per stage: what a failed expectation does to its rows and the batch.

Each expectation names its policy in ``meta.on_failure`` (``etl.quality.report.Policy``, README
"Quality"); the stage decides what the policy can still do there. A withholding failure keeps
its cables out at the parsed stage, but blocks at the warehouse stage, where they are already
upserted; a flagging failure publishes its cables with the failure recorded at either stage.
At the parsed stage the batch is also blocked when too many of its documents were rejected.
"""

from __future__ import annotations

from typing import Literal

from etl.quality.report import ExpectationOutcome, Stage

#: What one expectation's result does: nothing (it held, or only warns), stop the batch, or
#: withhold or flag the rows it found.
Action = Literal["none", "block", "withhold", "flag"]


def failure_action(
    stage: Stage, outcome: ExpectationOutcome, *, evaluated: bool, rows_named: bool
) -> Action:
    """What ``outcome`` does at ``stage``. ``evaluated``: GX could evaluate the expectation
    (no exception); ``rows_named``: its unexpected rows are known, each by its index columns."""
    if outcome.success:
        return "none"
    # An expectation that could not be evaluated says nothing about the rows: never let it
    # pass as a warning or an empty withholding. A withholding failure after the upserts
    # (warehouse stage) cannot withhold any more: it blocks.
    if not evaluated or outcome.policy == "block":
        return "block"
    if outcome.policy == "withhold" and stage == "warehouse":
        return "block"
    if outcome.policy == "warn":
        return "none"
    # Withholding or flagging nothing would let the failure pass unseen.
    if not rows_named:
        return "block"
    return "flag" if outcome.policy == "flag" else "withhold"


def reject_rate_reason(rejected: int, total: int, max_reject_rate: float) -> str | None:
    """Why the batch is blocked when ``rejected`` of its ``total`` documents were rejected
    (None: within ``max_reject_rate``)."""
    rate = rejected / total if total else 0.0
    if rate <= max_reject_rate:
        return None
    return (
        f"{rejected} of {total} documents of the batch were rejected "
        f"({rate:.0%}), more than the allowed {max_reject_rate:.0%} "
        "(CABLES_REJECT_RATE_THRESHOLD)."
    )
