"""``cables load``, ``cables status`` and ``cables serve``: the pipeline's command line."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from etl.config import Settings
from etl.database import database_url, libpq_url, mask_url, psycopg_connect
from etl.ingest import estimate_total
from etl.warehouse import flags, reports

if TYPE_CHECKING:  # importing the pipeline loads Dagster (~1 s): only `cables load` needs it
    from etl.pipeline.progress import Stage

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_NOTHING_READ = 4


def printable(value: object) -> str:
    """``value`` as text that is safe on a terminal: control and format characters (escape
    sequences that could retitle the window or clear the screen, bidirectional overrides)
    are shown as ``\\xNN`` / ``\\uNNNN`` escapes; everything else is kept."""
    text = str(value)
    if text.isprintable():
        return text
    escaped = []
    for char in text:
        if char.isprintable() or char == " ":
            escaped.append(char)
        elif ord(char) < 0x100:
            escaped.append(f"\\x{ord(char):02x}")
        else:
            escaped.append(f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}")
    return "".join(escaped)


def literal(value: object) -> Text:
    """A table cell printed exactly as given: never read as Rich markup (``[/bold]`` in a
    file name), and escaped for the terminal (``printable``)."""
    return Text(printable(value))


class _RateColumn(ProgressColumn):
    """Items per second of a stage."""

    def render(self, task: Task) -> Text:
        rate = task.fields.get("rate")  # the stage's own average (Rich's speed is not kept)
        return Text(f"{rate:,.0f}/s" if rate else "", style="progress.data.speed")


class _BarProgress:
    """On a terminal: a bar per stage with count, rate, ETA and elapsed time."""

    def __init__(self, progress: Progress) -> None:
        self._progress = progress
        self._task: TaskID | None = None

    def start(self, stage: Stage) -> None:
        self._task = self._progress.add_task(stage.label, total=stage.total)

    def advance(self, stage: Stage) -> None:
        if self._task is not None:
            self._progress.update(self._task, completed=stage.done, rate=stage.rate)

    def finish(self, stage: Stage) -> None:
        if self._task is not None:
            total = stage.total if stage.total is not None else max(stage.done, 1)
            self._progress.update(
                self._task, completed=max(stage.done, total), total=total, rate=stage.rate
            )
            self._task = None


class _LineProgress:
    """Not on a terminal (a log, a pipe): one line per stage when it ends, on stdout with the
    summary, so stderr holds nothing but an error line."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def start(self, stage: Stage) -> None:
        pass

    def advance(self, stage: Stage) -> None:
        pass

    def finish(self, stage: Stage) -> None:
        print(f"cables load: {stage.line()}", file=self._stream, flush=True)


def _progress_bars(console: Console) -> Progress:
    return Progress(
        TextColumn("{task.description:<18}"),
        BarColumn(),
        MofNCompleteColumn(),
        _RateColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
        disable=not console.is_terminal,
    )


def _ensure_schema(settings: Settings) -> None:
    from etl.warehouse.migrations import upgrade

    upgrade(database_url(settings), "head", quiet=True)


