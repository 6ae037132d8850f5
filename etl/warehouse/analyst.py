"""The analyst summaries: cable_citation_counts, entity_summary, stations.

The summaries are ordinary tables (migration 0006_maintained_summaries) that publishing keeps
current inside its own transaction, so analysts see a batch and its summaries together. This
module holds what they are: their definitions (queries that recompute a summary for some keys,
or for the whole warehouse), their full rebuild (DELETE + INSERT ... SELECT) and the tag
dictionary ``stations`` reads, synchronised from the shipped CSV by every publish. Keeping them
current batch by batch is ``etl.warehouse.summary_maintenance``.
"""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg import sql

from etl.reference_data.tag_definitions import read_tag_definitions

#: The maintained summary tables (none reads another, so the order is only cosmetic).
SUMMARY_TABLES = ("cable_citation_counts", "entity_summary", "stations")

#: The summaries' definitions. ``{keys}`` restricts a query to some keys (or the batch's rows);
#: empty, it is the full recomputation, which the tests compare the maintained tables with.
CITATION_COUNTS_QUERY = """
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
WHERE r.cited_id IS NOT NULL AND r.cited_id <> r.cable_id {keys}
GROUP BY r.cited_id
"""

#: The key of an entity mention in ``entity_summary``: its identity across cables (migration
#: 0015); rows loaded before canonical names existed count under their own name.
IDENTITY = "coalesce(e.canonical_name, e.name)"

ENTITY_SUMMARY_QUERY = f"""
SELECT e.kind,
       {IDENTITY} AS name,
       count(DISTINCT e.cable_id)::integer AS cable_count,
       count(*)::integer AS mention_count,
       min(c.created_at) AS first_seen_at,
       max(c.created_at) AS last_seen_at,
       (array_agg(e.cable_id ORDER BY c.created_at NULLS LAST, e.cable_id))[1] AS first_cable_id,
       (array_agg(e.cable_id ORDER BY c.created_at DESC NULLS LAST, e.cable_id))[1]
           AS last_cable_id,
       array_agg(DISTINCT e.name ORDER BY e.name) AS variants
FROM entities e
JOIN cables c ON c.cable_id = e.cable_id
WHERE true {{keys}}
GROUP BY e.kind, {IDENTITY}
"""

# {keys} is applied to both scans of `cables` as a condition on `origin`. The counts and the
# routing indicators come from one scan (the definition of migration 0006 made two, and counted
# distinct cables per country code with a sort): a batch of 1,000 cables touches the origins of
# about two thirds of the warehouse, so this is close to a full recomputation every time.
# Same result as that definition (tests/analyst/test_summary_maintenance.py compares them).
STATIONS_QUERY = """
WITH indicators AS (
    SELECT origin, origin_routing_indicator AS indicator, count(*) AS uses,
           min(created_at) AS first_cable_at, max(created_at) AS last_cable_at
    FROM cables
    WHERE origin IS NOT NULL {keys}
    GROUP BY origin, origin_routing_indicator
),
per_origin AS (
    SELECT origin,
           sum(uses)::integer AS cable_count,
           min(first_cable_at) AS first_cable_at,
           max(last_cable_at) AS last_cable_at,
           array_agg(indicator ORDER BY uses DESC, indicator)
               FILTER (WHERE indicator IS NOT NULL) AS indicators
    FROM indicators
    GROUP BY origin
),
-- A post abroad reports mostly on its host country, so its most frequent country tag names it.
-- A cable counts once per code however often its TAGS line repeats it.
country_tags AS (
    SELECT origin, code, meaning, count(*) AS uses
    FROM (
        SELECT DISTINCT c.origin, c.cable_id, d.code, d.meaning
        FROM cables c
        JOIN tags t ON t.cable_id = c.cable_id
        JOIN tag_definitions d ON d.code = t.tag AND d.kind = 'country'
                              AND d.meaning NOT LIKE 'Region:%'
        WHERE c.origin ~ '^(Embassy|Consulate|US Interests Section|American Institute)' {keys}
    ) cable_countries
    GROUP BY origin, code, meaning
),
top_country AS (
    SELECT DISTINCT ON (origin) origin, code, meaning
    FROM country_tags
    ORDER BY origin, uses DESC, code
)
SELECT p.origin,
       p.indicators[1] AS routing_indicator,
       coalesce(p.indicators, '{{}}') AS routing_indicators,
       CASE WHEN p.origin = 'Secretary of State' THEN 'US' ELSE t.code END AS country_code,
       CASE WHEN p.origin = 'Secretary of State' THEN 'United States' ELSE t.meaning END
           AS country,
       p.cable_count,
       p.first_cable_at,
       p.last_cable_at
FROM per_origin p
LEFT JOIN top_country t ON t.origin = p.origin
"""

