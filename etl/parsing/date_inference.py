"""An estimated creation date for records that state none.

``ParsedCable.created_at`` holds only a date the input states (``resolution``: the DTG, or the
container's created date). When there is none, this module's estimate goes to
``created_estimate`` (``created_source`` = ``estimate``), always explained in ``problems``.

Partial-extract records often lost their header, but still show parts of the date:

* a day-time group ``DDHHMMZ`` on the older records' ``PAGE 02 VATICA 01261 061419Z`` lines
  or on the dashed relay line ``------------------8A8E0D  271459Z /38``: day, hour, minute;
* the reference id's two-digit year (from the text, or the file name);
* the month of the release folder ``cable/YYYY/MM/`` the file came from;
* the E.O. declassification date, which drafters compute from the drafting day
  (``DECL: 03/05/11`` for a cable sent on 6 March 2001): its month and day.

Confidence order (each level is used only when the ones above it are missing):

1. day-time group + year + month from the release folder;
2. day-time group + year + month from the declassification date — the following month when
   the day-time group's day is smaller than the declassification day (sent after month end);
3. no day-time group: the declassification date's month and day with the id's year, at
   00:00 — an approximation: in the corpus it is the creation day for about a third of such
   records and one to four days early for most others. Dates written in the prose
   (``on April 17``) were measured as a correction and did not help enough to be used.

Every estimate is reported in the cable's ``problems``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

#: ``PAGE 02 VATICA 01261 061419Z`` / ``PAGE 03 HARARE 05461 01 OF 02 271458Z TEXT``.
_PAGE_DAY_TIME = re.compile(
    r"^\s*PAGE\s+\d{2,3}\s+[^\n]{0,60}?\b(\d{2})(\d{2})(\d{2})Z(?:\s|$)", re.M
)
#: ``------------------8A8E0D  271459Z /38`` (relay stamp under the office lists).
_DASHED_DAY_TIME = re.compile(r"^\s*-{5,}[A-Z0-9]{0,12}\s+(\d{2})(\d{2})(\d{2})Z", re.M)


@dataclass(frozen=True, slots=True)
class DayTime:
    """Day of month, hour and minute of a ``DDHHMMZ`` group."""

    day: int
    hour: int
    minute: int


@dataclass(frozen=True, slots=True)
class InferredDate:
    """An inferred creation time and the sentence that says how it was inferred."""

    created_at: datetime
    explanation: str


def find_day_time(text: str) -> DayTime | None:
    """The first plausible ``DDHHMMZ`` group of a PAGE line (preferred) or dashed relay line."""
    for pattern in (_PAGE_DAY_TIME, _DASHED_DAY_TIME):
        for match in pattern.finditer(text):
            day, hour, minute = (int(part) for part in match.groups())
            if 1 <= day <= 31 and hour <= 23 and minute <= 59:
                return DayTime(day, hour, minute)
    return None


def _make(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime | None:
    try:
        return datetime(year, month, day, hour, minute, tzinfo=UTC)
    except ValueError:
        return None


def _next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def infer_created(
    text: str,
    year: int | None,
    folder_month: int | None,
    declassify_on: date | None,
) -> InferredDate | None:
    """Best creation time the evidence supports (the levels of the module docstring)."""
    if year is None:
        return None
    day_time = find_day_time(text)
    if day_time is not None:
        # (year, month, where the month comes from), the release folder's first.
        months: list[tuple[int, int, str]] = []
        if folder_month is not None:
            months.append((year, folder_month, "the release folder's month"))
        if declassify_on is not None:
            month_year, month = year, declassify_on.month
            if day_time.day < declassify_on.day:
                month_year, month = _next_month(year, month)
            months.append((month_year, month, "the declassification date's month"))
        for month_year, month, source in months:
            made = _make(month_year, month, day_time.day, day_time.hour, day_time.minute)
            if made is not None:
                return InferredDate(
                    made,
                    "No date is stated; the creation time is estimated from the page day-time "
                    f"group, the id's year and {source}.",
                )
        return None
    if declassify_on is None or declassify_on.year < year:
        return None
    if folder_month is not None and folder_month != declassify_on.month:
        return None  # the two month sources disagree: no day can be trusted
    made = _make(year, declassify_on.month, declassify_on.day)
    if made is None:
        return None
    return InferredDate(
        made,
        "No date is stated; the creation date is estimated from the declassification "
        "date's month and day with the id's year (an approximation).",
    )
