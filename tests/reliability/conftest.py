"""Fixtures for reliability tests: fresh warehouses, the ``cables`` console script run as a
real subprocess, distinct good cables made from the bundled samples, and table fingerprints
that say whether two warehouses hold exactly the same analyst data."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import psycopg
import pytest

from etl.database import libpq_url
from etl.warehouse.migrations import ScratchDatabases
from etl.warehouse.rows import ALL_TABLES

REPO_ROOT = Path(__file__).resolve().parents[2]
SAMPLE_DIR = REPO_ROOT / "etl" / "sample_cables"
CORPUS_CABLES = REPO_ROOT / ".." / "shared" / "corpus" / "cables" / "wikileaks-html"
CABLES_SCRIPT = Path(sys.executable).parent / "cables"

#: Columns that legitimately differ between two warehouses holding the same data: surrogate
#: keys of raw documents and batches, and wall-clock stamps.
VOLATILE_COLUMNS = frozenset({"source_document_id", "loaded_batch_id", "updated_at", "search"})

#: Samples with a metadata block: their first line is the reference id, so changing it makes a
#: distinct cable that parses exactly like the original.
_ID_LINE = re.compile(rb"\A(\d\d[A-Z]+)(\d+)\n")

RunCables = Callable[..., subprocess.CompletedProcess[str]]
Fingerprint = Callable[[str], dict[str, tuple[int, str]]]


def sha256_hex(data: bytes) -> str:
    """The hex digest ``etl.raw_documents.sha256`` holds for these bytes."""
    return hashlib.sha256(data).hexdigest()


def zip_of(members: dict[str, bytes]) -> bytes:
    """A zip archive holding ``members`` under exactly the given names (unsafe ones included)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(zipfile.ZipInfo(name), data)
    return buffer.getvalue()


def cable_variants(count: int) -> list[tuple[str, bytes]]:
    """``count`` distinct, valid cables (file name, bytes) derived from the bundled samples:
    each gets a new serial in its reference id."""
    templates = [
        (path.name, path.read_bytes())
        for path in sorted(SAMPLE_DIR.glob("*.txt"))
        if _ID_LINE.match(path.read_bytes())
    ]
    assert templates, "no bundled sample with a metadata block"
    variants: list[tuple[str, bytes]] = []
    for index in range(count):
        name, data = templates[index % len(templates)]
        match = _ID_LINE.match(data)
        assert match is not None
        old_id = match.group(1) + match.group(2)
        new_id = match.group(1) + str(90000 + index).encode()
        variants.append((f"variant_{index:04d}_{name}", data.replace(old_id, new_id)))
    return variants


def write_variants(folder: Path, count: int) -> list[Path]:
    """Write ``count`` distinct good cables into ``folder``; returns their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, data in cable_variants(count):
        path = folder / name
        path.write_bytes(data)
        paths.append(path)
    return paths


def corpus_or_variants(folder: Path, count: int) -> Path:
    """A folder of ``count`` real cables from ../shared/corpus, or sample variants without it.
    Files are copied into ``folder`` (a temporary directory), never into the project."""
    folder.mkdir(parents=True, exist_ok=True)
    if CORPUS_CABLES.is_dir():
        for path in sorted(CORPUS_CABLES.glob("*.txt"))[:count]:
            shutil.copyfile(path, folder / path.name)
    else:
        write_variants(folder, count)
    return folder


def query(url: str, sql: str, *params: object) -> list[tuple[Any, ...]]:
    """Rows of one statement on the database of ``url``."""
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        return conn.execute(sql, params).fetchall()


def table_fingerprints(url: str) -> dict[str, tuple[int, str]]:
    """(row count, md5 of all rows in a canonical order) per analyst table, surrogate keys and
    timestamps left out."""
    result: dict[str, tuple[int, str]] = {}
    with psycopg.connect(libpq_url(url), autocommit=True) as conn:
        for spec in ALL_TABLES:
            columns = [
                str(row[0])
                for row in conn.execute(
                    "SELECT column_name FROM information_schema.columns "
                    "WHERE table_schema = 'public' AND table_name = %s ORDER BY ordinal_position",
                    (spec.name,),
                ).fetchall()
                if row[0] not in VOLATILE_COLUMNS
            ]
            row = conn.execute(
                f"SELECT count(*), coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') "
                f"FROM (SELECT {', '.join(columns)} FROM public.{spec.name}) t"
            ).fetchone()
            assert row is not None
            result[spec.name] = (int(row[0]), str(row[1]))
    return result


def cables_env(database_url: str, home: Path, **extra: str) -> dict[str, str]:
    """Environment for a ``cables`` subprocess aimed at ``database_url``, with private state."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DAGSTER_HOME", "DATABASE_URL"} and not key.startswith("CABLES_")
    }
    env.update(
        DATABASE_URL=database_url,
        CABLES_HOME=str(home),
        DAGSTER_DISABLE_TELEMETRY="1",
        COLUMNS="200",  # rich wraps tables to the terminal width; keep lines whole
    )
    env.update(extra)
    return env


@pytest.fixture
def run_cables(tmp_path: Path) -> RunCables:
    """Run the installed ``cables`` console script; returns the completed process."""

    def run(
        *args: str,
        env: Mapping[str, str],
        timeout: float = 300,
    ) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(CABLES_SCRIPT), *args],
            env=dict(env),
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )

    return run


@pytest.fixture
def fresh_warehouse(make_database: Callable[..., str]) -> str:
    """A new, migrated, empty database (dropped at the end of the session)."""
    return make_database()


@pytest.fixture
def make_variants() -> Callable[[Path, int], list[Path]]:
    """``make_variants(folder, count)`` writes distinct good cables (see ``write_variants``)."""
    return write_variants


@pytest.fixture
def fingerprint() -> Fingerprint:
    """``fingerprint(url)``: per-table (rows, md5) of the analyst tables."""
    return table_fingerprints


@pytest.fixture
def sql() -> Callable[..., list[tuple[Any, ...]]]:
    """``sql(url, statement, *params)``: rows of one statement."""
    return query


#: The external PostgreSQL of the development and CI machines (trust auth).
TCP_SERVER_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="session")
def tcp_server() -> Iterator[Callable[..., str]]:
    """Factory of fresh, migrated databases on 127.0.0.1:5432 (``make(owner=None)``); skips
    the test when that server is not reachable. Databases are dropped at the end."""
    try:
        with psycopg.connect(libpq_url(TCP_SERVER_URL), connect_timeout=3):
            pass
    except psycopg.OperationalError as exc:
        pytest.skip(f"no PostgreSQL on 127.0.0.1:5432 ({type(exc).__name__})")
    scratch = ScratchDatabases(TCP_SERVER_URL, "cables_rel")
    yield scratch.make
    scratch.drop_all()
