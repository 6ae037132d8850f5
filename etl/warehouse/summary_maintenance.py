"""Keeping the analyst summaries current across a publish, work proportional to the batch.

The summaries and their definitions are ``etl.warehouse.analyst``; this module updates them for
the keys a batch touches, inside the publish transaction, through temporary tables:

- ``SummaryUpdate.begin`` runs before the child rows of updated cables are deleted and notes the
  keys (cited ids, entity kind + identity, origins) their *old* rows contribute to;
- ``SummaryUpdate.finish`` runs after the batch's rows are inserted. Entity keys that lost rows
  have the removed cables' counts subtracted, unless their first or last cable was replaced by a
  version that no longer names the key or has another date: those, and cited ids that lost rows,
  are deleted and recomputed from the warehouse (a minimum or "first cable" cannot be un-
  merged), and so are those a replaced cable gave a variant (written name) its new version no
  longer writes (a variant cannot be un-merged either). Every other key only gained rows, from
  cables it did not count before, so the batch's own rows are aggregated and merged into the
  stored row (counts add, first/last take the earlier or later, variants are united).
  Merging matters: a popular name ("Washington") is mentioned by most batches, and recomputing
  it would rescan a large part of ``entities`` every time. ``stations``
  keep no per-indicator or per-tag counts, so an origin absorbs the cables it gains (count and
  dates) only when they cannot change its ranking of routing indicators and country tags;
  origins that lost a cable or may be reordered are recomputed (a few thousand cables each at
  most, found through ``ix_cables_origin``; see ``SummaryUpdate._maintain_stations``). The
  cited side of ``cable_citation_counts`` (whether the cited cable is in the warehouse, its
  subject and date) is copied from the batch's cables, which covers a cited cable arriving
  after the cables citing it.

When a batch changes at least ``FULL_REBUILD_SHARE`` of the warehouse (a first load, or a
reconcile after a parser upgrade) the summaries are rebuilt instead (DELETE + INSERT ...
SELECT): one scan is then cheaper than that many per-key merges. The tag dictionary is
synchronised from the shipped CSV by every publish, so an edited CSV reaches an existing
warehouse with the next load; when it changes, every station is recomputed (stations read it).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any, Literal

import psycopg

from etl.warehouse.analyst import (
    CITATION_COUNTS_QUERY,
    ENTITY_SUMMARY_QUERY,
    IDENTITY,
    STATIONS_QUERY,
    execute_statement,
    fetch_count,
    recompute_summaries,
    sync_tag_definitions,
)

#: Rebuild every summary instead of maintaining it when the batch's changed cables are at least
#: this share of the warehouse after the batch. Measured (server + client CPU, 5,309 cables of
#: the development corpus): maintaining 991 changed cables cost 0.76 s, about 0.77 ms a cable,
#: and a rebuild 1.4-1.7 s, about 0.3 ms per warehouse cable, so the rebuild wins above roughly
#: 0.3 / 0.77 = 40 % of the warehouse. A first load (empty warehouse) is always a rebuild.
FULL_REBUILD_SHARE = 0.4

#: Sort and hash memory of the maintenance statements (see ``SummaryUpdate._maintain``).
_WORK_MEM = "64MB"

# Temporary tables of one publish: the changed cables and the keys to recompute.
_CHANGED = "summary_changed_cables"
_CITED_KEYS = "summary_cited_keys"
_ENTITY_KEYS = "summary_entity_keys"
_ENTITY_REMOVED = "summary_entity_removed"
_VARIANTS_REMOVED = "summary_variants_removed"
_CHANGED_DATES = "summary_changed_dates"
_ORIGIN_KEYS = "summary_origin_keys"
_STATION_OLD = "summary_station_old"
_ORIGIN_GAINS = "summary_origin_gains"

#: Origins whose country is their most used country tag (see ``STATIONS_QUERY``).
_POST_ABROAD = "^(Embassy|Consulate|US Interests Section|American Institute)"
#: The country tags of cable ``c`` as ``STATIONS_QUERY`` counts them.
_COUNTRY_TAGS_OF_C = (
    "SELECT DISTINCT t.tag FROM tags t JOIN tag_definitions d ON d.code = t.tag "
    "AND d.kind = 'country' AND d.meaning NOT LIKE 'Region:%' WHERE t.cable_id = c.cable_id"
)
#: Everything of cable ``c`` that ``stations`` reads, as the columns of ``_STATION_OLD``.
_COUNTRY_CODES_OF_C = f"ARRAY(SELECT * FROM ({_COUNTRY_TAGS_OF_C}) codes ORDER BY 1)"
_STATION_SIGNATURE = (
    f"ROW(c.origin, c.origin_routing_indicator, c.created_at, {_COUNTRY_CODES_OF_C})"
)
_OLD_SIGNATURE = "ROW(o.origin, o.indicator, o.created_at, o.country_codes)"

# Key filters ({keys}) of the recomputations and of the batch's own rows. The batch's rows are
# selected with = ANY(ARRAY(...)), which the planner answers through the cable_id index; joined
# to a temporary table, it tends to scan the whole child table instead.
_CHANGED_CABLE_IDS = f"ANY(ARRAY(SELECT cable_id FROM {_CHANGED}))"
#: The changed cables that were published before (their old rows are being replaced).
_REPLACED_CABLE_IDS = f"ANY(ARRAY(SELECT cable_id FROM {_CHANGED_DATES}))"
_RECOMPUTE_CITED = f"AND r.cited_id IN (SELECT cable_id FROM {_CITED_KEYS})"
# Through ix_entities_identity_kind, which indexes exactly this expression.
_RECOMPUTE_ENTITIES = f"AND ({IDENTITY}, e.kind) IN (SELECT name, kind FROM {_ENTITY_KEYS})"
_RECOMPUTE_ORIGINS = f"AND origin IN (SELECT origin FROM {_ORIGIN_KEYS})"
_BATCH_CITATIONS = (
    f"AND r.cable_id = {_CHANGED_CABLE_IDS} "
    f"AND NOT EXISTS (SELECT FROM {_CITED_KEYS} k WHERE k.cable_id = r.cited_id)"
)
_BATCH_ENTITIES = (
    f"AND e.cable_id = {_CHANGED_CABLE_IDS} "
    f"AND NOT EXISTS (SELECT FROM {_ENTITY_KEYS} k WHERE k.name = {IDENTITY} "
    "AND k.kind = e.kind)"
)

# Merging a batch's aggregate into a stored row. The batch's cables were not counted for these
# keys before (they are new, or their old rows did not have the key), so counts add. First and
# last follow the view's order: created_at (nulls last), then cable_id.
_MERGE_CITATIONS = f"""
INSERT INTO cable_citation_counts AS s
{CITATION_COUNTS_QUERY.format(keys=_BATCH_CITATIONS)}
ON CONFLICT (cable_id) DO UPDATE SET
    in_warehouse = EXCLUDED.in_warehouse,
    subject = EXCLUDED.subject,
    created_at = EXCLUDED.created_at,
    origin = EXCLUDED.origin,
    citing_cable_count = s.citing_cable_count + EXCLUDED.citing_cable_count,
    first_cited_at = least(s.first_cited_at, EXCLUDED.first_cited_at),
    last_cited_at = greatest(s.last_cited_at, EXCLUDED.last_cited_at)
