"""Shared fixtures: a fresh, migrated warehouse database per test session.

The server is the one the project would use: the embedded PostgreSQL under the repository's
``.cables/`` by default, or the server of ``DATABASE_URL`` when that is set. Each session makes
its own ``cables_test_<random>`` database there and drops it at the end, so tests never touch
the data of ``make run``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from etl import database
from etl.config import Settings
from etl.warehouse.migrations import ScratchDatabases

REPO_ROOT = Path(__file__).resolve().parents[1]
#: ../shared next to the repository (seeds, corpus); absent on a bare clone.
SHARED_DIR = REPO_ROOT / ".." / "shared"

MakeDatabase = Callable[..., str]


@pytest.fixture(scope="session", autouse=True)
def private_dagster_instance(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Loads record their Dagster runs in a session-private instance (``DAGSTER_HOME``), never
    in the one of ``make run`` under the repository's ``.cables/``."""
    home = tmp_path_factory.mktemp("dagster_home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DAGSTER_HOME", str(home))
        yield home


@pytest.fixture(autouse=True)
def _close_pooled_connections() -> Iterator[None]:
    """After each test, close the pooled connections of the engines the code under test made:
    the suite makes a database per case, and an idle connection kept to each would exhaust the
    server's connection slots (100 on a default PostgreSQL)."""
    yield
    database.dispose_engines()


@pytest.fixture(scope="session")
def server_url() -> str:
    """SQLAlchemy URL of an existing database on the server the tests run against."""
    return database.database_url(Settings.from_env(cwd=REPO_ROOT))


@pytest.fixture(scope="session")
def make_database(server_url: str) -> Iterator[MakeDatabase]:
    """Factory: ``make_database(migrate=True)`` creates a fresh database and returns its URL.

    Every database it made is dropped when the session ends.
    """
    scratch = ScratchDatabases(server_url, "cables_test")
    yield scratch.make
    scratch.drop_all()


@pytest.fixture(scope="session")
def database_url(make_database: MakeDatabase) -> str:
    """URL of this session's fresh database, migrated to the latest revision."""
    return make_database()


@pytest.fixture(scope="session")
def db_engine(database_url: str) -> Iterator[sa.Engine]:
    """Engine bound to the session database."""
    engine = database.engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def db_connection(db_engine: sa.Engine) -> Iterator[sa.Connection]:
    """A connection inside a transaction that is rolled back after the test."""
    with db_engine.connect() as connection:
        transaction = connection.begin()
        try:
            yield connection
        finally:
            transaction.rollback()


@pytest.fixture
def warehouse_env(database_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Point code that reads DATABASE_URL (pipeline, CLI) at the session database."""
    monkeypatch.setenv("DATABASE_URL", database_url)
    return database_url


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared next to the repository; skips the test when it is absent."""
    if not SHARED_DIR.is_dir():
        pytest.skip(f"{SHARED_DIR.resolve()} is absent")
    return SHARED_DIR.resolve()
