"""Stopping a load on SIGINT (Ctrl-C) or SIGTERM (systemd, docker stop, Kubernetes).

``cables load`` runs the Dagster job in a worker thread so that Dagster never installs its own
signal handlers (it only does so on the main thread, and its handlers raise inside any line of
a step and then retry the step). The main thread owns the signals: a signal only sets a flag.
The steps stop at their next *safe point* (``checkpoint``: each landed input, each parsed
chunk, the start of each step, each database connection opened, around the warehouse checks
inside the publish transaction) by raising ``LoadCancelled``, a Dagster failure that is never
retried. Whatever a step had not committed is rolled back with its connection, so nothing of
the batch is published. If no safe point comes within the grace period (a long SQL statement),
the running statements are cancelled through their connections' cancel keys.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TypeVar

import dagster as dg
import psycopg

T = TypeVar("T")


class LoadCancelled(dg.Failure):
    """The load was asked to stop (a signal); raised at a safe point, never retried."""

    def __init__(self, signum: int) -> None:
        super().__init__(
            description=f"The load was stopped by {signal.Signals(signum).name}.",
            allow_retries=False,
        )
        self.signum = signum


class _State:
    """Process-wide: which signal arrived (0: none), and the connections that may be busy."""

    def __init__(self) -> None:
        self.signum = 0
        self.count = 0  # signals received: a second one skips the grace period
        self.connections: set[psycopg.Connection] = set()
        self.lock = threading.Lock()
        self.event = threading.Event()


_state = _State()


def requested() -> int:
    """The signal that asked the load to stop, or 0."""
    return _state.signum


def request(signum: int) -> None:
    """Ask the running load to stop at its next safe point (what the signal handler does)."""
    if not _state.signum:
        _state.signum = signum
    _state.count += 1
    _state.event.set()


def reset() -> None:
    """Forget an earlier request (a new load starts)."""
    _state.signum = 0
    _state.count = 0
    _state.event.clear()


def checkpoint() -> None:
    """A safe point: raise ``LoadCancelled`` if a stop was requested."""
    if _state.signum:
        raise LoadCancelled(_state.signum)


@contextmanager
def watching(conn: psycopg.Connection) -> Iterator[psycopg.Connection]:
    """Register ``conn`` so a stop can cancel its running statement; an error leaving the
    block after a stop was requested (a cancelled statement, a broken worker pool) becomes
    ``LoadCancelled``, so Dagster does not retry the step."""
    checkpoint()
    with _state.lock:
        _state.connections.add(conn)
    try:
        yield conn
    except LoadCancelled:
        raise
    except Exception as exc:
        if _state.signum:
            raise LoadCancelled(_state.signum) from exc
        raise
    finally:
        with _state.lock:
            _state.connections.discard(conn)


def cancel_statements() -> int:
    """Cancel the statement running on every watched connection (libpq's cancel request,
    safe from another thread); returns how many connections were asked."""
    with _state.lock:
        connections = list(_state.connections)
    for conn in connections:
        with contextlib.suppress(psycopg.Error):  # closed meanwhile
            conn.cancel()
    return len(connections)


#: Signals that stop a load, and the exit code each gives (128 + the signal's number).
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def exit_code(signum: int) -> int:
    """The shell's convention for a process stopped by ``signum``: 130 SIGINT, 143 SIGTERM."""
    return 128 + signum


def _handler(signum: int, _frame: FrameType | None) -> None:
    request(signum)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM request a stop instead of raising (main thread)."""
    reset()
    previous = {sig: signal.signal(sig, _handler) for sig in STOP_SIGNALS}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def run_stoppable(
    work: Callable[[], T],
    *,
    grace_seconds: float = 5.0,
    on_overdue: Callable[[], None] | None = None,
    overdue_seconds: float = 3.0,
) -> T | None:
    """Run ``work`` in a thread while this (main) thread waits for it or for a stop request.

    After a stop request, ``work`` has ``grace_seconds`` to reach a safe point (none after a
    second signal); then the statements it runs are cancelled, and after ``overdue_seconds``
    more ``on_overdue`` is called and None returned (the caller exits; the thread dies with
    the process)."""
    outcome: list[T] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            outcome.append(work())
        except BaseException as exc:
            failure.append(exc)

    thread = threading.Thread(target=target, name="cables-load", daemon=True)
    thread.start()
    # join, not wait on the stop event: the load's end is seen at once (was up to 0.2 s late);
    # a stop request is seen within 0.2 s as before (the handler runs during the join).
    while thread.is_alive() and not _state.event.is_set():
        thread.join(0.2)
    if thread.is_alive():  # a stop was requested
        grace_ends = time.monotonic() + grace_seconds
        while thread.is_alive() and _state.count < 2 and time.monotonic() < grace_ends:
            thread.join(0.1)  # a second Ctrl-C: do not wait for a safe point
        if thread.is_alive():
            cancel_statements()
            thread.join(overdue_seconds)
        if thread.is_alive():
            if on_overdue is not None:
                on_overdue()
            return None
    thread.join()
    if failure:
        raise failure[0]
    return outcome[0]
