"""Running the Alembic migrations from Python (CLI, tests, pipeline start-up)."""

from __future__ import annotations

import secrets
from pathlib import Path

from alembic import command
from alembic.config import Config

#: alembic.ini sits at the repository root so that plain ``alembic`` works from there.
ALEMBIC_INI = Path(__file__).resolve().parents[2] / "alembic.ini"


def alembic_config(database_url: str | None = None, *, quiet: bool = False) -> Config:
    """Alembic configuration of this project, optionally pinned to ``database_url``.

    Without a URL the migration environment asks ``etl.database`` (DATABASE_URL or embedded).
    ``quiet`` keeps alembic.ini from reconfiguring logging (useful inside tests).
    """
    if not ALEMBIC_INI.is_file():
        raise FileNotFoundError(f"alembic.ini not found at {ALEMBIC_INI}")
    config = Config(str(ALEMBIC_INI))
    if database_url is not None:
        config.attributes["database_url"] = database_url
    config.attributes["skip_logging"] = quiet
    return config


def upgrade(
    database_url: str | None = None, revision: str = "head", *, quiet: bool = False
) -> None:
    """Apply migrations up to ``revision`` (default: the latest)."""
    command.upgrade(alembic_config(database_url, quiet=quiet), revision)


class ScratchDatabases:
    """Fresh, optionally migrated databases on one server, all dropped by ``drop_all`` (tests,
    benchmarks). ``make()`` returns the new database's URL."""

    def __init__(self, server_url: str, prefix: str) -> None:
        self.server_url = server_url
        self.prefix = prefix
        self.created: list[str] = []

    def make(self, *, migrate: bool = True) -> str:
        """Create ``<prefix>_<random>`` and, unless told otherwise, migrate it to head."""
        from etl.database import create_database

        name = f"{self.prefix}_{secrets.token_hex(6)}"
        url = create_database(self.server_url, name)
        self.created.append(name)
        if migrate:
            upgrade(url, quiet=True)
        return url

    def drop_all(self) -> None:
        """Drop every database this object made."""
        from etl.database import drop_database

        while self.created:
            drop_database(self.server_url, self.created.pop())
