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

_SECTION_BREAK = re.compile(r"^[A-Z][A-Z .'-]{0,40}\s\d{4,8}\s+\d{1,3}\s+OF\s+\d{1,3}$")
_PAGE_HEADER = re.compile(
    r"^PAGE\s+\d{2,3}\s+[A-Z][A-Z .'-]{0,40}\s\d{3,6}\s+\d{1,3}\s+OF\s+\d{1,3}(?:\s+\d{6}Z)?\s*"
)
_BANNERS = frozenset({"UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "LIMITED OFFICIAL USE"})


def remove_page_breaks(lines: list[str]) -> tuple[list[str], int]:
    """Lines with break lines replaced by :data:`PAGE_BREAK`; also returns how many were seen."""
    cleaned: list[str] = []
    breaks = 0
    for line in lines:
        text = line.strip()
        if not text or not (" OF " in text and text[0].isupper()):
            cleaned.append(line)
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
        cleaned.append(line)
    return cleaned, breaks


def _drop_banner_before(cleaned: list[str]) -> None:
    """Remove a lone ``CONFIDENTIAL`` banner (and blank lines) printed just above a PAGE line."""
    index = len(cleaned) - 1
    while index >= 0 and not cleaned[index].strip():
        index -= 1
    if index >= 0 and cleaned[index].strip() in _BANNERS:
        del cleaned[index:]