def load(
    paths: Sequence[Path], workers: int = 0, verbose: bool = False, *, settings: Settings
) -> int:
    """Load ``paths`` as one batch and print its summary; the exit code says how it went.

    SIGINT (Ctrl-C) and SIGTERM stop the load at its next safe point: nothing of the batch is
    published, the batch is marked cancelled, and the exit code is 130 or 143."""
    from etl.pipeline import cancel
    from etl.pipeline.loading import load_paths, mark_cancelled, new_partition_key
    from etl.pipeline.progress import reporting_to

    missing = [p for p in paths if not p.exists() and not p.is_symlink()]
    if missing:
        for path in missing:
            print(f"cables load: {printable(path)}: no such file or folder", file=sys.stderr)
        return EXIT_NOTHING_READ
    if estimate_total(paths).files == 0:
        # Nothing to land: opening a batch would only leave one blocked by the raw checks.
        print(
            "cables load: nothing to load: no readable files under the given paths", file=sys.stderr
        )
        return EXIT_NOTHING_READ
    _ensure_schema(settings)
    url = database_url(settings)
    err = Console(stderr=True)
    key = new_partition_key()

    def overdue() -> None:
        # No safe point came in time: record the stop ourselves; the process exits next.
        # If that fails too, the batch shows as abandoned until the next load cleans it up.
        with contextlib.suppress(Exception):
            mark_cancelled(key, cancel.requested(), database_url=url)

    with (
        cancel.stop_on_signals(),
        _progress_bars(err) as bars,
        reporting_to(_BarProgress(bars) if err.is_terminal else _LineProgress(sys.stdout)),
    ):
        summary = cancel.run_stoppable(
            lambda: load_paths(
                paths,
                settings=settings,
                database_url=url,
                workers=workers,
                partition_key=key,
                log_level="ERROR" if verbose else "CRITICAL",
            ),
            on_overdue=overdue,
        )
    signum = cancel.requested()
    if signum:
        _stopped(key, signum, url)
    assert summary is not None
    out = Console()
    out.print(_summary_table(summary))
    if summary.rejects:
        out.print(_rejects_table(summary.rejects))
    if summary.checks:
        out.print(_checks_table(summary.checks))
    if summary.documents_seen == 0:
        print("cables load: nothing could be read from the given paths", file=sys.stderr)
        return EXIT_NOTHING_READ
    if not summary.published:
        print(
            f"cables load: batch {summary.batch_id} was not published ({summary.status}): "
            + printable(" ".join(str(summary.error).split())),
            file=sys.stderr,
        )
        return EXIT_FAILED
    return EXIT_OK


def _stopped(partition_key: str, signum: int, url: str) -> NoReturn:
    """Report a load stopped by ``signum`` in one line and exit with 128 + ``signum``."""
    import signal

    from etl.pipeline import cancel
    from etl.pipeline.loading import read_summary

    name = signal.Signals(signum).name
    try:
        summary = read_summary(partition_key, database_url=url)
        batch = f"batch {summary.batch_id}" if summary.batch_id is not None else "the batch"
        if summary.status == "published":
            line = f"stopped by {name} after {batch} was published"
        elif summary.batch_id is None:
            line = f"stopped by {name} before a batch was opened; nothing was published"
        else:
            line = f"stopped by {name}: {batch} is {summary.status}; nothing of it was published"
    except Exception:  # the database may be what hung: say what is known
        line = f"stopped by {name}; nothing of the batch was published"
    print(f"cables load: {line}", file=sys.stderr)
    # Leave at once: the batch's state is recorded, and the database rolls back whatever is
    # still open. Waiting for a load thread stuck in a call that ignores the stop, for the
    # worker pool's exit hooks or for the interpreter's final garbage collection of
    # Dagster's and GX's objects (seconds on a busy machine) would break the 10 s promise.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(cancel.exit_code(signum))


def _summary_table(summary: object) -> Table:
    from etl.pipeline.loading import BatchSummary

    assert isinstance(summary, BatchSummary)
    table = Table(
        title=literal(f"batch {summary.batch_id} ({summary.partition_key}): {summary.status}")
    )
    table.add_column("what")
    table.add_column("count", justify="right")
    for label, value in (
        ("documents read", summary.documents_seen),
        ("documents new", summary.documents_new),
        ("cables new", summary.cables_new),
        ("cables updated", summary.cables_updated),
        ("cables unchanged", summary.cables_unchanged),
        ("rejected", summary.rejected),
        ("cables flagged (published)", summary.flagged),
    ):
        table.add_row(label, f"{value:,}")
    for stage, why in summary.skipped_checks:
        table.add_row(f"checks {stage}", literal(why))
    for name, rows in summary.table_rows.items():
        table.add_row(f"rows in {name}", f"{rows:,}")
    for step, seconds in summary.timings.items():
        table.add_row(f"seconds: {step}", f"{seconds:.2f}")
    return table


def _rejects_table(rejects: list[tuple[str, str, str]], limit: int = 20) -> Table:
    table = Table(title=f"rejects ({len(rejects)})")
    table.add_column("input", overflow="fold")  # a path is wrapped, never cut short
    table.add_column("stage")
    table.add_column("reason")
    for path, stage, reason in rejects[:limit]:
        table.add_row(literal(path), literal(stage), literal(reason))
    if len(rejects) > limit:
        table.add_row(f"... {len(rejects) - limit} more (see cables status / etl.rejects)", "", "")
    return table


