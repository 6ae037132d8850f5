"""Landing: every input document is stored verbatim in ``etl.raw_documents`` before parsing.

Documents are deduplicated by the SHA-256 of their bytes, so identical content is stored once
however often it arrives; ``etl.batch_documents`` records which documents each batch brought
(and under which path), which is what the parse stage works from. Work is committed chunk by
chunk: landing is idempotent, so a crash in the middle loses nothing a rerun does not redo.

A *withheld* document (``InputDocument.withheld``: a damaged archive's own bytes, a cables.csv
record a quote runs past) is landed and linked like any other, listed in ``etl.rejects`` with
its reason, and never parsed: landing gives it a ``parsed_at`` without a ``parser_version``,
which neither the parse stage nor the nightly reconcile picks up. A file larger than a
document may be (``LargeInput``) is withheld the same way, its bytes streamed in pieces into one
value (``streamed_content``); past what one value can hold, its hash and size are recorded in
the reject instead.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeAlias

import psycopg

from etl.ingest import InputDocument, InputProblem, LargeInput
from etl.ingest.content import content_features
from etl.ingest.signatures import FileRead, KnownDocument
from etl.warehouse.bookkeeping import LandReject, record_land_rejects
from etl.warehouse.file_signatures import SignedFile, record_signed_files
from etl.warehouse.statistics import analyze_changed_tables
from etl.warehouse.streamed_content import (
    MAX_STORED_BYTES,
    STREAM_TABLE,
    ContentChanged,
    copy_stream,
    hash_stream,
)

#: Upper bounds for one landing chunk: keeps memory flat whatever the size of the batch.
CHUNK_DOCUMENTS = 2_000
CHUNK_BYTES = 32 * 1024 * 1024

#: The ``ContentFeatures`` fields stored in etl.raw_documents (same names), with their types,
#: in COPY order.
_FEATURE_TYPES = {
    "decodes_cleanly": "bool",
    "text_chars": "int8",
    "nul_chars": "int8",
    "control_chars": "int8",
    "visible_chars": "int8",
}
_FEATURE_COLUMNS = ", ".join(_FEATURE_TYPES)
_FEATURE_COLUMN_TYPES = ", ".join(f"{name} {type_}" for name, type_ in _FEATURE_TYPES.items())
#: Types of the land_content columns in COPY order (three texts, size, bytes, features).
_CONTENT_COPY_TYPES = ("text", "text", "text", "int8", "bytea", *_FEATURE_TYPES.values())


@dataclass(slots=True)
class LandingCounts:
    """What a landing pass saw."""

    documents_seen: int = 0
    documents_new: int = 0
    #: Documents of files unchanged since they were read (``KnownDocument``): not read again.
    documents_not_read: int = 0
    bytes_seen: int = 0
    problems: list[InputProblem] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (source path, what to know)


@dataclass(frozen=True, slots=True)
class _Pending:
    ordinal: int
    sha256: str
    doc: InputDocument | KnownDocument


LandingInput: TypeAlias = InputDocument | InputProblem | LargeInput | KnownDocument | FileRead


def land_documents(
    conn: psycopg.Connection,
    batch_id: int,
    inputs: Iterable[LandingInput],
    *,
    on_progress: Callable[[int], None] | None = None,
) -> LandingCounts:
    """Store every document of ``inputs`` in ``etl.raw_documents`` (once per distinct content)
    and link it to ``batch_id``; inputs that could not be read become ``land`` rejects. A
    ``KnownDocument`` (of a file unchanged since it was read) is linked without its bytes; a
    signed ``FileRead`` is remembered (``etl.warehouse.file_signatures``)."""
    landing = _Landing(conn, batch_id, on_progress)
    for item in inputs:
        landing.add(item)
    landing.flush()
    counts = landing.counts
    # The raw stage's next statements join the batch's documents with both tables.
    analyze_changed_tables(
        conn,
        {
            "etl.raw_documents": counts.documents_new,
            "etl.batch_documents": counts.documents_seen,
        },
    )
    conn.commit()
    return counts


class _Landing:
    """One landing pass: the chunk being filled, and the files read since the last flush."""

    def __init__(
        self,
        conn: psycopg.Connection,
        batch_id: int,
        on_progress: Callable[[int], None] | None,
    ) -> None:
        self.conn = conn
        self.batch_id = batch_id
        self.on_progress = on_progress
        self.counts = LandingCounts()
        self.chunk: list[_Pending] = []
        self.chunk_bytes = 0
        self.ordinal = _next_ordinal(conn, batch_id)
        self.reading: list[tuple[str, str]] = []  # (source path, sha256) of the file being read
        self.signed: list[SignedFile] = []  # read files to remember once their chunk is landed

    def add(self, item: LandingInput) -> None:
        if isinstance(item, InputProblem):
            self.counts.problems.append(item)
            record_land_rejects(
                self.conn, self.batch_id, [LandReject(item.source_path, item.reason)]
            )
            return
        if isinstance(item, FileRead):
            if item.key is not None and item.signature is not None:
                cut = len(item.display)
                documents = tuple((path[cut:], sha256) for path, sha256 in self.reading)
                self.signed.append(SignedFile(item.key, item.signature, documents))
            self.reading = []
            return
        self.ordinal += 1
        if isinstance(item, LargeInput):
            self.flush()  # keeps the batch's documents in the order they were found
            _land_large(self.conn, self.batch_id, self.ordinal, item, self.counts)
            if self.on_progress:
                self.on_progress(1)
            return
        if isinstance(item, KnownDocument):
            self.chunk.append(_Pending(self.ordinal, item.sha256, item))
        else:
            if item.note:
                self.counts.notes.append((item.source_path, item.note))
            if item.withheld:
                self.counts.problems.append(InputProblem(item.source_path, item.withheld))
            sha256 = hashlib.sha256(item.data).hexdigest()
            self.reading.append((item.source_path, sha256))
            self.chunk.append(_Pending(self.ordinal, sha256, item))
            self.chunk_bytes += len(item.data)
        if len(self.chunk) >= CHUNK_DOCUMENTS or self.chunk_bytes >= CHUNK_BYTES:
            self.flush()

    def flush(self) -> None:
        """Land the chunk and remember the files read before it (all their documents are in
        it or in an earlier chunk)."""
        if not self.chunk and not self.signed:
            return
        _land_chunk(self.conn, self.batch_id, self.chunk, self.counts, self.signed)
        if self.on_progress and self.chunk:
            self.on_progress(len(self.chunk))
        self.chunk, self.chunk_bytes, self.signed = [], 0, []


def _next_ordinal(conn: psycopg.Connection, batch_id: int) -> int:
    row = conn.execute(
        "SELECT coalesce(max(ordinal), 0) FROM etl.batch_documents WHERE batch_id = %s",
        (batch_id,),
    ).fetchone()
    return int(row[0]) if row else 0


def _land_chunk(
    conn: psycopg.Connection,
    batch_id: int,
    chunk: list[_Pending],
    counts: LandingCounts,
    signed: list[SignedFile],
) -> None:
    counts.documents_seen += len(chunk)
    counts.documents_not_read += sum(isinstance(p.doc, KnownDocument) for p in chunk)
    counts.bytes_seen += sum(_size(p.doc) for p in chunk)
    with conn.cursor() as cur:
        cur.execute(
            "CREATE TEMP TABLE IF NOT EXISTS land_keys "
            "(ordinal bigint, sha256 text, source_path text) ON COMMIT DELETE ROWS"
        )
        # STORAGE EXTERNAL: the bytes only pass through this table; compressing them here
        # would double the cost of the compression the real table does.
        cur.execute(
            "CREATE TEMP TABLE IF NOT EXISTS land_content "
            f"(sha256 text, source_path text, format text, size_bytes bigint, content bytea, "
            f"{_FEATURE_COLUMN_TYPES}) ON COMMIT DELETE ROWS"
        )
        cur.execute("ALTER TABLE land_content ALTER COLUMN content SET STORAGE EXTERNAL")
        with cur.copy("COPY land_keys (ordinal, sha256, source_path) FROM STDIN") as copy:
            for p in chunk:
                copy.write_row((p.ordinal, p.sha256, p.doc.source_path))
        cur.execute(
            "SELECT DISTINCT k.sha256 FROM land_keys k WHERE NOT EXISTS "
            "(SELECT 1 FROM etl.raw_documents d WHERE d.sha256 = k.sha256)"
        )
        missing = {row[0] for row in cur.fetchall()}
        if missing:
            _copy_content(cur, chunk, missing)
            cur.execute(
                "INSERT INTO etl.raw_documents (sha256, source_path, format, size_bytes, content, "
                f"{_FEATURE_COLUMNS}, received_at, batch_id) "
                f"SELECT sha256, source_path, format, size_bytes, content, {_FEATURE_COLUMNS}, "
                "now(), %s "
                # A global order of inserted keys: two loads landing overlapping content at
                # the same time wait for each other instead of deadlocking.
                "FROM land_content ORDER BY sha256 ON CONFLICT (sha256) DO NOTHING",
                (batch_id,),
            )
            counts.documents_new += cur.rowcount
        cur.execute(
            "INSERT INTO etl.batch_documents (batch_id, document_id, source_path, ordinal) "
            "SELECT %s, d.document_id, k.source_path, k.ordinal "
            "FROM land_keys k JOIN etl.raw_documents d USING (sha256) "
            "ON CONFLICT DO NOTHING",
            (batch_id,),
        )
        withheld = [
            LandReject(p.doc.source_path, p.doc.withheld, p.sha256)
            for p in chunk
            if isinstance(p.doc, InputDocument) and p.doc.withheld
        ]
        _withhold(cur, batch_id, withheld)
        record_signed_files(cur, batch_id, signed)
    conn.commit()


def _copy_content(cur: psycopg.Cursor, chunk: list[_Pending], missing: set[str]) -> None:
    """COPY the bytes and features of the chunk's documents whose content is ``missing`` from
    etl.raw_documents into ``land_content`` (the first path wins for duplicate content)."""
    # Binary: in text format every byte would travel as two hex digits, escaped by this
    # process and parsed back by the server (~4x the CPU of the whole COPY).
    with cur.copy(
        "COPY land_content (sha256, source_path, format, size_bytes, content, "
        f"{_FEATURE_COLUMNS}) FROM STDIN (FORMAT BINARY)"
    ) as copy:
        copy.set_types(_CONTENT_COPY_TYPES)
        for p in chunk:
            if p.sha256 not in missing:
                continue
            missing.discard(p.sha256)
            if isinstance(p.doc, KnownDocument):  # its bytes were not read: cannot happen
                raise RuntimeError(
                    f"{p.doc.source_path}: its remembered content {p.sha256} is not in "
                    "etl.raw_documents."
                )
            features = content_features(p.doc.data)
            copy.write_row(
                (
                    p.sha256,
                    p.doc.source_path,
                    p.doc.fmt,
                    len(p.doc.data),
                    p.doc.data,
                    *(getattr(features, name) for name in _FEATURE_TYPES),
                )
            )


def _size(doc: InputDocument | KnownDocument) -> int:
    return doc.size if isinstance(doc, KnownDocument) else len(doc.data)


def _withhold(cur: psycopg.Cursor, batch_id: int, withheld: list[LandReject]) -> None:
    """List landed documents withheld from parsing (their ``sha256`` set) as 'land' rejects
    and keep the parse stage off them."""
    if not withheld:
        return
    # Only content this batch brought and nobody parsed: the same bytes landed earlier as an
    # ordinary document keep their state.
    cur.execute(
        "UPDATE etl.raw_documents SET parsed_at = now() "
        "WHERE sha256 = ANY(%s) AND batch_id = %s AND parsed_at IS NULL",
        ([r.sha256 for r in withheld], batch_id),
    )
    record_land_rejects(cur.connection, batch_id, withheld)


def _land_large(
    conn: psycopg.Connection, batch_id: int, ordinal: int, item: LargeInput, counts: LandingCounts
) -> None:
    """Stream a file too large to hold into one withheld document (or, too large for one
    stored value, record its hash and size), in a transaction of its own."""
    conn.commit()  # a rollback below must not take the rejects recorded so far with it
    if item.size > MAX_STORED_BYTES:
        sha256, size = hash_stream(item.stream)
        reason = (
            f"This file is {size:,} bytes (SHA-256 {sha256}), more than the "
            f"{MAX_STORED_BYTES:,} bytes one stored value can hold, so its bytes are not in "
            "the warehouse: keep the file itself."
        )
        _reject_large(conn, batch_id, item.source_path, reason, counts)
        return
    try:
        with conn.cursor() as cur:
            streamed = copy_stream(cur, item.stream, item.size)
    except ContentChanged as changed:
        conn.rollback()
        reason = f"This file changed while it was landed ({changed}), so it was not kept."
        _reject_large(conn, batch_id, item.source_path, reason, counts)
        return
    features = streamed.features
    with conn.cursor() as cur:
        cur.execute(
            "INSERT INTO etl.raw_documents (sha256, source_path, format, size_bytes, content, "
            f"{_FEATURE_COLUMNS}, received_at, batch_id) "
            f"SELECT %s, %s, 'text', %s, content, {', '.join(['%s'] * len(_FEATURE_TYPES))}, "
            f"now(), %s FROM {STREAM_TABLE} ON CONFLICT (sha256) DO NOTHING",
            (
                streamed.sha256,
                item.source_path,
                item.size,
                *(getattr(features, name) for name in _FEATURE_TYPES),
                batch_id,
            ),
        )
        counts.documents_new += cur.rowcount
        cur.execute(
            "INSERT INTO etl.batch_documents (batch_id, document_id, source_path, ordinal) "
            "SELECT %s, document_id, %s, %s FROM etl.raw_documents WHERE sha256 = %s "
            "ON CONFLICT DO NOTHING",
            (batch_id, item.source_path, ordinal, streamed.sha256),
        )
        _withhold(cur, batch_id, [LandReject(item.source_path, item.reason, streamed.sha256)])
    conn.commit()
    counts.documents_seen += 1
    counts.bytes_seen += item.size
    counts.problems.append(InputProblem(item.source_path, item.reason))


def _reject_large(
    conn: psycopg.Connection, batch_id: int, source_path: str, reason: str, counts: LandingCounts
) -> None:
    problem = InputProblem(source_path, reason)
    counts.problems.append(problem)
    record_land_rejects(conn, batch_id, [LandReject(source_path, reason)])
    conn.commit()
