"""Running the Alembic migrations from Python (CLI, tests, pipeline start-up)."""

from __future__ import annotations

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
