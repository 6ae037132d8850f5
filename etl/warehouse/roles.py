"""Read-only login roles for analysts.

An analyst role may read everything in schema ``public`` (the analyst tables, views and
materialised views, and call its functions), now and for objects created later, and nothing
else: no writes, no DDL, and no access to the pipeline's bookkeeping in schema ``etl`` (which
holds the raw input bytes).
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from etl.warehouse.models import ETL_SCHEMA

ANALYST_SCHEMA = "public"


def create_analyst_role(
    conn: psycopg.Connection[Any], name: str, password: str | None = None
) -> None:
    """Create (or update) the LOGIN role ``name`` with read-only access to schema ``public``.

    Run it as the warehouse owner (the role that applies migrations): default privileges
    cover the objects that role creates later. Commits on success. A ``password`` of None
    leaves an existing password unchanged (or sets none), for servers using peer/trust auth.
    """
    role = sql.Identifier(name)
    public = sql.Identifier(ANALYST_SCHEMA)
    existing = conn.execute(
        "SELECT rolsuper OR rolname = current_user FROM pg_roles WHERE rolname = %s", (name,)
    ).fetchone()
    if existing is not None and existing[0]:
        # Turning the owner or a superuser into a read-only analyst would lock out the loader.
        raise ValueError(f"{name} is a superuser or the current user; choose another role name")
    exists = existing is not None
    attributes: sql.Composable = sql.SQL(
        "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
    )
    if password is not None:
        # Role DDL takes no bind parameters; Literal quotes the password safely.
        attributes = sql.SQL("{} PASSWORD {}").format(attributes, sql.Literal(password))
    verb = sql.SQL("ALTER ROLE" if exists else "CREATE ROLE")
    statements = [
        sql.SQL("{} {} {}").format(verb, role, attributes),
        sql.SQL("GRANT CONNECT ON DATABASE {} TO {}").format(
            sql.Identifier(_current_database(conn)), role
        ),
        # Before PostgreSQL 15 every role may create objects in public; analysts must not.
        sql.SQL("REVOKE CREATE ON SCHEMA {} FROM PUBLIC").format(public),
        sql.SQL("GRANT USAGE ON SCHEMA {} TO {}").format(public, role),
        # ALL TABLES covers views and materialised views too.
        sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA {} TO {}").format(public, role),
        # Named as well: analysts' one window on what was withheld (it reads etl.rejects with
        # its owner's rights), so it stays readable whatever narrows the grant above.
        sql.SQL("GRANT SELECT ON {}.unpublished_inputs TO {}").format(public, role),
        sql.SQL("GRANT SELECT ON ALL SEQUENCES IN SCHEMA {} TO {}").format(public, role),
        sql.SQL("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {} TO {}").format(public, role),
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA {} GRANT SELECT ON TABLES TO {}").format(
            public, role
        ),
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA {} GRANT EXECUTE ON FUNCTIONS TO {}").format(
            public, role
        ),
        # Nothing in etl, even if someone granted it earlier.
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(
            sql.Identifier(ETL_SCHEMA), role
        ),
        sql.SQL("REVOKE ALL ON SCHEMA {} FROM {}").format(sql.Identifier(ETL_SCHEMA), role),
    ]
    with conn.transaction():
        for statement in statements:
            conn.execute(statement)


def drop_analyst_role(conn: psycopg.Connection[Any], name: str) -> None:
    """Remove the role ``name`` and its privileges in this database (other databases where it
    holds privileges must run ``DROP OWNED BY`` first)."""
    role = sql.Identifier(name)
    with conn.transaction():
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
            conn.execute(sql.SQL("DROP OWNED BY {}").format(role))
            conn.execute(sql.SQL("DROP ROLE {}").format(role))


def _current_database(conn: psycopg.Connection[Any]) -> str:
    row = conn.execute("SELECT current_database()").fetchone()
    assert row is not None
    return str(row[0])