def _checks_table(checks: list[tuple[str, str, int, int]]) -> Table:
    table = Table(title="quality checks")
    for column in ("stage", "suite", "passed", "failed"):
        table.add_column(column)
    for stage, suite, ok, bad in checks:
        failed = Text(str(bad), style="red") if bad else Text("0")
        table.add_row(literal(stage), literal(suite), str(ok), failed)
    return table


def _flags_table(flagged: int, counts: list[flags.FlagCount]) -> Table:
    table = Table(title=f"flagged cables: {flagged:,} published with failed checks")
    for column in ("stage", "check", "what it found", "cables"):
        table.add_column(column, justify="right" if column == "cables" else "left")
    for count in counts:
        table.add_row(
            literal(count.stage),
            literal(count.expectation),
            literal(count.message),
            f"{count.cables:,}",
        )
    return table


def _unpublished_table(total: int, by_reason: list[tuple[str, str, int]]) -> Table:
    table = Table(title=f"unpublished inputs: {total:,} (public.unpublished_inputs)")
    for column in ("stage", "reason", "inputs"):
        table.add_column(column, justify="right" if column == "inputs" else "left")
    for stage, why, n in by_reason:
        table.add_row(literal(stage), literal(why), f"{n:,}")
    return table


def status(verbose: bool = False, *, settings: Settings) -> int:
    """Print recent batches, table sizes, recent rejects, flagged cables and unpublished inputs
    by reason, and check results."""
    out = Console()
    url = database_url(settings)
    out.print(literal(f"warehouse: {mask_url(libpq_url(url))}"))
    with psycopg_connect(url) as conn:
        batches = Table(title="recent batches")
        for column in (
            "batch",
            "partition",
            "status",
            "started",
            "read",
            "new",
            "updated",
            "unchanged",
            "rejected",
            "error",
        ):
            batches.add_column(column)
        for row in reports.recent_batches(conn):
            batches.add_row(*(literal(value) for value in row))
        out.print(batches)
        sizes = Table(title="analyst tables")
        sizes.add_column("table")
        sizes.add_column("rows", justify="right")
        for name, rows in reports.analyst_table_counts(conn).items():
            sizes.add_row(name, f"{rows:,}")
        out.print(sizes)
        rejects = reports.recent_rejects(conn)
        if rejects:
            out.print(_rejects_table(rejects))
        out.print(_flags_table(flags.flagged_cable_count(conn), flags.flag_counts(conn)))
        out.print(
            _unpublished_table(reports.unpublished_count(conn), reports.unpublished_by_reason(conn))
        )
        checks = reports.latest_checks(conn)
        if checks:
            out.print(_checks_table(checks))
    docs = settings.home / "data_docs" / "index.html"
    out.print(
        f"quality reports (Great Expectations Data Docs): {docs}"
        if docs.exists()
        else f"quality reports will be written to {docs.parent}"
    )
    return EXIT_OK


def serve(host: str = "127.0.0.1", port: int = 3000, *, settings: Settings) -> NoReturn:
    """Run the Dagster webserver and daemon (sensor and schedule on) until interrupted."""
    from etl.pipeline.instance import instance_home, persistent_instance

    # The instance `cables load` records its runs in, so the UI lists them too; opened once
    # here so that its storage exists before the webserver and the daemon open it together.
    persistent_instance(settings).dispose()
    home = instance_home(settings)
    settings.inbox.mkdir(parents=True, exist_ok=True)
    _ensure_schema(settings)
    dagster = shutil.which("dagster", path=str(Path(sys.executable).parent)) or "dagster"
    env = {
        **os.environ,
        "DAGSTER_HOME": str(home),
        "DAGSTER_DISABLE_TELEMETRY": "1",
        "CABLES_HOME": str(settings.home),
        "CABLES_INBOX": str(settings.inbox),
    }
    print(f"Dagster UI on http://{host}:{port} — drop files into {settings.inbox} to load them.")
    argv = [dagster, "dev", "-m", "etl.pipeline.definitions", "-h", host, "-p", str(port)]
    os.execve(dagster, argv, env)
