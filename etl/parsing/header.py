"""The transmission header: everything before the body's classification line.

Reads the modern routing header (``VZCZC…``, ``DE``, DTG, ``FM``, ``TO``/``INFO``) and the older
partial-extract format (``PAGE 01 …``, ``ACTION``, office lists), line by line with anchored
patterns only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from etl.parsing.classification_line import (
    GLUED_START,
    ClassificationLine,
    parse_classification_line,
)
from etl.parsing.dates import find_dtg, parse_long_date
from etl.parsing.records import Recipient
from etl.parsing.vocabulary import PRECEDENCE_LETTERS, PRECEDENCE_WORDS

PARTIAL_EXTRACT_NOTICE = "This record is a partial extract of the original cable"

_ROUTING_INDICATOR = re.compile(r"^R[A-Z0-9]{3,6}$")
_DE_LINE = re.compile(r"^DE\s+([A-Z0-9]{4,8})\s+#\s?(\d{1,6})(?:/(\d{1,3}))?(?:\s+(\d{3,8}))?")
_DTG_LINE = re.compile(r"^([ZOPR])(?:\s+[ZOPR])?\s+\d{6}Z\s")
_PAGE_LINE = re.compile(r"^PAGE\s+\d{2,3}\s")
#: A front-matter field printed between the address list and the classification line.
_FIELD_LABEL = re.compile(r"^(?:TAGS|SUBJECT|SUBJ)\s?:", re.I)
#: How far down a wrapper (an e-mail printout) may push the transmission header.
_WRAPPED_HEADER_SEARCH = 60
_OFFICE_TOKEN = re.compile(r"^(?:[A-Z0-9]{1,8}-\d{2}|/\d{3}[A-Z]|LOG-\d{2})$")
_DASHED_DTG = re.compile(r"^-{5,}[A-Z0-9]*\s+\d{6}Z")
_BARE_DTG = re.compile(r"^\d{6}Z\s+[A-Za-z]{3}\s+\d{2,4}$")
_RECIPIENT_SERIAL = re.compile(r"^\d{1,6}$")


@dataclass(slots=True)
class Header:
    """What the header says, and where the body starts."""

    body_start: int = 0  # index of the first body line
    classification_line: ClassificationLine | None = None
    glued_remainder: str | None = None  # body text glued to the last header line
    banner: ClassificationLine | None = None  # e.g. "CONFIDENTIAL PTQ2529" of older records
    transmission_id: str | None = None
    routing_precedence: str | None = None
    origin_routing_indicator: str | None = None
    station_serial: str | None = None
    section: int | None = None
    precedence: str | None = None
    created_at: datetime | None = None
    sender: str | None = None  # the FM line as written, e.g. "AMEMBASSY PHNOM PENH"
    recipients: list[Recipient] = field(default_factory=list)
    is_partial_extract: bool = False
    zn_line: str | None = None  # "ZNR UUUUU ZZH": UUUUU unclassified, CCCCC/SSSSS classified


def _is_office_list(tokens: list[str]) -> bool:
    hits = sum(1 for token in tokens if _OFFICE_TOKEN.match(token))
    return hits >= 1 and hits * 2 >= len(tokens)


def parse_recipient(text: str, kind: str, position: int) -> Recipient | None:
    """``RUEHC/SECSTATE WASHDC IMMEDIATE 6838`` → indicator, name, precedence and serial."""
    tokens = text.split()
    if not tokens:
        return None
    routing_indicator = None
    head, slash, tail = tokens[0].partition("/")
    if slash and _ROUTING_INDICATOR.match(head):
        routing_indicator = head
        if tail:
            tokens[0] = tail
        else:
            tokens.pop(0)
    serial = None
    if len(tokens) > 1 and _RECIPIENT_SERIAL.match(tokens[-1]):
        serial = tokens.pop()
    precedence = None
    if len(tokens) > 1 and tokens[-1] in PRECEDENCE_WORDS:
        precedence = tokens.pop()
        if tokens[-1] == "NIACT" and len(tokens) > 1:
            precedence = f"NIACT {precedence}"
            tokens.pop()
    name = " ".join(tokens)
    if not name:
        return None
    return Recipient(
        kind=kind,
        position=position,
        name=name,
        routing_indicator=routing_indicator,
        precedence=precedence,
        serial=serial,
    )


def _split_glued(line: str) -> tuple[str, ClassificationLine, str] | None:
    """``…COLLECTIVE PRIORITYUNCLAS SECTION 01 OF 02 PHNOM PENH 000637`` → (head, line, text)."""
    match = GLUED_START.search(line)
    if match is None:
        return None
    parsed = parse_classification_line(line[match.start() :])
    if parsed is None or not parsed.is_complete:
        return None
    return line[: match.start()], parsed, line[match.start() :]


#: What one header line means for the reading (see ``read_header``).
_NEXT = 0  # a header line: go on
_BODY_HERE = 1  # the body starts at this line
_BODY_AFTER = 2  # the body's classification line was glued to this line
_CLASSIFICATION = 3  # this line is the body's classification line


def quotes_another_cable(lines: list[str], header: Header, serial: str | None) -> bool:
    """Whether ``lines`` (between the envelope and the classification line) hold the DE line
    of another cable whose serial is the classification line's ``serial``: the body is a
    cable quoted under this envelope, and its line names that cable, not this one."""
    if serial is None or header.station_serial is None:
        return False
    if int(serial) == int(header.station_serial):
        return False
    return any(
        (match := _DE_LINE.match(line.strip())) is not None and int(match.group(2)) == int(serial)
        for line in lines
        if line.startswith("DE ")
    )


def wrapped_header_start(lines: list[str], header: Header) -> int:
    """Where the transmission header starts when ``header`` (read from the top) found none:
    the ``VZCZC`` line under a wrapper that printed the cable (``From DB/Inbox: ... Cable
    Text:``); 0 when the top is a header or no such line follows."""
    if header.transmission_id or header.sender or header.created_at or header.is_partial_extract:
        return 0
    for index, line in enumerate(lines[:_WRAPPED_HEADER_SEARCH]):
        if line.startswith("VZCZC"):
            return index
    return 0


def read_header(lines: list[str]) -> Header:
    """Consume header lines from the start of ``lines``; stop at the body."""
    header = Header()
    address_kind: str | None = None
    for index, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            address_kind = None  # address lists never continue across a blank line
            continue
        outcome, address_kind = _read_line(header, line, address_kind)
        if outcome == _NEXT:
            continue
        header.body_start = index + 1 if outcome == _BODY_AFTER else index
        return header
    header.body_start = len(lines)
    return header


def _read_line(header: Header, line: str, address_kind: str | None) -> tuple[int, str | None]:
    """Read one non-blank header line into ``header``: (outcome, the address list it is in)."""
    if _read_routing_line(header, line):
        return _NEXT, address_kind
    if line.startswith("FM "):
        header.sender = line[3:].strip()
        return _NEXT, None
    upper = line.upper()
    if line.startswith("TO ") or upper.startswith("INFO "):
        tokens = line.split()
        if upper.startswith("INFO") and _is_office_list(tokens[1:]):
            return _NEXT, None
        kind = "to" if line.startswith("TO ") else "info"
        glued = _add_address(header, line[len(tokens[0]) :].strip(), kind)
        return (_BODY_AFTER if glued else _NEXT), kind
    if _read_relay_line(header, line):
        return _NEXT, address_kind
    parsed = parse_classification_line(line)
    if parsed is not None and parsed.is_complete:
        header.classification_line = parsed
        return _CLASSIFICATION, address_kind
    if parsed is not None:
        header.banner = header.banner or parsed
        return _NEXT, address_kind
    if address_kind is not None and _FIELD_LABEL.match(line):
        return _BODY_HERE, None  # TAGS/SUBJECT printed right under the address list
    if address_kind is not None:
        glued = _add_address(header, line, address_kind)
        return (_BODY_AFTER if glued else _NEXT), address_kind
    if all(_ROUTING_INDICATOR.match(token) for token in line.split()):
        return _NEXT, address_kind  # a wrapped routing line
    return _BODY_HERE, address_kind


def _read_routing_line(header: Header, line: str) -> bool:
    """The notice, transmission id, DE, ZN, DTG and routing lines; True when ``line`` is one."""
    first = line[0]
    if line.startswith(PARTIAL_EXTRACT_NOTICE) or line.startswith("This record is a partial"):
        header.is_partial_extract = True
    elif line.startswith("VZCZC"):
        header.transmission_id = line.split()[0]
    elif line.startswith("DE ") and (match := _DE_LINE.match(line)):
        header.origin_routing_indicator = match.group(1)
        header.station_serial = match.group(2)
        header.section = int(match.group(3)) if match.group(3) else None
    elif line.startswith(("ZNR ", "ZNY ")):
        header.zn_line = line
    elif first in "ZOPR" and _DTG_LINE.match(line):
        header.precedence = PRECEDENCE_LETTERS[line[0]]
        header.created_at = header.created_at or find_dtg(line)
    elif first in "ZOPR" and _is_routing_line(line):
        header.routing_precedence = line.split()[0]
    else:
        return False
    return True


def _read_relay_line(header: Header, line: str) -> bool:
    """PAGE, ACTION, office-list, relay-stamp and date lines of older records, BT and NNNN;
    True when ``line`` is one."""
    if _PAGE_LINE.match(line) or line.startswith("ACTION "):
        pass  # a full old record prints PAGE lines too: only the notice marks an extract
    elif _is_office_list(line.split()) or _DASHED_DTG.match(line) or line in ("BT", "NNNN"):
        pass
    elif _BARE_DTG.match(line):
        header.created_at = header.created_at or find_dtg(line)
    elif (long_date := parse_long_date(line)) is not None:
        header.created_at = header.created_at or long_date
    else:
        return False
    return True


def _is_routing_line(line: str) -> bool:
    tokens = line.split()
    return (
        len(tokens) >= 2
        and len(tokens[0]) <= 2
        and all(letter in "ZOPR" for letter in tokens[0])
        and all(_ROUTING_INDICATOR.match(token) for token in tokens[1:])
    )


def _add_address(header: Header, text: str, kind: str) -> bool:
    """Add one address line; True when the body's classification line was glued to it."""
    if _PAGE_LINE.match(text):
        return False  # a page header printed inside the address list (``INFO PAGE 02 ...``)
    glued = _split_glued(text)
    body_started = False
    if glued is not None:
        text, header.classification_line, header.glued_remainder = glued
        body_started = True
    recipient = parse_recipient(text, kind, len(header.recipients) + 1)
    if recipient is not None:
        header.recipients.append(recipient)
    return body_started
