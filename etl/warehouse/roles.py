"""Read-only login roles for analysts.

An analyst role may read everything in schema ``public`` (the analyst tables, views and
materialised views, and call its functions), now and for objects created later, and nothing
else: no writes, no DDL, no temporary tables, no large objects, no advisory locks (a lock held
by an analyst could stall every load), and no access to the pipeline's bookkeeping in schema
``etl`` (which holds the raw input bytes). Its sessions start with a ``statement_timeout`` and
an ``idle_in_transaction_session_timeout``, so a forgotten query or open transaction does not
hold locks for ever.

Calling the large-object, advisory-lock and WAL-message functions and creating temporary tables
are rights every role has through ``PUBLIC``; they cannot be taken from one role alone. Granting
an analyst therefore withdraws them from ``PUBLIC`` in this database and gives them back to the
warehouse's owners (the connecting role, the database owner and the owner of the pipeline's
tables), which need them to load. Another role that needs them must be granted them explicitly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import psycopg
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict

from etl.warehouse.models import ETL_SCHEMA

ANALYST_SCHEMA = "public"
#: Session defaults of an analyst role (any PostgreSQL duration; "0" switches one off).
DEFAULT_STATEMENT_TIMEOUT = "5min"
DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT = "15min"

#: Names PostgreSQL gives a meaning in role specifications, so no role may carry them.
RESERVED_NAMES = frozenset({"public", "none", "current_user", "current_role", "session_user"})
#: Longest identifier PostgreSQL keeps (NAMEDATALEN - 1 bytes).
MAX_NAME_BYTES = 63
_SYSTEM_SCHEMAS = "n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname !~ '^pg_'"

#: pg_catalog functions every role may call through PUBLIC that write or lock: large objects
#: (lo_create, lo_from_bytea, lowrite, ...: storage of any size), advisory locks (which an
#: analyst could hold against the loader) and logical WAL messages.
_WITHDRAWN_FUNCTIONS = sql.SQL(
    """
    SELECT p.oid::regprocedure::text FROM pg_proc p
    WHERE p.pronamespace = 'pg_catalog'::regnamespace
      AND (p.proname ~ '^lo_' OR p.proname IN ('loread', 'lowrite')
           OR p.proname ~ '^pg_(try_)?advisory_' OR p.proname = 'pg_logical_emit_message')
    """
)
#: Those of them PUBLIC may still call (a null ACL is the default: PUBLIC may).
_PUBLIC_FUNCTIONS = sql.SQL(
    """
    SELECT f FROM ({}) t(f) JOIN pg_proc p ON p.oid = f::regprocedure
    WHERE p.proacl IS NULL OR EXISTS (
        SELECT FROM aclexplode(p.proacl) a WHERE a.grantee = 0 AND a.privilege_type = 'EXECUTE')
    ORDER BY 1
    """
).format(_WITHDRAWN_FUNCTIONS)

# Every right that changes data or schema, held by role %(r)s in this database, one line each.
_WRITE_RIGHTS = f"""
SELECT format('%%s on %%s', p.privilege, c.oid::regclass)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN unnest(ARRAY['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER'])
    AS p(privilege)
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f') AND {_SYSTEM_SCHEMAS}
  AND has_table_privilege(%(r)s, c.oid, p.privilege)
