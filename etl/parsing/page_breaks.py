"""Page and section breaks printed inside the body, which must not end up in paragraph text.

``PHNOM PENH 00001092  002 OF 002`` (modern section headers), ``PAGE 02 HARARE 05461 01 OF 02
271458Z`` (older records, sometimes with body text glued after it) and the lone classification
banner printed above such a ``PAGE`` line.
"""

from __future__ import annotations

import re

#: Marks where a break was removed; the paragraph builder decides whether the text around it
#: is one sentence. NUL never survives decoding, so it cannot collide with cable text.
PAGE_BREAK = "\x00"

#: The section number may carry a revision: ``BAKU 00000478 001.2 OF 003``.
_SECTION_NUMBER = r"\d{1,3}(?:\.\d)?"
_SECTION_BREAK = re.compile(
    rf"^[A-Z][A-Z .'-]{{0,40}}\s\d{{4,8}}\s+{_SECTION_NUMBER}\s+OF\s+\d{{1,3}}$"
)
_PAGE_HEADER = re.compile(
    r"^PAGE\s+\d{2,3}\s+[A-Z][A-Z .'-]{0,40}\s\d{3,6}\s+"
    r"(?:\d{1,3}\s+OF\s+\d{1,3}(?:\s+\d{6}Z)?|\d{6}Z)\s*"
)
#: Break headers print the station cut to a fixed width (BUENOS AIR, VATICA).
_MIN_STATION_PREFIX = 5
_BANNERS = frozenset({"UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "LIMITED OFFICIAL USE"})


def _inline_break(station: str | None) -> re.Pattern[str] | None:
    # Only the cable's own station is trusted in front of the serial: in all-caps text any
    # run of capitalised words could otherwise be taken for a station name and deleted.
    if not station or not station.strip():
        return None
    name = " ".join(station.split())
    shortest = min(len(name), _MIN_STATION_PREFIX)
    prefixes = [name[:end].rstrip() for end in range(len(name), shortest - 1, -1)]
    alternatives = "|".join(
        r"\s+".join(re.escape(word) for word in prefix.split())
        for prefix in dict.fromkeys(prefixes)
    )
    return re.compile(
        rf"\s*(?<![A-Z])(?:{alternatives})\s+\d{{4,8}}\s+{_SECTION_NUMBER}\s+OF\s+\d{{1,3}}\b"
    )


def remove_page_breaks(lines: list[str], station: str | None = None) -> tuple[list[str], int]:
    """Lines with break lines replaced by :data:`PAGE_BREAK`; also returns how many were seen.

    With the cable's ``station`` (``TALLINN``), section headers printed in the middle of an
    unwrapped line (``... role in TALLINN 00000247 002 OF 002 Afghanistan.``) are cut out too.
    """
    cleaned: list[str] = []
    breaks = 0
    inline = _inline_break(station)
    for line in lines:
        text = line.strip()
        if not text or (" OF " not in text and not text.startswith("PAGE")):
            cleaned.append(line)
            continue
        if not text[0].isupper():
            cleaned.append(_cut_inline(line, inline) if inline else line)
            breaks += cleaned[-1] is not line
            continue
        if _SECTION_BREAK.match(text):
            breaks += 1
            cleaned.append(PAGE_BREAK)
            continue
        if text.startswith("PAGE") and (match := _PAGE_HEADER.match(text)):
            breaks += 1
            _drop_banner_before(cleaned)
            cleaned.append(PAGE_BREAK)
            rest = text[match.end() :]
            if rest:
                cleaned.append(rest)
            continue
        cleaned.append(_cut_inline(line, inline) if inline else line)
        breaks += cleaned[-1] is not line
    return cleaned, breaks


def _cut_inline(line: str, inline: re.Pattern[str]) -> str:
    cut, count = inline.subn("", line)
    return cut.rstrip() if count else line


def _drop_banner_before(cleaned: list[str]) -> None:
    """Remove a lone ``CONFIDENTIAL`` banner (and blank lines) printed just above a PAGE line."""
    index = len(cleaned) - 1
    while index >= 0 and not cleaned[index].strip():
        index -= 1
    if index >= 0 and cleaned[index].strip() in _BANNERS:
        del cleaned[index:]
