"""Analyst search: an indexed paragraph search, filtered cable search with a total count, and a
link from each cable to its page in the public release.

- ``paragraphs.search``: the English full-text document of each paragraph, computed while a
  batch is staged (``etl.stage_paragraphs.search``, in parallel with parsing, as for cables)
  and copied on publish; a trigger fills it for any other write. ``ix_paragraphs_search``, a
  GIN index on it, lets ``search_paragraphs`` read matches instead of scanning paragraphs.
- ``search_cables`` gains filters (sending office, date range, classification, tag), an offset
  and a ``total_matches`` column, so a result cut at ``max_results`` says how much it left out.
- ``release_url(cable_id, created_at)`` and ``cable_overview.release_url``: the cable's page in
  the public release's Cable Viewer (``cable/YYYY/MM/ID.html``, year and month it was sent).

Revision ID: 0010_analyst_search
Revises: 0009_cables_loaded_batch_index
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import TSVECTOR

from migrations.replaceable import definition, previous, replace

revision: str = "0010_analyst_search"
down_revision: str | Sequence[str] | None = "0009_cables_loaded_batch_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies: a migration must not change when later code does.
_PARAGRAPH_DOCUMENT = "to_tsvector('english'::regconfig, COALESCE(text, ''::text))"
_PARAGRAPH_SEARCH_COMMENT = (
    "Full-text search document of the paragraph text (English); query it with "
    "@@ websearch_to_tsquery('english', ...), or use search_paragraphs()."
)
OLD_SEARCH_CABLES_COMMENT = (
    "Full-text search (English stemming) over subject and body, in web-search syntax: words, "
    '"quoted phrases", OR, -excluded. Returns up to max_results (default 100) cables, best '
    "first, with a snippet (matches in **bold**) from the best-matching paragraph. Example: "
    "SELECT * FROM search_cables('trafficking -labor');"
)

SEARCH_CABLES_SIGNATURE = "search_cables(text, integer, text, date, date, text, text, integer)"
COMMENTS: dict[str, str] = {
    "FUNCTION search_paragraphs(text, integer, integer)": (
        "Full-text search (English stemming) over paragraphs, answered from the index "
        'ix_paragraphs_search, in web-search syntax: words, "quoted phrases", OR, -excluded. '
        "Returns up to max_results (default 100; NULL for all) paragraphs, best first, from "
        "result_offset on, each with its cable, position, heading, summary/comment flags, a "
        "snippet (matches in **bold**), its rank and total_matches (how many paragraphs match "
        "in all). Example: SELECT * FROM search_paragraphs('police', 20);"
    ),
    f"FUNCTION {SEARCH_CABLES_SIGNATURE}": (
        "Full-text search (English stemming) over subject and body, in web-search syntax: "
        'words, "quoted phrases", OR, -excluded. Optional filters: sent_by (origin, exact), '
        "sent_from / sent_until (UTC days, inclusive), classified_as (exact, any case), tagged "
        "(a TAGS code). Returns up to max_results (default 100; NULL for all) cables, best "
        "first, from result_offset on, with a snippet (matches in **bold**) from the "
        "best-matching paragraph and total_matches (how many cables match the query and "
        "filters in all). Example: SELECT * FROM search_cables('trafficking', tagged => 'CB');"
    ),
    "FUNCTION release_url(text, timestamptz)": (
        "Address of the cable's page in the public release (WikiLeaks Cable Viewer, filed by "
        "the UTC year and month the cable was sent); null when the date is unknown."
    ),
    "COLUMN cable_overview.release_url": (
        "The cable's page in the public release, e.g. "
        "https://wikileaks.org/cable/2006/03/06PHNOMPENH534.html; null when the date is unknown."
    ),
}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _generated_search() -> sa.Column[object]:
    return sa.Column(
        "search",
        TSVECTOR(),
        sa.Computed(_PARAGRAPH_DOCUMENT, persisted=True),
        comment=_PARAGRAPH_SEARCH_COMMENT,
    )


def upgrade() -> None:
    # Computed once for the rows already there (a generated column fills them), then a plain
    # column: publishing copies the staged document and the trigger covers other writes.
    op.add_column("paragraphs", _generated_search())
    op.execute("ALTER TABLE public.paragraphs ALTER COLUMN search DROP EXPRESSION")
    op.alter_column("paragraphs", "search", nullable=False)
    # Computes the document when a write does not supply it (as etl.fill_cable_search does).
    replace("etl.fill_paragraph_search", revision)
    op.execute(
        "CREATE TRIGGER fill_search BEFORE INSERT OR UPDATE ON public.paragraphs "
        "FOR EACH ROW EXECUTE FUNCTION etl.fill_paragraph_search()"
    )
    op.add_column("stage_paragraphs", _generated_search(), schema="etl")
    op.create_index("ix_paragraphs_search", "paragraphs", ["search"], postgresql_using="gin")
    op.execute("DROP FUNCTION search_cables(text, integer)")
    for statement in (
        definition("public.search_paragraphs", revision),
        definition("public.search_cables", revision),
        # The Cable Viewer filed each page under the year and month the cable was sent
        # (checked on every page path of the development corpus).
        definition("public.release_url", revision),
        definition("public.cable_overview", revision),
    ):
        op.execute(statement)
    for target, comment in COMMENTS.items():
        op.execute(f"COMMENT ON {target} IS {_quote(comment)}")


def downgrade() -> None:
    bind = op.get_bind()
    # A view cannot lose a column in place: recreate it, keeping its comments.
    comments = bind.exec_driver_sql(
        "SELECT obj_description('cable_overview'::regclass, 'pg_class'), "
        "array_agg(a.attname || '=' || col_description(a.attrelid, a.attnum)) "
        "FILTER (WHERE col_description(a.attrelid, a.attnum) IS NOT NULL "
        "AND a.attname <> 'release_url') "
        "FROM pg_attribute a WHERE a.attrelid = 'cable_overview'::regclass AND a.attnum > 0"
    ).one()
    op.execute("DROP VIEW cable_overview")
    replace("public.cable_overview", previous("public.cable_overview", revision))
    if comments[0] is not None:
        op.execute(f"COMMENT ON VIEW cable_overview IS {_quote(comments[0])}")
    for entry in comments[1] or []:
        column, comment = str(entry).split("=", 1)
        op.execute(f"COMMENT ON COLUMN cable_overview.{column} IS {_quote(comment)}")
    op.execute("DROP FUNCTION release_url(text, timestamptz)")
    op.execute(f"DROP FUNCTION {SEARCH_CABLES_SIGNATURE}")
    op.execute("DROP FUNCTION search_paragraphs(text, integer, integer)")
    # The search function as 0003 created it.
    replace("public.search_cables", previous("public.search_cables", revision))
    op.execute(
        f"COMMENT ON FUNCTION search_cables(text, integer) IS {_quote(OLD_SEARCH_CABLES_COMMENT)}"
    )
    op.drop_index("ix_paragraphs_search", table_name="paragraphs")
    op.drop_column("stage_paragraphs", "search", schema="etl")
    op.execute("DROP TRIGGER fill_search ON public.paragraphs")
    op.execute("DROP FUNCTION etl.fill_paragraph_search()")
    op.drop_column("paragraphs", "search")
