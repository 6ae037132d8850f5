"""Views and SQL functions: every definition, current and past, in one place (``objects/``).

Alembic's "replaceable objects" recipe, with the definitions as files rather than Python
literals: ``migrations/objects/<schema>.<name>/<revision>.sql`` holds the ``CREATE OR REPLACE``
statement of the view or function ``<schema>.<name>`` as migration ``<revision>`` left it. The
newest file of an object is its current definition (what ``alembic upgrade head`` gives; the test
``tests/warehouse/test_sql_objects.py`` compares them through the server).

Files are frozen like migrations: a migration that changes an object adds a file named after
its own revision and runs it with :func:`replace`; its ``downgrade`` runs the file it replaced
(:func:`previous`). A migration that drops an object adds an empty file of its revision.
Migrations up to 0015: each version has its file, named after the revision that created or
changed the object, and that migration runs it (a downgrade runs the version it restores);
``docs/migrations.md`` lists the two kinds of text that stay inline.

This module imports nothing from ``etl`` (a migration must not change when the code does).
"""

from __future__ import annotations

import re
from pathlib import Path

from alembic import op

#: Where the definitions live: one directory per object, one file per revision that changed it.
OBJECTS_DIR = Path(__file__).resolve().parent / "objects"

_REVISION = re.compile(r"^(\d{4})_\w+$")


def _revision_key(revision: str) -> int:
    match = _REVISION.match(revision)
    if match is None:
        raise ValueError(f"{revision!r} is not a revision id like 0016_some_change")
    return int(match.group(1))


def revisions(name: str) -> list[str]:
    """Revisions that defined ``name`` (``schema.object``), oldest first."""
    directory = OBJECTS_DIR / name
    if not directory.is_dir():
        raise KeyError(f"no definitions of {name} under {OBJECTS_DIR}")
    found = sorted((path.stem for path in directory.glob("*.sql")), key=_revision_key)
    if not found:
        raise KeyError(f"no definitions of {name} under {directory}")
    return found


def definition(name: str, revision: str) -> str:
    """The ``CREATE OR REPLACE`` statement of ``name`` as ``revision`` left it."""
    path = OBJECTS_DIR / name / f"{revision}.sql"
    if not path.is_file():
        raise KeyError(f"{name} has no definition of revision {revision} ({path})")
    return path.read_text(encoding="utf-8")


def previous(name: str, revision: str) -> str:
    """The revision whose definition of ``name`` ``revision`` replaced (for a downgrade)."""
    defined = revisions(name)
    index = defined.index(revision)
    if index == 0:
        raise KeyError(f"{revision} created {name}: there is no earlier definition")
    return defined[index - 1]


def object_names() -> list[str]:
    """Every object with a definition here (``schema.name``), sorted."""
    return sorted(path.name for path in OBJECTS_DIR.iterdir() if path.is_dir())


def current() -> dict[str, str]:
    """The current definition of every object: ``schema.name`` -> its newest statement.

    Objects whose newest file is empty (dropped) are left out.
    """
    newest = {name: definition(name, revisions(name)[-1]) for name in object_names()}
    return {name: text for name, text in newest.items() if text.strip()}


def replace(name: str, revision: str) -> None:
    """Inside a migration: run the definition of ``name`` as ``revision`` left it."""
    op.execute(definition(name, revision))
