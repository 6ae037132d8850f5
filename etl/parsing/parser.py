"""Raw cable text (or document bytes) in, :class:`ParsedCable` out. Pure: no I/O."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, datetime

from etl.parsing.classification_line import (
    ClassificationLine,
    opening_classification,
    parse_classification_line,
)
from etl.parsing.closing import count_redactions, split_signer
from etl.parsing.date_inference import infer_created
from etl.parsing.dates import expand_year, find_dtg_near_top, parse_declassify_date
from etl.parsing.decoding import decode_bytes, normalise_text
from etl.parsing.embedded import find_embedded_record
from etl.parsing.formats import unwrap
from etl.parsing.front_matter import FrontMatter, read_front_matter
from etl.parsing.header import Header, read_header
from etl.parsing.markdown import strip_markdown_artefacts
from etl.parsing.metadata_block import split_metadata_block
from etl.parsing.page_breaks import PAGE_BREAK, remove_page_breaks
from etl.parsing.paragraphs import build_paragraphs
from etl.parsing.records import CableParseError, ParsedCable, SourceHints
from etl.parsing.references import parse_references
from etl.parsing.source_name import (
    NameHint,
    hint_from_source_path,
    serials_plausibly_same,
    split_reference_id,
    stations_match,
)
from etl.parsing.vocabulary import (
    UNCLASSIFIED,
    classification_from_parts,
    origin_from_sender,
    origin_from_station,
    station_token,
    station_token_from_sender,
)

_SENSITIVE_CAPTIONS = frozenset(
    {"SENSITIVE", "SBU", "SENSITIVE BUT UNCLASSIFIED", "FOR OFFICIAL USE ONLY", "FOUO"}
)
_ZN_CLASSIFICATION = {"UUUUU": UNCLASSIFIED, "CCCCC": "CONFIDENTIAL", "SSSSS": "SECRET"}
_NON_WORD = re.compile(r"[^A-Z0-9]+")
_DEFAULT_DECLASSIFICATION_YEARS = 10
_FIRST_GUESSABLE_YEAR = 1995  # E.O. 12958 (ten-year default) dates from 1995
_LAST_RELEASE_YEAR = 2010
#: How far into the body a classification line may sit when the header did not end on it.
_CLASSIFICATION_LINE_SEARCH = 40
#: How many non-blank body lines may precede a damaged classification line.
_DAMAGED_LINE_SEARCH = 6


def _merge_hints(primary: SourceHints | None, secondary: SourceHints | None) -> SourceHints | None:
    """Field-wise: values of ``primary`` win, gaps are filled from ``secondary``."""
    if primary is None:
        return secondary
    if secondary is None:
        return primary
    filled = {
        item.name: getattr(primary, item.name)
        if getattr(primary, item.name) is not None
        else getattr(secondary, item.name)
        for item in dataclasses.fields(SourceHints)
    }
    return SourceHints(**filled)


def _normalised(text: str) -> str:
    return _NON_WORD.sub(" ", text.upper()).strip()


def _find_classification_line(lines: list[str]) -> tuple[int, ClassificationLine] | None:
    for index, line in enumerate(lines[:_CLASSIFICATION_LINE_SEARCH]):
        if line and line.lstrip()[:1] in "UCSTL":
            parsed = parse_classification_line(line)
            if parsed is not None and parsed.is_complete:
                return index, parsed
    return None


def _classification(
    header: Header, line: ClassificationLine | None, caveats: list[str], body_lines: list[str]
) -> str | None:
    base = None
    if line is not None:
        base = line.classification
    elif header.banner is not None:
        base = header.banner.classification
    elif header.zn_line is not None:
        parts = header.zn_line.split()
        base = _ZN_CLASSIFICATION.get(parts[1]) if len(parts) > 1 else None
    if base is None:
        base = _damaged_classification_line(body_lines)
    if base is None:
        return None
    return classification_from_parts(
        base,
        noforn="NOFORN" in caveats,
        sensitive=any(caveat in _SENSITIVE_CAPTIONS for caveat in caveats),
    )


def _damaged_classification_line(lines: list[str]) -> str | None:
    """Last resort: the classification word opening one of the first body lines, when the
    line is too damaged to parse (``S E C R E T CAIRO 000326FOR NEA AND HE.O. 12958...``)."""
    seen = 0
    for line in lines:
        if not line.strip() or line == PAGE_BREAK:
            continue
        if (base := opening_classification(line)) is not None:
            return base
        seen += 1
        if seen >= _DAMAGED_LINE_SEARCH:
            break
    return None


def _subject(front: FrontMatter, hints: SourceHints | None) -> str:
    """The full SUBJECT of the text; a container's listing title only when the text has none
    or disagrees (the title is often just the first wrapped line)."""
    written = front.subject or ""
    given = hints.subject if hints is not None else None
    if not given:
        return written
    if written and _normalised(written).startswith(_normalised(given)):
        return written
    return given


@dataclass(frozen=True, slots=True)
class _DerivedId:
    """A reference id read from the text, with how sure its year is."""

    cable_id: str
    year_is_guess: bool


def _derive_id(
    created: datetime | None,
    line: ClassificationLine | None,
    header: Header,
    declassify_on: date | None,
    problems: list[str],
) -> _DerivedId | None:
    """Reference id from the text: DTG year + station + serial.

    Without any date, the year is inferred from the declassification date, which E.O. 12958
    set ten years after creation by default; the guess is reported in ``problems``.
    """
    year: int | None = created.year if created is not None else None
    year_is_guess = False
    guess_note: str | None = None
    if year is None and declassify_on is not None:
        guess = declassify_on.year - _DEFAULT_DECLASSIFICATION_YEARS
        # Outside the span where the ten-year default applied, the guess is more often wrong
        # than right: leave the year unknown rather than invent a wrong id.
        if _FIRST_GUESSABLE_YEAR <= guess <= _LAST_RELEASE_YEAR:
            year = guess
            year_is_guess = True
            guess_note = (
                f"The reference id's year ({year}) is inferred from the declassification date."
            )
    station = None
    serial = None
    if line is not None and line.station is not None:
        station = station_token(line.station)
        if "EFTO" in line.caveats:
            station = "EFTO" + station  # the release's ids keep the caption: 08EFTOLONDON2883
        serial = line.serial
    sender_station = station_token_from_sender(header.sender) if header.sender else None
    # A body from another cable pasted under this envelope: the envelope (FM + DE) wins.
    if (
        sender_station is not None
        and header.station_serial is not None
        and (
            station is None
            or (station != sender_station and int(serial or 0) != int(header.station_serial))
        )
    ):
        station, serial = sender_station, header.station_serial
    if station is None:
        station = sender_station
    serial = serial or header.station_serial
    missing = [
        name
        for name, value in (("year", year), ("station", station), ("serial", serial))
        if value is None
    ]
    if missing:
        problems.append(f"The reference id could not be derived: no {' or '.join(missing)} found.")
        return None
    assert year is not None and station is not None and serial is not None
    if guess_note is not None:
        problems.append(guess_note)
    return _DerivedId(f"{year % 100:02d}{station}{int(serial)}", year_is_guess)


def _reconcile_with_name(
    derived: _DerivedId | None, name: NameHint, problems: list[str]
) -> str | None:
    """The id to keep when the file name also names one (see ``source_name``).

    The name fills a missing or incomplete id. Against a text id it wins only when both name
    the same station and the serials are the same up to one digit inserted, dropped or
    changed (a mangled classification line), or when only a guessed year differs; any other
    disagreement keeps the text, which is what the cable says.
    """
    named = name.cable_id
    if named is None:
        return derived.cable_id if derived else None
    if derived is None:
        problems.append(f"The reference id {named} is taken from the file name.")
        return named
    if derived.cable_id == named:
        return named
    parts = split_reference_id(derived.cable_id)
    if parts is not None and name.station and stations_match(parts[1], name.station):
        year, _, serial = parts
        same_serial = serial == name.serial
        if (year == name.year and serials_plausibly_same(serial, name.serial or "")) or (
            same_serial and (derived.year_is_guess or year != name.year)
        ):
            problems.append(
                f"The text gives the reference id {derived.cable_id}, the file name {named}; "
                "same station and a serial or year that looks mangled, so the name is used."
            )
            return named
    problems.append(
        f"The text gives the reference id {derived.cable_id}, the file name {named}; "
        "the text is kept."
    )
    return derived.cable_id


def parse_cable(
    text: str, hints: SourceHints | None = None, source_path: str | None = None
) -> ParsedCable:
    """Parse one cable's text. ``hints`` (container metadata) win over what the text says for
    id, released time, classification, origin and subject, and give the creation time when the
    header has no DTG (precedence in ``date_inference``); ``source_path`` (the name the
    document arrived under) is a weak hint for the id and creation month.

    Raises :class:`CableParseError` only when the text has no cable structure at all.
    """
    text = strip_markdown_artefacts(normalise_text(text))
    problems: list[str] = []
    row = find_embedded_record(text)
    if row is not None:
        text = row.text
        hints = _merge_hints(hints, row.hints)
    block = split_metadata_block(text)
    is_metadata_only = False
    if block is not None:
        hints = _merge_hints(hints, block.hints)
        text = block.rest
        is_metadata_only = not text.strip()
        if is_metadata_only:
            problems.append("The file holds only the metadata block; the telegram text is missing.")

    lines = text.split("\n")
    header = read_header(lines)
    body_lines = lines[header.body_start :]
    if header.glued_remainder is not None:
        body_lines = [header.glued_remainder, *body_lines]
    line = header.classification_line
    if line is None and (found := _find_classification_line(body_lines)) is not None:
        offset, line = found
        body_lines = body_lines[offset:]
    opener = body_lines[0].strip() if line is not None and body_lines else None
    cleaned, breaks = remove_page_breaks(
        body_lines[1:] if opener is not None else body_lines,
        station=line.station if line is not None else None,
    )
    front = read_front_matter(cleaned)
    signer, paragraph_lines = split_signer(cleaned[front.end :])
    body_paragraphs = build_paragraphs(paragraph_lines)

    has_structure = (
        block is not None
        or line is not None
        or header.is_partial_extract
        or header.created_at is not None
        or header.sender is not None
        or header.transmission_id is not None
        or front.subject is not None
        or front.has_tags_line
    )
    if not has_structure:
        raise CableParseError(
            "The text is not a cable: it has no metadata block, transmission header, "
            "classification line, TAGS line or SUBJECT line."
        )

    caveats = list(dict.fromkeys([*(line.caveats if line else ()), *front.caveats]))
    created = header.created_at
    if created is None and hints is not None:
        created = hints.created_at
    if created is None:
        created = find_dtg_near_top(text)
    classification = hints.classification if hints and hints.classification else None
    classification = classification or _classification(header, line, caveats, body_lines)
    if classification is None:
        problems.append("No classification line was found.")
    origin = hints.origin if hints and hints.origin else None
    if origin is None and header.sender:
        origin = origin_from_sender(header.sender)
    if origin is None and line is not None and line.station is not None:
        origin = origin_from_station(line.station)
    if origin is None:
        problems.append("The originating post could not be determined (no FM line).")
    declassify_on = (
        parse_declassify_date(front.declassification) if front.declassification else None
    )
    cable_id = hints.cable_id if hints and hints.cable_id else None
    name = hint_from_source_path(source_path)
    if cable_id is None:
        derived = _derive_id(created, line, header, declassify_on, problems)
        cable_id = _reconcile_with_name(derived, name, problems)
    if created is None:
        created = _infer_created(text, cable_id, name, declassify_on, problems)
    references = (
        parse_references(front.reference_block, created.year if created else None)
        if front.reference_block
        else []
    )
    body_text = "\n".join(
        part for part in ([opener] if opener else []) + cleaned if part != PAGE_BREAK
    ).strip()
    if not is_metadata_only and front.subject is None:
        problems.append("No SUBJECT line was found.")
    return ParsedCable(
        cable_id=cable_id,
        created_at=created,
        released_at=hints.released_at if hints else None,
        classification=classification,
        origin=origin,
        subject=_subject(front, hints),
        body=body_text,
        precedence=header.precedence,
        transmission_id=header.transmission_id,
        origin_routing_indicator=header.origin_routing_indicator,
        station_serial=header.station_serial or (line.serial if line else None),
        caveats=caveats,
        declassification=front.declassification,
        declassify_on=declassify_on,
        classified_by=front.classified_by,
        signer=signer,
        summary=body_paragraphs.summary,
        comment=body_paragraphs.comment,
        section_count=(line.section_total or 1) if line is not None else None,
        is_partial_extract=header.is_partial_extract,
        is_metadata_only=is_metadata_only,
        redaction_count=count_redactions(body_text),
        tags=front.tags,
        recipients=header.recipients,
        references=references,
        paragraphs=body_paragraphs.paragraphs,
        problems=problems,
    )


def _infer_created(
    text: str,
    cable_id: str | None,
    name: NameHint,
    declassify_on: date | None,
    problems: list[str],
) -> datetime | None:
    """Creation time from partial evidence (see ``date_inference``), reported in problems."""
    parts = split_reference_id(cable_id) if cable_id else None
    year = expand_year(parts[0]) if parts is not None else name.folder_year
    if name.folder_year is not None and year != name.folder_year:
        year = name.folder_year  # the release folder is the release's own creation year
    inferred = infer_created(text, year, name.folder_month, declassify_on)
    if inferred is None:
        problems.append("No date-time group or creation date was found.")
        return None
    problems.append(inferred.explanation)
    return inferred.created_at


def parse_document(data: bytes, fmt: str = "auto", source_path: str | None = None) -> ParsedCable:
    """Decode bytes, unwrap their container (``text``, ``html``, ``csv-row`` or sniffed with
    ``auto``) and parse the cable inside with the container's metadata as hints.

    ``source_path`` is where the bytes came from (file path, ``archive!member``,
    ``cables.csv#row=N``); a name that is a reference id is used as a weak hint.
    """
    unwrapped = unwrap(decode_bytes(data), fmt)
    return parse_cable(unwrapped.text, unwrapped.hints, source_path)
