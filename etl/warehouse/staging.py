"""Staging: where a batch's parsed rows wait between parsing and publishing.

Each analyst table has an UNLOGGED twin in schema ``etl`` (``etl.stage_cables`` ...) with the
same columns plus ``batch_id`` and ``document_id``. Parsing COPYs into them chunk by chunk,
quality checks read and quarantine there, and publishing moves one batch from them into
``public`` in one transaction. Rows of a batch are removed when it is published; rows of a
batch whose process died are purged by the next load (see
``etl.warehouse.bookkeeping.purge_abandoned``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import psycopg
from psycopg._copy_base import TextFormatter
from psycopg.adapt import Transformer
from sqlalchemy import BigInteger, Column, Computed, Index, Table, Text

from etl.parsing.records import ParsedCable
from etl.warehouse.flags import clear_staged_flags
from etl.warehouse.models import ETL_SCHEMA, SEARCH_EXPRESSION, Base
from etl.warehouse.rows import ALL_TABLES, CABLES, TableSpec, cable_row, child_rows

#: Public columns a staged copy does not carry (set by the database on publish).
_NOT_STAGED = {"updated_at"}


def _stage_table(spec: TableSpec) -> Table:
    source = Base.metadata.tables[spec.name]
    columns: list[Column[object]] = [
        Column("batch_id", BigInteger, nullable=False, comment="Batch that staged this row."),
        Column(
            "document_id",
            BigInteger,
            nullable=False,
            comment="Raw document (etl.raw_documents) this row was parsed from.",
        ),
    ]
    for column in source.columns:
        if column.name in _NOT_STAGED:
            continue
        if column.name == "search":
            # Computed by the staging COPY's backend, i.e. while parsing continues in the
            # workers, instead of in the serial publish step (it is ~40 % of publishing).
            columns.append(
                Column(
                    "search",
                    column.type,
                    # A model may name its own expression (models.STAGED_EXPRESSION).
                    Computed(
                        column.info.get("staged_expression", SEARCH_EXPRESSION), persisted=True
                    ),
                    comment=column.comment,
                )
            )
            continue
        columns.append(
            Column(
                column.name,
                column.type,
                nullable=True,
                comment=column.comment,
            )
        )
    if spec is CABLES:
        columns.append(Column("source_path", Text, comment="Path the raw document arrived under."))
    table_name = spec.stage_name.split(".", 1)[1]
    return Table(
        table_name,
        Base.metadata,
        *columns,
        Index(f"ix_{table_name}_batch_id_document_id", "batch_id", "document_id"),
        schema=ETL_SCHEMA,
        prefixes=["UNLOGGED"],
        comment=(
            f"Staging copy of public.{spec.name}: parsed rows of a batch waiting for quality "
            "checks and publication; emptied when the batch is published."
        ),
    )


STAGE_TABLES: dict[str, Table] = {spec.name: _stage_table(spec) for spec in ALL_TABLES}


class StagedSource(Protocol):
    """What staging needs to know about the document a cable was parsed from."""

    @property
    def document_id(self) -> int: ...

    @property
    def sha256(self) -> str: ...

    @property
    def source_path(self) -> str: ...


@dataclass(frozen=True, slots=True)
class StagedRows:
    """Parsed cables flattened into COPY text, one buffer per staging table.

    Built where the cables were parsed (worker processes), so the process holding the database
    connection only forwards bytes: flattening and encoding ~100 rows per cable is the costly
    part of staging, and it runs in parallel this way.
    """

    copy_text: dict[str, bytes]
    row_count: int


def encode_staged_rows(
    batch_id: int, parsed: Sequence[tuple[StagedSource, ParsedCable]]
) -> StagedRows:
    """COPY text of every staging table for ``parsed``; pure (no connection needed)."""
    buffers: dict[str, bytearray] = {spec.name: bytearray() for spec in ALL_TABLES}
    # psycopg's own text-format encoder, used without a connection: the same dumpers a COPY
    # on a connection would pick for these Python types.
    formatters = {spec.name: TextFormatter(Transformer()) for spec in ALL_TABLES}
    row_count = 0
    cables = formatters[CABLES.name]
    for doc, cable in parsed:
        row = cable_row(
            cable, document_id=doc.document_id, content_hash=doc.sha256, batch_id=batch_id
        )
        buffers[CABLES.name] += cables.write_row((batch_id, doc.document_id, *row, doc.source_path))
        row_count += 1
        for name, rows in child_rows(cable).items():
            formatter, buffer = formatters[name], buffers[name]
            for child in rows:
                buffer += formatter.write_row((batch_id, doc.document_id, *child))
            row_count += len(rows)
    for name, formatter in formatters.items():
        buffers[name] += formatter.end()
    return StagedRows({name: bytes(data) for name, data in buffers.items()}, row_count)


def write_staged_rows(conn: psycopg.Connection, staged: StagedRows) -> int:
    """COPY encoded rows into the staging tables (in the caller's transaction); returns rows."""
    with conn.cursor() as cur:
        for spec in ALL_TABLES:
            data = staged.copy_text.get(spec.name)
            if not data:
                continue
            with cur.copy(_copy_sql(spec, _staged_columns(spec))) as copy:
                copy.write(data)
    return staged.row_count


def stage_cables(
    conn: psycopg.Connection,
    batch_id: int,
    parsed: Sequence[tuple[StagedSource, ParsedCable]],
) -> int:
    """COPY parsed cables (and all their child rows) into the staging tables; returns rows."""
    if not parsed:
        return 0
    return write_staged_rows(conn, encode_staged_rows(batch_id, parsed))


def _staged_columns(spec: TableSpec) -> tuple[str, ...]:
    extra = ("source_path",) if spec is CABLES else ()
    return ("batch_id", "document_id", *spec.columns, *extra)


def _copy_sql(spec: TableSpec, columns: Sequence[str]) -> str:
    return f"COPY {spec.stage_name} ({', '.join(columns)}) FROM STDIN"


def analyze_stage(conn: psycopg.Connection) -> None:
    """Refresh the planner statistics of the staging tables after a batch was staged: they
    swing from empty to hundreds of thousands of rows, and the quality checks' joins over them
    pick disastrous plans from stale statistics."""
    for spec in ALL_TABLES:
        conn.execute(f"ANALYZE {spec.stage_name}")
    conn.commit()


def clear_stage(conn: psycopg.Connection, batch_id: int) -> None:
    """Remove every staged row of ``batch_id`` (before a rerun, or after publishing)."""
    for spec in ALL_TABLES:
        conn.execute(f"DELETE FROM {spec.stage_name} WHERE batch_id = %s", (batch_id,))
    clear_staged_flags(conn, batch_id)


def vacuum_stage(conn: psycopg.Connection) -> None:
    """VACUUM the staging tables (outside any transaction; concurrent loads keep staging).

    Publishing deletes a batch's staged rows; after a large batch (20 million entity rows for
    the release) the dead rows stay until a vacuum, and every statement that scans staging
    pays for them meanwhile: the next small load spent two minutes in its first one.
    """
    conn.commit()
    autocommit = conn.autocommit
    conn.autocommit = True
    try:
        for spec in ALL_TABLES:
            conn.execute(f"VACUUM {spec.stage_name}")
    finally:
        conn.autocommit = autocommit
