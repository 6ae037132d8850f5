"""Which value a cable keeps when its container, its header and its text disagree.

Evidence comes in three layers:

* the container: the HTML page table, a cables.csv row (also one embedded in a text file), the
  layout (a) metadata block, and the name the document arrived under (``source_name``);
* the header: the date-time group (DTG), the FM and DE lines;
* the text: the classification line, the front matter, a DTG stated outside the header lines
  (behind a mail banner, on a relay line), partial evidence for an estimate.

The rules, highest first:

* **id**: the container's id, else the id the document is named by (both are the id the release
  filed the cable under, kept as written), else the id derived from the text. The text's id is
  derived whenever the text allows; when it differs from the kept id it goes to
  ``text_cable_id``.
* **created**: the DTG the text states (the cable's own time; the containers' minutes are
  unreliable); else the container's created date; else nothing, with an estimate apart
  (``date_inference``). A container date more than a day from the DTG is kept in
  ``container_created_at`` so the quality stage can flag it.
* **classification, origin**: the container's value, else the text's.
* **subject**: the text's full SUBJECT; the container's listing title only when the text has
  none or disagrees (the title is often just the first wrapped line).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from etl.parsing.classification_line import ClassificationLine
from etl.parsing.date_inference import infer_created
from etl.parsing.dates import expand_year
from etl.parsing.header import Header
from etl.parsing.records import SourceHints
from etl.parsing.source_name import NameHint, split_reference_id
from etl.parsing.vocabulary import (
    origin_from_sender,
    origin_from_station,
    station_token,
    station_token_from_sender,
)

_DEFAULT_DECLASSIFICATION_YEARS = 10
_FIRST_GUESSABLE_YEAR = 1995  # E.O. 12958 (ten-year default) dates from 1995
_LAST_RELEASE_YEAR = 2010
#: DTG and container dates further apart than this many days are a disagreement.
_DATE_TOLERANCE_DAYS = 1
_NON_WORD = re.compile(r"[^A-Z0-9]+")
_CONTAINER_NAMES = {
    "page": "page table's created date",
    "csv": "cables.csv row's date",
    "metadata": "metadata block's date",
}


@dataclass(frozen=True, slots=True)
class ContainerEvidence:
    """What the container and the document's name say."""

    hints: SourceHints | None = None
    name: NameHint = field(default_factory=NameHint)


@dataclass(frozen=True, slots=True)
class TextEvidence:
    """What the cable's text says (the header lines are in :class:`Header`)."""

    text: str = ""  # the cable text, for the estimate's evidence
    line: ClassificationLine | None = None
    classification: str | None = None
    subject: str | None = None  # None when the text has no SUBJECT line
    declassify_on: date | None = None
    dtg: datetime | None = None  # a DTG stated outside the header lines that were read
    #: The classification line belongs to a cable quoted under the envelope: it lends no id.
    line_is_quoted: bool = False


@dataclass(frozen=True, slots=True)
class CreatedDate:
    """The creation fields of :class:`ParsedCable` (see ``records``)."""

    created_at: datetime | None = None
    created_source: str = "none"
    created_estimate: datetime | None = None
    container_created_at: datetime | None = None


@dataclass(slots=True)
class Resolved:
    """The values kept, and sentences saying what disagreed or was inferred."""

    cable_id: str | None
    text_cable_id: str | None
    created: CreatedDate
    classification: str | None
    origin: str | None
    subject: str
    problems: list[str]


def resolve_fields(container: ContainerEvidence, header: Header, text: TextEvidence) -> Resolved:
    """Apply the module's rules to the three layers of evidence."""
    problems: list[str] = []
    hints = container.hints
    created = resolve_created(header.created_at or text.dtg, hints, problems)
    cable_id, text_cable_id = resolve_id(container, header, text, created.created_at, problems)
    if created.created_at is None:
        created = estimate_created(text, cable_id, container.name, problems)
    classification = (hints.classification if hints else None) or text.classification
    if classification is None:
        problems.append("No classification line was found.")
    origin = (hints.origin if hints else None) or text_origin(header, text.line)
    if origin is None:
        problems.append("The originating post could not be determined (no FM line).")
    return Resolved(
        cable_id=cable_id,
        text_cable_id=text_cable_id,
        created=created,
        classification=classification,
        origin=origin,
        subject=resolve_subject(text.subject, hints.subject if hints else None),
        problems=problems,
    )


def resolve_created(
    dtg: datetime | None, hints: SourceHints | None, problems: list[str]
) -> CreatedDate:
    """The stated creation time: the DTG, else the container's date (no estimate here)."""
    stated = hints.created_at if hints is not None else None
    source = (hints.created_source if hints is not None else None) or "csv"
    if dtg is None:
        if stated is None:
            return CreatedDate()
        return CreatedDate(created_at=stated, created_source=source)
    if stated is None or abs((dtg.date() - stated.date()).days) <= _DATE_TOLERANCE_DAYS:
        return CreatedDate(created_at=dtg, created_source="dtg")
    problems.append(
        f"The date-time group ({dtg:%Y-%m-%d}) and the {_CONTAINER_NAMES.get(source, source)} "
        f"({stated:%Y-%m-%d}) are {abs((dtg.date() - stated.date()).days)} days apart; "
        "the date-time group is kept."
    )
    return CreatedDate(created_at=dtg, created_source="dtg", container_created_at=stated)


