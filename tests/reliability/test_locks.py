"""Loads and analysts on the same warehouse: no analyst session can stop a load, and a load
never makes analysts queue behind it. The analyst here is a real read-only role."""

from __future__ import annotations

import contextlib
import secrets
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import errors

from etl.database import libpq_url, psycopg_connect
from etl.warehouse.bookkeeping import BATCH_LOCK_CLASS, RUN_LEASE_CLASS
from etl.warehouse.roles import create_analyst_role, drop_analyst_role

from .conftest import CABLES_SCRIPT, cables_env

Sql = Callable[..., list[tuple[Any, ...]]]

#: Every analyst table and summary a reader may have open.
ANALYST_TABLES = (
    "cables",
    "recipients",
    "tags",
    "paragraphs",
    "entities",
    "cable_references",
    "entity_summary",
    "cable_citation_counts",
    "stations",
)


@pytest.fixture
def analyst_url(fresh_warehouse: str) -> Iterator[str]:
    """A libpq URL of a fresh read-only analyst role on the warehouse (dropped afterwards)."""
    name, password = f"analyst_{secrets.token_hex(4)}", secrets.token_urlsafe(12)
    with psycopg_connect(fresh_warehouse) as conn:
        create_analyst_role(conn, name, password)
        conn.commit()
    parts = urlsplit(libpq_url(fresh_warehouse))
    host = parts.netloc.rsplit("@", 1)[-1]
    yield urlunsplit(parts._replace(netloc=f"{name}:{password}@{host}"))
    with psycopg_connect(fresh_warehouse) as conn:
        drop_analyst_role(conn, name)
        conn.commit()


def _load(folder: Path, url: str, home: Path, timeout: float) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(
            [str(CABLES_SCRIPT), "load", str(folder)],
            env=cables_env(url, home),
            cwd=home.parent,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired as expired:
        raise AssertionError(f"the load did not end within {timeout} s") from expired


@pytest.mark.slow
def test_a_first_load_does_not_queue_analysts_behind_an_open_read(
    tmp_path: Path,
    fresh_warehouse: str,
    analyst_url: str,
    make_variants: Callable[[Path, int], list[Path]],
    sql: Sql,
) -> None:
    cables = make_variants(tmp_path / "inbox", 20)
    # One analyst keeps a read transaction open on every analyst table of the empty warehouse.
    reader = psycopg.connect(analyst_url)
    for table in ANALYST_TABLES:
        reader.execute(f"SELECT count(*) FROM public.{table}").fetchall()
    slowest: list[float] = []
    stop = threading.Event()

    def other_analyst() -> None:
        # Another analyst's queries while the load runs: none may wait for the load.
        with psycopg.connect(analyst_url, autocommit=True) as conn:
            conn.execute("SET statement_timeout = '5s'")
            while not stop.is_set():
                started = time.monotonic()
                for table in ANALYST_TABLES:
                    conn.execute(f"SELECT count(*) FROM public.{table}").fetchall()
                slowest.append(time.monotonic() - started)
                time.sleep(0.05)

    probe = threading.Thread(target=other_analyst)
    probe.start()
    try:
        loaded = _load(tmp_path / "inbox", fresh_warehouse, tmp_path / "home", timeout=240)
    finally:
        stop.set()
        probe.join(timeout=30)
        reader.close()
    assert loaded.returncode == 0, loaded.stderr
    assert sql(fresh_warehouse, "SELECT count(*) FROM cables") == [(len(cables),)]
    assert slowest, "the other analyst's queries did not run"
    assert max(slowest) < 3.0  # a query of them failed (5 s timeout) if the thread stopped early
    assert not probe.is_alive()


@pytest.mark.slow
def test_a_strict_database_statement_timeout_does_not_fail_the_load(
    tmp_path: Path,
    fresh_warehouse: str,
    make_variants: Callable[[Path, int], list[Path]],
    sql: Sql,
) -> None:
    cables = make_variants(tmp_path / "inbox", 20)
    database = urlsplit(libpq_url(fresh_warehouse)).path.lstrip("/")
    with psycopg.connect(libpq_url(fresh_warehouse), autocommit=True) as conn:
        for setting in ("statement_timeout", "lock_timeout", "idle_in_transaction_session_timeout"):
            conn.execute(f"ALTER DATABASE \"{database}\" SET {setting} = '20ms'")
    loaded = _load(tmp_path / "inbox", fresh_warehouse, tmp_path / "home", timeout=240)
    assert loaded.returncode == 0, loaded.stderr
    assert sql(fresh_warehouse, "SELECT count(*) FROM cables") == [(len(cables),)]


@pytest.mark.slow
def test_an_analyst_cannot_stop_a_load_with_locks(
    tmp_path: Path,
    fresh_warehouse: str,
    analyst_url: str,
    make_variants: Callable[[Path, int], list[Path]],
    sql: Sql,
) -> None:
    cables = make_variants(tmp_path / "inbox", 10)
    with (
        psycopg.connect(analyst_url, autocommit=True) as analyst,
        psycopg.connect(libpq_url(fresh_warehouse), autocommit=True) as other,
    ):
        # Every advisory lock the load has ever used or uses (the publish key, and the step
        # lock and run lease of the first batches), held by another session: the load must
        # not wait for any of them. The analyst role may not take advisory locks at all.
        for session in (other, analyst):
            _hold(session, "SELECT pg_try_advisory_lock(%s)", 0x0CAB1E5)
            for batch_id in range(1, 6):
                for lock_class in (BATCH_LOCK_CLASS, RUN_LEASE_CLASS):
                    _hold(session, "SELECT pg_try_advisory_lock(%s, %s)", lock_class, batch_id)
        loaded = _load(tmp_path / "inbox", fresh_warehouse, tmp_path / "home", timeout=240)
        # The lock publishing takes is on a table the analyst cannot touch.
        with pytest.raises(errors.InsufficientPrivilege), analyst.transaction():
            analyst.execute("LOCK TABLE etl.table_row_counts IN SHARE ROW EXCLUSIVE MODE")
    assert loaded.returncode == 0, loaded.stderr
    assert sql(fresh_warehouse, "SELECT count(*) FROM cables") == [(len(cables),)]


def _hold(session: psycopg.Connection, statement: str, *params: int) -> None:
    """Take an advisory lock on ``session`` if it is free and the session's role may."""
    with contextlib.suppress(errors.InsufficientPrivilege):
        session.execute(statement, params)


@pytest.mark.slow
def test_a_first_load_does_not_wait_for_an_open_read_of_the_bookkeeping_tables(
    tmp_path: Path,
    fresh_warehouse: str,
    make_variants: Callable[[Path, int], list[Path]],
    sql: Sql,
) -> None:
    """Another load's reader keeps etl.raw_documents and etl.batches open in a transaction (as
    a retried publish does while it parses lost staging). A first load into the empty
    warehouse must publish anyway: it drops only keys between the analyst tables, whose locks
    it took without waiting; a key into a bookkeeping table would wait for that reader, and
    the reader for the load (a cycle the server cannot see)."""
    cables = make_variants(tmp_path / "inbox", 20)
    reader = psycopg.connect(libpq_url(fresh_warehouse))
    for table in ("etl.raw_documents", "etl.batch_documents", "etl.batches"):
        reader.execute(f"SELECT count(*) FROM {table}").fetchall()
    try:
        loaded = _load(tmp_path / "inbox", fresh_warehouse, tmp_path / "home", timeout=240)
    finally:
        reader.close()
    assert loaded.returncode == 0, loaded.stderr
    assert sql(fresh_warehouse, "SELECT count(*) FROM cables") == [(len(cables),)]
