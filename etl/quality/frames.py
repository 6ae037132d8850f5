"""SQL → pandas: the small frames each suite validates.

Frames are read through the caller's psycopg connection, so rows staged or upserted in its
open transaction are visible. Text never reaches them whole: raw bytes are reduced to a few
features chunk by chunk, and paragraph text is examined by PostgreSQL (regex, length) and
aggregated per cable. The parsed- and warehouse-stage frames grow with the batch, so they are
read as ``FrameChunks``: key ranges of a bounded number of documents (cables), each range
holding every row of its documents (cables).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import psycopg

from etl.ingest.content import ContentFeatures, content_features
from etl.warehouse.nothing_new import FRESH
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


#: Documents (parsed stage) or cables (warehouse stage) per chunk: ~50 MB of frames and GX
#: work at most, and few enough chunks that GX's fixed cost per run (~0.1 s a suite) stays small.
DEFAULT_CHUNK_SIZE = 10_000


@dataclass(frozen=True, slots=True)
class FrameChunks:
    """One suite's frame as consecutive pieces. Every row sharing a value of
    ``partition_key`` is in the same piece, so an expectation of uniqueness over columns that
    include it is exact piece by piece. At least one piece is yielded (empty if the batch has no
    row), so the columns are always known."""

    partition_key: str
    chunks: Iterable[pd.DataFrame]


def key_boundaries(
    conn: psycopg.Connection[Any], sql: str, params: dict[str, Any], chunk_size: int
) -> list[Any]:
    """Every ``chunk_size``-th distinct key of ``sql`` (one ordered column ``key``): the upper
    bounds of the key ranges. PostgreSQL sorts; only len/chunk_size keys reach the client."""
    rows = conn.execute(
        f"SELECT key FROM (SELECT key, row_number() OVER (ORDER BY key) AS n "
        f"FROM (SELECT DISTINCT key FROM ({sql}) k) d) s "
        "WHERE n %% %(chunk_size)s = 0 ORDER BY key",
        {**params, "chunk_size": chunk_size},
    ).fetchall()
    return [row[0] for row in rows]


def key_ranges(boundaries: list[Any]) -> list[tuple[Any, Any]]:
    """Half-open ranges ``(lower, upper]`` covering every key; None is unbounded."""
    bounds: list[Any] = [None, *boundaries, None]
    return list(zip(bounds[:-1], bounds[1:], strict=True))


def range_filter(column: str, lower: Any, upper: Any) -> tuple[str, dict[str, Any]]:
    """SQL condition (starting with AND) and parameters for ``lower < column <= upper``.
    Unbounded sides are left out of the text rather than passed as NULL, so a cached generic
    plan still uses the index on ``column``."""
    sql = ""
    params: dict[str, Any] = {}
    if lower is not None:
        sql += f" AND {column} > %(range_lower)s"
        params["range_lower"] = lower
    if upper is not None:
        sql += f" AND {column} <= %(range_upper)s"
        params["range_upper"] = upper
    return sql, params


# --- raw documents ------------------------------------------------------------------------

#: Documents this batch landed, or that no batch has handled yet, are verified: PostgreSQL
#: hashes and measures the stored bytes, so no byte crosses the wire; the text features were
#: measured when the bytes were landed. Bytes are read only for content landed before those
#: features were stored (migration 0008). The other documents were checked when they were
#: first landed (a no-op reload must stay cheap).
RAW_CHUNK_SQL = f"""
SELECT b.document_id, b.source_path, d.sha256, d.size_bytes, f.fresh,
       CASE WHEN f.fresh THEN octet_length(d.content) END,
       CASE WHEN f.fresh THEN encode(sha256(d.content), 'hex') END,
       d.decodes_cleanly, d.text_chars, d.nul_chars, d.control_chars, d.visible_chars,
       CASE WHEN f.fresh AND d.decodes_cleanly IS NULL THEN d.content END
FROM etl.batch_documents b JOIN etl.raw_documents d USING (document_id)
CROSS JOIN LATERAL (SELECT {FRESH} AS fresh) f
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
    # The stored features, in ContentFeatures' order (decodes_cleanly to visible_chars).
    stored_features, content = row[7:12], row[12]
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
    if stored_features[0] is None:
        features = content_features(bytes(content))  # landed before features were stored
    else:
        features = ContentFeatures(stored_bytes, *stored_features)
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
    WHERE batch_id = %(batch_id)s{range}
    GROUP BY document_id
)
SELECT c.cable_id,
       c.document_id,
       c.source_path,
       c.created_at,
       c.text_cable_id,
       c.container_created_at,
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
       coalesce(p.distinct_positions = p.paragraph_count, true) AS paragraph_positions_unique,
       coalesce(p.first_position = 1 AND p.last_position = p.paragraph_count
                AND p.distinct_positions = p.paragraph_count, true)
           AS paragraph_positions_contiguous,
       coalesce(p.empty_paragraphs, 0) AS empty_paragraphs,
       coalesce(p.page_break_paragraphs, 0) AS page_break_paragraphs,
       coalesce(p.markdown_paragraphs, 0) AS markdown_paragraphs
