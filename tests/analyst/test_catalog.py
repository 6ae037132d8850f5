"""The analyst objects explain themselves in the catalogue (psql \\d+, BI tools)."""

from __future__ import annotations

import sqlalchemy as sa

from etl.reference_data.tag_definitions import TAG_KINDS, read_tag_definitions
from etl.warehouse.analyst import SUMMARY_TABLES

VIEWS = {
    "cable_overview",
    "citations",
    "tag_meanings",
    "people",
    "organisations",
    "places",
    "unpublished_inputs",
    "signers",
}


def test_views_and_summary_tables_exist(handmade_engine: sa.Engine) -> None:
    with handmade_engine.connect() as connection:
        kinds: dict[str, str] = {
            row[0]: row[1]
            for row in connection.execute(
                sa.text(
                    "SELECT c.relname, c.relkind FROM pg_class c "
                    "JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = 'public' "
                    "AND (c.relkind IN ('v', 'm') OR c.relname = ANY(:s))"
                ),
                {"s": list(SUMMARY_TABLES)},
            )
        }
    # No materialised views: the summaries are ordinary tables kept current by publishing.
    assert kinds == {**dict.fromkeys(VIEWS, "v"), **dict.fromkeys(SUMMARY_TABLES, "r")}


def test_every_view_and_view_column_has_a_comment(handmade_engine: sa.Engine) -> None:
    with handmade_engine.connect() as connection:
        missing = connection.execute(
            sa.text(
                "SELECT c.relname || coalesce('.' || a.attname, '') FROM pg_class c "
                "JOIN pg_namespace n ON n.oid = c.relnamespace "
                "LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 "
                "WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm') "
                "AND coalesce(CASE WHEN a.attnum IS NULL THEN obj_description(c.oid, 'pg_class') "
                "ELSE col_description(c.oid, a.attnum) END, '') = ''"
            )
        ).scalars()
        views_without_comment = connection.execute(
            sa.text(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = 'public' AND c.relkind IN ('v', 'm') "
                "AND coalesce(obj_description(c.oid, 'pg_class'), '') = ''"
            )
        ).scalars()
        assert list(missing) == []
        assert list(views_without_comment) == []


def test_functions_have_comments(handmade_engine: sa.Engine) -> None:
    with handmade_engine.connect() as connection:
        comments: dict[str, str | None] = {
            row[0]: row[1]
            for row in connection.execute(
                sa.text(
                    "SELECT p.proname, obj_description(p.oid, 'pg_proc') FROM pg_proc p "
                    "JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'"
                )
            )
        }
    assert set(comments) == {"search_cables", "search_paragraphs", "release_url", "guess_tag_kind"}
    assert all(comments.values())


def test_tag_definitions_table_holds_the_shipped_dictionary(handmade_engine: sa.Engine) -> None:
    shipped = read_tag_definitions()
    with handmade_engine.connect() as connection:
        stored = {
            (code, kind, meaning)
            for code, kind, meaning in connection.execute(
                sa.text("SELECT code, kind, meaning FROM tag_definitions")
            )
        }
    assert stored == {(d.code, d.kind, d.meaning) for d in shipped}
    assert {d.kind for d in shipped} <= set(TAG_KINDS)
