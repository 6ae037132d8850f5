"""Release records embedded inside a cable text file.

Some renderings carry a whole cables.csv record instead of (or after) the telegram: a
tab-separated row with ``\\``-escaped line ends, a comma-separated CSV record, a ``key: value``
dump (``refid: 02BOGOTA3281``), or a ``Cable dated:2006-06-08T06:52:00`` line with the body
glued onto it. The record's columns become :class:`SourceHints`; its header and content become
the text to parse.
"""

from __future__ import annotations

import csv
import re

from etl.parsing.formats import Unwrapped, extract_tab_row, parse_release_date, release_hints
from etl.parsing.records import SourceHints
from etl.parsing.release_csv import read_record

#: ``19205,7/29/2004 5:59,04THEHAGUE1903,"Embassy The Hague",UNCLASSIFIED,...`` at a line start.
_CSV_RECORD = re.compile(
    r'^"?\d{1,7}"?,"?(\d{1,2}/\d{1,2}/\d{4} \d{1,2}:\d{2}|\d{4}-\d{2}-\d{2}[ \d:]*)"?,'
    r'"?(\d{2,4}[A-Z][A-Z0-9]*\d)"?,',
    re.M,
)
#: The record's columns one per line: row id, date, refid, origin, classification, and the
#: references column when it is not empty (``06MEXICO251|06MEXICO255``), which the header
#: then follows.
_LINE_RECORD = re.compile(
    r"\n\d{1,7}\n(\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?)\n\n?"
    r"(\d{2,4}[A-Z][A-Z0-9]*\d)\n\n?([A-Za-z][^\n]{1,60})\n\n?([A-Z][A-Z/ ]{4,40})\n"
    r"(?:\d{2,4}[A-Z][A-Z0-9]*\d(?:\|\d{2,4}[A-Z][A-Z0-9]*\d)*\n)?",
)
#: The DE line of a transmission header before a record, and a reference id's serial.
_ENVELOPE_SERIAL = re.compile(r"^DE\s+[A-Z0-9]{4,8}\s+#\s?(\d{1,6})\b", re.M)
_ID_SERIAL = re.compile(r"(\d{1,6})$")
_KEY_VALUE_ID = re.compile(r"^refid: *(\d{2,4}[A-Z][A-Z0-9]*\d) *$", re.M)
_KEY_VALUE = re.compile(r"^(id|date|refid|origin|classification|destination): *(.*?) *$")
_CABLE_DATED = re.compile(r"^Cable dated: ?(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?", re.M)
#: Where the glued fields after ``Cable dated:`` begin; a newline is put back before each.
_GLUED_FIELD = re.compile(
    r"(?<=\S)(?=S E C R E T|C O N F I D E N T I A L|UNCLAS\b|SECRET\b|CONFIDENTIAL\b|SIPDIS|"
    r"NOFORN|SENSITIVE|E\.O\.|EO 1|TAGS|SUBJECT|REF|Classified By|CLASSIFIED BY)"
)


def _csv_record(text: str) -> Unwrapped | None:
    match = _CSV_RECORD.search(text)
    if match is None:
        return None
    try:
        # The release dialect resolves its backslash escapes (\", \ + line end).
        row = read_record(text[match.start() :])
    except csv.Error:
        return None
    if len(row) < 8:
        return None
    _row_id, created, ref_id, origin, classification, _references, header, content = row[:8]
    body = header.rstrip() + "\n\n" + content
    return Unwrapped(text=body, hints=release_hints(ref_id, created, origin, classification))


def _key_value_record(text: str) -> Unwrapped | None:
    found_id = _KEY_VALUE_ID.search(text)
    if found_id is None:
        return None
    if _quoted_under_envelope(text[: found_id.start()], found_id.group(1)):
        return None
    lines = text.split("\n")
    values: dict[str, str] = {}
    body = text
    for index, line in enumerate(lines):
        found = _KEY_VALUE.match(line)
        if found is not None:
            values.setdefault(found.group(1), found.group(2))
        elif line.strip() == "header:" and "refid" in values:
            body = "\n".join(lines[index + 1 :])
            break
    hints = release_hints(
        values.get("refid", ""),
        values.get("date", ""),
        values.get("origin", ""),
        values.get("classification", ""),
    )
    return Unwrapped(text=body, hints=hints)


def _quoted_under_envelope(before: str, ref_id: str) -> bool:
    """Whether the record follows a transmission header (``DE RUEHAC #0595``) of another
    serial: then the record is a cable quoted in this one, and the envelope is the cable."""
    envelope = _ENVELOPE_SERIAL.search(before)
    record = _ID_SERIAL.search(ref_id)
    if envelope is None or record is None:
        return False
    return int(envelope.group(1)) != int(record.group(1))


def _line_record(text: str) -> Unwrapped | None:
    # The pattern starts with a literal newline so the regex engine can skip between lines.
    match = _LINE_RECORD.search("\n" + text)
    if match is None:
        return None
    created, ref_id, origin, classification = match.groups()
    return Unwrapped(
        text=text[match.end() - 1 :], hints=release_hints(ref_id, created, origin, classification)
    )


def _cable_dated(text: str) -> Unwrapped | None:
    match = _CABLE_DATED.search(text)
    if match is None:
        return None
    line_end = text.find("\n", match.end())
    line_end = len(text) if line_end < 0 else line_end
    glued = _GLUED_FIELD.sub("\n", text[match.end() : line_end])
    unglued = text[: match.start()] + glued + text[line_end:]
    created = parse_release_date(f"{match.group(1)} {match.group(2)}")
    hints = SourceHints(created_at=created, created_source="csv" if created else None)
    return Unwrapped(text=unglued, hints=hints)


def find_embedded_record(text: str) -> Unwrapped | None:
    """The first embedded release record of a known form, as text + hints; None if absent."""
    if "\t" in text and (row := extract_tab_row(text)) is not None:
        return row
    if "refid: " in text and (record := _key_value_record(text)) is not None:
        return record
    if "Cable dated:" in text and (dated := _cable_dated(text)) is not None:
        return dated
    if _has_csv_classification_column(text) and (record := _csv_record(text)) is not None:
        return record
    return _line_record(text)


def _has_csv_classification_column(text: str) -> bool:
    """Cheap test for a comma-separated record: its classification column follows a comma."""
    return ",UNCLASSIFIED" in text or ",CONFIDENTIAL" in text or ",SECRET" in text
