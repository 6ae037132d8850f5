"""Typed records produced by the parsing core.

These dataclasses are the contract between the layers: the parser fills them from text, the
entity extractor reads their paragraphs, the warehouse layer maps them onto tables. They hold
plain Python values only (no I/O handles, no ORM objects) so they pickle cheaply between
worker processes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

#: Bump when the parser's output for the same input can change; the reconcile schedule
#: re-parses every raw document whose parser_version is older than this.
#: History, newest first:
#: 16: a nationality before a national body joins it, a describing first word does not;
#:     acronyms defined as things (devices, assessments) are no bodies;
#: 14: English names of first-level subdivisions (Lower Saxony, Catalonia) are places;
#: 13: England keeps its own canonical identity (no longer folded into United Kingdom);
#: 12: a ministry's nationality stays in its canonical name;
#: 11: canonical names.
PARSER_VERSION = 17

#: Where ``ParsedCable.created_at`` comes from (the warehouse contract's vocabulary): a
#: date-time group the text states, the layout (a) metadata block, the HTML page table, a
#: cables.csv row; ``estimate`` when only ``created_estimate`` is set; ``none`` without either.
CREATED_SOURCES: tuple[str, ...] = ("dtg", "metadata", "page", "csv", "estimate", "none")


@dataclass(frozen=True, slots=True)
class SourceHints:
    """Metadata a container gives alongside the cable text (HTML page table, cables.csv row,
    layout (a) metadata block). When present these values are authoritative for their fields."""

    cable_id: str | None = None
    created_at: datetime | None = None
    released_at: datetime | None = None
    classification: str | None = None
    origin: str | None = None
    subject: str | None = None
    #: Which container stated ``created_at`` (``metadata``, ``page`` or ``csv``); None
    #: when the container gives no date.
    created_source: str | None = None


@dataclass(frozen=True, slots=True)
class Recipient:
    """One addressee from the TO or INFO list of the transmission header."""

    kind: str  # "to" or "info"
    position: int  # 1-based order within the cable (TO and INFO numbered together)
    name: str  # as written, e.g. "SECSTATE WASHDC"
    routing_indicator: str | None = None  # e.g. "RUEHC"
    precedence: str | None = None  # e.g. "IMMEDIATE"
    serial: str | None = None  # message serial as written, e.g. "6838"


@dataclass(frozen=True, slots=True)
class Reference:
    """One item of the REF: block."""

    position: int  # 1-based order within the cable
    raw: str  # the text of the item as written, e.g. "A. SECSTATE 85578"
    label: str | None = None  # "A", "B", ... when lettered
    cited_id: str | None = None  # canonical cable id, e.g. "06STATE85578"; None for non-cables
    kind: str = "cable"  # "cable", "email", "telcon", "memcon", "other", ...


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One paragraph of the body, text rejoined across wraps and page breaks."""

    position: int  # 1-based order within the cable
    text: str
    number_label: str | None = None  # "1", "2a", ... as numbered in the cable
    marking: str | None = None  # "SBU", "C", "S/NF", "U", ...
    heading: str | None = None  # section heading this paragraph falls under
    is_summary: bool = False
    is_comment: bool = False


@dataclass(frozen=True, slots=True)
class Mention:
    """One entity mention found in a cable."""

    kind: str  # "PERSON", "ORGANIZATION" or "LOCATION"
    name: str  # the fullest form of the entity this cable writes
    surface: str  # the text as it appears
    paragraph_position: int  # 0 for the subject, else Paragraph.position
    start: int  # character offset of the surface text within the paragraph (or subject)
    end: int
    #: The identity across cables (`United States` for `U.S.`, expansions of acronyms,
    #: people in one letter case); ``name`` is what this cable writes.
    canonical: str = ""


@dataclass(slots=True)
class ParsedCable:
    """Everything read from one cable. Fields the text does not give stay None/empty; what
    looked wrong is listed in ``problems`` (human-readable sentences)."""

    #: The id the release filed the cable under where the input gives it (container, or a
    #: file named by such an id), kept as the release wrote it; else derived from the text.
    cable_id: str | None = None
    #: The id the text itself gives, only when it differs from ``cable_id``.
    text_cable_id: str | None = None
    #: UTC; only a date the input states (see ``created_source``), never a guess.
    created_at: datetime | None = None
    created_source: str = "none"  # one of CREATED_SOURCES
    #: Only when ``created_at`` is None: a date inferred from partial evidence.
    created_estimate: datetime | None = None
    #: Only when the DTG and the container's created date disagree by more than a day: the
    #: container's date (``created_at`` keeps the DTG).
    container_created_at: datetime | None = None
    released_at: datetime | None = None
    classification: str | None = None  # release vocabulary, e.g. "CONFIDENTIAL//NOFORN"
    origin: str | None = None  # release vocabulary, e.g. "Embassy Phnom Penh"
    subject: str = ""
    body: str = ""  # the telegram body, page-break lines removed, wrapping kept
    precedence: str | None = None  # "FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE"
    transmission_id: str | None = None  # e.g. "VZCZCXRO6287"
    origin_routing_indicator: str | None = None  # e.g. "RUEHPF" from the DE line
    station_serial: str | None = None  # e.g. "0534" from the DE line
    caveats: list[str] = field(default_factory=list)  # SIPDIS, SENSITIVE, NOFORN, ...
    declassification: str | None = None  # the E.O. line as written
    declassify_on: date | None = None
    classified_by: str | None = None
    signer: str | None = None
    summary: str | None = None
    comment: str | None = None
    section_count: int | None = None
    is_partial_extract: bool = False
    is_metadata_only: bool = False  # layout (a) block with no telegram text
    redaction_count: int = 0
    tags: list[str] = field(default_factory=list)
    recipients: list[Recipient] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)  # filled by etl.entities
    problems: list[str] = field(default_factory=list)
    parser_version: int = PARSER_VERSION


class CableParseError(ValueError):
    """Raised when a text is not a cable at all (nothing could be read). The message is a
    sentence an operator understands; it becomes the reject reason."""
