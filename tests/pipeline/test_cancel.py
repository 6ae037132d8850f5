"""The stop machinery of ``cables load`` in-process: safe points raise a non-retried Dagster
failure once a stop is requested, a stuck load is given up after its grace period, and a
second signal skips the grace period."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator

import dagster as dg
import pytest

from etl.pipeline import cancel


@pytest.fixture(autouse=True)
def _no_stop_left_over() -> Iterator[None]:
    cancel.reset()
    yield
    cancel.reset()


def test_a_safe_point_raises_a_failure_dagster_does_not_retry() -> None:
    cancel.checkpoint()  # nothing requested: passes
    cancel.request(signal.SIGTERM)
    with pytest.raises(cancel.LoadCancelled) as raised:
        cancel.checkpoint()
    assert isinstance(raised.value, dg.Failure) and not raised.value.allow_retries
    assert raised.value.signum == signal.SIGTERM
    assert cancel.exit_code(cancel.requested()) == 143


def test_work_that_reaches_a_safe_point_stops_there() -> None:
    def work() -> str:
        while True:
            cancel.checkpoint()
            time.sleep(0.01)

    threading.Timer(0.2, cancel.request, (signal.SIGINT,)).start()
    with pytest.raises(cancel.LoadCancelled):
        cancel.run_stoppable(work, grace_seconds=5)


@pytest.mark.parametrize("signals", [1, 2])
def test_stuck_work_is_given_up_after_the_grace_period_or_at_a_second_signal(
    signals: int,
) -> None:
    overdue: list[float] = []
    for index in range(signals):
        threading.Timer(0.2 + 0.1 * index, cancel.request, (signal.SIGINT,)).start()
    started = time.monotonic()
    result = cancel.run_stoppable(
        lambda: time.sleep(30),
        grace_seconds=3,
        overdue_seconds=0.5,
        on_overdue=lambda: overdue.append(time.monotonic() - started),
    )
    assert result is None and len(overdue) == 1
    if signals == 1:
        assert 3.2 <= overdue[0] < 6
    else:
        assert overdue[0] < 2