"""

_MERGE_ENTITIES = f"""
INSERT INTO entity_summary AS s
{ENTITY_SUMMARY_QUERY.format(keys=_BATCH_ENTITIES)}
ON CONFLICT (kind, name) DO UPDATE SET
    cable_count = s.cable_count + EXCLUDED.cable_count,
    mention_count = s.mention_count + EXCLUDED.mention_count,
    first_seen_at = least(s.first_seen_at, EXCLUDED.first_seen_at),
    last_seen_at = greatest(s.last_seen_at, EXCLUDED.last_seen_at),
    first_cable_id = CASE
        WHEN EXCLUDED.first_seen_at < s.first_seen_at
          OR (s.first_seen_at IS NULL AND EXCLUDED.first_seen_at IS NOT NULL)
          OR (EXCLUDED.first_seen_at IS NOT DISTINCT FROM s.first_seen_at
              AND EXCLUDED.first_cable_id < s.first_cable_id)
        THEN EXCLUDED.first_cable_id ELSE s.first_cable_id END,
    last_cable_id = CASE
        WHEN EXCLUDED.last_seen_at > s.last_seen_at
          OR (s.last_seen_at IS NULL AND EXCLUDED.last_seen_at IS NOT NULL)
          OR (EXCLUDED.last_seen_at IS NOT DISTINCT FROM s.last_seen_at
              AND EXCLUDED.last_cable_id < s.last_cable_id)
        THEN EXCLUDED.last_cable_id ELSE s.last_cable_id END,
    -- Sorted as array_agg(DISTINCT ... ORDER BY) sorts them (the same collation).
    variants = CASE WHEN EXCLUDED.variants <@ s.variants THEN s.variants
        ELSE ARRAY(SELECT DISTINCT v FROM unnest(s.variants || EXCLUDED.variants) AS u(v)
                   ORDER BY v) END
