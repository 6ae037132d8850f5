"""The analyst role cannot write by any side door, cannot stall loads, gets session timeouts,
and ``cables db grant-analyst`` answers every bad request with one clear line."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import errors, sql

from etl.database import libpq_url, psycopg_connect
from etl.warehouse.roles import (
    AnalystGrant,
    RoleError,
    analyst_url,
    create_analyst_role,
    drop_analyst_role,
)

from .conftest import RunCables, cables_env

# Side doors a read-only role must not have: large objects store bytes of any size, advisory
# locks can be held against the loader (its publish and batch locks), temp tables take disk.
SIDE_DOORS = [
    "SELECT lo_from_bytea(0, 'written')",
    "SELECT lo_create(0)",
    "SELECT lo_creat(-1)",
    "SELECT pg_advisory_lock(202611)",
    "SELECT pg_advisory_xact_lock(202611)",
    "SELECT pg_try_advisory_lock(1, 2)",
    "SELECT pg_advisory_lock_shared(202611)",
    "CREATE TEMP TABLE scratch (i int)",
]


def _as(url: str, role: str, password: str) -> str:
    parts = urlsplit(libpq_url(url))
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{role}:{password}@{host}"))


@pytest.fixture
def roles(fresh_warehouse: str) -> Iterator[list[str]]:
    """Role names the test creates (append them); each is dropped afterwards."""
    created: list[str] = []
    yield created
    with psycopg_connect(fresh_warehouse) as conn:
        for name in reversed(created):
            drop_analyst_role(conn, name)


def _new_name(roles: list[str], prefix: str = "analyst") -> str:
    name = f"{prefix}_{secrets.token_hex(4)}"
    roles.append(name)
    return name


def _grant(url: str, name: str, password: str | None = None, **options: str) -> AnalystGrant:
    with psycopg_connect(url) as conn:
        return create_analyst_role(conn, name, password, **options)


def test_the_analyst_has_no_side_door_to_write_or_lock(
    fresh_warehouse: str, roles: list[str]
) -> None:
    name, password = _new_name(roles), secrets.token_urlsafe(12)
    grant = _grant(fresh_warehouse, name, password)
    assert grant.created and grant.remaining == ()
    with psycopg.connect(_as(fresh_warehouse, name, password), autocommit=True) as conn:
        for statement in SIDE_DOORS:
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(statement)
        # Reading still works, functions included.
        conn.execute("SELECT * FROM search_cables('police')").fetchall()


def test_sessions_start_with_the_configured_timeouts(
    fresh_warehouse: str, roles: list[str]
) -> None:
    name, password = _new_name(roles), secrets.token_urlsafe(12)
    _grant(fresh_warehouse, name, password)
    with psycopg.connect(_as(fresh_warehouse, name, password)) as conn:
        assert conn.execute("SHOW statement_timeout").fetchone() == ("5min",)
        assert conn.execute("SHOW idle_in_transaction_session_timeout").fetchone() == ("15min",)
    _grant(fresh_warehouse, name, None, statement_timeout="30s", idle_in_transaction_timeout="0")
    with psycopg.connect(_as(fresh_warehouse, name, password)) as conn:
        assert conn.execute("SHOW statement_timeout").fetchone() == ("30s",)
        assert conn.execute("SHOW idle_in_transaction_session_timeout").fetchone() == ("0",)
    with pytest.raises(RoleError, match="statement_timeout 'soon' is not a duration"):
        _grant(fresh_warehouse, name, None, statement_timeout="soon")


def _rights(url: str, name: str) -> list[tuple[bool, ...]]:
    with psycopg.connect(libpq_url(url)) as conn:
        return [
            tuple(row)
            for row in conn.execute(
                "SELECT has_table_privilege(%(r)s, 'public.cables', 'INSERT'), "
                "has_table_privilege(%(r)s, 'public.tags', 'DELETE'), "
                "has_schema_privilege(%(r)s, 'public', 'CREATE'), "
                "has_database_privilege(%(r)s, current_database(), 'CREATE'), "
                "has_table_privilege(%(r)s, 'etl.rejects', 'INSERT')",
                {"r": name},
            )
        ]


def test_an_existing_role_that_could_write_is_demoted(
    fresh_warehouse: str, roles: list[str]
) -> None:
    name, password = _new_name(roles), secrets.token_urlsafe(12)
    with psycopg.connect(libpq_url(fresh_warehouse)) as conn:
        role = sql.Identifier(name)
        database = sql.Identifier(str(conn.info.dbname))
        for statement in (
            "CREATE ROLE {r} LOGIN",
            "GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r}",
            "GRANT CREATE ON SCHEMA public TO {r}",
            "GRANT CREATE ON DATABASE {d} TO {r}",
            "GRANT USAGE ON SCHEMA etl TO {r}",
            "GRANT INSERT ON etl.rejects TO {r}",
        ):
            conn.execute(sql.SQL(statement).format(r=role, d=database))
    assert _rights(fresh_warehouse, name) == [(True,) * 5]

    grant = _grant(fresh_warehouse, name, password)

    assert not grant.created
    assert {"INSERT on cables", "DELETE on tags", "CREATE on schema public"} <= set(grant.demoted)
    assert any(right.startswith("CREATE on database") for right in grant.demoted)
    assert _rights(fresh_warehouse, name) == [(False,) * 5]
    with psycopg.connect(_as(fresh_warehouse, name, password), autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM cables").fetchone() == (0,)
        with pytest.raises(errors.InsufficientPrivilege):
            conn.execute("DELETE FROM tags")


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        (
            "CREATE TABLE public.owned_{n} (i int); ALTER TABLE public.owned_{n} OWNER TO {r}",
            "owns",
        ),
        ("GRANT pg_write_all_data TO {r}", "member of pg_write_all_data"),
        (
            "CREATE TABLE public.open_{n} (i int); GRANT INSERT ON public.open_{n} TO PUBLIC",
            "PUBLIC",
        ),
    ],
    ids=["owner", "member", "public-grant"],
)
def test_a_role_whose_writes_cannot_be_withdrawn_is_refused_and_left_unchanged(
    fresh_warehouse: str, roles: list[str], setup: str, message: str
) -> None:
    name = _new_name(roles)
    with psycopg.connect(libpq_url(fresh_warehouse)) as conn:
        conn.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(name)))
        for statement in setup.split("; "):
            conn.execute(
                sql.SQL(statement).format(r=sql.Identifier(name), n=sql.SQL(name.rsplit("_", 1)[1]))
            )
    with pytest.raises(RoleError, match=message) as refused:
        _grant(fresh_warehouse, name, "x")
    assert "\n" not in str(refused.value)
    with psycopg.connect(libpq_url(fresh_warehouse)) as conn:
        # Nothing changed: no CONNECT grant, no SELECT grant, no session default.
        assert conn.execute(
            "SELECT has_table_privilege(%s, 'public.cables', 'SELECT'), "
            "EXISTS (SELECT FROM pg_db_role_setting s JOIN pg_roles r ON r.oid = s.setrole "
            "WHERE r.rolname = %s)",
            (name, name),
        ).fetchone() == (False, False)
    with psycopg.connect(libpq_url(fresh_warehouse), autocommit=True) as conn:
        conn.execute("DROP OWNED BY {}".replace("{}", f'"{name}"'))


def test_an_owner_without_superuser_withdraws_temp_and_reports_what_it_cannot(
    fresh_warehouse: str, roles: list[str]
) -> None:
    # A managed database: the warehouse owner has CREATEROLE but does not own pg_catalog.
    owner, owner_password = _new_name(roles, "owner"), secrets.token_urlsafe(12)
    with psycopg.connect(libpq_url(fresh_warehouse)) as conn:  # all or nothing
        ident = sql.Identifier(owner)
        conn.execute(
            sql.SQL("CREATE ROLE {} LOGIN CREATEROLE PASSWORD {}").format(
                ident, sql.Literal(owner_password)
            )
        )
        conn.execute(
            sql.SQL("ALTER DATABASE {} OWNER TO {}").format(
                sql.Identifier(str(conn.info.dbname)), ident
            )
        )
        conn.execute(sql.SQL("GRANT ALL ON SCHEMA public TO {}").format(ident))
        conn.execute(sql.SQL("ALTER SCHEMA etl OWNER TO {}").format(ident))
        # As if the owner had run the migrations: it owns every warehouse object.
        for kind, target in conn.execute(
            # Sequences follow their tables.
            "SELECT CASE WHEN c.relkind = 'v' THEN 'VIEW' ELSE 'TABLE' END, "
            "c.oid::regclass::text FROM pg_class c "
            "WHERE c.relnamespace IN ('public'::regnamespace, 'etl'::regnamespace) "
            "AND c.relkind IN ('r', 'p', 'v') "
            "UNION ALL SELECT 'FUNCTION', p.oid::regprocedure::text FROM pg_proc p "
            "WHERE p.pronamespace IN ('public'::regnamespace, 'etl'::regnamespace)"
        ).fetchall():
            conn.execute(sql.SQL(f"ALTER {kind} {target} OWNER TO {{}}").format(ident))
    name, password = _new_name(roles), secrets.token_urlsafe(12)
    owner_url = _as(fresh_warehouse, owner, owner_password)
    try:
        grant = _grant(owner_url, name, password)
        assert grant.remaining, "a non-superuser cannot withdraw pg_catalog functions"
        assert all(right.startswith("EXECUTE on") for right in grant.remaining)
        analyst_url_ = _as(fresh_warehouse, name, password)
        with (
            psycopg.connect(analyst_url_, autocommit=True) as conn,
            pytest.raises(errors.InsufficientPrivilege),
        ):
            conn.execute("CREATE TEMP TABLE scratch (i int)")
        # The owner, who loads the warehouse, keeps its temporary tables.
        with psycopg.connect(owner_url, autocommit=True) as conn:
            conn.execute("CREATE TEMP TABLE scratch (i int)")
    finally:
        with psycopg.connect(libpq_url(fresh_warehouse), autocommit=True) as conn:
            conn.execute(
                sql.SQL("ALTER DATABASE {} OWNER TO CURRENT_USER").format(
                    sql.Identifier(str(conn.info.dbname))
                )
            )
            conn.execute(sql.SQL("REASSIGN OWNED BY {} TO CURRENT_USER").format(ident))
            conn.execute(sql.SQL("REVOKE ALL ON SCHEMA public FROM {}").format(ident))


@pytest.mark.parametrize("name", ["", "  ", "public", "PUBLIC", "none", "pg_monitor", "x" * 64])
def test_cli_refuses_bad_role_names_in_one_line(
    fresh_warehouse: str, run_cables: RunCables, tmp_path: Path, name: str
) -> None:
    result = run_cables(
        "db", "grant-analyst", name, env=cables_env(fresh_warehouse, tmp_path / "home")
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert result.stderr.startswith("cables db grant-analyst: ")


def test_cli_says_in_one_line_that_the_connecting_role_cannot_create_roles(
    fresh_warehouse: str, roles: list[str], run_cables: RunCables, tmp_path: Path
) -> None:
    plain, password = _new_name(roles, "plain"), secrets.token_urlsafe(12)
    with psycopg_connect(fresh_warehouse) as conn:
        create_analyst_role(conn, plain, password)
    env = cables_env(_as(fresh_warehouse, plain, password), tmp_path / "home")

    result = run_cables("db", "grant-analyst", _new_name(roles), env=env)

    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "lacks CREATEROLE" in result.stderr and password not in result.stderr


def test_cli_prints_the_masked_connection_string_and_the_timeouts(
    fresh_warehouse: str, roles: list[str], run_cables: RunCables, tmp_path: Path
) -> None:
    name, password = _new_name(roles), secrets.token_urlsafe(12)
    env = cables_env(fresh_warehouse, tmp_path / "home", ANALYST_PASSWORD=password)

    result = run_cables(
        "db",
        "grant-analyst",
        name,
        "--password-env",
        "ANALYST_PASSWORD",
        "--statement-timeout",
        "90s",
        env=env,
    )

    assert result.returncode == 0, result.stderr
    assert password not in result.stdout + result.stderr
    parts = urlsplit(libpq_url(fresh_warehouse))
    shown = f"postgresql://{name}:***@{parts.netloc.rsplit('@', 1)[-1]}{parts.path}"
    assert f"connect with: {shown}" in result.stdout
    assert "statement_timeout 90s" in result.stdout
    with psycopg.connect(_as(fresh_warehouse, name, password)) as conn:
        assert conn.execute("SHOW statement_timeout").fetchone() == ("90s",)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "postgresql://owner:secret@db.example.org:5433/cables?sslmode=require",
            "postgresql://reader:***@db.example.org:5433/cables?sslmode=require",
        ),
        ("postgresql://owner@[::1]:5432/cables", "postgresql://reader:***@[::1]:5432/cables"),
        (
            "postgresql://owner:@/cables?host=/tmp/pg%20sock&port=5999",
            "postgresql://reader:***@/cables?host=%2Ftmp%2Fpg+sock&port=5999",
        ),
        ("host=h user=owner password=x dbname=w", "postgresql://reader:***@h/w"),
    ],
)
def test_analyst_url_keeps_the_server_and_never_a_password(url: str, expected: str) -> None:
    assert analyst_url(url, "reader", with_password=True) == expected
    assert analyst_url(url, "reader", with_password=False) == expected.replace(":***", "")
