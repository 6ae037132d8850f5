"""Turn one byte stream into documents: unpack archives in memory, split cables.csv, sniff formats.

Nothing is ever extracted to disk, so member names like ``../../etc/passwd`` cannot write
anywhere; they are landed under a sanitised name with a note. Every byte that decompression
produces is charged to the archive's budget while streaming, so header sizes are never trusted.
"""

from __future__ import annotations

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
    container_kind,
    decompressed_name,
    document_format,
    is_cables_csv,
)
from etl.ingest.streams import (
    ArchiveBudget,
    ArchiveTooLarge,
    CompressionKind,
    Decompressing,
    DocumentTooLarge,
    StreamDamage,
    counted,
    is_seekable,
    peek,
    read_bounded,
)
from etl.ingest.zip_salvage import iter_local_members, starts_with_local_header

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
    #: Set for what a decompressor produces: whether the compressed stream broke.
    damage: StreamDamage | None = None

    @property
    def damaged(self) -> bool:
        """Whether the stream this source is read from ended in damage (so far)."""
        return self.damage is not None and self.damage.error is not None


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
    outermost = budget is None  # the container whose budget the nested ones share
    if budget is None:
        budget = ArchiveBudget(limits.max_archive_bytes)
    try:
        if kind == "zip":
            yield from _expand_zip(source, stream, limits, budget, depth)
        elif kind == "tar":
            yield from _expand_tar(source, stream, limits, budget, depth)
        else:
            yield from _expand_compressed(kind, source, stream, limits, budget, depth)
    except ArchiveTooLarge as error:
        if not outermost:
            raise
        yield InputProblem(source.display, f"This archive was not read completely: {error}.")


def _expand_leaf(
    source: StreamSource, head: bytes, head_is_whole: bool, stream: IO[bytes], limits: IngestLimits
) -> Iterator[InputItem]:
    if is_cables_csv(source.name, head, head_is_whole, limits.max_document_bytes):
        yield from _expand_cables_csv(source, stream, limits)
        return
    try:
        data = read_bounded(stream, limits.max_document_bytes)
    except DocumentTooLarge:
        yield InputProblem(
            source.display,
            f"This is larger than {limits.max_document_bytes:,} bytes, the most one document "
            "may be, so it cannot be parsed as one.",
        )
        return
    if source.damaged:
        return  # cut short or corrupt: the damaged compressed file reports it and is kept
    yield InputDocument(source.display, data, document_format(source.name, head), source.note)


def _expand_cables_csv(
    source: StreamSource, stream: IO[bytes], limits: IngestLimits
) -> Iterator[InputItem]:
    row = 0
    first = True
    held: InputDocument | None = None  # the last record read: damage can show only after it
    try:
        for record in iter_csv_records(stream, limits.max_document_bytes):
            header = (
                first and record.open_quote is None and is_header_record(parse_record(record.data))
            )
            first = False
            if header:
                continue  # column names, not a cable
            if held is not None:
                yield held
            row += 1
            held = InputDocument(
                f"{source.display}#row={row}",
                record.data,
                "csv-row",
                source.note,
                _open_quote_reason(row, record.open_quote),
            )
    except CsvRecordTooLarge as error:
        if held is not None:
            yield held
        yield InputProblem(
            f"{source.display}#row={row + 1}", f"Reading this cables.csv stopped here: {error}."
        )
        return
    if held is not None and source.damaged:
        yield InputProblem(
            held.source_path,
            "This record was not landed: the compressed file holding this cables.csv is "
            "damaged, so its last record may be cut short.",
        )
    elif held is not None:
        yield held


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
    kind: CompressionKind,
    source: StreamSource,
    stream: IO[bytes],
    limits: IngestLimits,
    budget: ArchiveBudget,
    depth: int,
) -> Iterator[InputItem]:
    inner_name = decompressed_name(source.name, kind)
    # A broken stream ends where it breaks instead of raising: what came before it is read.
    damage = StreamDamage()
    inner_stream = counted(Decompressing(stream, kind, damage), budget)
    head, _, inner_stream = peek(inner_stream, HEAD_BYTES)
    # A compressed tar is one container to a person: "a.tar.gz!member", not "a.tar.gz!a.tar!member".
    if container_kind(head) == "tar":
        inner = StreamSource(source.display, inner_name, source.note, damage)
    else:
        display = f"{source.display}!{printable(inner_name)}"
        inner = StreamSource(display, inner_name, source.note, damage)
    try:
        yield from expand_stream(inner, inner_stream, limits, budget, depth + 1)
    except DAMAGE_ERRORS as error:
        damage.error = damage.error or error
    if damage.error is not None:
        yield InputProblem(source.display, _compressed_damage_reason(kind, damage.error))


def _compressed_damage_reason(kind: CompressionKind, error: BaseException) -> str:
    if isinstance(error, EOFError):
        what = "it ends before its end-of-stream marker (it was cut short)"
    elif "data check" in str(error) or "crc" in str(error).lower():
        what = f"its checksum does not match its content ({error})"
    else:
        what = f"its {kind} data is damaged ({error})"
    return (
        f"This compressed file is damaged: {what}. Whatever it held up to the damage was read "
        "and is listed on its own; the rest could not be read."
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
        if starts_with_local_header(stream):
            yield from _salvage_zip(source, stream, limits, budget, depth, error)
        else:
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
                    content_lost=False,
                )
                continue
            try:
                with archive.open(info) as member_stream:
                    yield from expand_stream(
                        member, counted(member_stream, budget), limits, budget, depth + 1
                    )
            except DAMAGE_ERRORS as error:
                yield InputProblem(member.display, f"This archive member is damaged: {error}.")


def _salvage_zip(
    source: StreamSource,
    stream: IO[bytes],
    limits: IngestLimits,
    budget: ArchiveBudget,
    depth: int,
    error: BaseException,
) -> Iterator[InputItem]:
    """A zip without a readable central directory: members from their local headers. Until
    one is read whole, what failed is held back: garbage after a zip signature is one
    problem, not a list of nonsense members."""
    found = 0
    held: list[InputProblem] = []
    for local in iter_local_members(stream, limits.max_document_bytes, budget):
        if local.name.endswith("/") or is_skipped_member(local.name):
            continue
        member = _member_source(source, local.name)
        if local.data is None:
            problem = InputProblem(
                member.display, f"This archive member cannot be read: {local.problem}"
            )
            if found:
                yield problem
            else:
                held.append(problem)
            continue
        found += 1
        yield from held
        held.clear()
        try:
            yield from expand_stream(member, io.BytesIO(local.data), limits, budget, depth + 1)
        except DAMAGE_ERRORS as member_error:
            yield InputProblem(member.display, f"This archive member is damaged: {member_error}.")
    if not found:
        yield InputProblem(
            source.display,
            f"This zip archive cannot be opened: {error}; no member could be read from the "
            "headers in front of its members either.",
        )
        return
    yield InputProblem(
        source.display,
        f"This zip archive has no readable index (central directory: {error}); it was "
        f"probably cut short. {found} members were read from the header in front of each "
        "one, each checked against its CRC-32.",
    )


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
                        member.display,
                        "This archive member is a link; links are not followed.",
                        content_lost=False,
                    )
                    continue
                if not info.isreg():
                    yield InputProblem(
                        member.display,
                        "This archive member is not a regular file.",
                        content_lost=False,
                    )
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
