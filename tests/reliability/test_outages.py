"""Database outages: unreachable at start, and restarted in the middle of a load."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from etl.database import (
    create_database,
    embedded_server_url,
    libpq_url,
    stop_embedded_server,
    with_database,
)
from etl.warehouse.migrations import upgrade

from .conftest import CABLES_SCRIPT, RunCables, cables_env

Sql = Callable[..., list[tuple[Any, ...]]]

#: Nothing listens on port 1 of the loopback interface.
CLOSED_PORT_URL = "postgresql://postgres@127.0.0.1:1/cables"


@pytest.mark.parametrize(
    "command", [("load", "{inbox}"), ("status",), ("db", "upgrade"), ("db", "url")]
)
def test_unreachable_database_gives_one_clear_line_and_a_non_zero_exit(
    command: tuple[str, ...],
    tmp_path: Path,
    run_cables: RunCables,
    make_variants: Callable[[Path, int], list[Path]],
) -> None:
    inbox = tmp_path / "inbox"
    make_variants(inbox, 1)
    args = [part.format(inbox=inbox) for part in command]

    result = run_cables(*args, env=cables_env(CLOSED_PORT_URL, tmp_path / "home"), timeout=120)

    if command == ("db", "url"):  # only prints the configured URL; no connection needed
        assert result.returncode == 0 and "127.0.0.1:1" in result.stdout
        return
    assert result.returncode == 3
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cables: cannot connect to PostgreSQL at ")
    assert "127.0.0.1:1" in lines[0]
    assert "Traceback" not in result.stderr + result.stdout


@pytest.fixture
def private_pgdata() -> Iterator[Path]:
    """Data folder of a PostgreSQL of this test alone (stoppable without disturbing anyone),
    started with a migrated ``cables`` database; stopped and removed afterwards."""
    # Not under pytest's tmp_path: pytest keeps its root 0700, which the server's own system
    # user (when run as root) cannot traverse.
    pgdata = Path(tempfile.mkdtemp(prefix="cables-reliability-")) / "pgdata"
    try:
        upgrade(create_database(embedded_server_url(pgdata), "cables"), quiet=True)
        yield pgdata
    finally:
        stop_embedded_server(pgdata)
        shutil.rmtree(pgdata.parent, ignore_errors=True)


@pytest.mark.slow
def test_database_restart_during_a_load_fails_cleanly_or_retries_and_a_rerun_completes(
    tmp_path: Path,
    private_pgdata: Path,
    run_cables: RunCables,
    make_variants: Callable[[Path, int], list[Path]],
    sql: Sql,
) -> None:
    pgdata = private_pgdata
    url = with_database(embedded_server_url(pgdata), "cables")
    inbox = tmp_path / "inbox"
    cables = make_variants(inbox, 30)
    env = cables_env(url, tmp_path / "home")
    process = subprocess.Popen(
        [str(CABLES_SCRIPT), "load", str(inbox)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Restart while the raw stage runs (landing, then its Great Expectations checks).
        with psycopg.connect(libpq_url(url), autocommit=True) as conn:
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline and process.poll() is None:
                if conn.execute("SELECT count(*) FROM etl.batches").fetchone() != (0,):
                    break
                time.sleep(0.02)
        assert process.poll() is None, "the load ended before the restart"
        assert stop_embedded_server(pgdata)
        restarted_at = time.monotonic()
        embedded_server_url(pgdata)
        assert time.monotonic() - restarted_at < 30
        back_up_at = sql(url, "SELECT now()")[0][0]
        stdout, stderr = process.communicate(timeout=300)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()

    # Either the retry policy carried the run through, or it failed with a clear message.
    assert "Traceback" not in stderr + stdout
    if process.returncode == 0:
        # A retried raw stage reopens the batch: it started again after the restart.
        assert sql(url, "SELECT bool_and(started_at > %s) FROM etl.batches", back_up_at) == [
            (True,)
        ]
    else:
        assert process.returncode in (1, 3)
        assert stderr.strip().splitlines()[-1].startswith("cables")
    rerun = run_cables("load", str(inbox), env={**env, "CABLES_STALE_BATCH_SECONDS": "0"})
    assert rerun.returncode == 0, rerun.stderr
    assert sql(url, "SELECT count(*) FROM cables") == [(len(cables),)]
    assert sql(url, "SELECT count(*) FROM etl.batches WHERE status = 'running'") == [(0,)]
