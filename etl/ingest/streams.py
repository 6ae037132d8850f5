"""Byte streams with limits: counting what decompression produces, peeking without consuming."""

from __future__ import annotations

import io
from typing import IO, Protocol

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
