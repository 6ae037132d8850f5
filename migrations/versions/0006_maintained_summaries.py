"""Analyst summaries become tables kept current by publishing, instead of materialised views.

``cable_citation_counts``, ``entity_summary`` and ``stations`` keep their names, columns, types,
comments and unique keys (now primary keys); publishing maintains them in its own transaction
for the keys a batch touches (etl.warehouse.analyst), instead of a whole-warehouse REFRESH
after every load. The views that read them (``cable_overview``; ``people``, ``organisations``,
``places``) are dropped and recreated from their stored definitions and comments.

Revision ID: 0006_maintained_summaries
Revises: 0005_staged_search
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import ARRAY

revision: str = "0006_maintained_summaries"
down_revision: str | Sequence[str] | None = "0005_staged_search"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMESTAMP = sa.DateTime(timezone=True)

# Frozen copies of the summary definitions (a migration must not change when the code does).
CABLE_CITATION_COUNTS = """
SELECT r.cited_id AS cable_id,
       bool_or(cited.cable_id IS NOT NULL) AS in_warehouse,
       max(cited.subject) AS subject,
       max(cited.created_at) AS created_at,
       max(cited.origin) AS origin,
       count(DISTINCT r.cable_id)::integer AS citing_cable_count,
       min(citing.created_at) AS first_cited_at,
       max(citing.created_at) AS last_cited_at
FROM cable_references r
JOIN cables citing ON citing.cable_id = r.cable_id
LEFT JOIN cables cited ON cited.cable_id = r.cited_id
WHERE r.cited_id IS NOT NULL AND r.cited_id <> r.cable_id
GROUP BY r.cited_id
"""

ENTITY_SUMMARY = """
SELECT e.kind,
       e.name,
       count(DISTINCT e.cable_id)::integer AS cable_count,
       count(*)::integer AS mention_count,
       min(c.created_at) AS first_seen_at,
       max(c.created_at) AS last_seen_at,
       (array_agg(e.cable_id ORDER BY c.created_at NULLS LAST, e.cable_id))[1] AS first_cable_id,
       (array_agg(e.cable_id ORDER BY c.created_at DESC NULLS LAST, e.cable_id))[1]
           AS last_cable_id
FROM entities e
JOIN cables c ON c.cable_id = e.cable_id
GROUP BY e.kind, e.name
"""

STATIONS = """
WITH per_origin AS (
    SELECT origin,
           count(*)::integer AS cable_count,
           min(created_at) AS first_cable_at,
           max(created_at) AS last_cable_at
    FROM cables
    WHERE origin IS NOT NULL
    GROUP BY origin
),
indicators AS (
    SELECT origin, origin_routing_indicator AS indicator, count(*) AS uses
    FROM cables
    WHERE origin IS NOT NULL AND origin_routing_indicator IS NOT NULL
    GROUP BY origin, origin_routing_indicator
),
country_tags AS (
    SELECT c.origin, d.code, d.meaning, count(DISTINCT c.cable_id) AS uses
    FROM cables c
    JOIN tags t ON t.cable_id = c.cable_id
    JOIN tag_definitions d ON d.code = t.tag AND d.kind = 'country'
                          AND d.meaning NOT LIKE 'Region:%'
    WHERE c.origin ~ '^(Embassy|Consulate|US Interests Section|American Institute)'
    GROUP BY c.origin, d.code, d.meaning
)
SELECT p.origin,
       (SELECT i.indicator FROM indicators i WHERE i.origin = p.origin
        ORDER BY i.uses DESC, i.indicator LIMIT 1) AS routing_indicator,
       coalesce((SELECT array_agg(i.indicator ORDER BY i.uses DESC, i.indicator)
                 FROM indicators i WHERE i.origin = p.origin), '{}') AS routing_indicators,
       CASE WHEN p.origin = 'Secretary of State' THEN 'US'
            ELSE (SELECT ct.code FROM country_tags ct WHERE ct.origin = p.origin
                  ORDER BY ct.uses DESC, ct.code LIMIT 1)
       END AS country_code,
       CASE WHEN p.origin = 'Secretary of State' THEN 'United States'
            ELSE (SELECT ct.meaning FROM country_tags ct WHERE ct.origin = p.origin
                  ORDER BY ct.uses DESC, ct.code LIMIT 1)
       END AS country,
       p.cable_count,
       p.first_cable_at,
       p.last_cable_at
