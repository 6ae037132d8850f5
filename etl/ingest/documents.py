"""What the ingest layer hands to the landing stage: documents to land, problems to report."""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Literal, TypeAlias

InputFormat: TypeAlias = Literal["text", "html", "csv-row"]

MiB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class InputDocument:
    """One document to land verbatim.

    ``source_path`` says where it came from: a file path as given, ``archive.zip!member.txt``
    for archive members (nested archives chain the ``!``), ``cables.csv#row=12`` for the
    12th cable record of a cables.csv file. ``note`` explains anything a person should know
    about how it was read (e.g. an unsafe member name that was sanitised). ``withheld`` is set
    for bytes that are kept but must not be parsed: it says why (a damaged archive's own
    bytes, a cables.csv record whose quote runs into the next record), and the document is
    listed as a reject with that reason.
    """

    source_path: str
    data: bytes
    fmt: InputFormat
    note: str | None = None
    withheld: str | None = None


@dataclass(frozen=True, slots=True)
class InputProblem:
    """Something that was found but could not be read; ``reason`` is a sentence for a person.

    ``content_lost`` is False for things with no bytes of their own to keep (a link or a device
    inside an archive); otherwise the file holding the problem is kept whole.
    """

    source_path: str
    reason: str
    content_lost: bool = True


@dataclass(frozen=True, slots=True)
class LargeInput:
    """A file larger than a document may be (``IngestLimits.max_document_bytes``), to be kept
    whole but never parsed: landing reads ``stream`` (``size`` bytes, from its start) in
    pieces before it asks for the next item, and stores it as a withheld document with
    ``reason``."""

    source_path: str
    stream: IO[bytes]
    size: int
    reason: str


InputItem: TypeAlias = InputDocument | InputProblem | LargeInput


@dataclass(frozen=True, slots=True)
class IngestLimits:
    """Bounds that keep hostile or broken input from exhausting memory or time.

    Sizes are counted on the bytes actually produced while reading, never taken from archive
    headers, which can lie.
    """

    #: Largest single document (a file, an archive member, one cables.csv record) that is held
    #: in memory and parsed. A larger file is still landed whole (streamed) but not parsed; a
    #: larger archive member is not landed on its own, and its archive is kept whole instead.
    max_document_bytes: int = 64 * MiB
    #: Total bytes one top-level archive may unpack to, nested archives included. The release's
    #: cables.csv is ~1.7 GB and is usually shipped compressed, hence the generous default.
    max_archive_bytes: int = 2048 * MiB
    #: How many containers (archive or compression layers) may be nested inside each other.
    max_nesting_depth: int = 6
    #: Most members read from one archive (a zip of millions of empty entries is an attack too).
    max_archive_members: int = 1_000_000


@dataclass(frozen=True, slots=True)
class InputTotals:
    """What a set of paths holds, counted without reading any file: for progress bars."""

    files: int
    bytes: int
