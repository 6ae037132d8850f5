"""The ``cables`` command line: URL masking and the one-line database error."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from etl import database
from etl.cli import EXIT_DATABASE_UNAVAILABLE, main

#: Nothing listens on port 1; the password must never be echoed.
UNREACHABLE = "postgresql://analyst:s3cr3t-pw@127.0.0.1:1/warehouse"


def test_db_url_masks_the_password(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://analyst:s3cr3t-pw@db.example:5432/w")
    assert main(["db", "url"]) == 0
    printed = capsys.readouterr().out.strip()
    assert printed == "postgresql://analyst:***@db.example:5432/w"


def test_db_url_shows_the_password_on_request(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://analyst:s3cr3t-pw@db.example:5432/w")
    assert main(["db", "url", "--show-password"]) == 0
    assert capsys.readouterr().out.strip() == "postgresql://analyst:s3cr3t-pw@db.example:5432/w"


def test_db_url_of_the_session_database_connects(
    warehouse_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "url"]) == 0
    printed = capsys.readouterr().out.strip()
    with database.psycopg_connect(printed) as connection:
        assert connection.execute("SELECT 1").fetchone() == (1,)


def test_unreachable_database_is_one_line_with_exit_code_3() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "etl.cli", "db", "upgrade"],
        env={**os.environ, "DATABASE_URL": UNREACHABLE},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == EXIT_DATABASE_UNAVAILABLE
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("cables: cannot connect to PostgreSQL at ")
    assert "analyst:***@127.0.0.1:1" in lines[0]
    assert "s3cr3t-pw" not in result.stderr + result.stdout


def test_unsupported_scheme_is_reported_as_unavailable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DATABASE_URL", "mysql://analyst:s3cr3t-pw@db.example/w")
    assert main(["db", "url"]) == EXIT_DATABASE_UNAVAILABLE
    error = capsys.readouterr().err
    assert "postgresql://" in error
    assert "s3cr3t-pw" not in error


def test_db_upgrade_on_session_database_reports_head(
    warehouse_env: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["db", "upgrade"]) == 0
    assert "revision head" in capsys.readouterr().out
