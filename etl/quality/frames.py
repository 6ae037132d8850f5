"""SQL → pandas: the small frames each suite validates.

Frames are read through the caller's psycopg connection, so rows staged or upserted in its
open transaction are visible. Text never reaches them whole: raw bytes are reduced to a few
features chunk by chunk, and paragraph text is examined by PostgreSQL (regex, length) and
aggregated per cable.
"""

from __future__ import annotations

import codecs
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import psycopg

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

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def query_frame(
    conn: psycopg.Connection[Any], sql: str, params: dict[str, Any] | Sequence[Any]
) -> pd.DataFrame:
    """Run ``sql`` and return its rows as a DataFrame with the query's column names."""
    with conn.cursor() as cur:
        cur.execute(sql, params)
        columns = [column.name for column in cur.description or ()]
        return pd.DataFrame(cur.fetchall(), columns=columns)


# --- raw documents ------------------------------------------------------------------------

#: Bytes are read only for documents this batch landed or that no batch has handled yet; the
#: others were checked when they were first landed (a no-op reload must stay cheap).
RAW_CHUNK_SQL = """
SELECT b.ordinal, b.document_id, b.source_path, d.sha256, d.size_bytes,
       CASE WHEN d.batch_id = b.batch_id OR d.parsed_at IS NULL THEN d.content END
FROM etl.batch_documents b JOIN etl.raw_documents d USING (document_id)
WHERE b.batch_id = %s AND b.ordinal > %s
ORDER BY b.ordinal
LIMIT %s
"""


@dataclass(frozen=True, slots=True)
class ContentFeatures:
    """What the raw-document suite needs to know about one document's bytes."""

    stored_bytes: int
    sha256_actual: str
    decodes_cleanly: bool
    nul_chars: int
    control_char_share: float
    visible_chars: int


def content_features(data: bytes) -> ContentFeatures:
    """Decode strictly (BOM, UTF-8, then cp1252) and measure what a binary or mis-encoded
    file would spoil. Nothing of the text is kept."""
    text: str | None = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                text = None
            break
    else:
        for encoding in ("utf-8", "cp1252"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    decodes_cleanly = text is not None
    if text is None:
        text = data.decode("latin-1")
    control = len(_CONTROL_CHARS.findall(text))
    return ContentFeatures(
        stored_bytes=len(data),
        sha256_actual=hashlib.sha256(data).hexdigest(),
        decodes_cleanly=decodes_cleanly,
        nul_chars=text.count("\x00"),
        control_char_share=control / len(text) if text else 0.0,
        visible_chars=len("".join(text.split())),
    )


def iter_raw_chunks(
    conn: psycopg.Connection[Any], batch_id: int, chunk_size: int
) -> Iterator[list[tuple[Any, ...]]]:
    """The batch's documents with their bytes, ``chunk_size`` at a time (keyset paging, so it
    works in autocommit mode and inside an open transaction alike)."""
    last_ordinal = -1
    while True:
        rows = conn.execute(RAW_CHUNK_SQL, (batch_id, last_ordinal, chunk_size)).fetchall()
        if not rows:
            return
        yield rows
        last_ordinal = rows[-1][0]


def _checked_before(
    document_id: int, source_path: str, sha256: str, size_bytes: int
) -> dict[str, Any]:
    """Features of a document an earlier batch landed and handled: it passed (or was rejected
    by) these checks then, so it is counted as intact here instead of being read again."""
    return {
        "document_id": document_id,
        "source_path": source_path,
        "sha256": sha256,
        "size_bytes": size_bytes,
        "stored_bytes": size_bytes,
        "sha256_verified": True,
        "decodes_cleanly": True,
        "nul_chars": 0,
        "control_char_share": 0.0,
        "visible_chars": max(int(size_bytes), 1),
    }


def raw_documents_frame(
    conn: psycopg.Connection[Any], batch_id: int, chunk_size: int = 500
) -> pd.DataFrame:
    """One row of features per document of the batch (``raw_documents`` suite)."""
    records: list[dict[str, Any]] = []
    for rows in iter_raw_chunks(conn, batch_id, chunk_size):
        for _ordinal, document_id, source_path, sha256, size_bytes, content in rows:
            if content is None:
                records.append(_checked_before(document_id, source_path, sha256, size_bytes))
                continue
            features = content_features(bytes(content))
            records.append(
                {
                    "document_id": document_id,
                    "source_path": source_path,
                    "sha256": sha256,
                    "size_bytes": size_bytes,
                    "stored_bytes": features.stored_bytes,
                    "sha256_verified": features.sha256_actual == sha256,
                    "decodes_cleanly": features.decodes_cleanly,
                    "nul_chars": features.nul_chars,
                    "control_char_share": features.control_char_share,
                    "visible_chars": features.visible_chars,
                }
            )
    columns = [
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
    return pd.DataFrame.from_records(records, columns=columns)


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
