"""Database selection: URL normalisation and password masking."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl import database
from etl.config import Settings


@pytest.mark.parametrize(
    ("url", "masked"),
    [
        ("postgresql://u:pw@h:5432/d", "postgresql://u:***@h:5432/d"),
        (
            "postgresql+psycopg://u:pw@h/d?sslmode=require",
            "postgresql+psycopg://u:***@h/d?sslmode=require",
        ),
        ("postgresql://u@h/d", "postgresql://u@h/d"),
        (
            "postgresql://postgres:@/cables?host=/tmp/x",
            "postgresql://postgres:@/cables?host=/tmp/x",
        ),
        ("host=h user=u password=pw dbname=d", "host=h user=u password=*** dbname=d"),
    ],
)
def test_mask_url_hides_passwords(url: str, masked: str) -> None:
    assert database.mask_url(url) == masked


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_accepted_schemes_normalise_both_ways(scheme: str) -> None:
    url = f"{scheme}://u:pw@h:5432/d"
    assert database.sqlalchemy_url(url) == "postgresql+psycopg://u:pw@h:5432/d"
    assert database.libpq_url(url) == "postgresql://u:pw@h:5432/d"


def test_database_url_prefers_the_environment() -> None:
    settings = Settings.from_env({"DATABASE_URL": "postgresql://u@h/d"}, cwd=Path("/tmp"))
    assert database.database_url(settings) == "postgresql+psycopg://u@h/d"


def test_with_database_keeps_the_socket_query() -> None:
    url = "postgresql+psycopg://postgres:@/cables?host=/tmp/pg"
    assert (
        database.with_database(url, "other") == "postgresql+psycopg://postgres:@/other?host=/tmp/pg"
    )


def test_settings_defaults_live_under_cwd(tmp_path: Path) -> None:
    settings = Settings.from_env({}, cwd=tmp_path)
    assert settings.database_url is None
    assert settings.home == tmp_path / ".cables"
    assert settings.pgdata == tmp_path / ".cables" / "pgdata"
    assert settings.inbox == tmp_path / ".cables" / "inbox"


def test_settings_reject_a_threshold_outside_0_and_1(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="CABLES_REJECT_RATE_THRESHOLD"):
        Settings.from_env({"CABLES_REJECT_RATE_THRESHOLD": "1.5"}, cwd=tmp_path)