"""

# A changed cable that others cite: copy what the summary shows of it (the merge above only
# reaches cited ids that the batch's own cables cite).
_UPDATE_CITED_SIDE = f"""
UPDATE cable_citation_counts s
SET in_warehouse = true, subject = c.subject, created_at = c.created_at, origin = c.origin
FROM {_CHANGED} x JOIN cables c ON c.cable_id = x.cable_id
WHERE s.cable_id = x.cable_id
  AND (s.in_warehouse, s.subject, s.created_at, s.origin)
      IS DISTINCT FROM (true, c.subject, c.created_at, c.origin)
"""

Mode = Literal["full", "incremental", "unchanged"]


@dataclass(frozen=True, slots=True)
class SummaryOutcome:
    """What keeping the summaries current did for one publish."""

    mode: Mode
    changed_cables: int
    seconds: float


def _note_replaced_rows(conn: psycopg.Connection[Any]) -> None:
    """Keep, in temp tables, what the published versions of the changed cables contribute to
    the summaries, and create the empty key tables ``finish`` fills (incremental mode)."""
    # Keys that may lose rows: what the published versions of the changed cables hold.
    execute_statement(
        conn,
        f"CREATE TEMP TABLE {_CITED_KEYS} ON COMMIT DROP AS "
        "SELECT DISTINCT r.cited_id AS cable_id FROM cable_references r "
        f"WHERE r.cable_id = {_REPLACED_CABLE_IDS} AND r.cited_id IS NOT NULL",
    )
    # What the replaced rows contributed to each entity key. Counts can be subtracted;
    # first and last cannot, so only keys whose first or last cable is being replaced are
    # recomputed. Recomputing every key that lost rows made a batch of 714 replaced cables
    # rescan millions of rows of popular names ("United States"): 85 s at the release's size.
    # A replaced cable that is a key's first or last cable keeps that place when its new
    # version still names the key under the same date (the usual re-rendering): `finish`
    # checks that against these dates, and recomputes only the keys where it fails.
    execute_statement(
        conn,
        f"CREATE TEMP TABLE {_ENTITY_REMOVED} ON COMMIT DROP AS "
        f"SELECT e.kind, {IDENTITY} AS name, "
        "count(DISTINCT e.cable_id)::integer AS cable_count, "
        "count(*)::integer AS mention_count, "
        "array_agg(DISTINCT e.cable_id) FILTER (WHERE s.kind IS NULL "
        "OR e.cable_id IN (s.first_cable_id, s.last_cable_id)) AS end_cables "
        "FROM entities e "
        f"LEFT JOIN entity_summary s ON s.kind = e.kind AND s.name = {IDENTITY} "
        f"WHERE e.cable_id = {_REPLACED_CABLE_IDS} "
        f"GROUP BY e.kind, {IDENTITY}",
    )
    # The variants (written names) the replaced rows give each key. A key's variants cannot
    # be subtracted either: `finish` recomputes a key whose replaced cable no longer writes
    # one of them (it may have been the only cable that did).
    execute_statement(
        conn,
        f"CREATE TEMP TABLE {_VARIANTS_REMOVED} ON COMMIT DROP AS "
        f"SELECT DISTINCT e.cable_id, e.kind, {IDENTITY} AS name, e.name AS variant "
        f"FROM entities e WHERE e.cable_id = {_REPLACED_CABLE_IDS}",
    )
    execute_statement(
        conn,
        f"CREATE TEMP TABLE {_ENTITY_KEYS} (kind text, name text) ON COMMIT DROP",
    )
    # What the published versions contribute to `stations`; `finish` compares the new
    # versions with it (a re-rendered cable usually changes none of it).
    execute_statement(
        conn,
        f"CREATE TEMP TABLE {_STATION_OLD} ON COMMIT DROP AS "
        "SELECT c.cable_id, c.origin, c.origin_routing_indicator AS indicator, c.created_at, "
        f"{_COUNTRY_CODES_OF_C} AS country_codes "
        f"FROM cables c JOIN {_CHANGED} x ON x.cable_id = c.cable_id "
        "WHERE c.origin IS NOT NULL",
    )
    execute_statement(conn, f"ALTER TABLE {_STATION_OLD} ADD PRIMARY KEY (cable_id)")
    execute_statement(
        conn,
        f"CREATE TEMP TABLE {_ORIGIN_KEYS} (origin text PRIMARY KEY) ON COMMIT DROP",
    )


class SummaryUpdate:
    """Keeps the summaries current across one publish; see the module docstring.

    ``changed`` is a query returning the ``cable_id`` of every cable the publish inserts or
    replaces. Both steps run in the publish transaction.
    """

    def __init__(self, mode: Mode, changed_cables: int, started: float) -> None:
        self.mode: Mode = mode
        self.changed_cables = changed_cables
        self._seconds = time.perf_counter() - started

    @classmethod
    def begin(cls, conn: psycopg.Connection[Any], changed: str) -> SummaryUpdate:
        """Note the changed cables and the keys their current rows contribute to; call before
        the child rows (and the cables rows) of updated cables are replaced."""
        started = time.perf_counter()
        for table in (
            _CHANGED,
            _CITED_KEYS,
            _ENTITY_KEYS,
            _ENTITY_REMOVED,
            _VARIANTS_REMOVED,
            _CHANGED_DATES,
            _ORIGIN_KEYS,
            _STATION_OLD,
            _ORIGIN_GAINS,
        ):
            execute_statement(conn, f"DROP TABLE IF EXISTS {table}")
        execute_statement(conn, f"CREATE TEMP TABLE {_CHANGED} ON COMMIT DROP AS {changed}")
        execute_statement(conn, f"ALTER TABLE {_CHANGED} ADD PRIMARY KEY (cable_id)")
        # Statistics for the joins with `cables` below; the child tables are read with
        # = ANY(ARRAY(...)) instead of a join (see the key filters above).
        execute_statement(conn, f"ANALYZE {_CHANGED}")
        changed_cables = fetch_count(conn, f"SELECT count(*) FROM {_CHANGED}")
        if changed_cables == 0:
            return cls("unchanged", 0, started)
        # The published versions of the changed cables (the replaced ones; new cables have none).
        execute_statement(
            conn,
            f"CREATE TEMP TABLE {_CHANGED_DATES} ON COMMIT DROP AS "
            f"SELECT c.cable_id, c.created_at FROM cables c JOIN {_CHANGED} x USING (cable_id)",
        )
        # The kept row count (etl.table_row_counts) instead of count(*): it only chooses between
        # two exact ways of updating the summaries, so a count that drifted costs no accuracy.
        new_cables = changed_cables - fetch_count(conn, f"SELECT count(*) FROM {_CHANGED_DATES}")
        after = new_cables + fetch_count(
            conn,
            "SELECT coalesce(max(row_count), 0) FROM etl.table_row_counts "
            "WHERE table_name = 'cables'",
        )
        if changed_cables >= FULL_REBUILD_SHARE * after:
            return cls("full", changed_cables, started)
        _note_replaced_rows(conn)
        return cls("incremental", changed_cables, started)

    def finish(self, conn: psycopg.Connection[Any]) -> SummaryOutcome:
        """Bring the summaries up to date with the published rows (call after the inserts)."""
        started = time.perf_counter()
        tags_changed = sync_tag_definitions(conn) > 0
        if self.mode == "full":
            recompute_summaries(conn)
        elif self.mode == "incremental":
            self._maintain(conn, all_stations=tags_changed)
        elif tags_changed:
            recompute_summaries(conn, ("stations",))
        return SummaryOutcome(
            mode=self.mode,
            changed_cables=self.changed_cables,
            seconds=self._seconds + time.perf_counter() - started,
        )

    def _maintain(self, conn: psycopg.Connection[Any], *, all_stations: bool) -> None:
        # A batch's tens of thousands of entity rows are sorted and grouped below; with the
        # default 4 MB those sorts spill to disk. Only for these statements (reset at the end).
        # (An error aborts the publish transaction, which ends the setting as well.)
        execute_statement(conn, f"SET LOCAL work_mem = '{_WORK_MEM}'")
        self._maintain_keys(conn, all_stations=all_stations)
        execute_statement(conn, "SET LOCAL work_mem TO DEFAULT")

    def _maintain_keys(self, conn: psycopg.Connection[Any], *, all_stations: bool) -> None:
        # Keys whose first or last cable was replaced by a version that no longer names the
        # key, or carries another date, need a recomputation; the others a subtraction.
        # (Set-based: a per-key lookup would walk a popular name's million rows.)
        execute_statement(
            conn,
            f"INSERT INTO {_ENTITY_KEYS} SELECT DISTINCT r.kind, r.name FROM {_ENTITY_REMOVED} r "
            "CROSS JOIN LATERAL unnest(r.end_cables) AS ends(cable_id) "
            f"JOIN {_CHANGED_DATES} old ON old.cable_id = ends.cable_id "
            "LEFT JOIN cables c ON c.cable_id = ends.cable_id "
            # The new rows of the replaced cables, through the cable_id index (see `begin`).
            f"LEFT JOIN (SELECT DISTINCT e.cable_id, e.kind, {IDENTITY} AS name FROM entities e "
            f"WHERE e.cable_id = {_REPLACED_CABLE_IDS}) named "
            "ON named.cable_id = ends.cable_id AND named.kind = r.kind AND named.name = r.name "
            "WHERE c.created_at IS DISTINCT FROM old.created_at OR named.cable_id IS NULL",
        )
        # Keys whose replaced cable no longer writes one of the variants it gave them.
        execute_statement(
            conn,
            f"INSERT INTO {_ENTITY_KEYS} SELECT DISTINCT v.kind, v.name FROM {_VARIANTS_REMOVED} v "
            "WHERE NOT EXISTS (SELECT FROM entities e WHERE e.cable_id = v.cable_id "
            f"AND e.kind = v.kind AND e.name = v.variant AND {IDENTITY} = v.name) "
            f"AND NOT EXISTS (SELECT FROM {_ENTITY_KEYS} k WHERE k.kind = v.kind "
            "AND k.name = v.name)",
        )
        execute_statement(
            conn,
            f"DELETE FROM {_ENTITY_REMOVED} r USING {_ENTITY_KEYS} k "
            "WHERE r.kind = k.kind AND r.name = k.name",
        )
        for table in (_CITED_KEYS, _ENTITY_KEYS):
            execute_statement(conn, f"ANALYZE {table}")
        # Keys that lost rows but keep their first and last cable: subtract what was removed.
        execute_statement(
            conn,
            "UPDATE entity_summary s SET cable_count = s.cable_count - r.cable_count, "
            "mention_count = s.mention_count - r.mention_count "
            f"FROM {_ENTITY_REMOVED} r WHERE s.kind = r.kind AND s.name = r.name",
        )
        # Keys that lost their first or last cable: delete and recompute from what is published.
        execute_statement(
            conn,
            f"DELETE FROM entity_summary WHERE (name, kind) IN "
            f"(SELECT name, kind FROM {_ENTITY_KEYS})",
        )
        execute_statement(
            conn,
            "INSERT INTO entity_summary " + ENTITY_SUMMARY_QUERY.format(keys=_RECOMPUTE_ENTITIES),
        )
        execute_statement(
            conn,
            f"DELETE FROM cable_citation_counts WHERE cable_id IN "
            f"(SELECT cable_id FROM {_CITED_KEYS})",
        )
        execute_statement(
            conn,
            "INSERT INTO cable_citation_counts "
            + CITATION_COUNTS_QUERY.format(keys=_RECOMPUTE_CITED),
        )
        # Keys that only gained rows: merge the batch's aggregate.
        execute_statement(conn, _MERGE_ENTITIES)
        execute_statement(conn, _MERGE_CITATIONS)
        execute_statement(conn, _UPDATE_CITED_SIDE)
        if all_stations:
            recompute_summaries(conn, ("stations",))
            return
        self._maintain_stations(conn)

    @staticmethod
    def _maintain_stations(conn: psycopg.Connection[Any]) -> None:
        # A replaced cable whose origin, indicator, date or country tags changed: its old
        # origin is recomputed (it lost a cable, and counts cannot be un-merged here).
        execute_statement(
            conn,
            f"INSERT INTO {_ORIGIN_KEYS} SELECT DISTINCT o.origin "
            f"FROM {_STATION_OLD} o LEFT JOIN cables c ON c.cable_id = o.cable_id "
            f"WHERE c.cable_id IS NULL OR {_OLD_SIGNATURE} IS DISTINCT FROM {_STATION_SIGNATURE}",
        )
        # Every other origin only gains cables (new ones, or replaced ones that moved there).
        # Its stored row absorbs them when they cannot reorder what it shows: every gained
        # cable has no routing indicator or the most used one (which keeps the order of all
        # indicators), and at a post abroad the batch adds at least as many cables to the
        # most used country tag as to any other (the leader, ties included, stays ahead). Only
        # the count and the dates move then. Other origins (and new ones) are recomputed. Only
        # the batch's own rows are read for this, not the origin's.
        execute_statement(
            conn,
            f"CREATE TEMP TABLE {_ORIGIN_GAINS} ON COMMIT DROP AS "
            "WITH gained AS ("
            "SELECT c.cable_id, c.origin, c.origin_routing_indicator AS indicator, c.created_at "
            f"FROM cables c LEFT JOIN {_STATION_OLD} o ON o.cable_id = c.cable_id "
            f"WHERE c.cable_id = {_CHANGED_CABLE_IDS} AND c.origin IS NOT NULL "
            f"AND (o.cable_id IS NULL OR {_OLD_SIGNATURE} IS DISTINCT FROM {_STATION_SIGNATURE}) "
            f"AND NOT EXISTS (SELECT FROM {_ORIGIN_KEYS} k WHERE k.origin = c.origin)), "
            "origins AS ("
            "SELECT g.origin, count(*)::integer AS cable_count, "
            "min(g.created_at) AS first_cable_at, max(g.created_at) AS last_cable_at, "
            "bool_and(s.origin IS NOT NULL "
            "AND (g.indicator IS NULL OR g.indicator = s.routing_indicator)) AS indicators_kept "
            "FROM gained g LEFT JOIN stations s ON s.origin = g.origin GROUP BY g.origin), "
            # Cables gained per country tag (each cable once per code, as stations counts).
            "codes AS ("
            "SELECT g.origin, t.tag AS code, count(DISTINCT g.cable_id) AS gain "
            "FROM gained g JOIN tags t ON t.cable_id = g.cable_id "
            "JOIN tag_definitions d ON d.code = t.tag AND d.kind = 'country' "
            f"AND d.meaning NOT LIKE 'Region:%' WHERE g.origin ~ '{_POST_ABROAD}' "
            "GROUP BY g.origin, t.tag) "
            "SELECT o.origin, o.cable_count, o.first_cable_at, o.last_cable_at, "
            "o.indicators_kept AND coalesce(max(k.gain) FILTER "
            "(WHERE k.code IS DISTINCT FROM s.country_code), 0) "
            "<= coalesce(max(k.gain) FILTER (WHERE k.code = s.country_code), 0) AS mergeable "
            "FROM origins o LEFT JOIN stations s ON s.origin = o.origin "
            "LEFT JOIN codes k ON k.origin = o.origin "
            "GROUP BY o.origin, o.cable_count, o.first_cable_at, o.last_cable_at, "
            "o.indicators_kept, s.country_code",
        )
        execute_statement(
            conn,
            "UPDATE stations s SET cable_count = s.cable_count + g.cable_count, "
            "first_cable_at = least(s.first_cable_at, g.first_cable_at), "
            "last_cable_at = greatest(s.last_cable_at, g.last_cable_at) "
            f"FROM {_ORIGIN_GAINS} g WHERE g.mergeable AND s.origin = g.origin",
        )
        execute_statement(
            conn,
            f"INSERT INTO {_ORIGIN_KEYS} SELECT origin FROM {_ORIGIN_GAINS} WHERE NOT mergeable",
        )
        execute_statement(conn, f"ANALYZE {_ORIGIN_KEYS}")
        execute_statement(
            conn,
            f"DELETE FROM stations WHERE origin IN (SELECT origin FROM {_ORIGIN_KEYS})",
        )
        execute_statement(
            conn, "INSERT INTO stations " + STATIONS_QUERY.format(keys=_RECOMPUTE_ORIGINS)
        )
