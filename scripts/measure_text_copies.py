"""How many copies of each cable's text the warehouse stores, and what each costs on disk.

Usage: python scripts/measure_text_copies.py [DATABASE_URL]   (default: the configured one)

For every column that carries a cable's text in some form (the raw bytes, the body, the
paragraphs, the two full-text documents) it prints the rows, the logical size (bytes of the
value), the stored size (``pg_column_size``: after TOAST compression) and the column's share
of the logical body size; then the size of each table with its TOAST data and of the
full-text indexes. Read only.
"""

from __future__ import annotations

import sys

from etl.config import Settings
from etl.database import database_url, psycopg_connect

#: (label, table, value expression, logical size expression)
COPIES = (
    ("raw bytes", "etl.raw_documents", "content", "octet_length(content)"),
    ("cables.body", "public.cables", "body", "octet_length(body)"),
    ("paragraphs.text", "public.paragraphs", "text", "octet_length(text)"),
    ("cables.search", "public.cables", "search", "pg_column_size(search)"),
    ("paragraphs.search", "public.paragraphs", "search", "pg_column_size(search)"),
)
TABLES = ("etl.raw_documents", "public.cables", "public.paragraphs")
INDEXES = ("public.ix_cables_search", "public.ix_paragraphs_search")
MB = 1024 * 1024


def main(argv: list[str]) -> int:
    # A script entry point: the configured warehouse is read from the environment here.
    with psycopg_connect(argv[0] if argv else database_url(Settings.from_env())) as conn:
        rows: list[tuple[str, int, int, int]] = []
        for label, table, value, logical in COPIES:
            row = conn.execute(
                f"SELECT count(*), coalesce(sum({logical}), 0), "
                f"coalesce(sum(pg_column_size({value})), 0) FROM {table}"
            ).fetchone()
            assert row is not None
            rows.append((label, int(row[0]), int(row[1]), int(row[2])))
        body = next(logical for label, _n, logical, _s in rows if label == "cables.body") or 1
        print(f"{'copy':<20}{'rows':>10}{'logical MB':>12}{'stored MB':>11}{'× body':>8}")
        for name, count, size, stored in rows:
            print(
                f"{name:<20}{count:>10,}{size / MB:>12.1f}{stored / MB:>11.1f}{size / body:>8.2f}"
            )
        for table in TABLES:
            row = conn.execute(
                "SELECT pg_table_size(%s::regclass), pg_indexes_size(%s::regclass)",
                (table, table),
            ).fetchone()
            assert row is not None
            print(f"table {table}: {row[0] / MB:.1f} MB with TOAST, indexes {row[1] / MB:.1f} MB")
        for index in INDEXES:
            row = conn.execute("SELECT pg_relation_size(%s::regclass)", (index,)).fetchone()
            assert row is not None
            print(f"index {index}: {row[0] / MB:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
