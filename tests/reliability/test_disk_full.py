"""A database whose disk (or tablespace) is full: ``cables load`` says so in one line and
exits with its own code (5), not "nothing could be read"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import psycopg
import pytest

from etl.cli import EXIT_DISK_FULL
from etl.database import libpq_url

from .conftest import RunCables, cables_env

Sql = Callable[..., list[tuple[Any, ...]]]

#: What the server raises when a table cannot grow (SQLSTATE 53100 is "disk_full"); raised
#: here by a trigger, as no test can fill the server's disk.
_FULL_DISK = """
CREATE FUNCTION etl.test_disk_full() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING ERRCODE = 'disk_full',
        MESSAGE = 'could not extend file "base/16384/16417": No space left on device',
        HINT = 'Check free disk space.';
END $$;
CREATE TRIGGER test_disk_full BEFORE INSERT ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION etl.test_disk_full();
"""


@pytest.mark.slow
@pytest.mark.parametrize("table", ["etl.raw_documents", "public.cables"])
def test_a_full_disk_is_one_line_with_its_own_exit_code(
    tmp_path: Path,
    fresh_warehouse: str,
    run_cables: RunCables,
    make_variants: Callable[[Path, int], list[Path]],
    table: str,
) -> None:
    make_variants(tmp_path / "inbox", 5)
    with psycopg.connect(libpq_url(fresh_warehouse), autocommit=True) as conn:
        conn.execute(_FULL_DISK.format(table=table))
    loaded = run_cables(
        "load", str(tmp_path / "inbox"), env=cables_env(fresh_warehouse, tmp_path / "home")
    )
    assert loaded.returncode == EXIT_DISK_FULL, loaded.stderr
    assert "Traceback" not in loaded.stderr + loaded.stdout
    last = loaded.stderr.strip().splitlines()[-1]
    assert last.startswith("cables: the database server's disk is full (could not extend file")
    assert "nothing could be read" not in loaded.stderr
