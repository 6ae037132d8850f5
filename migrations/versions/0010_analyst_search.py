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

from migrations.replaceable import definition, replace

revision: str = "0010_analyst_search"
down_revision: str | Sequence[str] | None = "0009_cables_loaded_batch_index"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Frozen copies: a migration must not change when later code does.
_HEADLINE = "StartSel=**, StopSel=**, MaxWords=35, MinWords=15, MaxFragments=2"
_PARAGRAPH_DOCUMENT = "to_tsvector('english'::regconfig, COALESCE(text, ''::text))"
_PARAGRAPH_SEARCH_COMMENT = (
    "Full-text search document of the paragraph text (English); query it with "
    "@@ websearch_to_tsquery('english', ...), or use search_paragraphs()."
)
_OVERVIEW_COLUMNS = """
SELECT c.cable_id,
       c.created_at,
       c.classification,
       c.origin,
       c.subject,
       coalesce(t.tags, '{}') AS tags,
       coalesce(r.to_recipients, '{}') AS to_recipients,
       coalesce(r.info_recipients, '{}') AS info_recipients,
       coalesce(r.recipient_count, 0) AS recipient_count,
       coalesce(f.reference_count, 0) AS reference_count,
       coalesce(f.cited_cable_count, 0) AS cited_cable_count,
       coalesce(cc.citing_cable_count, 0) AS cited_by_count,
       coalesce(e.mention_count, 0) AS mention_count,
       coalesce(e.entity_count, 0) AS entity_count,
       coalesce(e.person_count, 0) AS person_count,
       coalesce(e.organization_count, 0) AS organization_count,
       coalesce(e.location_count, 0) AS location_count,
       coalesce(pg.paragraph_count, 0) AS paragraph_count,
       c.caveats,
       c.is_partial_extract,
       c.is_metadata_only
"""
_OVERVIEW_FROM = """
FROM cables c
LEFT JOIN LATERAL (
    SELECT array_agg(tag ORDER BY position) AS tags FROM tags WHERE tags.cable_id = c.cable_id
) t ON true
LEFT JOIN LATERAL (
    SELECT array_agg(name ORDER BY position) FILTER (WHERE kind = 'to') AS to_recipients,
           array_agg(name ORDER BY position) FILTER (WHERE kind = 'info') AS info_recipients,
           count(*)::integer AS recipient_count
    FROM recipients WHERE recipients.cable_id = c.cable_id
) r ON true
LEFT JOIN LATERAL (
    SELECT count(*)::integer AS reference_count,
           count(DISTINCT cited_id)::integer AS cited_cable_count
    FROM cable_references WHERE cable_references.cable_id = c.cable_id
) f ON true
LEFT JOIN LATERAL (
    SELECT count(*)::integer AS mention_count,
           count(DISTINCT (kind, name))::integer AS entity_count,
           count(DISTINCT name) FILTER (WHERE kind = 'PERSON')::integer AS person_count,
           count(DISTINCT name) FILTER (WHERE kind = 'ORGANIZATION')::integer
               AS organization_count,
           count(DISTINCT name) FILTER (WHERE kind = 'LOCATION')::integer AS location_count
    FROM entities WHERE entities.cable_id = c.cable_id
) e ON true
LEFT JOIN LATERAL (
    SELECT count(*)::integer AS paragraph_count
    FROM paragraphs WHERE paragraphs.cable_id = c.cable_id
) pg ON true
LEFT JOIN cable_citation_counts cc ON cc.cable_id = c.cable_id
"""
OVERVIEW_WITH_URL = (
    "CREATE OR REPLACE VIEW cable_overview AS"
    + _OVERVIEW_COLUMNS.rstrip()
    + ",\n       release_url(c.cable_id, c.created_at) AS release_url"
    + _OVERVIEW_FROM
)
OVERVIEW_WITHOUT_URL = "CREATE VIEW cable_overview AS" + _OVERVIEW_COLUMNS + _OVERVIEW_FROM

# The search function as 0003 created it, restored on downgrade.
OLD_SEARCH_CABLES = rf"""
CREATE FUNCTION search_cables(query text, max_results integer DEFAULT 100)
RETURNS TABLE (
    cable_id text,
    created_at timestamptz,
    origin text,
    subject text,
    rank real,
    snippet text,
    paragraph_position integer
)
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
    WITH q AS (SELECT websearch_to_tsquery('english', query) AS tsq),
    hits AS (
        SELECT c.cable_id, c.created_at, c.origin, c.subject, c.body,
               ts_rank(c.search, q.tsq) AS rank
        FROM cables c CROSS JOIN q
        WHERE c.search @@ q.tsq
        ORDER BY rank DESC, c.created_at DESC NULLS LAST, c.cable_id
        LIMIT max_results
    )
    SELECT h.cable_id, h.created_at, h.origin, h.subject, h.rank,
           btrim(regexp_replace(CASE
               WHEN best.text IS NOT NULL
                   THEN ts_headline('english', best.text, q.tsq, '{_HEADLINE}')
               WHEN to_tsvector('english', h.subject) @@ q.tsq
                   THEN ts_headline('english', h.subject, q.tsq, '{_HEADLINE}')
               ELSE ts_headline('english', h.body, q.tsq, '{_HEADLINE}')
           END, '\s+', ' ', 'g')),
           best.position
    FROM hits h
    CROSS JOIN q
    LEFT JOIN LATERAL (
        SELECT p.position, p.text
        FROM paragraphs p
        WHERE p.cable_id = h.cable_id AND to_tsvector('english', p.text) @@ q.tsq
        ORDER BY ts_rank(to_tsvector('english', p.text), q.tsq) DESC, p.position
        LIMIT 1
    ) best ON true
    ORDER BY h.rank DESC, h.created_at DESC NULLS LAST, h.cable_id
$$
"""
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
        OVERVIEW_WITH_URL,
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
    op.execute(OVERVIEW_WITHOUT_URL)
    if comments[0] is not None:
        op.execute(f"COMMENT ON VIEW cable_overview IS {_quote(comments[0])}")
    for entry in comments[1] or []:
        column, comment = str(entry).split("=", 1)
        op.execute(f"COMMENT ON COLUMN cable_overview.{column} IS {_quote(comment)}")
    op.execute("DROP FUNCTION release_url(text, timestamptz)")
    op.execute(f"DROP FUNCTION {SEARCH_CABLES_SIGNATURE}")
    op.execute("DROP FUNCTION search_paragraphs(text, integer, integer)")
    op.execute(OLD_SEARCH_CABLES)
    op.execute(
        f"COMMENT ON FUNCTION search_cables(text, integer) IS {_quote(OLD_SEARCH_CABLES_COMMENT)}"
    )
    op.drop_index("ix_paragraphs_search", table_name="paragraphs")
    op.drop_column("stage_paragraphs", "search", schema="etl")
    op.execute("DROP TRIGGER fill_search ON public.paragraphs")
    op.execute("DROP FUNCTION etl.fill_paragraph_search()")
    op.drop_column("paragraphs", "search")