FROM etl.stage_cables c
LEFT JOIN p ON p.document_id = c.document_id
WHERE c.batch_id = %(batch_id)s{range:c}
ORDER BY c.document_id
"""

PARSED_TAGS_SQL = """
SELECT cable_id, document_id, position, tag
FROM etl.stage_tags WHERE batch_id = %(batch_id)s{range}
ORDER BY document_id, position
"""

PARSED_REFERENCES_SQL = f"""
SELECT cable_id, document_id, position, cited_id, raw, kind,
       {_YEAR4.format("cable_id")} AS citing_year,
       {_YEAR4.format("cited_id")} AS cited_year,
       coalesce(cited_id = cable_id, false) AS cites_itself
FROM etl.stage_references WHERE batch_id = %(batch_id)s{{range}}
ORDER BY document_id, position
"""

PARSED_RECIPIENTS_SQL = """
SELECT cable_id, document_id, position, kind, name
FROM etl.stage_recipients WHERE batch_id = %(batch_id)s{range}
ORDER BY document_id, position
"""


def _utc(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    frame[column] = pd.to_datetime(frame[column], utc=True)
    return frame


#: Where a chunk's key range goes into a query: ``{range}`` filters the bare key column,
#: ``{range:c}`` the key column of table alias ``c``.
_RANGE_MARKER = re.compile(r"\{range(?::([a-z]+))?\}")


def _with_range(sql: str, column: str, lower: Any, upper: Any) -> tuple[str, dict[str, Any]]:
    """``sql`` with its range markers replaced by ``lower < column <= upper``."""
    range_params: dict[str, Any] = {}

    def condition(marker: re.Match[str]) -> str:
        alias = marker.group(1)
        text, values = range_filter(f"{alias}.{column}" if alias else column, lower, upper)
        range_params.update(values)
        return text

    return _RANGE_MARKER.sub(condition, sql), range_params


def _chunked(
    conn: psycopg.Connection[Any],
    sql: str,
    params: dict[str, Any],
    column: str,
    ranges: list[tuple[Any, Any]],
    utc_column: str | None = None,
) -> Iterator[pd.DataFrame]:
    """``sql`` read key range by key range, its range markers filtering ``column``."""
    for lower, upper in ranges:
        text, range_params = _with_range(sql, column, lower, upper)
        frame = query_frame(conn, text, {**params, **range_params})
        yield _utc(frame, utc_column) if utc_column else frame


def parsed_frames(
    conn: psycopg.Connection[Any], batch_id: int, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> dict[str, FrameChunks]:
    """Frames of the batch's staged rows, by suite name, in ranges of ``chunk_size``
    documents (every row of a document in one range)."""
    params: dict[str, Any] = {
        "batch_id": batch_id,
        "page_break": PAGE_BREAK_PATTERN,
        "markdown": MARKDOWN_LINK_PATTERN,
    }
    ranges = key_ranges(
        key_boundaries(
            conn,
            "SELECT document_id AS key FROM etl.stage_cables WHERE batch_id = %(batch_id)s",
            params,
            chunk_size,
        )
    )

    def chunks(sql: str, utc_column: str | None = None) -> FrameChunks:
        return FrameChunks(
            "document_id", _chunked(conn, sql, params, "document_id", ranges, utc_column)
        )

    return {
        "parsed_cables": chunks(PARSED_CABLES_SQL, "created_at"),
        "parsed_tags": chunks(PARSED_TAGS_SQL),
        "parsed_references": chunks(PARSED_REFERENCES_SQL),
        "parsed_recipients": chunks(PARSED_RECIPIENTS_SQL),
    }


# --- warehouse (public, inside the publish transaction) -------------------------------------

WAREHOUSE_CABLES_SQL = """
WITH changed AS (
    SELECT cable_id, created_at, body FROM public.cables
    WHERE loaded_batch_id = %(batch_id)s{range}
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


def warehouse_frames(
    conn: psycopg.Connection[Any], batch_id: int, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> dict[str, pd.DataFrame | FrameChunks]:
    """Frames of the analyst tables as the batch left them, by suite name: the batch's cables
    in ranges of ``chunk_size`` cable ids, the links (one row per child table) whole."""
    params: dict[str, Any] = {"batch_id": batch_id, "page_break": PAGE_BREAK_PATTERN}
    ranges = key_ranges(
        key_boundaries(
            conn,
            "SELECT cable_id AS key FROM public.cables WHERE loaded_batch_id = %(batch_id)s",
            params,
            chunk_size,
        )
    )
    return {
        "warehouse_cables": FrameChunks(
            "cable_id",
            _chunked(conn, WAREHOUSE_CABLES_SQL, params, "cable_id", ranges, "created_at"),
        ),
        "warehouse_links": query_frame(conn, WAREHOUSE_LINKS_SQL, params),
    }
