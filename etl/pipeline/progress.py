"""Progress reporting from inside the pipeline's steps to whoever is watching.

``cables load`` runs the Dagster job in its own process and installs a progress bar here;
under the Dagster daemon nothing is installed and reports go nowhere (the run log has the
per-step metadata instead).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from etl.pipeline import cancel


class ProgressSink(Protocol):
    """Receives progress of the current step."""

    def start(self, step: str, total: int | None) -> None: ...

    def advance(self, amount: int) -> None: ...

    def finish(self) -> None: ...


class _Silent:
    def start(self, step: str, total: int | None) -> None:
        pass

    def advance(self, amount: int) -> None:
        pass

    def finish(self) -> None:
        pass


_sink: ProgressSink = _Silent()


class _Checkpointed:
    """Every report is a safe point at which a stoppable load stops (``etl.pipeline.cancel``)."""

    def __init__(self, sink: ProgressSink) -> None:
        self._sink = sink

    def start(self, step: str, total: int | None) -> None:
        cancel.checkpoint()
        self._sink.start(step, total)

    def advance(self, amount: int) -> None:
        self._sink.advance(amount)
        cancel.checkpoint()

    def finish(self) -> None:
        self._sink.finish()
        cancel.checkpoint()


def reporter() -> ProgressSink:
    """The sink in use (a silent one when nobody watches); each report is a safe point."""
    return _Checkpointed(_sink)


@contextmanager
def reporting_to(sink: ProgressSink) -> Iterator[None]:
    """Send progress to ``sink`` for the duration of the block."""
    global _sink
    previous, _sink = _sink, sink
    try:
        yield
    finally:
        _sink = previous