def resolve_subject(written: str | None, given: str | None) -> str:
    """The full SUBJECT of the text; a container's listing title only when the text has none
    or disagrees."""
    written = written or ""
    if not given:
        return written
    if written and _normalised(written).startswith(_normalised(given)):
        return written
    return given


def text_origin(header: Header, line: ClassificationLine | None) -> str | None:
    """The release origin the text gives: the FM line, else the classification line's station."""
    origin = origin_from_sender(header.sender) if header.sender else None
    if origin is None and line is not None and line.station is not None:
        origin = origin_from_station(line.station)
    return origin


def resolve_id(
    container: ContainerEvidence,
    header: Header,
    text: TextEvidence,
    created: datetime | None,
    problems: list[str],
) -> tuple[str | None, str | None]:
    """(``cable_id``, ``text_cable_id``): the release's id where the input gives it, and the
    text's own id only when it differs."""
    given = container.hints.cable_id if container.hints else None
    where = "container"
    if given is None and container.name.cable_id is not None:
        given, where = container.name.cable_id, "file name"
    if given is not None:
        given_parts = split_reference_id(given)
        year = created.year if created else (given_parts[0] if given_parts else None)
        derived = derive_text_id(year, _id_line(text), header)
        if derived is None or same_id(derived, given):
            return given, None
        problems.append(
            f"The text gives the reference id {derived}, the {where} {given}; "
            f"the {where}'s id is kept."
        )
        return given, derived
    year = created.year if created else None
    guessed = False
    if year is None and text.declassify_on is not None:
        year = _year_from_declassification(text.declassify_on)
        guessed = year is not None
    derived = derive_text_id(year, _id_line(text), header)
    if derived is None:
        missing = _missing_id_parts(year, _id_line(text), header)
        problems.append(f"The reference id could not be derived: no {' or '.join(missing)} found.")
    elif guessed:
        problems.append(
            f"The reference id's year ({year}) is inferred from the declassification date."
        )
    return derived, None


def _id_line(text: TextEvidence) -> ClassificationLine | None:
    """The classification line the id may come from: none when it is a quoted cable's."""
    return None if text.line_is_quoted else text.line


def _year_from_declassification(declassify_on: date) -> int | None:
    """E.O. 12958 set declassification ten years after creation by default. Outside the span
    where that default applied the guess is more often wrong than right: no year then."""
    guess = declassify_on.year - _DEFAULT_DECLASSIFICATION_YEARS
    return guess if _FIRST_GUESSABLE_YEAR <= guess <= _LAST_RELEASE_YEAR else None


def _station_and_serial(
    line: ClassificationLine | None, header: Header
) -> tuple[str | None, str | None]:
    """The id's station token and serial: the classification line's, unless the envelope (FM
    + DE line) names another station and serial (a body pasted under another envelope)."""
    station = serial = None
    if line is not None and line.station is not None:
        station = station_token(line.id_station)
        if "EFTO" in line.caveats:
            station = "EFTO" + station  # the release's ids keep the caption: 08EFTOLONDON2883
        serial = line.serial
    sender_station = station_token_from_sender(header.sender) if header.sender else None
    if (
        sender_station is not None
        and header.station_serial is not None
        and (
            station is None
            or (station != sender_station and int(serial or 0) != int(header.station_serial))
        )
    ):
        return sender_station, header.station_serial
    return station or sender_station, serial or header.station_serial


def derive_text_id(year: int | None, line: ClassificationLine | None, header: Header) -> str | None:
    """The reference id the text gives: year + station token + serial without zero padding."""
    station, serial = _station_and_serial(line, header)
    if year is None or station is None or serial is None:
        return None
    return f"{year % 100:02d}{station}{int(serial)}"


def _missing_id_parts(
    year: int | None, line: ClassificationLine | None, header: Header
) -> list[str]:
    station, serial = _station_and_serial(line, header)
    return [
        name
        for name, value in (("year", year), ("station", station), ("serial", serial))
        if value is None
    ]


def same_id(derived: str, given: str) -> bool:
    """Whether the text's id names the cable the given id names: the release sometimes keeps
    and sometimes drops an ``EFTO`` caption, and a redacted station (``XXXXXXXXXXXX``) hides
    the name but not the cable."""
    if derived == given:
        return True
    mine, theirs = split_reference_id(derived), split_reference_id(given)
    if mine is None or theirs is None or (mine[0], int(mine[2])) != (theirs[0], int(theirs[2])):
        return False
    station = mine[1]
    return set(station) == {"X"} or station.removeprefix("EFTO") == theirs[1].removeprefix("EFTO")


def estimate_created(
    text: TextEvidence, cable_id: str | None, name: NameHint, problems: list[str]
) -> CreatedDate:
    """No stated date: an estimate from partial evidence (see ``date_inference``), or none."""
    parts = split_reference_id(cable_id) if cable_id else None
    year = expand_year(parts[0]) if parts is not None else name.folder_year
    if name.folder_year is not None and year != name.folder_year:
        year = name.folder_year  # the release folder is the release's own creation year
    inferred = infer_created(text.text, year, name.folder_month, text.declassify_on)
    if inferred is None:
        problems.append("No date-time group or creation date was found.")
        return CreatedDate()
    problems.append(inferred.explanation)
    return CreatedDate(created_source="estimate", created_estimate=inferred.created_at)


def _normalised(text: str) -> str:
    return _NON_WORD.sub(" ", text.upper()).strip()
