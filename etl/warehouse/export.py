"""Export analyst tables, views or a query to CSV or Parquet, streamed in batches.

Rows are read through a server-side cursor inside a READ ONLY transaction (an export query
cannot change the warehouse), ``batch_rows`` at a time, turned into Arrow record batches with
a schema fixed from the result's PostgreSQL types (so every batch agrees, whatever values it
holds) and appended to the file: memory stays at one batch however large the export.

Types: integers, floats, booleans, dates and timestamps keep their type (timestamps in UTC);
``numeric`` becomes a double; arrays become lists in Parquet and JSON text in CSV (CSV has no
lists); everything else (text, json, tsvector, intervals, ...) is written as its text.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
from psycopg import sql

FORMATS = ("csv", "parquet")
DEFAULT_BATCH_ROWS = 10_000
_NAME = re.compile(r"\A(?:([A-Za-z_][A-Za-z0-9_]*)\.)?([A-Za-z_][A-Za-z0-9_]*)\Z")

# Arrow type of a PostgreSQL base type, by type name; the rest are written as text.
_ARROW_TYPES: dict[str, pa.DataType] = {
    "bool": pa.bool_(),
    "int2": pa.int16(),
    "int4": pa.int32(),
    "int8": pa.int64(),
    "oid": pa.int64(),
    "float4": pa.float32(),
    "float8": pa.float64(),
    "numeric": pa.float64(),
    "date": pa.date32(),
    "timestamp": pa.timestamp("us"),
    "timestamptz": pa.timestamp("us", tz="UTC"),
    "bytea": pa.binary(),
}

#: Called after each batch with (rows so far, rows expected or None when unknown).
Progress = Callable[[int, int | None], None]


class ExportError(ValueError):
    """The export cannot run as asked; the message is one line."""


@dataclass(frozen=True)
class ExportResult:
    """What one export wrote."""

    path: Path
    rows: int
    columns: tuple[str, ...]


def export_format(path: Path, requested: str | None) -> str:
    """The format to write: the requested one, else the file's suffix (.csv, .parquet)."""
    chosen = requested or path.suffix.lstrip(".").lower()
    if chosen == "pq":
        chosen = "parquet"
    if chosen not in FORMATS:
        raise ExportError(f"say --format csv or --format parquet (cannot tell from {path.name!r})")
    return chosen


def relation_query(conn: psycopg.Connection[Any], name: str) -> sql.Composed:
    """The query exporting table or view ``name`` (``schema.name``; schema public by default):
    every column in order, except full-text search documents (``tsvector``: derived from the
    text columns, large, and of no use outside PostgreSQL)."""
    match = _NAME.match(name)
    if match is None:
        raise ExportError(f"{name!r} is not a table or view name")
    schema, relation = match.group(1) or "public", match.group(2)
    found = conn.execute(
        "SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relname = %s AND c.relkind IN ('r', 'p', 'v', 'm', 'f')",
        (schema, relation),
    ).fetchone()
    if found is None:
        raise ExportError(f"there is no table or view {schema}.{relation}")
    columns = [
        sql.Identifier(str(column))
        for (column,) in conn.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = %s AND attnum > 0 "
            "AND NOT attisdropped AND atttypid <> 'tsvector'::regtype ORDER BY attnum",
            (found[0],),
        )
    ]
    return sql.SQL("SELECT {} FROM {}.{}").format(
        sql.SQL(", ").join(columns), sql.Identifier(schema), sql.Identifier(relation)
    )


def estimated_rows(conn: psycopg.Connection[Any], name: str) -> int | None:
    """The planner's row estimate of table ``name`` (None for views and unanalysed tables)."""
    match = _NAME.match(name)
    if match is None:
        return None
    row = conn.execute(
        "SELECT c.reltuples FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = %s AND c.relname = %s AND c.relkind IN ('r', 'p', 'm')",
        (match.group(1) or "public", match.group(2)),
    ).fetchone()
    return int(row[0]) if row is not None and row[0] >= 0 else None


