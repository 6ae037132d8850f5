"""A publish step whose connection is killed is retried by Dagster about 10 s later; meanwhile
another load purges stale batches. Nothing of the first load may be lost: the purge must leave
a batch whose run is alive alone, and a retried step whose staging is gone parses it again."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from etl.database import libpq_url
from etl.warehouse.bookkeeping import purge_abandoned

from .conftest import CABLES_SCRIPT, cables_env, write_variants

Sql = Callable[..., list[tuple[Any, ...]]]

#: The first load's cables and the other load's (distinct cables, as in the report: 80 + 3).
FIRST, OTHER = 80, 3


def _start_load(folder: Path, url: str, home: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [str(CABLES_SCRIPT), "load", str(folder)],
        # Every running batch counts as stale at once: only the run's liveness protects it.
        env=cables_env(url, home, CABLES_STALE_BATCH_SECONDS="0"),
        cwd=home.parent,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _backends_of_others(conn: psycopg.Connection) -> list[int]:
    rows = conn.execute(
        "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
        "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
    ).fetchall()
    return [int(pid) for (pid,) in rows]


def _terminate(conn: psycopg.Connection, pids: list[int]) -> None:
    """Terminate the backends and wait until they are gone (their locks with them)."""
    for pid in pids:
        conn.execute("SELECT pg_terminate_backend(%s)", (pid,))
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        alive = conn.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", (pids,)
        ).fetchone()
        if alive == (0,):
            return
        time.sleep(0.05)
    raise AssertionError(f"backends {pids} did not end")


def _finish(process: subprocess.Popen[str], admin: psycopg.Connection) -> tuple[str, str]:
    """Wait for a load; if it hangs, fail with what every session of the database was doing
    and waiting for (a hang is a lock cycle the server cannot see, e.g. through a session
    that is idle in a transaction, and this is what explains it)."""
    try:
        return process.communicate(timeout=300)
    except subprocess.TimeoutExpired as hung:
        sessions = admin.execute(
            "SELECT pid, state, wait_event_type, wait_event, pg_blocking_pids(pid), "
            "now() - xact_start, left(query, 200) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid() ORDER BY pid"
        ).fetchall()
        locks = admin.execute(
            "SELECT l.pid, l.locktype, l.mode, l.granted, l.relation::regclass, l.objid "
            "FROM pg_locks l WHERE l.database = (SELECT oid FROM pg_database "
            "WHERE datname = current_database()) ORDER BY l.pid"
        ).fetchall()
        process.kill()
        out, err = process.communicate()
        raise AssertionError(
            f"{process.args!r} hung ({hung.timeout} s).\nsessions:\n"
            + "\n".join(map(str, sessions))
            + "\nlocks:\n"
            + "\n".join(map(str, locks))
            + f"\nstdout:\n{out}\nstderr:\n{err[-4000:]}"
        ) from None


@pytest.fixture
def folders(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    first, other = tmp_path / "first", tmp_path / "other"
    paths = write_variants(tmp_path / "all", FIRST + OTHER)
    first.mkdir()
    other.mkdir()
    for index, path in enumerate(paths):
        (first if index < FIRST else other).joinpath(path.name).write_bytes(path.read_bytes())
    yield first, other


def _run_with_publish_killed(
    url: str, tmp_path: Path, first: Path, other: Path, *, kill_all_of_the_load: bool
) -> tuple[subprocess.CompletedProcess[str], subprocess.CompletedProcess[str]]:
    """Load ``first`` and kill its publish backend (``kill_all_of_the_load``: every backend
    of that load, so nothing of it is left in the database), purge stale batches as another
    load's raw stage does, then load ``other`` while the first load waits for its retry."""
    home = tmp_path / "home"
    with psycopg.connect(libpq_url(url), autocommit=True) as admin:
        # Hold the first load's publish at its first read of the analyst tables.
        blocker = psycopg.connect(libpq_url(url))
        blocker.execute("LOCK TABLE public.cables IN ACCESS EXCLUSIVE MODE")
        process = _start_load(first, url, home)
        try:
            deadline = time.monotonic() + 240
            publisher: list[tuple[int]] = []
            while time.monotonic() < deadline and process.poll() is None and not publisher:
                publisher = admin.execute(
                    "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                    "AND query ILIKE %s",
                    ("%publish_plan%",),
                ).fetchall()
                time.sleep(0.05)
            assert publisher, "the first load never reached its publish step"
            victims = _backends_of_others(admin) if kill_all_of_the_load else [publisher[0][0]]
            victims = [pid for pid in victims if pid != blocker.info.backend_pid]
            _terminate(admin, victims)
            blocker.close()
            # What the other load's raw stage does first, right away (the retry is ~10 s off).
            with psycopg.connect(libpq_url(url)) as purger:
                purge_abandoned(purger, stale_after_seconds=0)
            other_load = _start_load(other, url, tmp_path / "home_other")
            other_out, other_err = _finish(other_load, admin)
            first_out, first_err = _finish(process, admin)
        finally:
            blocker.close()
            if process.poll() is None:
                process.kill()
                process.wait()
    return (
        subprocess.CompletedProcess(process.args, process.returncode, first_out, first_err),
        subprocess.CompletedProcess(other_load.args, other_load.returncode, other_out, other_err),
    )


def _assert_nothing_lost(url: str, sql: Sql) -> None:
    assert sql(url, "SELECT count(*) FROM cables") == [(FIRST + OTHER,)]
    # No document is marked parsed by this parser without its cable or a reject.
    assert sql(
        url,
        "SELECT count(*) FROM etl.raw_documents d WHERE d.parser_version IS NOT NULL "
        "AND NOT EXISTS (SELECT FROM cables c WHERE c.source_document_id = d.document_id) "
        "AND NOT EXISTS (SELECT FROM etl.rejects r WHERE r.document_id = d.document_id)",
    ) == [(0,)]
    assert sql(url, "SELECT status, count(*) FROM etl.batches GROUP BY 1") == [("published", 2)]


@pytest.mark.slow
def test_a_purge_never_takes_the_batch_of_a_live_run_whose_publish_is_retried(
    tmp_path: Path, fresh_warehouse: str, folders: tuple[Path, Path], sql: Sql
) -> None:
    first, other = folders
    first_load, other_load = _run_with_publish_killed(
        fresh_warehouse, tmp_path, first, other, kill_all_of_the_load=False
    )
    assert first_load.returncode == 0, first_load.stderr
    assert other_load.returncode == 0, other_load.stderr
    _assert_nothing_lost(fresh_warehouse, sql)


@pytest.mark.slow
def test_a_retried_publish_whose_staging_was_purged_parses_it_again(
    tmp_path: Path, fresh_warehouse: str, folders: tuple[Path, Path], sql: Sql
) -> None:
    first, other = folders
    first_load, other_load = _run_with_publish_killed(
        fresh_warehouse, tmp_path, first, other, kill_all_of_the_load=True
    )
    assert first_load.returncode == 0, first_load.stderr
    assert other_load.returncode == 0, other_load.stderr
    _assert_nothing_lost(fresh_warehouse, sql)
