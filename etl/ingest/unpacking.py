"""Turn one byte stream into documents: unpack archives in memory, split cables.csv, sniff formats.

Nothing is ever extracted to disk, so member names like ``../../etc/passwd`` cannot write
anywhere; they are landed under a sanitised name with a note. Every byte that decompression
produces is charged to the archive's budget while streaming, so header sizes are never trusted.
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import stat
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from etl.ingest.csv_records import (
    CsvRecordTooLarge,
    OpenQuote,
    is_header_record,
    iter_csv_records,
    parse_record,
)
from etl.ingest.documents import IngestLimits, InputDocument, InputItem, InputProblem
from etl.ingest.names import is_skipped_member, printable, sanitise_member_name
from etl.ingest.sniffing import (
    HEAD_BYTES,
    ContainerKind,
    container_kind,
    decompressed_name,
    document_format,
    is_cables_csv,
)
from etl.ingest.streams import (
    ArchiveBudget,
    ArchiveTooLarge,
    DocumentTooLarge,
    Readable,
    counted,
    is_seekable,
    peek,
    read_bounded,
)

#: What broken archives and compressed streams raise while being read.
DAMAGE_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    tarfile.TarError,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    OSError,  # includes gzip.BadGzipFile
    ValueError,
    NotImplementedError,  # zip compression methods Python cannot read
    RuntimeError,  # encrypted zip members
)
_ZIP_ENCRYPTED_FLAG = 0x1


@dataclass(frozen=True, slots=True)
class StreamSource:
    """A stream with the names it goes by: shown to people and used for sniffing."""

    display: str  # full source path, e.g. "a.zip!b/c.txt"
    name: str  # the last name, used for suffix checks
    note: str | None = None


def expand_stream(
    source: StreamSource,
    stream: IO[bytes],
    limits: IngestLimits,
    budget: ArchiveBudget | None,
    depth: int,
) -> Iterator[InputItem]:
    """Yield the documents (or problems) held by ``stream``, unpacking containers recursively."""
    head, head_is_whole, stream = peek(stream, HEAD_BYTES)
    kind = container_kind(head)
    if kind is None:
        yield from _expand_leaf(source, head, head_is_whole, stream, limits)
        return
    if depth >= limits.max_nesting_depth:
        yield InputProblem(
            source.display,
            f"This archive is nested more than {limits.max_nesting_depth} containers deep, "
            "so it was not opened.",
        )
        return
    if budget is not None:
        yield from _expand_container(kind, source, stream, limits, budget, depth)
        return
    outer_budget = ArchiveBudget(limits.max_archive_bytes)
    try:
        yield from _expand_container(kind, source, stream, limits, outer_budget, depth)
    except ArchiveTooLarge as error:
        yield InputProblem(source.display, f"This archive was not read completely: {error}.")


def _expand_container(
    kind: ContainerKind,
    source: StreamSource,
    stream: IO[bytes],
    limits: IngestLimits,
    budget: ArchiveBudget,
    depth: int,
) -> Iterator[InputItem]:
    if kind == "zip":
        yield from _expand_zip(source, stream, limits, budget, depth)
    elif kind == "tar":
        yield from _expand_tar(source, stream, limits, budget, depth)
    else:
        yield from _expand_compressed(kind, source, stream, limits, budget, depth)


def _expand_leaf(
    source: StreamSource, head: bytes, head_is_whole: bool, stream: IO[bytes], limits: IngestLimits
) -> Iterator[InputItem]:
    if is_cables_csv(source.name, head, head_is_whole, limits.max_document_bytes):
        yield from _expand_cables_csv(source, stream, limits)
        return
    try:
        data = read_bounded(stream, limits.max_document_bytes)
    except DocumentTooLarge as error:
        yield InputProblem(source.display, f"This file was not landed: {error}.")
        return
    yield InputDocument(source.display, data, document_format(source.name, head), source.note)


def _expand_cables_csv(
    source: StreamSource, stream: IO[bytes], limits: IngestLimits
) -> Iterator[InputItem]:
    row = 0
    first = True
    try:
        for record in iter_csv_records(stream, limits.max_document_bytes):
            if first:
                first = False
                if record.open_quote is None and is_header_record(parse_record(record.data)):
                    continue  # column names, not a cable
            row += 1
            yield InputDocument(
                f"{source.display}#row={row}",
                record.data,
                "csv-row",
                source.note,
                _open_quote_reason(row, record.open_quote),
            )
    except CsvRecordTooLarge as error:
        yield InputProblem(
            f"{source.display}#row={row + 1}", f"Reading this cables.csv stopped here: {error}."
        )


def _open_quote_reason(row: int, open_quote: OpenQuote | None) -> str | None:
    if open_quote is None:
        return None
    where = f"row {row + 1} starts" if open_quote == "next-record" else "the file ends"
    return (
        f"A quote opened in row {row} of this cables.csv is still open where {where}, so "
        f"where the fields of row {row} end is uncertain (a quote is missing or unescaped); "
        f"row {row} is kept as written but not published, and the rows after it are read "
        "as usual."
    )


def _expand_compressed(
    kind: ContainerKind,
    source: StreamSource,
    stream: IO[bytes],
    limits: IngestLimits,
    budget: ArchiveBudget,
    depth: int,
) -> Iterator[InputItem]:
    decompressor: Readable
    # Not closed explicitly: closing a decompressor only drops its reference to ``stream``,
    # which the caller owns and closes.
    if kind == "gzip":
        decompressor = gzip.GzipFile(fileobj=stream, mode="rb")
    elif kind == "bzip2":
        decompressor = bz2.BZ2File(stream, mode="rb")
    else:
        decompressor = lzma.LZMAFile(stream, mode="rb")  # noqa: SIM115
    inner_name = decompressed_name(source.name, kind)
    inner_stream = counted(decompressor, budget)
    head, _, inner_stream = peek(inner_stream, HEAD_BYTES)
    # A compressed tar is one container to a person: "a.tar.gz!member", not "a.tar.gz!a.tar!member".
    if container_kind(head) == "tar":
        inner = StreamSource(source.display, inner_name, source.note)
    else:
        inner = StreamSource(f"{source.display}!{printable(inner_name)}", inner_name, source.note)
    try:
        yield from expand_stream(inner, inner_stream, limits, budget, depth + 1)
    except DAMAGE_ERRORS as error:
        yield InputProblem(
            source.display, f"This compressed file is damaged and was read only in part: {error}."
        )


def _member_source(container: StreamSource, raw_name: str) -> StreamSource:
    safe, note = sanitise_member_name(raw_name)
    return StreamSource(
        f"{container.display}!{printable(safe)}", safe.rsplit("/", 1)[-1], note or container.note
    )


def _too_many_members(source: StreamSource, limits: IngestLimits) -> InputProblem:
    return InputProblem(
        source.display,
        f"This archive has more than {limits.max_archive_members:,} members (the configured "
        "limit); the rest were not read.",
    )


def _expand_zip(
    source: StreamSource, stream: IO[bytes], limits: IngestLimits, budget: ArchiveBudget, depth: int
) -> Iterator[InputItem]:
    if not is_seekable(stream):
        # zip keeps its index at the end, so a zip inside a compressed stream is read into memory.
        try:
            stream = io.BytesIO(read_bounded(stream, limits.max_document_bytes))
        except DocumentTooLarge as error:
            yield InputProblem(source.display, f"This nested zip archive was not opened: {error}.")
            return
    try:
        archive = zipfile.ZipFile(stream)
    except DAMAGE_ERRORS as error:
        yield InputProblem(source.display, f"This zip archive cannot be opened: {error}.")
        return
    with archive:
        members = archive.infolist()
        if len(members) > limits.max_archive_members:
            yield _too_many_members(source, limits)
            members = members[: limits.max_archive_members]
        for info in members:
            if info.is_dir() or is_skipped_member(info.filename):
                continue
            member = _member_source(source, info.filename)
            if info.flag_bits & _ZIP_ENCRYPTED_FLAG:
                yield InputProblem(
                    member.display, "This archive member is encrypted and cannot be read."
                )
                continue
            if stat.S_ISLNK(info.external_attr >> 16):
                yield InputProblem(
                    member.display,
                    "This archive member is a symbolic link; links are not followed.",
                )
                continue
            try:
                with archive.open(info) as member_stream:
                    yield from expand_stream(
                        member, counted(member_stream, budget), limits, budget, depth + 1
                    )
            except DAMAGE_ERRORS as error:
                yield InputProblem(member.display, f"This archive member is damaged: {error}.")


def _expand_tar(
    source: StreamSource, stream: IO[bytes], limits: IngestLimits, budget: ArchiveBudget, depth: int
) -> Iterator[InputItem]:
    if is_seekable(stream):
        # Tars read through a decompressor or another archive are charged there already; a
        # plain tar (file or in-memory member) is charged here.
        stream = counted(stream, budget)
    try:
        # Stream mode ("r|") reads members in order and never seeks, so it works on pipes too.
        archive = tarfile.open(fileobj=stream, mode="r|")  # noqa: SIM115 (closed by `with` below)
    except DAMAGE_ERRORS as error:
        yield InputProblem(source.display, f"This tar archive cannot be opened: {error}.")
        return
    seen = 0
    try:
        with archive:
            for info in archive:
                seen += 1
                if seen > limits.max_archive_members:
                    yield _too_many_members(source, limits)
                    return
                if info.isdir() or is_skipped_member(info.name):
                    continue
                member = _member_source(source, info.name)
                if info.issym() or info.islnk():
                    yield InputProblem(
                        member.display, "This archive member is a link; links are not followed."
                    )
                    continue
                if not info.isreg():
                    yield InputProblem(member.display, "This archive member is not a regular file.")
                    continue
                member_stream = archive.extractfile(info)
                if member_stream is None:
                    continue
                try:
                    yield from expand_stream(member, member_stream, limits, budget, depth + 1)
                except DAMAGE_ERRORS as error:
                    yield InputProblem(member.display, f"This archive member is damaged: {error}.")
                    return
    except DAMAGE_ERRORS as error:
        yield InputProblem(
            source.display, f"This tar archive is damaged after {seen} members: {error}."
        )
