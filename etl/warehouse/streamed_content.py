"""Bytes too large to hold in memory, streamed into one ``bytea`` value with COPY.

Binary COPY frames a value by its length, written before it, so the length is taken from the
open file and checked against what is read: a file that grows or shrinks meanwhile is not
landed as if it were whole. The SHA-256 and the content features are measured on the way.
"""

from __future__ import annotations

import hashlib
import struct
from dataclasses import dataclass
from typing import IO

import psycopg

from etl.ingest.content import ContentFeatures, ContentMeter

MiB = 1024 * 1024
#: The most one stored value may hold: PostgreSQL keeps at most 1 GiB in a field (less a
#: header); a mebibyte is left for that header and the COPY framing.
MAX_STORED_BYTES = 1024 * MiB - MiB
_PIECE_BYTES = MiB
_COPY_SIGNATURE = b"PGCOPY\n\xff\r\n\x00" + struct.pack("!ii", 0, 0)
_COPY_TRAILER = struct.pack("!h", -1)
#: The temporary table a streamed value passes through (dropped with the session).
STREAM_TABLE = "land_stream"


class ContentChanged(Exception):
    """The stream held fewer or more bytes than announced: it changed while being read."""


@dataclass(frozen=True, slots=True)
class StreamedContent:
    """What was measured while a value was streamed into ``STREAM_TABLE``."""

    sha256: str
    features: ContentFeatures


def copy_stream(cur: psycopg.Cursor, stream: IO[bytes], size: int) -> StreamedContent:
    """COPY the ``size`` bytes of ``stream`` into ``STREAM_TABLE`` (one row, column
    ``content``) in the cursor's transaction, never holding more than a piece of them."""
    if size > MAX_STORED_BYTES:
        raise ValueError(f"{size:,} bytes do not fit in one stored value")
    cur.execute(
        f"CREATE TEMP TABLE IF NOT EXISTS {STREAM_TABLE} (content bytea) ON COMMIT DELETE ROWS"
    )
    # The bytes only pass through: compressing them here would double the real table's work.
    cur.execute(f"ALTER TABLE {STREAM_TABLE} ALTER COLUMN content SET STORAGE EXTERNAL")
    digest = hashlib.sha256()
    meter = ContentMeter()
    with cur.copy(f"COPY {STREAM_TABLE} (content) FROM STDIN (FORMAT BINARY)") as copy:
        copy.write(_COPY_SIGNATURE + struct.pack("!hi", 1, size))
        remaining = size
        while remaining:
            piece = stream.read(min(_PIECE_BYTES, remaining))
            if not piece:
                raise ContentChanged(f"it ended {remaining:,} bytes short of its size")
            digest.update(piece)
            meter.feed(piece)
            copy.write(piece)
            remaining -= len(piece)
        if stream.read(1):
            raise ContentChanged("it grew while it was read")
        copy.write(_COPY_TRAILER)
    return StreamedContent(digest.hexdigest(), meter.features())


def hash_stream(stream: IO[bytes]) -> tuple[str, int]:
    """SHA-256 (hex) and length of what ``stream`` holds, read piece by piece."""
    digest = hashlib.sha256()
    size = 0
    while piece := stream.read(_PIECE_BYTES):
        digest.update(piece)
        size += len(piece)
    return digest.hexdigest(), size