def export(
    conn: psycopg.Connection[Any],
    query: sql.Composed | sql.SQL | str,
    path: Path,
    file_format: str,
    *,
    batch_rows: int = DEFAULT_BATCH_ROWS,
    expected_rows: int | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Write the rows of ``query`` to ``path`` as ``file_format``; returns what was written.

    The file is written under a temporary name and renamed when complete, so a failed export
    never leaves a truncated file that looks whole. ``conn`` must be in autocommit mode: the
    export opens its own read-only transaction.
    """
    if not conn.autocommit:
        raise ValueError("export() needs an autocommit connection (it opens its own transaction)")
    if batch_rows < 1:
        raise ExportError("--batch-rows must be at least 1")
    partial = path.with_name(path.name + ".part")
    rows = 0
    with conn.transaction():
        conn.execute("SET TRANSACTION READ ONLY")
        # Timestamps leave as UTC, whatever the server's or session's zone.
        conn.execute("SET LOCAL TimeZone = 'UTC'")
        with conn.cursor(name="cables_export") as cursor:
            statement = sql.SQL(query) if isinstance(query, str) else query
            try:
                cursor.execute(statement)
            except psycopg.errors.ReadOnlySqlTransaction as exc:
                raise ExportError("an export query may only read") from exc
            description = cursor.description or []
            columns = tuple(column.name for column in description)
            fields = [_field(conn, column.name, column.type_code) for column in description]
            schema = pa.schema(
                [_for_format(field, file_format) for field in fields]
                if fields
                else [pa.field("empty", pa.null())]
            )
            writer = _writer(partial, schema, file_format)
            try:
                for batch in _batches(cursor, batch_rows):
                    writer.write_batch(_record_batch(batch, fields, schema, file_format))
                    rows += len(batch)
                    if progress is not None:
                        progress(rows, expected_rows)
            except BaseException:
                writer.close()
                partial.unlink(missing_ok=True)
                raise
            writer.close()
    partial.replace(path)
    return ExportResult(path, rows, columns)


def _batches(cursor: psycopg.ServerCursor[Any], size: int) -> Iterator[list[Sequence[Any]]]:
    while batch := cursor.fetchmany(size):
        yield batch


def _field(conn: psycopg.Connection[Any], name: str, oid: int) -> pa.Field:
    row = conn.execute(
        "SELECT t.typname, e.typname FROM pg_type t "
        "LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typcategory = 'A' WHERE t.oid = %s",
        (oid,),
    ).fetchone()
    type_name, element = (str(row[0]), row[1]) if row is not None else ("", None)
    if element is not None:
        return pa.field(name, pa.list_(_ARROW_TYPES.get(str(element), pa.string())))
    return pa.field(name, _ARROW_TYPES.get(type_name, pa.string()))


def _for_format(field: pa.Field, file_format: str) -> pa.Field:
    if file_format == "csv" and pa.types.is_list(field.type):
        return pa.field(field.name, pa.string())
    return field


def _writer(path: Path, schema: pa.Schema, file_format: str) -> Any:
    if file_format == "parquet":
        return pq.ParquetWriter(path, schema, compression="zstd")
    return pa_csv.CSVWriter(path, schema)


def _record_batch(
    rows: list[Sequence[Any]], fields: list[pa.Field], schema: pa.Schema, file_format: str
) -> pa.RecordBatch:
    if not fields:
        return pa.record_batch([pa.nulls(len(rows))], schema=schema)
    arrays = []
    for index, (field, target) in enumerate(zip(fields, schema, strict=True)):
        values = [row[index] for row in rows]
        arrays.append(pa.array(_convert(values, field.type, target.type), type=target.type))
    return pa.record_batch(arrays, schema=schema)


def _convert(values: list[Any], source: pa.DataType, target: pa.DataType) -> list[Any]:
    if pa.types.is_list(source) and pa.types.is_string(target):
        return [
            None if v is None else json.dumps(v, default=str, ensure_ascii=False) for v in values
        ]
    if pa.types.is_string(target):
        return [v if v is None or isinstance(v, str) else _text(v) for v in values]
    if pa.types.is_list(target) and pa.types.is_string(target.value_type):
        return [None if v is None else [None if x is None else _text(x) for x in v] for v in values]
    if pa.types.is_floating(target):
        return [None if v is None else float(v) for v in values]
    return values


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)
