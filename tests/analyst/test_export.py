"""``cables export`` round-trips tables and queries through Parquet and CSV: pyarrow reads back
exactly what the warehouse holds, batch after batch, with progress on stderr."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import psycopg
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest
import sqlalchemy as sa

from etl.cli import main
from etl.database import libpq_url

Rows = list[dict[str, Any]]


@pytest.fixture
def seed_url(seed_engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> str:
    url = seed_engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("DATABASE_URL", url)
    return url


def _database_rows(url: str, query: str) -> Rows:
    with psycopg.connect(libpq_url(url)) as conn:
        cursor = conn.execute(query)
        names = [column.name for column in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor]


def _read_csv(path: Path, schema: pa.Schema) -> Rows:
    # Unquoted empty fields are nulls; quoted ones ("") are empty strings.
    table = pa_csv.read_csv(
        path,
        convert_options=pa_csv.ConvertOptions(
            column_types=schema, strings_can_be_null=True, quoted_strings_can_be_null=False
        ),
    )
    return list(table.to_pylist())


def _by_key(rows: Rows) -> Rows:
    # A table or view without ORDER BY may come back in any order.
    return sorted(rows, key=lambda row: (row["cable_id"], row.get("position", 0)))


def _export(*args: str) -> int:
    return main(["export", *args])


@pytest.mark.parametrize("table", ["cables", "paragraphs", "cable_overview"])
def test_a_table_round_trips_through_parquet_and_csv(
    seed_url: str, tmp_path: Path, table: str, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = _database_rows(seed_url, f"SELECT * FROM {table}")
    assert expected
    for row in expected:  # full-text documents stay in the database
        row.pop("search", None)

    assert _export(table, "-o", str(tmp_path / f"{table}.parquet"), "--batch-rows", "2") == 0
    assert _export(table, "-o", str(tmp_path / f"{table}.csv"), "--batch-rows", "3") == 0

    parquet = pq.read_table(tmp_path / f"{table}.parquet")
    assert parquet.column_names == list(expected[0])
    assert "search" not in parquet.column_names
    assert _by_key(parquet.to_pylist()) == _by_key(expected)
    # CSV has no lists: array columns are JSON text; everything else keeps its type.
    csv_schema = pa.schema(
        pa.field(f.name, pa.string()) if pa.types.is_list(f.type) else f for f in parquet.schema
    )
    from_csv = _read_csv(tmp_path / f"{table}.csv", csv_schema)
    lists = [f.name for f in parquet.schema if pa.types.is_list(f.type)]
    for row in from_csv:
        for name in lists:
            row[name] = None if row[name] is None else json.loads(row[name])
    assert _by_key(from_csv) == _by_key(expected)
    out = capsys.readouterr().out
    assert f"{table}: {len(expected):,} rows" in out


def test_a_query_exports_with_progress_and_keeps_types(
    seed_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    query = (
        "SELECT p.cable_id, p.position, p.is_comment, c.created_at, c.created_at::date AS sent, "
        "length(p.text)::numeric / 3 AS third, c.caveats, NULL::text AS nothing, '' AS blank "
        "FROM paragraphs p JOIN cables c USING (cable_id) ORDER BY 1, 2"
    )
    target = tmp_path / "query.parquet"
    code = _export(
        "--query", query, "-o", str(target), "--batch-rows", "5", "--progress-seconds", "0"
    )
    assert code == 0
    expected = _database_rows(seed_url, query)
    table = pq.read_table(target)
    assert table.schema.field("position").type == pa.int32()
    assert table.schema.field("created_at").type == pa.timestamp("us", tz="UTC")
    assert table.schema.field("sent").type == pa.date32()
    assert table.schema.field("caveats").type == pa.list_(pa.string())
    got = table.to_pylist()
    for row, want in zip(got, expected, strict=True):
        assert row["third"] == pytest.approx(float(want.pop("third")))
        del row["third"]
    assert got == expected
    # One progress line per batch when asked for every 0 s; not a terminal here.
    progress = [line for line in capsys.readouterr().err.splitlines() if line.startswith("query:")]
    assert len(progress) == -(-len(expected) // 5)
    assert progress[-1].startswith(f"query: {len(expected):,} rows")


def test_a_folder_export_writes_one_file_per_table(seed_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    assert _export("tags", "recipients", "--format", "csv", "-o", str(folder)) == 0
    assert sorted(p.name for p in folder.iterdir()) == ["recipients.csv", "tags.csv"]
    tags = pa_csv.read_csv(folder / "tags.csv")
    assert tags.num_rows == len(_database_rows(seed_url, "SELECT * FROM tags"))


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["nope", "-o", "x.parquet"], 2, "there is no table or view public.nope"),
        (["cables", "-o", "x.txt"], 2, "say --format"),
        (["--query", "DELETE FROM tags", "-o", "x.csv"], 1, "syntax error"),
        (
            ["--query", "WITH d AS (DELETE FROM tags RETURNING *) SELECT * FROM d", "-o", "x.csv"],
            1,
            "data-modifying",
        ),
        (["cables", "--query", "SELECT 1", "-o", "x.csv"], 2, "not both"),
    ],
)
def test_bad_exports_say_why_in_one_line_and_change_nothing(
    seed_url: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    code: int,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    before = _database_rows(seed_url, "SELECT count(*) AS n FROM tags")
    assert _export(*args) == code
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0], err
    assert _database_rows(seed_url, "SELECT count(*) AS n FROM tags") == before
    assert list(tmp_path.iterdir()) == []
