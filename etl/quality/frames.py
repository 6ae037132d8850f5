"""SQL → pandas: the small frames each suite validates.

Frames are read through the caller's psycopg connection, so rows staged or upserted in its
open transaction are visible. Text never reaches them whole: raw bytes are reduced to a few
features chunk by chunk, and paragraph text is examined by PostgreSQL (regex, length) and
aggregated per cable.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pandas as pd
import psycopg

from etl.ingest.content import ContentFeatures, content_features
from etl.warehouse.rows import CHILD_TABLES

#: Page and section breaks of the telegram text: ``PAGE 02 HARARE 05461 01 OF 02 271458Z``,
#: ``PAGE 02 RUEHFRA0170 ...`` and ``PHNOM PENH 00001092 002 OF 002``. Valid for both Python
#: ``re`` and PostgreSQL regular expressions. ``PAGE 12 OF THE REPORT`` in prose must not match.
PAGE_BREAK_PATTERN = (
    r"(?:^|[^A-Za-z])PAGE +[0-9]{2,3} +(?!OF )[A-Z][A-Z0-9]+"
    r"|[A-Z] +[0-9]{8} +[0-9]{3} +OF +[0-9]{3}"
)
#: Link syntax of the markdown-like layout: ``[1](#)2.``, ``[PGOV](#)``.
MARKDOWN_LINK_PATTERN = r"\]\(#?\)"


def query_frame(
    conn: psycopg.Connection[Any], sql: str, params: dict[str, Any] | Sequence[Any]
) -> pd.DataFrame:
    """Run ``sql`` and return its rows as a DataFrame with the query's column names."""
    with conn.cursor() as cur:
        cur.execute(sql, params)
        columns = [column.name for column in cur.description or ()]
        return pd.DataFrame(cur.fetchall(), columns=columns)


# --- raw documents ------------------------------------------------------------------------

#: Documents this batch landed, or that no batch has handled yet, are verified: PostgreSQL
#: hashes and measures the stored bytes, so no byte crosses the wire; the text features were
#: measured when the bytes were landed. Bytes are read only for content landed before those
#: features were stored (migration 0008). The other documents were checked when they were
#: first landed (a no-op reload must stay cheap).
RAW_CHUNK_SQL = """
SELECT b.document_id, b.source_path, d.sha256, d.size_bytes, f.fresh,
       CASE WHEN f.fresh THEN octet_length(d.content) END,
       CASE WHEN f.fresh THEN encode(sha256(d.content), 'hex') END,
       d.decodes_cleanly, d.text_chars, d.nul_chars, d.control_chars, d.visible_chars,
       CASE WHEN f.fresh AND d.decodes_cleanly IS NULL THEN d.content END
FROM etl.batch_documents b JOIN etl.raw_documents d USING (document_id)
CROSS JOIN LATERAL (SELECT d.batch_id = b.batch_id OR d.parsed_at IS NULL AS fresh) f
WHERE b.batch_id = %s
ORDER BY b.ordinal
"""

RAW_COLUMNS = [
    "document_id",
    "source_path",
    "sha256",
    "size_bytes",
    "stored_bytes",
    "sha256_verified",
    "decodes_cleanly",
    "nul_chars",
    "control_char_share",
    "visible_chars",
]


def iter_raw_chunks(
    conn: psycopg.Connection[Any], batch_id: int, chunk_size: int
) -> Iterator[list[tuple[Any, ...]]]:
    """The batch's documents with what ``RAW_CHUNK_SQL`` knows of their stored bytes,
    ``chunk_size`` at a time, from one server-side cursor in a transaction (or, inside an open
    one, a savepoint) of its own; ``conn`` must not be used for anything else meanwhile."""
    # One query, not a page per chunk: paging by ordinal has no index to seek with, so every
    # page scanned and joined the rest of the batch (quadratic in the batch's size).
    with conn.transaction(), conn.cursor(name=f"raw_chunks_{batch_id}") as cur:
        cur.itersize = chunk_size
        cur.execute(RAW_CHUNK_SQL, (batch_id,))
        while rows := cur.fetchmany(chunk_size):
            yield rows


