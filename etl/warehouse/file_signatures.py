"""What the warehouse remembers of landed files, so that a reload need not read them again.

``etl.file_signatures`` holds the signature of each input file that was read in full and held
only plain documents (see ``etl.ingest.signatures``), ``etl.file_signature_documents`` the
documents it held. Landing records them in the transaction of the chunk that landed the
file's last document; a load reads those under its inputs before walking them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import psycopg

from etl.ingest.signatures import FileSignature, KnownFile

#: Remembered files at or below some root: the root itself, or a key in [root/, root0)
#: ('0' follows '/' in byte order; the key's collation is "C").
_KNOWN_SQL = """
SELECT s.file_key, s.device, s.inode, s.size_bytes, s.mtime_ns, s.ctime_ns,
       m.suffix, d.sha256, d.size_bytes
FROM etl.file_signatures s
LEFT JOIN etl.file_signature_documents m ON m.file_key = s.file_key
LEFT JOIN etl.raw_documents d ON d.document_id = m.document_id
WHERE s.file_key = ANY(%(exact)s::text[])
   OR EXISTS (SELECT FROM unnest(%(low)s::text[], %(high)s::text[]) AS r(low, high)
              WHERE s.file_key >= r.low AND s.file_key < r.high)
ORDER BY s.file_key, m.position
"""


@dataclass(frozen=True, slots=True)
class SignedFile:
    """A file landing read in full, to remember: its documents as (source path suffix,
    SHA-256) in reading order, each already in etl.raw_documents or in the same chunk."""

    key: str
    signature: FileSignature
    documents: tuple[tuple[str, str], ...]


def known_files(conn: psycopg.Connection, roots: Sequence[str]) -> dict[str, KnownFile]:
    """The remembered files at or below ``roots`` (real paths), by key."""
    exact = list(roots)
    prefixes = [root.rstrip("/") for root in roots]
    rows = conn.execute(
        _KNOWN_SQL,
        {
            "exact": exact,
            "low": [prefix + "/" for prefix in prefixes],
            "high": [prefix + "0" for prefix in prefixes],
        },
    ).fetchall()
    known: dict[str, KnownFile] = {}
    key: str | None = None
    signature: FileSignature | None = None
    documents: list[tuple[str, str, int]] = []
    for row in rows:
        if row[0] != key:
            if key is not None and signature is not None:
                known[key] = KnownFile(signature, tuple(documents))
            key, signature, documents = row[0], FileSignature(*row[1:6]), []
        if row[6] is not None:
            documents.append((row[6], row[7], int(row[8])))
    if key is not None and signature is not None:
        known[key] = KnownFile(signature, tuple(documents))
    return known


def record_signed_files(cur: psycopg.Cursor, batch_id: int, signed: Sequence[SignedFile]) -> None:
    """Remember ``signed`` (replacing what was remembered under the same keys), in the
    caller's transaction, after their documents were landed in it or earlier."""
    if not signed:
        return
    latest = {file.key: file for file in signed}  # a file named twice: its last reading
    files = [latest[key] for key in sorted(latest)]  # one lock order for concurrent loads
    cur.executemany(
        "INSERT INTO etl.file_signatures "
        "(file_key, device, inode, size_bytes, mtime_ns, ctime_ns, batch_id, recorded_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, now()) ON CONFLICT (file_key) DO UPDATE SET "
        "device = excluded.device, inode = excluded.inode, size_bytes = excluded.size_bytes, "
        "mtime_ns = excluded.mtime_ns, ctime_ns = excluded.ctime_ns, "
        "batch_id = excluded.batch_id, recorded_at = excluded.recorded_at",
        [
            (
                f.key,
                f.signature.device,
                f.signature.inode,
                f.signature.size,
                f.signature.mtime_ns,
                f.signature.ctime_ns,
                batch_id,
            )
            for f in files
        ],
    )
    cur.execute(
        "DELETE FROM etl.file_signature_documents WHERE file_key = ANY(%s)",
        ([f.key for f in files],),
    )
    cur.execute(
        "CREATE TEMP TABLE IF NOT EXISTS signed_documents "
        '(file_key text COLLATE "C", position int, suffix text, sha256 text) '
        "ON COMMIT DELETE ROWS"
    )
    with cur.copy("COPY signed_documents (file_key, position, suffix, sha256) FROM STDIN") as copy:
        for f in files:
            for position, (suffix, sha256) in enumerate(f.documents, start=1):
                copy.write_row((f.key, position, suffix, sha256))
    cur.execute(
        "INSERT INTO etl.file_signature_documents (file_key, position, suffix, document_id) "
        "SELECT s.file_key, s.position, s.suffix, d.document_id "
        "FROM signed_documents s JOIN etl.raw_documents d USING (sha256)"
    )
    if cur.rowcount != sum(len(f.documents) for f in files):
        # A document is not in etl.raw_documents (landing lands each before it is signed):
        # remembering the file would take it as landed, so it is read again next time.
        cur.execute(
            "DELETE FROM etl.file_signatures WHERE file_key = ANY(%s)", ([f.key for f in files],)
        )
    cur.execute("DELETE FROM signed_documents")
