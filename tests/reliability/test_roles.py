"""Read-only analyst roles: both what they can do and what they cannot."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import errors

from etl.database import libpq_url, psycopg_connect
from etl.warehouse.roles import create_analyst_role, drop_analyst_role

from .conftest import RunCables, cables_env

FORBIDDEN = [
    "INSERT INTO cables (cable_id, subject, body, content_hash) VALUES ('99X1', '', '', 'x')",
    "UPDATE cables SET subject = 'changed'",
    "DELETE FROM tags",
    "TRUNCATE paragraphs",
    "ALTER TABLE cables ADD COLUMN note text",
    "DROP TABLE cable_references",
    "CREATE TABLE public.analyst_scratch (i int)",
    "CREATE VIEW public.analyst_view AS SELECT 1",
    "SELECT * FROM etl.raw_documents",
    "SELECT content FROM etl.raw_documents",
    "SELECT * FROM etl.batches",
    "INSERT INTO etl.rejects (batch_id, source_path, stage, reason) VALUES (1, 'x', 'y', 'z')",
]


def _as(url: str, role: str, password: str) -> str:
    parts = urlsplit(libpq_url(url))
    host = parts.netloc.rsplit("@", 1)[-1]
    return urlunsplit(parts._replace(netloc=f"{role}:{password}@{host}"))


@pytest.fixture
def analyst(fresh_warehouse: str) -> Iterator[tuple[str, str]]:
    """A unique role name and password; the role is dropped after the test."""
    name, password = f"analyst_{secrets.token_hex(4)}", secrets.token_urlsafe(12)
    yield name, password
    with psycopg_connect(fresh_warehouse) as conn:
        drop_analyst_role(conn, name)


def _public_relations(url: str) -> list[str]:
    with psycopg.connect(libpq_url(url)) as conn:
        return [
            str(name)
            for (name,) in conn.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'v', 'm', 'p') ORDER BY 1"
            ).fetchall()
        ]


def _assert_read_only(url: str) -> None:
    relations = _public_relations(url)
    assert {"cables", "recipients", "tags", "paragraphs", "entities", "cable_references"} <= set(
        relations
    )
    with psycopg.connect(url, autocommit=True) as conn:
        for relation in relations:
            conn.execute(f'SELECT * FROM public."{relation}" LIMIT 1').fetchall()
        for statement in FORBIDDEN:
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(statement)


def test_analyst_role_reads_every_public_relation_and_nothing_else(
    fresh_warehouse: str, analyst: tuple[str, str]
) -> None:
    name, password = analyst
    with psycopg_connect(fresh_warehouse) as conn:
        create_analyst_role(conn, name, password)
        # A relation created later by the owner is readable too (default privileges).
        conn.execute("CREATE TABLE public.added_later (i int)")
        conn.execute("INSERT INTO public.added_later VALUES (7)")
        conn.commit()

    _assert_read_only(_as(fresh_warehouse, name, password))
    with psycopg.connect(_as(fresh_warehouse, name, password)) as conn:
        assert conn.execute("SELECT i FROM added_later").fetchall() == [(7,)]
        assert conn.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user"
        ).fetchone() == (False, False, False)


def test_granting_again_is_idempotent_and_the_owner_cannot_be_demoted(
    fresh_warehouse: str, analyst: tuple[str, str]
) -> None:
    name, password = analyst
    with psycopg_connect(fresh_warehouse) as conn:
        create_analyst_role(conn, name, password)
        create_analyst_role(conn, name, password)
        with pytest.raises(ValueError, match="superuser or the current user"):
            create_analyst_role(conn, str(conn.info.user), "x")
    _assert_read_only(_as(fresh_warehouse, name, password))


def test_cli_grant_analyst_reads_the_password_from_the_environment(
    fresh_warehouse: str, analyst: tuple[str, str], run_cables: RunCables, tmp_path: Path
) -> None:
    name, password = analyst
    env = cables_env(fresh_warehouse, tmp_path / "home", ANALYST_PASSWORD=password)

    result = run_cables("db", "grant-analyst", name, "--password-env", "ANALYST_PASSWORD", env=env)

    assert result.returncode == 0, result.stderr
    assert name in result.stdout and password not in result.stdout + result.stderr
    _assert_read_only(_as(fresh_warehouse, name, password))
    missing = run_cables("db", "grant-analyst", name, "--password-env", "UNSET_VARIABLE", env=env)
    assert missing.returncode == 2 and "UNSET_VARIABLE is not set" in missing.stderr


def test_no_public_view_exposes_the_raw_bytes(fresh_warehouse: str) -> None:
    # Views in public run with their owner's rights: none of them may expose etl's raw bytes.
    with psycopg.connect(libpq_url(fresh_warehouse)) as conn:
        leaking = conn.execute(
            "SELECT DISTINCT v.relname FROM pg_depend d "
            "JOIN pg_rewrite r ON r.oid = d.objid JOIN pg_class v ON v.oid = r.ev_class "
            "JOIN pg_namespace vn ON vn.oid = v.relnamespace "
            "JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid "
            "WHERE vn.nspname = 'public' AND d.refobjid = 'etl.raw_documents'::regclass "
            "AND a.attname = 'content'"
        ).fetchall()
    assert leaking == []
