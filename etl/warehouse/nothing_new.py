"""Whether a batch brought anything the quality suites have not already seen, and the few
raw-stage facts that still matter when it did not.

A reload of known inputs lands no new content: every document of its batch was landed and
handled (parsed, rejected or withheld) by an earlier batch, which ran the raw suite on its
bytes then. The suites need not run again (``etl.quality.skipping``); what they could still
find is read here, in SQL (``KnownDocumentFacts``).
"""

from __future__ import annotations

from dataclasses import dataclass

import psycopg

#: A document of the batch (``b``: etl.batch_documents, ``d``: etl.raw_documents) whose bytes
#: the raw suite must see: landed by this batch, or not handled by any batch yet (also the
#: ``fresh`` column of ``etl.quality.frames.RAW_CHUNK_SQL``).
FRESH = "(d.batch_id = b.batch_id OR d.parsed_at IS NULL)"


@dataclass(frozen=True, slots=True)
class BatchNovelty:
    """How many documents a batch lists, and how many of them are new to the raw suite."""

    documents: int
    fresh: int

    @property
    def nothing_new(self) -> bool:
        """True when every document of the batch was already checked by an earlier batch."""
        return self.fresh == 0


@dataclass(frozen=True, slots=True)
class SizeOutlier:
    """A document of the batch whose recorded size is outside the allowed range."""

    document_id: int
    source_path: str | None
    size_bytes: int


@dataclass(frozen=True, slots=True)
class KnownDocumentFacts:
    """What the raw suite could still find in a batch of already-handled documents: its row
    count, and the recorded sizes outside the allowed range. Nothing else it checks can fail
    for them: the path is NOT NULL and the content hash unique per batch (primary key of
    etl.batch_documents, unique sha256 of etl.raw_documents); a document whose stored hash,
    bytes or text failed blocked or withheld it, and a blocked batch handles nothing, so such a
    document is fresh again in the next batch."""

    documents: int
    size_outliers: list[SizeOutlier]


def batch_novelty(conn: psycopg.Connection, batch_id: int) -> BatchNovelty:
    """Documents of the batch, and those of them the raw suite has not checked yet."""
    row = conn.execute(
        f"SELECT count(*), count(*) FILTER (WHERE {FRESH}) "
        "FROM etl.batch_documents b JOIN etl.raw_documents d USING (document_id) "
        "WHERE b.batch_id = %s",
        (batch_id,),
    ).fetchone()
    documents, fresh = row if row else (0, 0)
    return BatchNovelty(int(documents), int(fresh))


def known_document_facts(
    conn: psycopg.Connection, batch_id: int, *, min_size: int | None, max_size: int | None
) -> KnownDocumentFacts:
    """Row count and documents whose recorded size is outside ``min_size .. max_size``
    (inclusive; None: unbounded), over the batch's documents."""
    row = conn.execute(
        "SELECT count(*) FROM etl.batch_documents WHERE batch_id = %s", (batch_id,)
    ).fetchone()
    outliers = conn.execute(
        "SELECT b.document_id, b.source_path, d.size_bytes "
        "FROM etl.batch_documents b JOIN etl.raw_documents d USING (document_id) "
        "WHERE b.batch_id = %(batch)s "
        "AND (d.size_bytes < %(min)s::bigint OR d.size_bytes > %(max)s::bigint) "
        "ORDER BY b.ordinal",
        {"batch": batch_id, "min": min_size, "max": max_size},
    ).fetchall()
    return KnownDocumentFacts(
        documents=int(row[0]) if row else 0,
        size_outliers=[SizeOutlier(int(i), p, int(s)) for i, p, s in outliers],
    )


def nothing_staged(conn: psycopg.Connection, batch_id: int) -> bool:
    """True when the batch has no staged cable (so no staged row of any kind): the parsed
    suites would see empty frames."""
    row = conn.execute(
        "SELECT NOT EXISTS (SELECT FROM etl.stage_cables WHERE batch_id = %s)", (batch_id,)
    ).fetchone()
    return bool(row and row[0])


def nothing_published(conn: psycopg.Connection, batch_id: int) -> bool:
    """True when the batch (in the caller's transaction) has neither loaded a cable into
    public.cables nor staged one: the warehouse suites would have no row of it to check."""
    row = conn.execute(
        "SELECT NOT EXISTS (SELECT FROM public.cables WHERE loaded_batch_id = %(b)s) "
        "AND NOT EXISTS (SELECT FROM etl.stage_cables WHERE batch_id = %(b)s)",
        {"b": batch_id},
    ).fetchone()
    return bool(row and row[0])
