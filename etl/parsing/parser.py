"""Raw cable text (or document bytes) in, :class:`ParsedCable` out. Pure: no I/O.

The steps: take the cable out of its containers (``formats``, ``embedded``, the metadata
block), read the header, the classification line, the front matter, the paragraphs and the
signer, then let ``resolution`` pick each field's value among container, header and text.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from etl.parsing.classification_line import (
    ClassificationLine,
    opening_classification,
    parse_classification_line,
)
from etl.parsing.closing import count_redactions, split_signer
from etl.parsing.dates import find_dtg_near_top, find_relay_dtg, parse_declassify_date
from etl.parsing.decoding import decode_bytes, normalise_text
from etl.parsing.embedded import find_embedded_record
from etl.parsing.formats import unwrap
from etl.parsing.front_matter import FrontMatter, read_front_matter, starts_subject_or_tags
from etl.parsing.header import (
    Header,
    quotes_another_cable,
    read_header,
    wrapped_header_start,
)
from etl.parsing.markdown import strip_markdown_artefacts
from etl.parsing.metadata_block import split_metadata_block
from etl.parsing.page_breaks import PAGE_BREAK, remove_page_breaks
from etl.parsing.paragraphs import BodyParagraphs, build_paragraphs
from etl.parsing.records import CableParseError, ParsedCable, SourceHints
from etl.parsing.references import parse_references
from etl.parsing.resolution import ContainerEvidence, Resolved, TextEvidence, resolve_fields
from etl.parsing.source_name import hint_from_source_path
from etl.parsing.vocabulary import (
    UNCLASSIFIED,
    classification_from_parts,
    station_words_from_sender,
)

_SENSITIVE_CAPTIONS = frozenset(
    {"SENSITIVE", "SBU", "SENSITIVE BUT UNCLASSIFIED", "FOR OFFICIAL USE ONLY", "FOUO"}
)
_ZN_CLASSIFICATION = {"UUUUU": UNCLASSIFIED, "CCCCC": "CONFIDENTIAL", "SSSSS": "SECRET"}
#: How far into the body a classification line may sit when the header did not end on it.
_CLASSIFICATION_LINE_SEARCH = 40
_PARTIAL_NOTICE = "partial extract of the original cable"
#: The notice opens the document: it is looked for in its first characters only.
_NOTICE_SEARCH = 400
#: How many non-blank body lines may precede a damaged classification line.
_DAMAGED_LINE_SEARCH = 6


@dataclass(frozen=True, slots=True)
class _Unwrapped:
    """The cable text once embedded records and the metadata block are taken off."""

    text: str
    hints: SourceHints | None
    has_block: bool
    is_metadata_only: bool
    #: The release's partial-extract notice opened the document above an embedded record.
    notice_above: bool = False


@dataclass(frozen=True, slots=True)
class _Body:
    """Everything read below the header."""

    line: ClassificationLine | None
    opener: str | None  # the classification line as written
    lines: list[str]  # the body lines after the opener, breaks marked with PAGE_BREAK
    front: FrontMatter
    signer: str | None
    paragraphs: BodyParagraphs
    caveats: list[str]
    classification: str | None  # what the text gives
    declassify_on: date | None
    line_is_quoted: bool = False  # the line is a quoted cable's (see ``quotes_another_cable``)


def _opens_with_wrapped_notice(text: str) -> bool:
    """The partial-extract notice wrapped over lines at the top (``This`` / ``record is a
    partial extract of the ...``), which the line-by-line header reader does not see."""
    return _PARTIAL_NOTICE in " ".join(text[:_NOTICE_SEARCH].split()).lower()


def _merge_hints(primary: SourceHints | None, secondary: SourceHints | None) -> SourceHints | None:
    """Field-wise: values of ``primary`` win, gaps are filled from ``secondary``; a created
    date travels with the name of the container that stated it."""
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
    dated = primary if primary.created_at is not None else secondary
    filled["created_at"], filled["created_source"] = dated.created_at, dated.created_source
    return SourceHints(**filled)


def _unwrap_records(text: str, hints: SourceHints | None) -> _Unwrapped:
    """Take an embedded release record and a layout (a) metadata block off the text."""
    row = find_embedded_record(text)
    notice_above = False
    if row is not None:
        notice_above = _PARTIAL_NOTICE in text[:_NOTICE_SEARCH] and _PARTIAL_NOTICE not in row.text
        text = row.text
        hints = _merge_hints(hints, row.hints)
    block = split_metadata_block(text)
    if block is None:
        return _Unwrapped(text, hints, False, False, notice_above)
    return _Unwrapped(
        block.rest,
        _merge_hints(hints, block.hints),
        has_block=True,
        is_metadata_only=not block.rest.strip(),
        notice_above=notice_above,
    )


def _find_classification_line(
    lines: list[str], header_opening: str | None = None
) -> tuple[int, ClassificationLine] | None:
    """The first complete classification line near the top. Some renderings repeat the
    whole transmission header below it; the search window then starts at the repetition."""
    start = 0
    if header_opening:
        for index, line in enumerate(lines[:_CLASSIFICATION_LINE_SEARCH]):
            if line.strip() == header_opening:
                start = index
    for index, line in enumerate(lines[start : start + _CLASSIFICATION_LINE_SEARCH], start):
        if line and line.lstrip()[:1] in "UCSTL":
            parsed = parse_classification_line(line)
            if parsed is not None and parsed.is_complete:
                return index, parsed
    return None


def _text_classification(
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


def _read_body(lines: list[str], header: Header) -> _Body:
    """Classification line, front matter, paragraphs and signer of the lines below the header."""
    body_lines = lines[header.body_start :]
    if header.glued_remainder is not None:
        body_lines = [header.glued_remainder, *body_lines]
    line = header.classification_line
    above: list[str] = []
    opening = next((text.strip() for text in lines[: header.body_start] if text.strip()), None)
    if line is None and (found := _find_classification_line(body_lines, opening)) is not None:
        offset, line = found
        above, body_lines = body_lines[:offset], body_lines[offset:]
    opener = body_lines[0].strip() if line is not None and body_lines else None
    # Without a classification line the FM line names the station that break headers print.
    station = line.station if line is not None else None
    if station is None and header.sender is not None:
        station = station_words_from_sender(header.sender)
    below = body_lines[1:] if opener is not None else body_lines
    if line is not None and line.remainder is not None:
        below = [line.remainder, *below]
    cleaned, _breaks = remove_page_breaks(below, station=station)
    front = read_front_matter(cleaned)
    if above and (front.subject is None or not front.has_tags_line):
        _fill_from_above(front, above)
    signer, paragraph_lines = split_signer(cleaned[front.end :])
    caveats = list(dict.fromkeys([*(line.caveats if line else ()), *front.caveats]))
    return _Body(
        line=line,
        opener=opener,
        lines=cleaned,
        front=front,
        signer=signer,
        paragraphs=build_paragraphs(paragraph_lines),
        caveats=caveats,
        classification=_text_classification(header, line, caveats, body_lines),
        declassify_on=(
            parse_declassify_date(front.declassification) if front.declassification else None
        ),
        line_is_quoted=bool(above)
        and quotes_another_cable(above, header, line.serial if line is not None else None),
    )


def _fill_from_above(front: FrontMatter, above: list[str]) -> None:
    """TAGS/SUBJECT printed between the header and the classification line (renderings that
    put them there): they fill what the front matter below the line lacks."""
    start = next((i for i, text in enumerate(above) if starts_subject_or_tags(text)), None)
    if start is None:
        return
    found = read_front_matter(above[start:])
    if front.subject is None and found.subject is not None:
        front.subject, front.subject_marking = found.subject, found.subject_marking
    if not front.has_tags_line and found.has_tags_line:
        front.tags, front.has_tags_line = found.tags, True
    if front.reference_block is None:
        front.reference_block = found.reference_block


def _require_structure(unwrapped: _Unwrapped, header: Header, body: _Body) -> None:
    has_structure = (
        unwrapped.has_block
        or body.line is not None
        or header.is_partial_extract
        or unwrapped.notice_above
        or header.created_at is not None
        or header.sender is not None
        or header.transmission_id is not None
        or body.front.subject is not None
        or body.front.has_tags_line
    )
    if not has_structure:
        raise CableParseError(
            "The text is not a cable: it has no metadata block, transmission header, "
            "classification line, TAGS line or SUBJECT line."
        )


def parse_cable(
    text: str, hints: SourceHints | None = None, source_path: str | None = None
) -> ParsedCable:
    """Parse one cable's text. ``hints`` (container metadata) and ``source_path`` (the name the
    document arrived under) are evidence next to the text's; ``resolution`` decides which
    value each field keeps.

    Raises :class:`CableParseError` only when the text has no cable structure at all.
    """
    unwrapped = _unwrap_records(strip_markdown_artefacts(normalise_text(text)), hints)
    lines = unwrapped.text.split("\n")
    header = read_header(lines)
    if (start := wrapped_header_start(lines, header)) > 0:
        lines = lines[start:]
        header = read_header(lines)
    body = _read_body(lines, header)
    _require_structure(unwrapped, header, body)
    front = body.front
    stated_dtg = None
    if header.created_at is None:
        stated_dtg = find_dtg_near_top(unwrapped.text) or find_relay_dtg(unwrapped.text)
    resolved = resolve_fields(
        ContainerEvidence(unwrapped.hints, hint_from_source_path(source_path)),
        header,
        TextEvidence(
            text=unwrapped.text,
            line=body.line,
            classification=body.classification,
            subject=front.subject,
            declassify_on=body.declassify_on,
            dtg=stated_dtg,
            line_is_quoted=body.line_is_quoted,
        ),
    )
    problems: list[str] = []
    if unwrapped.is_metadata_only:
        problems.append("The file holds only the metadata block; the telegram text is missing.")
    problems.extend(resolved.problems)
    if not unwrapped.is_metadata_only and front.subject is None:
        problems.append("No SUBJECT line was found.")
    return _assemble(unwrapped, header, body, resolved, problems)


def _assemble(
    unwrapped: _Unwrapped, header: Header, body: _Body, resolved: Resolved, problems: list[str]
) -> ParsedCable:
    front, line, created = body.front, body.line, resolved.created
    dated = created.created_at or created.created_estimate
    reference_year = dated.year if dated is not None else None
    body_text = "\n".join(
        part for part in ([body.opener] if body.opener else []) + body.lines if part != PAGE_BREAK
    ).strip()
    hints = unwrapped.hints
    return ParsedCable(
        cable_id=resolved.cable_id,
        text_cable_id=resolved.text_cable_id,
        created_at=created.created_at,
        created_source=created.created_source,
        created_estimate=created.created_estimate,
        container_created_at=created.container_created_at,
        released_at=hints.released_at if hints else None,
        classification=resolved.classification,
        origin=resolved.origin,
        subject=resolved.subject,
        body=body_text,
        precedence=header.precedence,
        transmission_id=header.transmission_id,
        origin_routing_indicator=header.origin_routing_indicator,
        station_serial=header.station_serial or (line.serial if line else None),
        caveats=body.caveats,
        declassification=front.declassification,
        declassify_on=body.declassify_on,
        classified_by=front.classified_by,
        signer=body.signer,
        summary=body.paragraphs.summary,
        comment=body.paragraphs.comment,
        section_count=(line.section_total or 1) if line is not None else None,
        is_partial_extract=header.is_partial_extract
        or unwrapped.notice_above
        or _opens_with_wrapped_notice(unwrapped.text),
        is_metadata_only=unwrapped.is_metadata_only,
        redaction_count=count_redactions(body_text),
        tags=front.tags,
        recipients=header.recipients,
        references=(
            parse_references(front.reference_block, reference_year) if front.reference_block else []
        ),
        paragraphs=body.paragraphs.paragraphs,
        problems=problems,
    )


def parse_document(data: bytes, fmt: str = "auto", source_path: str | None = None) -> ParsedCable:
    """Decode bytes, unwrap their container (``text``, ``html``, ``csv-row`` or sniffed with
    ``auto``) and parse the cable inside with the container's metadata as hints.

    ``source_path`` is where the bytes came from (file path, ``archive!member``,
    ``cables.csv#row=N``); a name that is a release id is the cable's id.
    """
    unwrapped = unwrap(decode_bytes(data), fmt)
    return parse_cable(unwrapped.text, unwrapped.hints, source_path)
