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
    found_anything: bool = False


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


def read_header(lines: list[str]) -> Header:
    """Consume header lines from the start of ``lines``; stop at the body."""
    header = Header()
    address_kind: str | None = None
    index = 0
    total = len(lines)
    while index < total:
        line = lines[index].strip()
        if not line:
            address_kind = None  # address lists never continue across a blank line
            index += 1
            continue
        first = line[0]
        upper = line.upper()
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
        elif line.startswith("FM "):
            header.sender = line[3:].strip()
            address_kind = None
        elif line.startswith("TO ") or upper.startswith("INFO "):
            tokens = line.split()
            if upper.startswith("INFO") and _is_office_list(tokens[1:]):
                address_kind = None
            else:
                address_kind = "to" if line.startswith("TO ") else "info"
                if _add_address(header, line[len(tokens[0]) :].strip(), address_kind):
                    index += 1
                    break
        elif _PAGE_LINE.match(line) or line.startswith("ACTION "):
            header.is_partial_extract = header.is_partial_extract or line.startswith("PAGE")
        elif _is_office_list(line.split()) or _DASHED_DTG.match(line):
            pass
        elif _BARE_DTG.match(line):
            header.created_at = header.created_at or find_dtg(line)
        elif (long_date := parse_long_date(line)) is not None:
            header.created_at = header.created_at or long_date
        elif line in ("BT", "NNNN"):
            pass
        else:
            parsed = parse_classification_line(line)
            if parsed is not None and parsed.is_complete:
                header.classification_line = parsed
                header.body_start = index
                header.found_anything = True
                return header
            if parsed is not None:
                header.banner = header.banner or parsed
            elif address_kind is not None:
                if _add_address(header, line, address_kind):
                    index += 1
                    break
            elif not all(_ROUTING_INDICATOR.match(token) for token in line.split()):
                break  # not a wrapped routing line either: the body starts here
        header.found_anything = True
        index += 1
    header.body_start = index
    return header


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
    glued = _split_glued(text)
    body_started = False
    if glued is not None:
        text, header.classification_line, header.glued_remainder = glued
        body_started = True
    recipient = parse_recipient(text, kind, len(header.recipients) + 1)
    if recipient is not None:
        header.recipients.append(recipient)
    return body_started
