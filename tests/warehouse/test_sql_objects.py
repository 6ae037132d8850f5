"""The one place of view and function definitions (migrations/objects) matches the database.

After ``alembic upgrade head`` every view and function of the warehouse schemas has a current
definition in ``migrations/objects`` and vice versa, and running those definitions changes
nothing the server renders (``pg_get_viewdef`` / ``pg_get_functiondef``): the comparison is
normalised by the server itself, so formatting and comments in the files do not matter.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from alembic.migration import MigrationContext
from alembic.operations import Operations

from migrations import replaceable

#: Views (plain and materialised) and functions of the schemas the project owns.
_OBJECTS = sa.text(
    """
    SELECT n.nspname || '.' || c.relname AS name, 'view' AS kind,
           pg_get_viewdef(c.oid) AS rendered
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname IN ('public', 'etl') AND c.relkind IN ('v', 'm')
    UNION ALL
    SELECT n.nspname || '.' || p.proname, 'function', pg_get_functiondef(p.oid)
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname IN ('public', 'etl')
    ORDER BY 1
    """
)

_HEADER = re.compile(r"^\s*CREATE OR REPLACE (VIEW|FUNCTION) ([a-z_]+\.[a-z_]+)\b", re.IGNORECASE)


def _rendered(connection: sa.Connection) -> dict[str, tuple[str, str]]:
    rows = connection.execute(_OBJECTS).all()
    names = [str(row.name) for row in rows]
    assert len(names) == len(set(names)), "overloaded functions need one file each"
    return {str(row.name): (str(row.kind), str(row.rendered)) for row in rows}


def test_every_view_and_function_at_head_has_its_current_definition(
    db_connection: sa.Connection,
) -> None:
    assert set(_rendered(db_connection)) == set(replaceable.current())


def test_the_current_definitions_are_what_the_migrations_built(
    db_connection: sa.Connection,
) -> None:
    before = _rendered(db_connection)
    # CREATE OR REPLACE in place, as a migration runs it (rolled back with the test's
    # transaction): a definition that differs from the database changes what the server
    # renders, or fails to replace.
    with Operations.context(MigrationContext.configure(db_connection)):
        for name in replaceable.current():
            replaceable.replace(name, replaceable.revisions(name)[-1])
    after = _rendered(db_connection)
    assert set(after) == set(before)
    drifted = sorted(name for name in before if after[name] != before[name])
    assert drifted == []


@pytest.mark.parametrize("name", replaceable.object_names())
def test_each_file_defines_the_object_its_directory_names(name: str) -> None:
    for revision in replaceable.revisions(name):
        text = replaceable.definition(name, revision)
        if not text.strip():
            continue  # dropped by that revision
        match = _HEADER.match(text)
        assert match is not None, f"{name}/{revision}.sql is not a CREATE OR REPLACE statement"
        assert match.group(2).lower() == name


def test_revisions_are_ordered_by_number_and_know_what_they_replaced() -> None:
    for name in replaceable.object_names():
        defined = replaceable.revisions(name)
        for earlier, later in zip(defined, defined[1:], strict=False):
            assert replaceable.previous(name, later) == earlier
        with pytest.raises(KeyError, match="no earlier definition"):
            replaceable.previous(name, defined[0])
