"""Members of a zip archive whose central directory is missing, read from their local headers.

A zip cut short (an interrupted download or copy) loses its central directory, which sits at
the end, so ``zipfile`` cannot open it at all, although every member before the cut is intact:
each starts with a local header giving its name, sizes and CRC-32. This walks those headers
from the start, as ``unzip`` does when it repairs an archive, and stops at the first thing that
is not one. Every member is checked against its CRC-32; sizes come from the bytes produced.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from etl.ingest.streams import ArchiveBudget, read_exactly_up_to

_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")
_LOCAL_SIGNATURE = b"PK\x03\x04"
_DESCRIPTOR_SIGNATURE = b"PK\x07\x08"
_ZIP64_EXTRA = 0x0001
_ENCRYPTED, _HAS_DESCRIPTOR, _UTF8_NAME = 0x1, 0x8, 0x800
_STORED, _DEFLATED = 0, 8
_CHUNK = 1024 * 1024


@dataclass(frozen=True, slots=True)
class LocalMember:
    """A member found by its local header: its bytes, or why they cannot be read."""

    name: str
    data: bytes | None
    problem: str | None = None


class _Stop(Exception):
    """The walk cannot go on past this member (its end cannot be found)."""


def starts_with_local_header(stream: IO[bytes]) -> bool:
    """Whether ``stream`` (seekable, the archive from its first byte) opens with a local
    header."""
    stream.seek(0)
    return stream.read(len(_LOCAL_SIGNATURE)) == _LOCAL_SIGNATURE


def iter_local_members(
    stream: IO[bytes], max_member_bytes: int, budget: ArchiveBudget
) -> Iterator[LocalMember]:
    """Members in the order their local headers appear, from the start of ``stream``."""
    stream.seek(0)
    while True:
        header = read_exactly_up_to(stream, _LOCAL_HEADER.size)
        if len(header) < _LOCAL_HEADER.size or not header.startswith(_LOCAL_SIGNATURE):
            return
        fields = _LOCAL_HEADER.unpack(header)
        flags, method, crc = fields[2], fields[3], fields[6]
        raw_name = read_exactly_up_to(stream, fields[9])
        extra = read_exactly_up_to(stream, fields[10])
        name = raw_name.decode("utf-8" if flags & _UTF8_NAME else "cp437", "replace")
        packed_size = _zip64_packed_size(extra, fields[7], fields[8])
        try:
            yield _read_member(
                stream, name, flags, method, crc, packed_size, max_member_bytes, budget
            )
        except _Stop as stop:
            yield LocalMember(name, None, str(stop))
            return


def _read_member(
    stream: IO[bytes],
    name: str,
    flags: int,
    method: int,
    crc: int,
    packed_size: int,
    max_member_bytes: int,
    budget: ArchiveBudget,
) -> LocalMember:
    if flags & _HAS_DESCRIPTOR:
        # Sizes and CRC follow the data; only a deflate stream says where it ends.
        if method != _DEFLATED or flags & _ENCRYPTED:
            raise _Stop("its size is written after its data, so where it ends cannot be told")
        data = _inflate(stream, None, max_member_bytes, budget)
        crc = _read_descriptor_crc(stream)
    else:
        if flags & _ENCRYPTED or method not in (_STORED, _DEFLATED):
            _skip(stream, packed_size)
            kind = "encrypted" if flags & _ENCRYPTED else f"compressed with method {method}"
            return LocalMember(name, None, f"It is {kind}, which cannot be read.")
        if method == _STORED:
            if packed_size > max_member_bytes:
                _skip(stream, packed_size)
                return LocalMember(name, None, _too_large(max_member_bytes))
            data = read_exactly_up_to(stream, packed_size)
            if len(data) < packed_size:
                raise _Stop("the archive ends inside it (it was cut short)")
            budget.consume(len(data))
        else:
            data = _inflate(stream, packed_size, max_member_bytes, budget)
    if data is None:
        return LocalMember(name, None, _too_large(max_member_bytes))
    if zlib.crc32(data) != crc:
        return LocalMember(name, None, "Its CRC-32 does not match its bytes (it is damaged).")
    return LocalMember(name, data)


def _too_large(limit: int) -> str:
    return f"It is larger than {limit:,} bytes (the configured limit per document)."


def _inflate(
    stream: IO[bytes], packed_size: int | None, max_member_bytes: int, budget: ArchiveBudget
) -> bytes | None:
    """Inflate one raw deflate stream (``packed_size`` bytes, or up to its end marker), leaving
    ``stream`` right after it; None when it inflates past ``max_member_bytes``."""
    start = stream.tell()
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    parts: list[bytes] = []
    produced = consumed = 0
    too_large = False
    while not inflater.eof:
        want = _CHUNK if packed_size is None else min(_CHUNK, packed_size - consumed)
        chunk = stream.read(want) if want > 0 else b""
        if not chunk:
            raise _Stop("the archive ends inside it (it was cut short)")
        consumed += len(chunk)
        try:
            out = inflater.decompress(chunk)
        except zlib.error as error:
            raise _Stop(f"its compressed data is damaged ({error})") from error
        budget.consume(len(out))
        produced += len(out)
        too_large = too_large or produced > max_member_bytes
        if not too_large:
            parts.append(out)
    # The deflate stream ended inside the last chunk: go back to just after it.
    stream.seek(start + consumed - len(inflater.unused_data))
    return None if too_large else b"".join(parts)


def _read_descriptor_crc(stream: IO[bytes]) -> int:
    first = read_exactly_up_to(stream, 4)
    if first == _DESCRIPTOR_SIGNATURE:
        first = read_exactly_up_to(stream, 4)
    rest = read_exactly_up_to(stream, 8)  # sizes (zip64 descriptors are not used by streams)
    if len(first) < 4 or len(rest) < 8:
        raise _Stop("the archive ends inside it (it was cut short)")
    return int.from_bytes(first, "little")


def _skip(stream: IO[bytes], count: int) -> None:
    stream.seek(count, 1)


def _zip64_packed_size(extra: bytes, packed_size: int, size: int) -> int:
    """The compressed size, from the zip64 extra field when the header's is the 0xFFFFFFFF
    placeholder (the field lists the placeholders' values in order: size, then packed size)."""
    position = 0
    while position + 4 <= len(extra):
        tag, length = struct.unpack_from("<HH", extra, position)
        body = extra[position + 4 : position + 4 + length]
        if tag == _ZIP64_EXTRA:
            values = [int.from_bytes(body[i : i + 8], "little") for i in range(0, len(body), 8)]
            if size == 0xFFFFFFFF and values:
                values.pop(0)
            if packed_size == 0xFFFFFFFF and values:
                packed_size = values.pop(0)
        position += 4 + length
    return packed_size
