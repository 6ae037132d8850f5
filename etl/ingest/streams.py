"""Byte streams with limits: counting what decompression produces, peeking without consuming."""

from __future__ import annotations

import bz2
import io
import lzma
import zlib
from typing import IO, Literal, Protocol, TypeAlias

_READ_CHUNK = 1024 * 1024


class Readable(Protocol):
    """Anything with ``read``: files, decompressors, archive member streams."""

    def read(self, size: int = -1, /) -> bytes: ...


class ArchiveTooLarge(Exception):
    """An archive unpacked to more bytes than its budget allows."""


class DocumentTooLarge(Exception):
    """A single document is larger than the per-document limit."""


class ArchiveBudget:
    """Running total of bytes unpacked from one top-level archive, nested ones included."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0

    def consume(self, count: int) -> None:
        """Account for ``count`` more unpacked bytes; raise once past the limit."""
        self.used += count
        if self.used > self.limit:
            raise ArchiveTooLarge(
                f"it unpacks to more than {self.limit:,} bytes (the configured limit per "
                "archive), so reading stopped there; this looks like a decompression bomb"
            )


class StreamDamage:
    """What broke a decompressed stream, once it broke: recorded instead of raised, so that
    what was read before the damage is not lost with it."""

    def __init__(self) -> None:
        self.error: BaseException | None = None


class _Decompressor(Protocol):
    """What zlib, bz2 and lzma decompressor objects have in common."""

    @property
    def eof(self) -> bool: ...

    @property
    def unused_data(self) -> bytes: ...

    def decompress(self, data: bytes, max_length: int = ..., /) -> bytes: ...


CompressionKind: TypeAlias = Literal["gzip", "bzip2", "xz"]
_TRUNCATED = "Compressed file ended before the end-of-stream marker was reached"
_DECOMPRESSION_ERRORS = (zlib.error, OSError, EOFError, lzma.LZMAError, ValueError)


def _new_decompressor(kind: CompressionKind) -> _Decompressor:
    if kind == "gzip":
        return zlib.decompressobj(16 + zlib.MAX_WBITS)  # checks the CRC-32 and length too
    if kind == "bzip2":
        return bz2.BZ2Decompressor()
    return lzma.LZMADecompressor()


class Decompressing:
    """What a compressed stream (one or more concatenated members) decompresses to.

    Unlike ``gzip.GzipFile`` and friends, which raise at a truncated end or a bad checksum
    and drop what their buffer held, this delivers every byte produced before the damage,
    then ends and records the error in ``damage``. Output per read is bounded by ``size``.
    """

    def __init__(self, raw: Readable, kind: CompressionKind, damage: StreamDamage) -> None:
        self._raw = raw
        self._kind = kind
        self._damage = damage
        self._decompressor = _new_decompressor(kind)
        self._pending = b""  # compressed bytes not yet given to the decompressor
        self._done = False

    def read(self, size: int = -1, /) -> bytes:
        limit = size if size > 0 else _READ_CHUNK
        while not self._done:
            if self._decompressor.eof and not self._next_member():
                break
            data = self._next_input()
            if data is None:  # the compressed bytes ended inside a member
                self._fail(EOFError(_TRUNCATED))
                break
            try:
                out = self._decompressor.decompress(data, limit)
            except _DECOMPRESSION_ERRORS as error:
                self._fail(error)
                break
            # zlib keeps what max_length left unread apart (bz2 and lzma keep it inside).
            self._pending = getattr(self._decompressor, "unconsumed_tail", b"")
            if out:
                return out
        return b""

    def _next_member(self) -> bool:
        """After a whole member: start on the next one; False at a clean end of the stream
        (zero bytes padding the end are allowed, as gzip allows them)."""
        rest = (self._decompressor.unused_data + self._pending).lstrip(b"\0")
        while not rest:
            chunk = self._raw.read(_READ_CHUNK)
            if not chunk:
                self._done = True
                return False
            rest = chunk.lstrip(b"\0")
        self._decompressor = _new_decompressor(self._kind)
        self._pending = rest
        return True

    def _next_input(self) -> bytes | None:
        """Compressed bytes to feed next: b"" while bz2 or lzma still hold output to give,
        None when the stream has no more."""
        if self._pending:
            data, self._pending = self._pending, b""
            return data
        if not getattr(self._decompressor, "needs_input", True):
            return b""
        return self._raw.read(_READ_CHUNK) or None

    def _fail(self, error: BaseException) -> None:
        self._damage.error = error
        self._done = True


class _CountingRaw(io.RawIOBase):
    """Passes reads through, charging every byte to a budget as it is produced."""

    def __init__(self, inner: Readable, budget: ArchiveBudget) -> None:
        self._inner = inner
        self._budget = budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        data = self._inner.read(len(buffer))
        count = len(data)
        self._budget.consume(count)
        buffer[:count] = data
        return count


class _PrefixedRaw(io.RawIOBase):
    """Gives back already-read head bytes before continuing with the rest of a stream."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        if self._head:
            count = min(len(buffer), len(self._head))
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def counted(stream: Readable, budget: ArchiveBudget) -> IO[bytes]:
    """A stream reading from ``stream`` whose every byte is charged to ``budget``."""
    return io.BufferedReader(_CountingRaw(stream, budget), buffer_size=_READ_CHUNK)


def read_exactly_up_to(stream: IO[bytes], size: int) -> bytes:
    """Read ``size`` bytes, or fewer only at end of stream (some readers return short reads)."""
    parts: list[bytes] = []
    remaining = size
    while remaining > 0:
        data = stream.read(min(remaining, _READ_CHUNK))
        if not data:
            break
        parts.append(data)
        remaining -= len(data)
    return b"".join(parts)


def is_seekable(stream: IO[bytes]) -> bool:
    """Whether ``stream`` can seek (tar members in stream mode raise instead of saying no)."""
    try:
        return bool(stream.seekable())
    except (AttributeError, OSError, ValueError):
        return False


def peek(stream: IO[bytes], size: int) -> tuple[bytes, bool, IO[bytes]]:
    """Return (head, head_is_whole_stream, stream to read from the start again)."""
    if is_seekable(stream):
        position = stream.tell()
        head = read_exactly_up_to(stream, size)
        at_end = len(head) < size or not stream.read(1)
        stream.seek(position)
        return head, at_end, stream
    head = read_exactly_up_to(stream, size)
    return (
        head,
        len(head) < size,
        io.BufferedReader(_PrefixedRaw(head, stream), buffer_size=_READ_CHUNK),
    )


def read_bounded(stream: IO[bytes], limit: int) -> bytes:
    """Read a whole stream, raising DocumentTooLarge as soon as it passes ``limit`` bytes."""
    data = read_exactly_up_to(stream, limit + 1)
    if len(data) > limit:
        raise DocumentTooLarge(
            f"it is larger than {limit:,} bytes (the configured limit per document)"
        )
    return data
