"""Date forms found in cables: date-time groups, Ruby timestamps, declassification dates."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from etl.parsing.vocabulary import MONTHS

#: ``210959Z MAR 06`` (day, hour, minute, Z, month, year); also ``291359Z Nov 00``.
_DTG = re.compile(r"\b(\d{2})(\d{2})(\d{2})Z\s{1,3}([A-Za-z]{3,9})\s{1,3}(\d{4}|\d{2})\b")
#: ``Wednesday, 29 November 2000, 13:59`` (partial-extract records).
_LONG_DATE = re.compile(
    r"^(?:[A-Za-z]+day,\s+)?(\d{1,2})\s+([A-Za-z]{3,9})\s+(\d{4}),?\s+(\d{1,2}):(\d{2})\s*$"
)
#: ``Tue Mar 21 00:00:00 +0100 2006`` (Ruby ``Time#to_s`` in the layout (a) metadata block).
_RUBY_TIME = re.compile(
    r"^[A-Za-z]{3} ([A-Za-z]{3}) (\d{1,2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$"
)
#: ``2006-03-21 09:59`` / ``2006-03-21 09:59:00`` / ``2006-03-21``.
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?$")
#: ``DECL: 08/25/2019``, ``DECL 11/29/10``, ``DECLASSIFY ON: 1/1/2015``.
_DECLASSIFY = re.compile(
    r"\bDECL(?:ASSIFY)?(?:\s+ON)?\s*:?\s*(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})\b", re.I
)


def expand_year(year: int) -> int:
    """Two-digit cable years: the release spans 1966-2010."""
    if year >= 100:
        return year
    return 1900 + year if year >= 66 else 2000 + year


def _make(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime | None:
    try:
        return datetime(year, month, day, hour, minute, tzinfo=UTC)
    except ValueError:
        return None


def find_dtg(line: str) -> datetime | None:
    """The first date-time group in a line, as an aware UTC datetime."""
    match = _DTG.search(line)
    if match is None:
        return None
    day, hour, minute, month_name, year = match.groups()
    month = MONTHS.get(month_name.upper())
    if month is None:
        return None
    return _make(expand_year(int(year)), month, int(day), int(hour), int(minute))


def parse_long_date(line: str) -> datetime | None:
    """``Wednesday, 29 November 2000, 13:59`` → datetime (UTC)."""
    match = _LONG_DATE.match(line.strip())
    if match is None:
        return None
    day, month_name, year, hour, minute = match.groups()
    month = MONTHS.get(month_name.upper())
    if month is None:
        return None
    return _make(int(year), month, int(day), int(hour), int(minute))


def parse_ruby_time(line: str) -> datetime | None:
    """``Tue Mar 21 00:00:00 +0100 2006`` → the calendar date it names, at 00:00 UTC.

    The release wrote local midnight of the creation day; converting the offset would move
    the date to the previous day, so the written date is kept.
    """
    match = _RUBY_TIME.match(line.strip())
    if match is None:
        return None
    month = MONTHS.get(match.group(1).upper())
    if month is None:
        return None
    return _make(int(match.group(9)), month, int(match.group(2)))


def parse_iso(value: str) -> datetime | None:
    """``2006-03-21 09:59[:00]`` → aware UTC datetime."""
    match = _ISO.match(value.strip())
    if match is None:
        return None
    year, month, day, hour, minute, _ = match.groups()
    return _make(int(year), int(month), int(day), int(hour or 0), int(minute or 0))


def parse_declassify_date(line: str) -> date | None:
    """The declassification date of an E.O. line, if it gives one."""
    match = _DECLASSIFY.search(line)
    if match is None:
        return None
    month, day, year = (int(part) for part in match.groups())
    try:
        return date(expand_year(year) if year < 100 else year, month, day)
    except ValueError:
        return None


#: A line that is only a date-time group, with or without precedence: ``P 251638Z OCT 07``,
#: ``O R 291314Z DEC 08`` (action and info precedence) and ``O 160836Z AUG 08 ZFF4`` or
#: ``P 021530Z JUN 08 ZDK`` (operating signals after the group).
_DTG_ONLY_LINE = re.compile(
    r"^(?:[ZOPR]{1,2}(?:\s+[ZOPR])?\s+)?\d{6}Z\s{1,3}[A-Za-z]{3,9}\s{1,3}\d{2,4}"
    r"(?:\s+Z[A-Z]{2}\d?)*\\?$"
)
#: Header lines sit at the top; deeper DTGs belong to quoted or referenced cables.
_HEADER_SEARCH_LINES = 80


def find_dtg_near_top(text: str) -> datetime | None:
    """A DTG line (or long date line) near the top of a text whose header could not be read
    line by line, e.g. behind a mail client's banner (``Cable Text:``)."""
    for line in text.split("\n", _HEADER_SEARCH_LINES)[:_HEADER_SEARCH_LINES]:
        stripped = line.strip()
        if not stripped or not (stripped[0].isdigit() or stripped[0] in "ZOPR" or "," in line):
            continue
        if _DTG_ONLY_LINE.match(stripped):
            return find_dtg(stripped)
        if (long_date := parse_long_date(stripped)) is not None:
            return long_date
    return None


#: A relay stamp followed by the section's own precedence and DTG, as older records print
#: it under the office lists: ``------------------392832  021704Z /38 O 021655Z NOV 01 FM ...``.
#: The look-behind starts each match at the beginning of a dash run (linear in long runs).
_RELAY_DTG = re.compile(
    r"(?<!-)-{5,}[A-Z0-9]{0,12}[ \t]{1,3}\d{6}Z[ \t]{1,3}/\d{2}[ \t]{1,3}[ZOPR]{1,2}"
    r"(?:[ \t][ZOPR])?[ \t]{1,3}(\d{6}Z[ \t]{1,3}[A-Za-z]{3,9}[ \t]{1,3}\d{2,4})\b"
)


def find_relay_dtg(text: str) -> datetime | None:
    """The DTG a relay line states (see ``_RELAY_DTG``), as an aware UTC datetime."""
    if "-----" not in text:
        return None
    match = _RELAY_DTG.search(text)
    return find_dtg(match.group(1)) if match is not None else None