SUMMARY_QUERIES = {
    "cable_citation_counts": CITATION_COUNTS_QUERY,
    "entity_summary": ENTITY_SUMMARY_QUERY,
    "stations": STATIONS_QUERY,
}

_SYNC_TAG_DEFINITIONS = """
WITH incoming AS (
    SELECT * FROM unnest(%(codes)s::text[], %(kinds)s::text[], %(meanings)s::text[])
        AS i(code, kind, meaning)
),
upserted AS (
    INSERT INTO tag_definitions (code, kind, meaning)
    SELECT code, kind, meaning FROM incoming
    ON CONFLICT (code) DO UPDATE SET kind = EXCLUDED.kind, meaning = EXCLUDED.meaning
    WHERE (tag_definitions.kind, tag_definitions.meaning)
          IS DISTINCT FROM (EXCLUDED.kind, EXCLUDED.meaning)
    RETURNING 1
),
removed AS (
    DELETE FROM tag_definitions WHERE code <> ALL(%(codes)s::text[]) RETURNING 1
)
SELECT (SELECT count(*) FROM upserted) + (SELECT count(*) FROM removed)
"""


def sync_tag_definitions(conn: psycopg.Connection[Any]) -> int:
    """Make ``tag_definitions`` equal to the shipped CSV; return how many rows changed."""
    definitions = read_tag_definitions()
    row = conn.execute(
        _SYNC_TAG_DEFINITIONS,
        {
            "codes": [d.code for d in definitions],
            "kinds": [d.kind for d in definitions],
            "meanings": [d.meaning for d in definitions],
        },
    ).fetchone()
    return int(row[0]) if row else 0


def execute_statement(conn: psycopg.Connection[Any], query: str) -> int:
    """Run one summary statement; return its row count."""
    # The queries are assembled from the constants of this module and of
    # etl.warehouse.summary_maintenance only (no outside input).
    return conn.execute(sql.SQL(query)).rowcount


def fetch_count(conn: psycopg.Connection[Any], query: str) -> int:
    """The single number a summary query returns (0 for no row)."""
    row = conn.execute(sql.SQL(query)).fetchone()
    return int(row[0]) if row else 0


def recompute_summaries(
    conn: psycopg.Connection[Any], names: tuple[str, ...] = SUMMARY_TABLES
) -> None:
    """Replace the rows of the named summaries with their full recomputation."""
    for name in names:
        # DELETE, not TRUNCATE: TRUNCATE waits for an exclusive lock behind any analyst
        # reading the table, and every later reader queues behind it; DELETE reads and
        # writes beside them (the old rows stay visible to them until the publish commits).
        execute_statement(conn, f"DELETE FROM {name}")
        execute_statement(conn, f"INSERT INTO {name} {SUMMARY_QUERIES[name].format(keys='')}")


def rebuild_analyst_summaries(conn: psycopg.Connection[Any]) -> dict[str, int]:
    """Recompute every summary from the whole warehouse; return each table's row count.

    For writes that bypass publishing (hand-made data, repairs). Runs in the caller's
    transaction; the tag dictionary is synchronised first because ``stations`` reads it.
    """
    sync_tag_definitions(conn)
    recompute_summaries(conn)
    return {name: fetch_count(conn, f"SELECT count(*) FROM {name}") for name in SUMMARY_TABLES}
