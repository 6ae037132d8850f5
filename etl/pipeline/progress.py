"""Progress of a load, stage by stage, for whoever watches: the terminal and the Dagster run log.

The stages of a batch, in order: land, checks_raw, parse, checks_parsed, publish, summaries,
checks_warehouse, data_docs. The steps report through ``reporter()`` (start a stage, advance
its count, finish it); each report also goes to the run log of the Dagster step it happens in
(a line when a stage ends, and one with count, rate and ETA at most every ``LOG_EVERY``
seconds while it runs), and each is a safe point at which a stoppable load stops
(``etl.pipeline.cancel``). ``cables load`` installs a sink that draws bars with count, rate
and ETA on a terminal and prints one line per stage otherwise; with no sink installed (under
the Dagster daemon), only the run log gets them.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from etl.pipeline import cancel

#: What each stage is called on screen, and what it counts.
STAGES: dict[str, tuple[str, str]] = {
    "land": ("landing inputs", "inputs"),
    "checks_raw": ("checking raw", "rows"),
    "parse": ("parsing cables", "documents"),
    "checks_parsed": ("checking parsed", "rows"),
    "publish": ("publishing", "cables"),
    "summaries": ("summaries", "rows"),
    "checks_warehouse": ("checking warehouse", "rows"),
    "vacuum": ("freezing published tables", "tables"),  # first loads only
    "data_docs": ("Data Docs", "pages"),
}

#: Seconds between two progress lines of one stage in the Dagster run log.
LOG_EVERY = 15.0


@dataclass(slots=True)
class Stage:
    """One stage as it runs: how much of how much, since when."""

    step: str
    total: int | None
    done: int = 0
    started: float = field(default_factory=time.monotonic)
    finished: float | None = None

    @property
    def label(self) -> str:
        return STAGES.get(self.step, (self.step, "items"))[0]

    @property
    def unit(self) -> str:
        return STAGES.get(self.step, (self.step, "items"))[1]

    @property
    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started

    @property
    def rate(self) -> float | None:
        """Items per second so far (None before anything was counted)."""
        return self.done / self.elapsed if self.done and self.elapsed > 0 else None

    @property
    def eta(self) -> float | None:
        """Seconds left at the current rate (None when the total or the rate is unknown)."""
        rate = self.rate
        if self.total is None or rate is None:
            return None
        return max(self.total - self.done, 0) / rate

    def line(self) -> str:
        """One line: what, how many (of how many), rate, and elapsed time or ETA."""
        count = f"{self.done:,}" + (f" of {self.total:,}" if self.total is not None else "")
        parts = [f"{self.label}: {count} {self.unit}" if self.done or self.total else self.label]
        if self.rate is not None:
            parts.append(f"{self.rate:,.0f}/s")
        if self.finished is None and self.eta is not None:
            parts.append(f"ETA {self.eta:,.0f} s")
        parts.append(f"{self.elapsed:,.1f} s" + ("" if self.finished is None else " in all"))
        return ", ".join(parts)


class ProgressSink(Protocol):
    """Shows the stages of a load (the CLI's bars or lines)."""

    def start(self, stage: Stage) -> None: ...

    def advance(self, stage: Stage) -> None: ...

    def finish(self, stage: Stage) -> None: ...


class _Silent:
    def start(self, stage: Stage) -> None:
        pass

    def advance(self, stage: Stage) -> None:
        pass

    def finish(self, stage: Stage) -> None:
        pass


class _RunLog:
    """The same progress in the run log of the Dagster step being executed, if any."""

    def __init__(self) -> None:
        self._logged = 0.0

    def _log(self, message: str) -> None:
        import dagster as dg

        try:
            context = dg.OpExecutionContext.get()
        except Exception:  # not inside a step (tests, the CLI's own work)
            return
        if context is not None:
            context.log.info(message)

    def start(self, stage: Stage) -> None:
        self._logged = time.monotonic()

    def advance(self, stage: Stage) -> None:
        if time.monotonic() - self._logged >= LOG_EVERY:
            self._logged = time.monotonic()
            self._log(stage.line())

    def finish(self, stage: Stage) -> None:
        self._log(stage.line())


class Reporter:
    """What the steps call: one stage at a time (starting one finishes the previous)."""

    def __init__(self, sink: ProgressSink) -> None:
        self._sink = sink
        self._log = _RunLog()
        self._stage: Stage | None = None

    @property
    def stage(self) -> Stage | None:
        """The stage running now, if any."""
        return self._stage

    def start(self, step: str, total: int | None = None) -> None:
        """Begin stage ``step`` (of ``total`` items, when known)."""
        self.finish()
        cancel.checkpoint()
        self._stage = Stage(step, total)
        self._sink.start(self._stage)
        self._log.start(self._stage)

    def advance(self, amount: int) -> None:
        """Count ``amount`` more items of the current stage."""
        if self._stage is not None:
            self._stage.done += amount
            self._sink.advance(self._stage)
            self._log.advance(self._stage)
        cancel.checkpoint()

    def step(self, step: str) -> None:
        """Begin stage ``step`` of unknown size (a callback for the warehouse layer)."""
        self.start(step)

    def finish(self) -> None:
        """End the current stage, if one runs."""
        stage, self._stage = self._stage, None
        if stage is not None:
            stage.finished = time.monotonic()
            if stage.total is not None:
                stage.done = max(stage.done, stage.total)
            self._sink.finish(stage)
            self._log.finish(stage)
        cancel.checkpoint()


_reporter = Reporter(_Silent())


def reporter() -> Reporter:
    """The reporter in use (to the run log only when no sink is installed)."""
    return _reporter


@contextmanager
def reporting_to(sink: ProgressSink) -> Iterator[Reporter]:
    """Show progress on ``sink`` for the duration of the block."""
    global _reporter
    previous, _reporter = _reporter, Reporter(sink)
    try:
        yield _reporter
    finally:
        if not cancel.requested():  # a stopped load's last stage stays unfinished
            _reporter.finish()
        _reporter = previous