def _raw_record(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """One ``RAW_COLUMNS`` row of the frame from one ``RAW_CHUNK_SQL`` row."""
    document_id, source_path, sha256, size_bytes, fresh, stored_bytes, actual_sha256 = row[:7]
    decodes_cleanly, text_chars, nul_chars, control_chars, visible_chars, content = row[7:]
    if not fresh:
        # An earlier batch landed and handled it: it passed (or was rejected by) these checks
        # then, so it is counted as intact here instead of being checked again.
        visible = max(int(size_bytes), 1)
        return (
            document_id,
            source_path,
            sha256,
            size_bytes,
            size_bytes,
            True,
            True,
            0,
            0.0,
            visible,
        )
    if decodes_cleanly is None:
        features = content_features(bytes(content))  # landed before features were stored
    else:
        features = ContentFeatures(
            stored_bytes=stored_bytes,
            decodes_cleanly=decodes_cleanly,
            text_chars=text_chars,
            nul_chars=nul_chars,
            control_chars=control_chars,
            visible_chars=visible_chars,
        )
    return (
        document_id,
        source_path,
        sha256,
        size_bytes,
        stored_bytes,
        actual_sha256 == sha256,
        features.decodes_cleanly,
        features.nul_chars,
        features.control_char_share,
        features.visible_chars,
    )


def raw_documents_frame(
    conn: psycopg.Connection[Any], batch_id: int, chunk_size: int = 500
) -> pd.DataFrame:
    """One row of features per document of the batch (``raw_documents`` suite)."""
    records = [
        _raw_record(row) for rows in iter_raw_chunks(conn, batch_id, chunk_size) for row in rows
    ]
    return pd.DataFrame.from_records(records, columns=RAW_COLUMNS)


# --- parsed (staging) -----------------------------------------------------------------------

_YEAR4 = (
    "CASE WHEN {0} ~ '^[0-9]{{2}}' THEN "
    "CASE WHEN left({0}, 2)::int >= 66 THEN 1900 ELSE 2000 END + left({0}, 2)::int END"
)

PARSED_CABLES_SQL = """
WITH p AS (
    SELECT document_id,
           count(*) AS paragraph_count,
           min(position) AS first_position,
           max(position) AS last_position,
           count(DISTINCT position) AS distinct_positions,
           count(*) FILTER (WHERE coalesce(btrim(text), '') = '') AS empty_paragraphs,
           count(*) FILTER (WHERE text ~ %(page_break)s) AS page_break_paragraphs,
           count(*) FILTER (WHERE text ~ %(markdown)s) AS markdown_paragraphs
    FROM etl.stage_paragraphs
    WHERE batch_id = %(batch_id)s
    GROUP BY document_id
)
SELECT c.cable_id,
       c.document_id,
       c.source_path,
       c.created_at,
       c.classification,
       c.origin,
       c.precedence,
       coalesce(c.subject, '') AS subject,
       coalesce(length(c.subject), 0) AS subject_length,
       coalesce(length(c.body), 0) AS body_length,
       coalesce(c.is_partial_extract, false) AS is_partial_extract,
       coalesce(c.is_metadata_only, false) AS is_metadata_only,
       NOT (coalesce(c.is_partial_extract, false) OR coalesce(c.is_metadata_only, false))
           AS is_full_text,
       left(c.cable_id, 2) AS id_year,
       to_char(c.created_at AT TIME ZONE 'UTC', 'YY') AS created_year,
       coalesce(p.paragraph_count, 0) AS paragraph_count,
       coalesce(p.first_position = 1 AND p.last_position = p.paragraph_count
                AND p.distinct_positions = p.paragraph_count, true)
           AS paragraph_positions_contiguous,
       coalesce(p.empty_paragraphs, 0) AS empty_paragraphs,
       coalesce(p.page_break_paragraphs, 0) AS page_break_paragraphs,
       coalesce(p.markdown_paragraphs, 0) AS markdown_paragraphs
FROM etl.stage_cables c
LEFT JOIN p ON p.document_id = c.document_id
WHERE c.batch_id = %(batch_id)s
ORDER BY c.document_id
"""

PARSED_TAGS_SQL = """
SELECT cable_id, document_id, position, tag
FROM etl.stage_tags WHERE batch_id = %(batch_id)s
"""

PARSED_REFERENCES_SQL = f"""
SELECT cable_id, document_id, position, cited_id, raw, kind,
       {_YEAR4.format("cable_id")} AS citing_year,
       {_YEAR4.format("cited_id")} AS cited_year,
       coalesce(cited_id = cable_id, false) AS cites_itself
FROM etl.stage_references WHERE batch_id = %(batch_id)s
"""

PARSED_RECIPIENTS_SQL = """
SELECT cable_id, document_id, position, kind, name
FROM etl.stage_recipients WHERE batch_id = %(batch_id)s
"""


def _utc(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


def parsed_frames(conn: psycopg.Connection[Any], batch_id: int) -> dict[str, pd.DataFrame]:
    """Frames of the batch's staged rows, by suite name."""
    params: dict[str, Any] = {
        "batch_id": batch_id,
        "page_break": PAGE_BREAK_PATTERN,
        "markdown": MARKDOWN_LINK_PATTERN,
    }
    return {
        "parsed_cables": _utc(query_frame(conn, PARSED_CABLES_SQL, params), "created_at"),
        "parsed_tags": query_frame(conn, PARSED_TAGS_SQL, params),
        "parsed_references": query_frame(conn, PARSED_REFERENCES_SQL, params),
        "parsed_recipients": query_frame(conn, PARSED_RECIPIENTS_SQL, params),
    }


# --- warehouse (public, inside the publish transaction) -------------------------------------

WAREHOUSE_CABLES_SQL = """
WITH changed AS (
    SELECT cable_id, created_at, body FROM public.cables WHERE loaded_batch_id = %(batch_id)s
),
p AS (
    SELECT p.cable_id,
           count(*) AS paragraph_count,
           max(p.position) AS paragraph_max_position,
           sum(length(p.text)) AS paragraph_chars,
           count(*) FILTER (WHERE p.text ~ %(page_break)s) AS page_break_paragraphs
    FROM public.paragraphs p JOIN changed USING (cable_id)
    GROUP BY p.cable_id
),
t AS (
    SELECT t.cable_id, count(*) FILTER (WHERE t.tag ~ '[a-z]') AS lowercase_tags
    FROM public.tags t JOIN changed USING (cable_id)
    GROUP BY t.cable_id
)
SELECT c.cable_id,
       c.created_at,
       coalesce(length(c.body), 0) AS body_length,
       coalesce(p.paragraph_count, 0) AS paragraph_count,
       coalesce(p.paragraph_max_position, 0) AS paragraph_max_position,
       coalesce(p.paragraph_chars, 0)::float8 / nullif(length(c.body), 0) AS text_coverage,
       coalesce(p.page_break_paragraphs, 0) AS page_break_paragraphs,
       coalesce(t.lowercase_tags, 0) AS lowercase_tags
FROM changed c
LEFT JOIN p USING (cable_id)
LEFT JOIN t USING (cable_id)
ORDER BY c.cable_id
"""

_LINKS_SCOPE = """
WITH changed AS (
    SELECT cable_id, source_document_id FROM public.cables WHERE loaded_batch_id = %(batch_id)s
),
staged AS (
    SELECT DISTINCT document_id, cable_id FROM etl.stage_cables WHERE batch_id = %(batch_id)s
),
scope AS (
    SELECT cable_id FROM changed
    UNION
    SELECT cable_id FROM staged WHERE cable_id IS NOT NULL
)
"""

_LINKS_ROW = """
SELECT '{table}' AS table_name,
       (SELECT count(*) FROM public.{table} x JOIN scope USING (cable_id)
        WHERE NOT EXISTS (SELECT 1 FROM public.cables c WHERE c.cable_id = x.cable_id))
           AS orphan_rows,
       (SELECT coalesce(sum(abs(pub.n - st.n)), 0)
        FROM changed ch
        JOIN staged sd ON sd.document_id = ch.source_document_id AND sd.cable_id = ch.cable_id
        CROSS JOIN LATERAL (
            SELECT count(*) AS n FROM public.{table} x WHERE x.cable_id = ch.cable_id) pub
        CROSS JOIN LATERAL (
            SELECT count(*) AS n FROM {stage} s
            WHERE s.batch_id = %(batch_id)s AND s.document_id = ch.source_document_id
              AND s.cable_id = ch.cable_id) st)
           AS stale_rows
"""

WAREHOUSE_LINKS_SQL = _LINKS_SCOPE + "\nUNION ALL\n".join(
    _LINKS_ROW.format(table=spec.name, stage=spec.stage_name) for spec in CHILD_TABLES
)


def warehouse_frames(conn: psycopg.Connection[Any], batch_id: int) -> dict[str, pd.DataFrame]:
    """Frames of the analyst tables as the batch left them, by suite name."""
    params: dict[str, Any] = {"batch_id": batch_id, "page_break": PAGE_BREAK_PATTERN}
    return {
        "warehouse_cables": _utc(query_frame(conn, WAREHOUSE_CABLES_SQL, params), "created_at"),
        "warehouse_links": query_frame(conn, WAREHOUSE_LINKS_SQL, params),
    }
