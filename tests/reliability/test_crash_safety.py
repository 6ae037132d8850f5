"""Crash safety: ``kill -9`` of ``cables load`` at several moments, then a reload, gives exactly
the warehouse of a clean load, and the dead batches' staging rows are cleaned up."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from etl.database import libpq_url
from etl.pipeline.loading import load_paths
from etl.warehouse.rows import ALL_TABLES

from .conftest import (
    CABLES_SCRIPT,
    Fingerprint,
    RunCables,
    cables_env,
    corpus_or_variants,
    query,
)

Sql = Callable[..., list[tuple[Any, ...]]]

#: Enough cables that parsing takes a few seconds, few enough to keep the test affordable.
SAMPLE_SIZE = 80

#: When to kill the load: a moment is reached when the query on the newest batch is true.
KILL_MOMENTS = {
    # The batch row is committed first, so landing (or its raw checks) is under way.
    "landing": "SELECT true FROM etl.batches WHERE batch_id > %s",
    # Landing has finished: parsing in worker processes has started.
    "parsing": "SELECT timings ? 'land' FROM etl.batches WHERE batch_id > %s",
    # Parsed-stage checks are done: the publish step starts (rows are staged, not published).
    "publishing": "SELECT timings ? 'checks_parsed' FROM etl.batches WHERE batch_id > %s",
}


def _last_batch(url: str) -> int:
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        row = conn.execute("SELECT coalesce(max(batch_id), 0) FROM etl.batches").fetchone()
    return int(row[0]) if row else 0


def _kill_when(url: str, folder: Path, env: dict[str, str], moment_sql: str) -> str:
    """Start ``cables load``, SIGKILL it when ``moment_sql`` turns true; returns the status
    its batch was left in."""
    before = _last_batch(url)
    process = subprocess.Popen(
        [str(CABLES_SCRIPT), "load", str(folder)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its worker processes share its id as process group
    )
    try:
        with psycopg.connect(libpq_url(url), autocommit=True) as conn:
            deadline = time.monotonic() + 240
            while process.poll() is None and time.monotonic() < deadline:
                row = conn.execute(moment_sql, (before,)).fetchone()
                if row and row[0]:
                    break
                time.sleep(0.02)
        assert process.poll() is None, "the load finished before the moment to kill it"
        os.kill(process.pid, signal.SIGKILL)
        assert process.wait(timeout=30) == -signal.SIGKILL
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
            process.wait(timeout=30)
        with contextlib.suppress(ProcessLookupError):  # orphaned workers of the killed load
            os.killpg(process.pid, signal.SIGKILL)
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        row = conn.execute(
            "SELECT status FROM etl.batches WHERE batch_id > %s ORDER BY batch_id LIMIT 1",
            (before,),
        ).fetchone()
    return str(row[0]) if row else "never opened"


def _differing_cables(left: str, right: str) -> dict[str, list[str]]:
    """Per analyst table, the first cable ids whose rows differ (to explain a failure)."""
    differing: dict[str, list[str]] = {}
    for spec in ALL_TABLES:
        statement = (
            f"SELECT cable_id, md5(string_agg(t::text, '|' ORDER BY t::text)) "
            f"FROM public.{spec.name} t GROUP BY cable_id"
        )
        if spec.name == "cables":
            statement = "SELECT cable_id, content_hash FROM public.cables"
        rows = [set(query(url, statement)) for url in (left, right)]
        ids = sorted({str(row[0]) for row in rows[0] ^ rows[1]})
        if ids:
            differing[spec.name] = ids[:5]
    return differing


@pytest.mark.slow
def test_kill_9_at_each_stage_then_reload_gives_the_clean_warehouse(
    tmp_path: Path,
    make_database: Callable[..., str],
    run_cables: RunCables,
    fingerprint: Fingerprint,
    sql: Sql,
) -> None:
    folder = corpus_or_variants(tmp_path / "input", SAMPLE_SIZE)
    crashed = make_database()
    env = cables_env(crashed, tmp_path / "home")

    left_in = {
        moment: _kill_when(crashed, folder, env, query) for moment, query in KILL_MOMENTS.items()
    }

    # The kills left batches behind as 'running' (at least the ones killed before publishing).
    assert left_in["landing"] == "running" and left_in["parsing"] == "running", left_in
    reload = run_cables("load", str(folder), env={**env, "CABLES_STALE_BATCH_SECONDS": "0"})
    assert reload.returncode == 0, reload.stderr

    clean = make_database()
    clean_summary = load_paths([folder], database_url=clean)
    assert clean_summary.published, clean_summary.error

    assert fingerprint(crashed) == fingerprint(clean), _differing_cables(crashed, clean)
    assert fingerprint(clean)["cables"][0] > SAMPLE_SIZE // 2
    # Nothing is lost: the same raw documents, each parsed to the same cable (or rejected).
    raw = "SELECT sha256, cable_id, parsed_at IS NOT NULL FROM etl.raw_documents ORDER BY 1"
    assert sql(crashed, raw) == sql(clean, raw)
    # The dead batches were purged: none is left running and their staged rows are gone.
    statuses = sql(crashed, "SELECT status, count(*) FROM etl.batches GROUP BY 1 ORDER BY 1")
    assert "running" not in {status for status, _ in statuses}, statuses
    for spec in ALL_TABLES:
        assert sql(crashed, f"SELECT count(*) FROM {spec.stage_name}") == [(0,)], spec.stage_name


_DIGEST_SCRIPT = """
import hashlib, sys
from pathlib import Path
from etl.pipeline.workers import WorkItem, process_document
digest = hashlib.sha256()
for path in sorted(Path(sys.argv[1]).iterdir()):
    result = process_document(WorkItem(0, "text", path.read_bytes(), path.name))
    digest.update(repr(result).encode())
print(digest.hexdigest())
"""


def test_parsing_is_identical_in_every_process(tmp_path: Path) -> None:
    """A reload equals a clean load only if workers in different processes (different hash
    seeds, so different set orders) turn the same bytes into the same rows."""
    folder = corpus_or_variants(tmp_path / "input", SAMPLE_SIZE)
    digests = {
        subprocess.run(
            [sys.executable, "-c", _DIGEST_SCRIPT, str(folder)],
            env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        ).stdout.strip()
        for seed in ("1", "2", "3")
    }
    assert len(digests) == 1, digests