UNION ALL
SELECT format('%%s on sequence %%s', p.privilege, c.oid::regclass)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
CROSS JOIN unnest(ARRAY['USAGE', 'UPDATE']) AS p(privilege)
WHERE c.relkind = 'S' AND {_SYSTEM_SCHEMAS} AND has_sequence_privilege(%(r)s, c.oid, p.privilege)
UNION ALL
SELECT format('CREATE on schema %%s', n.nspname) FROM pg_namespace n
WHERE {_SYSTEM_SCHEMAS} AND has_schema_privilege(%(r)s, n.oid, 'CREATE')
UNION ALL
SELECT 'CREATE on database ' || current_database()
WHERE has_database_privilege(%(r)s, current_database(), 'CREATE')
"""


class RoleError(ValueError):
    """The analyst role cannot be granted as asked; the message is one line."""


class ConnectingRoleError(RoleError):
    """The connecting role lacks the rights granting needs (not a mistake in the request)."""


@dataclass(frozen=True)
class AnalystGrant:
    """What granting did: the rights an existing role lost, and those that could not be
    withdrawn because the connecting role does not own them (they need a superuser)."""

    name: str
    created: bool
    demoted: tuple[str, ...]
    remaining: tuple[str, ...]


def check_role_name(name: str) -> None:
    """Refuse, in one line, a name that cannot or must not be an analyst role."""
    if not name.strip():
        raise RoleError("a role name is required")
    if name.lower() in RESERVED_NAMES:
        raise RoleError(f"{name!r} is reserved by PostgreSQL and cannot name a role")
    if name.lower().startswith("pg_"):
        raise RoleError(f"{name!r}: names starting with pg_ are reserved for system roles")
    if len(name.encode()) > MAX_NAME_BYTES:
        raise RoleError(f"role names have at most {MAX_NAME_BYTES} bytes")
    if "\x00" in name:
        raise RoleError("a role name cannot contain a NUL character")


def create_analyst_role(
    conn: psycopg.Connection[Any],
    name: str,
    password: str | None = None,
    *,
    statement_timeout: str = DEFAULT_STATEMENT_TIMEOUT,
    idle_in_transaction_timeout: str = DEFAULT_IDLE_IN_TRANSACTION_TIMEOUT,
) -> AnalystGrant:
    """Create (or update) the LOGIN role ``name`` with read-only access to schema ``public``.

    Run it as the warehouse owner (the role that applies migrations): default privileges
    cover the objects that role creates later. An existing role with write rights is demoted;
    one that owns objects here or is a member of another role is refused (its rights could
    not be withdrawn). Commits on success, changes nothing on failure (:class:`RoleError`). A
    ``password`` of None leaves an existing password unchanged (or sets none), for servers
    using peer/trust auth.
    """
    check_role_name(name)
    role = sql.Identifier(name)
    with conn.transaction():
        _check_connecting_role(conn)
        existing = conn.execute(
            "SELECT oid, rolsuper OR rolname = current_user FROM pg_roles WHERE rolname = %s",
            (name,),
        ).fetchone()
        if existing is not None and existing[1]:
            # Turning the owner or a superuser into a read-only analyst would lock out the loader.
            raise RoleError(f"{name} is a superuser or the current user; choose another role name")
        demoted: tuple[str, ...] = ()
        if existing is not None:
            _refuse_unremovable_rights(conn, name, int(existing[0]))
            demoted = _write_rights(conn, name)
        attributes: sql.Composable = sql.SQL(
            "LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS"
        )
        if password is not None:
            # Role DDL takes no bind parameters; Literal quotes the password safely.
            attributes = sql.SQL("{} PASSWORD {}").format(attributes, sql.Literal(password))
        verb = sql.SQL("ALTER ROLE" if existing is not None else "CREATE ROLE")
        conn.execute(sql.SQL("{} {} {}").format(verb, role, attributes))
        if existing is not None:
            _revoke_everything(conn, role)
        _grant_read_only(conn, role)
        _set_session_defaults(conn, role, statement_timeout, idle_in_transaction_timeout)
        _withdraw_public_rights(conn)
        left = _write_rights(conn, name)
        if left:
            # Held through PUBLIC or a grant this role cannot revoke: refuse rather than
            # hand out a "read-only" role that writes.
            shown = ", ".join(left[:3]) + (f" and {len(left) - 3} more" if len(left) > 3 else "")
            raise RoleError(
                f"{name} would still hold {shown} (granted to PUBLIC?); nothing changed"
            )
        remaining = _public_rights_left(conn, name)
    return AnalystGrant(name, existing is None, demoted, remaining)


def drop_analyst_role(conn: psycopg.Connection[Any], name: str) -> None:
    """Remove the role ``name`` and its privileges in this database (other databases where it
    holds privileges must run ``DROP OWNED BY`` first)."""
    role = sql.Identifier(name)
    with conn.transaction():
        if conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (name,)).fetchone():
            conn.execute(sql.SQL("DROP OWNED BY {}").format(role))
            conn.execute(sql.SQL("DROP ROLE {}").format(role))


def analyst_url(url: str, name: str, *, with_password: bool) -> str:
    """The connection URL ``name`` uses: ``url``'s server and database, ``name`` as user and
    ``***`` for a password when it has one (the role's password is never printed)."""
    params = conninfo_to_dict(url)
    for key in ("user", "password", "passfile"):
        params.pop(key, None)
    host = str(params.pop("host", "") or "")
    port = str(params.pop("port", "") or "")
    database = str(params.pop("dbname", "") or "")
    netloc = quote(name, safe="") + (":***" if with_password else "") + "@"
    if host and not host.startswith("/") and "," not in host:
        netloc += f"[{host}]" if ":" in host else host
        netloc += f":{port}" if port else ""
    else:
        # A Unix socket folder (or several hosts) goes into the query, as libpq allows.
        params = {"host": host, **({"port": port} if port else {}), **params} if host else params
    query = urlencode({key: str(value) for key, value in params.items()})
    return f"postgresql://{netloc}/{quote(database, safe='')}" + (f"?{query}" if query else "")


def _check_connecting_role(conn: psycopg.Connection[Any]) -> None:
    row = conn.execute(
        "SELECT current_user, rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    assert row is not None
    if not row[1]:
        raise ConnectingRoleError(
            f"the connecting role {row[0]} cannot create or change roles (it lacks CREATEROLE); "
            "connect as a role that has it, e.g. the administrator of a managed database"
        )


def _refuse_unremovable_rights(conn: psycopg.Connection[Any], name: str, oid: int) -> None:
    """Ownership and role membership carry rights REVOKE cannot take: refuse such a role."""
    owned = conn.execute(
        "SELECT count(*) FROM pg_shdepend WHERE refobjid = %s AND deptype = 'o' "
        "AND dbid IN (0, (SELECT oid FROM pg_database WHERE datname = current_database()))",
        (oid,),
    ).fetchone()
    if owned is not None and owned[0]:
        raise RoleError(
            f"{name} owns {owned[0]} object(s) (here, or databases and tablespaces), so it "
            "can change them; "
            "choose another role name (or reassign them: REASSIGN OWNED BY)"
        )
    groups = [
        str(group)
        for (group,) in conn.execute(
            "SELECT g.rolname FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid "
            "WHERE m.member = %s ORDER BY 1",
            (oid,),
        )
    ]
    if groups:
        raise RoleError(
            f"{name} is a member of {', '.join(groups)} and holds its rights; "
            "revoke that membership first or choose another role name"
        )


def _write_rights(conn: psycopg.Connection[Any], name: str) -> tuple[str, ...]:
    return tuple(str(right) for (right,) in conn.execute(_WRITE_RIGHTS, {"r": name}))


def _schemas(conn: psycopg.Connection[Any]) -> list[str]:
    return [
        str(schema)
        for (schema,) in conn.execute(
            f"SELECT n.nspname FROM pg_namespace n WHERE {_SYSTEM_SCHEMAS} ORDER BY 1"
        )
    ]


def _revoke_everything(conn: psycopg.Connection[Any], role: sql.Identifier) -> None:
    """Take every right an existing role holds in this database (it gets read-only back)."""
    database = sql.Identifier(_current_database(conn))
    conn.execute(sql.SQL("REVOKE ALL ON DATABASE {} FROM {}").format(database, role))
    for name in _schemas(conn):
        schema = sql.Identifier(name)
        for kind in ("TABLES", "SEQUENCES", "FUNCTIONS"):
            conn.execute(
                sql.SQL("REVOKE ALL ON ALL {} IN SCHEMA {} FROM {}").format(
                    sql.SQL(kind), schema, role
                )
            )
            conn.execute(
                sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA {} REVOKE ALL ON {} FROM {}").format(
                    schema, sql.SQL(kind), role
                )
            )
        conn.execute(sql.SQL("REVOKE ALL ON SCHEMA {} FROM {}").format(schema, role))


def _grant_read_only(conn: psycopg.Connection[Any], role: sql.Identifier) -> None:
    public = sql.Identifier(ANALYST_SCHEMA)
    etl = sql.Identifier(ETL_SCHEMA)
    statements = [
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
        sql.SQL("REVOKE ALL ON ALL TABLES IN SCHEMA {} FROM {}").format(etl, role),
        sql.SQL("REVOKE ALL ON SCHEMA {} FROM {}").format(etl, role),
    ]
    for statement in statements:
        conn.execute(statement)


def _set_session_defaults(
    conn: psycopg.Connection[Any], role: sql.Identifier, statement: str, idle: str
) -> None:
    database = sql.Identifier(_current_database(conn))
    for setting, value in (
        ("statement_timeout", statement),
        ("idle_in_transaction_session_timeout", idle),
    ):
        try:
            with conn.transaction():
                conn.execute(
                    sql.SQL("ALTER ROLE {} IN DATABASE {} SET {} = {}").format(
                        role, database, sql.Identifier(setting), sql.Literal(value)
                    )
                )
        except (psycopg.errors.InvalidParameterValue, psycopg.errors.DataException) as exc:
            raise RoleError(f"{setting} {value!r} is not a duration PostgreSQL accepts") from exc


def _owners(conn: psycopg.Connection[Any]) -> list[str]:
    """Roles that load the warehouse and so keep the rights withdrawn from PUBLIC."""
    rows = conn.execute(
        "SELECT DISTINCT r.rolname FROM pg_roles r WHERE NOT r.rolsuper AND r.oid IN ("
        "  (SELECT oid FROM pg_roles WHERE rolname = current_user),"
        "  (SELECT datdba FROM pg_database WHERE datname = current_database()),"
        "  (SELECT relowner FROM pg_class WHERE oid = to_regclass(%s)))",
        (f"{ETL_SCHEMA}.batches",),
    )
    return [str(name) for (name,) in rows]


def _withdraw_public_rights(conn: psycopg.Connection[Any]) -> None:
    """Take temporary tables and the writing/locking functions from PUBLIC, back to owners.

    Without ownership of the database or of pg_catalog, PostgreSQL only warns; what is left
    is reported by :func:`_public_rights_left`.
    """
    database = sql.Identifier(_current_database(conn))
    functions = [str(f) for (f,) in conn.execute(_PUBLIC_FUNCTIONS)]
    owners = [sql.Identifier(owner) for owner in _owners(conn)]
    conn.execute(sql.SQL("REVOKE TEMPORARY ON DATABASE {} FROM PUBLIC").format(database))
    for function in functions:
        conn.execute(sql.SQL("REVOKE EXECUTE ON FUNCTION {} FROM PUBLIC").format(sql.SQL(function)))
    for owner in owners:
        conn.execute(sql.SQL("GRANT TEMPORARY ON DATABASE {} TO {}").format(database, owner))
        for function in functions:
            conn.execute(
                sql.SQL("GRANT EXECUTE ON FUNCTION {} TO {}").format(sql.SQL(function), owner)
            )


def _public_rights_left(conn: psycopg.Connection[Any], name: str) -> tuple[str, ...]:
    left = [
        f"EXECUTE on {function}"
        for (function,) in conn.execute(
            sql.SQL(
                "SELECT f FROM ({}) t(f) WHERE has_function_privilege(%s, f::regprocedure, "
                "'EXECUTE') ORDER BY 1"
            ).format(_WITHDRAWN_FUNCTIONS),
            (name,),
        )
    ]
    row = conn.execute(
        "SELECT has_database_privilege(%s, current_database(), 'TEMPORARY')", (name,)
    ).fetchone()
    if row is not None and row[0]:
        left.insert(0, "TEMPORARY on database " + _current_database(conn))
    return tuple(left)


def _current_database(conn: psycopg.Connection[Any]) -> str:
    row = conn.execute("SELECT current_database()").fetchone()
    assert row is not None
    return str(row[0])
