"""Alembic environment: runs migrations against the database etl.database selects.

A caller (the test suite, ``cables db upgrade``) may pass a URL in
``config.attributes["database_url"]``; otherwise DATABASE_URL or the embedded server is used.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context
from alembic.runtime.environment import NameFilterParentNames, NameFilterType

from etl import database
from etl.config import Settings
from etl.warehouse.models import ETL_SCHEMA, Base

MANAGED_SCHEMAS = {None, "public", ETL_SCHEMA}


def include_name(
    name: str | None, type_: NameFilterType, parent_names: NameFilterParentNames
) -> bool:
    """Compare only the schemas this project owns (a shared server may hold others)."""
    if type_ == "schema":
        return name in MANAGED_SCHEMAS
    return True


def configure_logging() -> None:
    """Use alembic.ini's logging when run from the alembic command line."""
    config = context.config
    if config.config_file_name is not None and not config.attributes.get("skip_logging"):
        fileConfig(config.config_file_name, disable_existing_loggers=False)


def run_migrations_online() -> None:
    """Connect and run the migrations in one transaction."""
    config = context.config
    # An entry point (``alembic upgrade`` run by hand): the one read of the environment here.
    url = config.attributes.get("database_url") or database.database_url(Settings.from_env())
    engine = database.engine(url)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            include_schemas=True,
            include_name=include_name,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()


def run_migrations_offline() -> None:
    """Emit SQL instead of running it (``alembic upgrade head --sql``)."""
    config = context.config
    # An entry point (``alembic upgrade`` run by hand): the one read of the environment here.
    url = config.attributes.get("database_url") or database.database_url(Settings.from_env())
    context.configure(
        url=url,
        target_metadata=Base.metadata,
        include_schemas=True,
        include_name=include_name,
        literal_binds=True,
    )
    with context.begin_transaction():
        context.run_migrations()


configure_logging()
if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