FROM per_origin p
"""

Column = tuple[str, sa.types.TypeEngine[Any], str]

#: name -> (definition, key, columns as (name, type, comment)).
SUMMARIES: dict[str, tuple[str, tuple[str, ...], list[Column]]] = {
    "cable_citation_counts": (
        CABLE_CITATION_COUNTS,
        ("cable_id",),
        [
            (
                "cable_id",
                sa.Text(),
                "Canonical id of a cited cable (may be outside the warehouse).",
            ),
            ("in_warehouse", sa.Boolean(), "True when the cited cable is in the warehouse."),
            (
                "subject",
                sa.Text(),
                "Subject of the cited cable (null when it is not in the warehouse).",
            ),
            (
                "created_at",
                TIMESTAMP,
                "When the cited cable was sent (null when not in the warehouse).",
            ),
            (
                "origin",
                sa.Text(),
                "Sending office of the cited cable (null when not in the warehouse).",
            ),
            (
                "citing_cable_count",
                sa.Integer(),
                "Number of distinct cables citing it (in-degree).",
            ),
            ("first_cited_at", TIMESTAMP, "Date of the earliest cable citing it."),
            ("last_cited_at", TIMESTAMP, "Date of the latest cable citing it."),
        ],
    ),
    "entity_summary": (
        ENTITY_SUMMARY,
        ("kind", "name"),
        [
            ("kind", sa.Text(), "PERSON, ORGANIZATION or LOCATION."),
            ("name", sa.Text(), "Normalised name (entities.name)."),
            ("cable_count", sa.Integer(), "Number of cables mentioning it."),
            ("mention_count", sa.Integer(), "Number of mentions over all cables."),
            ("first_seen_at", TIMESTAMP, "Date of the earliest cable mentioning it."),
            ("last_seen_at", TIMESTAMP, "Date of the latest cable mentioning it."),
            ("first_cable_id", sa.Text(), "The earliest cable mentioning it."),
            ("last_cable_id", sa.Text(), "The latest cable mentioning it."),
        ],
    ),
    "stations": (
        STATIONS,
        ("origin",),
        [
            (
                "origin",
                sa.Text(),
                "Sending office in the release vocabulary, e.g. Embassy Phnom Penh.",
            ),
            (
                "routing_indicator",
                sa.Text(),
                "Its routing indicator most used on DE lines, e.g. RUEHPF.",
            ),
            (
                "routing_indicators",
                ARRAY(sa.Text()),
                "Every routing indicator seen on its DE lines, most used first.",
            ),
            (
                "country_code",
                sa.Text(),
                "State Department country code of the country it is in (for posts abroad: their "
                "most frequent country tag; US for the Secretary of State).",
            ),
            ("country", sa.Text(), "Name of that country."),
            ("cable_count", sa.Integer(), "Number of cables it sent in the warehouse."),
            ("first_cable_at", TIMESTAMP, "Date of its earliest cable."),
            ("last_cable_at", TIMESTAMP, "Date of its latest cable."),
        ],
    ),
}

_KEPT_CURRENT = "Kept current by every load, in the same transaction as the batch."
_REFRESHED = "Refreshed after each load."
#: Table comments without the sentence that says how they are kept current.
DESCRIPTIONS = {
    "cable_citation_counts": "In-degree of the citation graph: one row per cited cable id (in "
    "the warehouse or not) with how many cables cite it. Cables never cited have no row.",
    "entity_summary": "One row per person, organisation or place (kind, normalised name) with "
    "how many cables mention it and when it was first and last seen.",
    "stations": "One row per sending office (origin) with its routing indicator learned from "
    "the DE lines, its country, and its number of cables.",
}

#: Views reading the summaries: dropped before and recreated after the swap.
DEPENDENT_VIEWS = ("cable_overview", "people", "organisations", "places")
_CITED_BY = "cable_overview.cited_by_count"
_CITED_BY_OLD = "Number of cables citing it (as of the last refresh)."
_CITED_BY_NEW = "Number of cables citing it."


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _save_views() -> list[tuple[str, str, str | None, list[tuple[str, str | None]]]]:
    """Definition, comment and column comments of each dependent view."""
    bind = op.get_bind()
    saved = []
    for view in DEPENDENT_VIEWS:
        oid = bind.execute(sa.text("SELECT to_regclass(:v)::oid"), {"v": f"public.{view}"}).scalar()
        definition = bind.execute(sa.text("SELECT pg_get_viewdef(:o)"), {"o": oid}).scalar_one()
        comment = bind.execute(
            sa.text("SELECT obj_description(:o, 'pg_class')"), {"o": oid}
        ).scalar()
        columns = [
            (str(name), comment)
            for name, comment in bind.execute(
                sa.text(
                    "SELECT attname, col_description(attrelid, attnum) FROM pg_attribute "
                    "WHERE attrelid = :o AND attnum > 0 AND NOT attisdropped ORDER BY attnum"
                ),
                {"o": oid},
            )
        ]
        saved.append((view, str(definition), comment, columns))
    for view in reversed(DEPENDENT_VIEWS):
        op.execute(f"DROP VIEW {view}")
    return saved


def _restore_views(
    saved: list[tuple[str, str, str | None, list[tuple[str, str | None]]]],
    cited_by_comment: str,
) -> None:
    for view, definition, comment, columns in saved:
        op.execute(f"CREATE VIEW {view} AS {definition}")
        if comment is not None:
            op.execute(f"COMMENT ON VIEW {view} IS {_quote(comment)}")
        for column, column_comment in columns:
            if f"{view}.{column}" == _CITED_BY:
                column_comment = cited_by_comment
            if column_comment is not None:
                op.execute(f"COMMENT ON COLUMN {view}.{column} IS {_quote(column_comment)}")


def upgrade() -> None:
    saved = _save_views()
    for name, (definition, key, columns) in SUMMARIES.items():
        op.execute(f"DROP MATERIALIZED VIEW {name}")
        op.create_table(
            name,
            *(
                sa.Column(column, type_, nullable=column not in key, comment=comment)
                for column, type_, comment in columns
            ),
            sa.PrimaryKeyConstraint(*key, name=op.f(f"pk_{name}")),
            comment=f"{DESCRIPTIONS[name]} {_KEPT_CURRENT}",
        )
        op.execute(f"INSERT INTO {name} {definition}")
    op.create_index("ix_entity_summary_name", "entity_summary", ["name"])
    _restore_views(saved, _CITED_BY_NEW)


def downgrade() -> None:
    saved = _save_views()
    for name, (definition, key, columns) in SUMMARIES.items():
        op.drop_table(name)
        op.execute(f"CREATE MATERIALIZED VIEW {name} AS {definition}")
        op.execute(f"CREATE UNIQUE INDEX ux_{name} ON {name} ({', '.join(key)})")
        op.execute(
            f"COMMENT ON MATERIALIZED VIEW {name} IS "
            f"{_quote(DESCRIPTIONS[name] + ' ' + _REFRESHED)}"
        )
        for column, _type, comment in columns:
            op.execute(f"COMMENT ON COLUMN {name}.{column} IS {_quote(comment)}")
    op.execute("CREATE INDEX ix_entity_summary_name ON entity_summary (name)")
    _restore_views(saved, _CITED_BY_OLD)
