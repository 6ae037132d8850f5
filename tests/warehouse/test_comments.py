"""Every table and column of the warehouse explains itself with COMMENT ON."""

from __future__ import annotations

import sqlalchemy as sa

from etl.warehouse.models import ETL_SCHEMA, Base

SCHEMAS = ["public", ETL_SCHEMA]

TABLES_WITHOUT_COMMENT = sa.text(
    """
    SELECT n.nspname || '.' || c.relname
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind = 'r' AND n.nspname = ANY(:schemas) AND c.relname <> 'alembic_version'
      AND coalesce(obj_description(c.oid, 'pg_class'), '') = ''
    """
)

COLUMNS_WITHOUT_COMMENT = sa.text(
    """
    SELECT n.nspname || '.' || c.relname || '.' || a.attname
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    WHERE c.relkind = 'r' AND n.nspname = ANY(:schemas) AND c.relname <> 'alembic_version'
      AND coalesce(col_description(c.oid, a.attnum), '') = ''
    """
)


def test_every_table_has_a_comment(db_connection: sa.Connection) -> None:
    missing = db_connection.execute(TABLES_WITHOUT_COMMENT, {"schemas": SCHEMAS}).scalars()
    assert list(missing) == []


def test_every_column_has_a_comment(db_connection: sa.Connection) -> None:
    missing = db_connection.execute(COLUMNS_WITHOUT_COMMENT, {"schemas": SCHEMAS}).scalars()
    assert list(missing) == []


def test_database_comments_equal_model_comments(db_connection: sa.Connection) -> None:
    inspector = sa.inspect(db_connection)
    for table in Base.metadata.sorted_tables:
        table_comment = inspector.get_table_comment(table.name, schema=table.schema)
        assert table_comment["text"] == table.comment
        in_database = {
            column["name"]: column.get("comment")
            for column in inspector.get_columns(table.name, schema=table.schema)
        }
        assert in_database == {column.name: column.comment for column in table.columns}
