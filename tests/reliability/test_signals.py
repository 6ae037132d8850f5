"""Signals and processes: SIGINT and SIGTERM stop ``cables load`` cleanly (nothing published,
the batch cancelled, exit 130 / 143 within 10 s, the next load normal); ``kill -9`` of the load
alone takes its fork server and parsing workers with it; ``cables status`` never shows the
batch of a dead load as running."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from etl.database import libpq_url
from etl.warehouse.rows import ALL_TABLES

from .conftest import CABLES_SCRIPT, RunCables, cables_env, corpus_or_variants

Sql = Callable[..., list[tuple[Any, ...]]]

SAMPLE_SIZE = 80

#: Moments of a load (true once reached for the batch after ``%s``), as in test_crash_safety.
LANDED = "SELECT timings ? 'land' FROM etl.batches WHERE batch_id > %s"
PARSED_CHECKED = "SELECT timings ? 'checks_parsed' FROM etl.batches WHERE batch_id > %s"


def _last_batch(url: str) -> int:
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        row = conn.execute("SELECT coalesce(max(batch_id), 0) FROM etl.batches").fetchone()
    return int(row[0]) if row else 0


def _start_load(folder: Path, env: dict[str, str], *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(CABLES_SCRIPT), "load", str(folder), *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its fork server and workers share its id as session id
    )


def _wait_for(url: str, process: subprocess.Popen[str], moment_sql: str, after: int) -> None:
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        deadline = time.monotonic() + 240
        while process.poll() is None and time.monotonic() < deadline:
            row = conn.execute(moment_sql, (after,)).fetchone()
            if row and row[0]:
                return
            time.sleep(0.02)
    raise AssertionError(f"the load ended (or hung) before {moment_sql!r}: {process.poll()}")


def _session_processes(session_id: int) -> list[int]:
    """Live (not zombie) processes whose session is ``session_id``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[3]) == session_id and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def _kill_session(session_id: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(session_id, signal.SIGKILL)


@pytest.mark.parametrize(
    ("signum", "moment"),
    [(signal.SIGINT, PARSED_CHECKED), (signal.SIGTERM, LANDED)],
    ids=["SIGINT-before-publish", "SIGTERM-while-checking-raw"],
)
def test_a_stop_signal_cancels_the_batch_and_the_next_load_proceeds(
    tmp_path: Path,
    fresh_warehouse: str,
    run_cables: RunCables,
    sql: Sql,
    signum: signal.Signals,
    moment: str,
) -> None:
    folder = corpus_or_variants(tmp_path / "input", SAMPLE_SIZE)
    env = cables_env(fresh_warehouse, tmp_path / "home")
    before = _last_batch(fresh_warehouse)
    process = _start_load(folder, env)
    try:
        _wait_for(fresh_warehouse, process, moment, before)
        sent = time.monotonic()
        os.kill(process.pid, signum)
        _, stderr = process.communicate(timeout=30)
        took = time.monotonic() - sent
    finally:
        _kill_session(process.pid)
    assert process.returncode == 128 + signum, stderr
    assert took < 10, took
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and signum.name in lines[0] and "cancelled" in lines[0], stderr
    # Nothing of the batch was published or left staged; it is recorded as cancelled.
    assert sql(fresh_warehouse, "SELECT status FROM etl.batches WHERE batch_id > %s", before) == [
        ("cancelled",)
    ]
    assert sql(fresh_warehouse, "SELECT count(*) FROM public.cables") == [(0,)]
    for spec in ALL_TABLES:
        assert sql(fresh_warehouse, f"SELECT count(*) FROM {spec.stage_name}") == [(0,)]
    status = run_cables("status", env=env)
    assert status.returncode == 0 and "cancelled" in status.stdout, status.stdout

    again = run_cables("load", str(folder), env=env)
    assert again.returncode == 0, again.stderr
    published = sql(fresh_warehouse, "SELECT count(*) FROM public.cables")[0][0]
    assert published > SAMPLE_SIZE // 2


def test_kill_9_of_the_load_alone_ends_its_workers_and_status_shows_it_abandoned(
    tmp_path: Path, fresh_warehouse: str, run_cables: RunCables
) -> None:
    folder = corpus_or_variants(tmp_path / "input", 2 * SAMPLE_SIZE)  # parsing lasts a while
    env = cables_env(fresh_warehouse, tmp_path / "home")
    before = _last_batch(fresh_warehouse)
    # Two workers even for a small batch, so a fork server and worker processes exist.
    process = _start_load(folder, env, "--workers", "2")
    try:
        _wait_for(fresh_warehouse, process, LANDED, before)
        deadline = time.monotonic() + 60
        while len(_session_processes(process.pid)) < 4 and time.monotonic() < deadline:
            assert process.poll() is None, "the load ended before its workers were seen"
            time.sleep(0.02)  # the load, its fork server and two workers
        assert len(_session_processes(process.pid)) >= 4, _session_processes(process.pid)
        os.kill(process.pid, signal.SIGKILL)  # only the load's own pid
        process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while _session_processes(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = _session_processes(process.pid)
    finally:
        _kill_session(process.pid)
    assert left == [], f"processes of the killed load still alive: {left}"

    time.sleep(6)  # longer than the gap between two steps of a live load
    status = run_cables("status", env=env)
    assert status.returncode == 0, status.stderr
    row = next(line for line in status.stdout.splitlines() if f"│ {before + 1} " in line)
    assert "abandoned" in row and "running" not in row, row


def test_a_stop_while_a_statement_waits_cancels_it_and_still_exits_in_time(
    tmp_path: Path, fresh_warehouse: str, sql: Sql
) -> None:
    """No safe point comes while a statement waits for a lock: the statement is cancelled, the
    step is not retried, and the load still ends cancelled within 10 s."""
    folder = corpus_or_variants(tmp_path / "input", 20)
    env = cables_env(fresh_warehouse, tmp_path / "home")
    before = _last_batch(fresh_warehouse)
    with psycopg.connect(libpq_url(fresh_warehouse)) as blocker:
        # Like an analyst's migration or a long maintenance: publishing must wait for it.
        blocker.execute("LOCK TABLE public.cables IN ACCESS EXCLUSIVE MODE")
        process = _start_load(folder, env)
        try:
            with psycopg.connect(libpq_url(fresh_warehouse), autocommit=True) as watcher:
                deadline = time.monotonic() + 240
                waiting: list[tuple[Any, ...]] = []
                while not waiting and process.poll() is None and time.monotonic() < deadline:
                    waiting = watcher.execute(
                        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                        "AND wait_event_type = 'Lock' AND pid <> %s",
                        (blocker.info.backend_pid,),
                    ).fetchall()
                    time.sleep(0.05)
            assert waiting, "the load never waited for the lock"
            sent = time.monotonic()
            os.kill(process.pid, signal.SIGTERM)
            _, stderr = process.communicate(timeout=30)
            took = time.monotonic() - sent
        finally:
            _kill_session(process.pid)
        blocker.rollback()
    assert process.returncode == 143, stderr
    assert took < 10, (took, stderr)
    assert "SIGTERM" in stderr and "Traceback" not in stderr, stderr
    assert sql(fresh_warehouse, "SELECT status FROM etl.batches WHERE batch_id > %s", before) == [
        ("cancelled",)
    ]
    assert sql(fresh_warehouse, "SELECT count(*) FROM public.cables") == [(0,)]
