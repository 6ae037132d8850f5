"""A password in DATABASE_URL never shows: not in command output, not in Dagster's records,
not in the exceptions a caller sees.

The 127.0.0.1:5432 server uses trust authentication, so any password is accepted; what is
tested is where the string travels. Skipped when that server is not reachable.
"""

from __future__ import annotations

import secrets
import traceback
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import dagster as dg
import psycopg
import pytest
from dagster._serdes import serialize_value

from etl.database import libpq_url
from etl.pipeline.loading import load_paths

from .conftest import TCP_SERVER_URL, RunCables, cables_env

Sql = Callable[..., list[tuple[Any, ...]]]


def _with_credentials(url: str, user: str, password: str, port: int | None = None) -> str:
    parts = urlsplit(url)
    host = parts.hostname or "127.0.0.1"
    netloc = f"{user}:{password}@{host}:{port or parts.port or 5432}"
    return urlunsplit(parts._replace(netloc=netloc))


@pytest.fixture
def secret_url(tcp_server: Callable[..., str]) -> Iterator[tuple[str, str]]:
    """(DATABASE_URL with a password, the password) for a fresh warehouse on 127.0.0.1."""
    url = tcp_server()
    user = f"cables_secret_{secrets.token_hex(4)}"
    password = f"PwLeak{secrets.token_hex(10)}Marker"
    with psycopg.connect(libpq_url(TCP_SERVER_URL), autocommit=True) as conn:
        conn.execute(f"CREATE ROLE {user} LOGIN SUPERUSER PASSWORD '{password}'")
    yield _with_credentials(url, user, password), password
    with psycopg.connect(libpq_url(TCP_SERVER_URL), autocommit=True) as conn:
        conn.execute(f"DROP ROLE IF EXISTS {user}")


@pytest.mark.slow
def test_password_never_appears_in_command_output(
    secret_url: tuple[str, str],
    run_cables: RunCables,
    make_variants: Callable[[Path, int], list[Path]],
    tmp_path: Path,
) -> None:
    url, password = secret_url
    good = tmp_path / "good"
    make_variants(good, 3)
    garbage = tmp_path / "garbage"
    garbage.mkdir()
    for index in range(3):
        (garbage / f"noise{index}.bin").write_bytes(secrets.token_bytes(300))
    user = urlsplit(url).username
    unreachable = _with_credentials(url, str(user), password, port=1)
    missing_db = urlunsplit(urlsplit(url)._replace(path="/no_such_database"))
    home = tmp_path / "home"
    runs = {
        "load": (url, ["load", str(good)], 0),
        "status": (url, ["status"], 0),
        "db url": (url, ["db", "url"], 0),
        "db upgrade": (url, ["db", "upgrade"], 0),
        "failing load": (url, ["load", str(garbage)], 1),
        "unreachable": (unreachable, ["load", str(good)], 3),
        "missing database": (missing_db, ["status"], 3),
    }

    for label, (target, args, expected_exit) in runs.items():
        result = run_cables(*args, env=cables_env(target, home))
        shown = result.stdout + result.stderr
        assert result.returncode == expected_exit, (label, result.stderr)
        assert password not in shown, label
        assert "Traceback" not in shown, label
        if label in ("db url", "unreachable", "missing database"):
            assert f"{user}:***@" in shown, label  # the URL is shown, masked


@pytest.mark.slow
def test_password_is_not_in_dagster_records_or_raised_errors(
    secret_url: tuple[str, str],
    make_variants: Callable[[Path, int], list[Path]],
    tmp_path: Path,
) -> None:
    url, password = secret_url
    make_variants(tmp_path / "good", 3)
    (tmp_path / "dagster").mkdir()
    with dg.instance_for_test(temp_dir=str(tmp_path / "dagster")) as instance:
        summary = load_paths([tmp_path / "good"], database_url=url, workers=1, instance=instance)
        assert summary.published, summary.error
        garbage = tmp_path / "garbage"
        garbage.mkdir()
        (garbage / "noise.bin").write_bytes(secrets.token_bytes(300))
        blocked = load_paths([garbage], database_url=url, workers=1, instance=instance)
        assert not blocked.published
        unreachable = _with_credentials(url, "someone", password, port=1)
        with pytest.raises(Exception) as raised:
            load_paths([tmp_path / "good"], database_url=unreachable, workers=1, instance=instance)
        shown = "".join(traceback.format_exception(raised.value))
        assert "cannot connect" in str(raised.value)
        assert password not in shown

        records: list[str] = []
        runs = instance.get_runs()
        assert len(runs) == 2
        for run in runs:
            records.append(serialize_value(run))
            records.extend(serialize_value(event) for event in instance.all_logs(run.run_id))
            if run.job_snapshot_id:
                records.append(serialize_value(instance.get_job_snapshot(run.job_snapshot_id)))
            if run.execution_plan_snapshot_id:
                records.append(
                    serialize_value(
                        instance.get_execution_plan_snapshot(run.execution_plan_snapshot_id)
                    )
                )
        text = "\n".join(records)
        assert "raw_documents" in text and "STEP_FAILURE" in text  # the records are the real ones
        assert password not in text
    # Whatever Dagster wrote to disk (event log, run and schedule storage, compute logs).
    for path in (tmp_path / "dagster").rglob("*"):
        if path.is_file():
            assert password.encode() not in path.read_bytes(), path
