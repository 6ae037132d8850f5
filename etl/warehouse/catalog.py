"""What the warehouse's tables are, read from the SQLAlchemy models: names, types, comments.

The orchestration layer shows every table as an asset with its column schema; it takes the
descriptions from here, so a column documented in the model (and by ``COMMENT ON`` through its
migration) is documented in the Dagster UI too, with nothing written twice.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql

import etl.warehouse.staging  # noqa: F401  (the staging tables join Base.metadata)
from etl.warehouse.analyst import SUMMARY_TABLES
from etl.warehouse.models import Base
from etl.warehouse.rows import ALL_TABLES

#: The analyst tables a batch publishes, in ``ALL_TABLES`` order (schema ``public``).
ANALYST_TABLES: tuple[str, ...] = tuple(spec.name for spec in ALL_TABLES)
#: The analyst tables and the summaries kept current in the same transaction.
PUBLISHED_TABLES: tuple[str, ...] = (*ANALYST_TABLES, *SUMMARY_TABLES)

_DIALECT = postgresql.dialect()  # type: ignore[no-untyped-call]


@dataclass(frozen=True, slots=True)
class ColumnDescription:
    """One column as the model declares it."""

    name: str
    type: str  # PostgreSQL spelling, e.g. TEXT[] or TIMESTAMP WITH TIME ZONE
    description: str | None
    nullable: bool
    unique: bool  # the primary key alone, or a unique constraint of this column alone
    primary_key: bool


@dataclass(frozen=True, slots=True)
class TableDescription:
    """One table: its qualified name, its comment and its columns in order."""

    qualified_name: str
    description: str | None
    columns: tuple[ColumnDescription, ...]


def describe_table(name: str) -> TableDescription:
    """The model of table ``name`` (``cables``, ``etl.raw_documents`` ...) described."""
    table = Base.metadata.tables[name]
    return TableDescription(
        qualified_name=f"{table.schema or 'public'}.{table.name}",
        description=table.comment,
        columns=tuple(_describe_columns(table)),
    )


def _describe_columns(table: Table) -> list[ColumnDescription]:
    key = list(table.primary_key.columns)
    return [
        ColumnDescription(
            name=column.name,
            type=str(column.type.compile(dialect=_DIALECT)),
            description=column.comment,
            nullable=bool(column.nullable),
            unique=bool(column.unique) or key == [column],
            primary_key=column in key,
        )
        for column in table.columns
    ]
