"""The REF block: lettered items, cited cable ids, non-cable references.

Every pattern here is anchored or bounded so that matching stays linear in the length of the
block (a backtracking REF pattern is what makes other cable parsers slow).
"""

from __future__ import annotations

import re

from etl.parsing.records import Reference
from etl.parsing.vocabulary import MONTHS, station_token

#: ``REF:``, ``REFS:``, ``REFTEL:``, ``REF A:``, ``Ref:`` at the start of a line.
REF_LABEL = re.compile(r"^(?:REFERENCES?|REFTELS?|REFS?)\b\s*[:.]?\s*", re.I)
#: An item label: ``A.``, ``A)``, ``(A)``, ``¶B.``, after a space or at the start.
_ITEM_LABEL = re.compile(r"(?:^|(?<=[\s;,]))(?:¶\s?)?(?:\(([A-Za-z])\)|([A-Za-z])[.)])(?=\s|$)")
#: ``[YY|YYYY] STATION WORDS SERIAL`` on upper-cased text; stations have at most four words.
_CITATION = re.compile(
    r"(?:\b((?:19|20)\d\d|\d\d)\s+)?\b([A-Z][A-Z'-]*(?:\s[A-Z][A-Z'-]*){0,3})\s+(\d{1,6})\b(?![/:.]\d)"
)
_MORE_SERIALS = re.compile(r"\s*(?:,|AND|&)\s*(\d{1,6})\b(?![/:.]\d)")
#: Words that never belong to a station name; a station is the run of words after the last one.
_NOT_STATION = frozenset(
    {
        "A", "AN", "AND", "AS", "AT", "BY", "DATED", "DTG", "FOR", "FROM", "IN", "NO", "NOS", "OF",
        "ON", "OR", "THE", "TO", "VIA", "REF", "REFS", "REFTEL", "REFTELS", "SEPTEL", "EMAIL",
        "E-MAIL", "TELCON", "TELECON", "MEMCON", "FAX", "LETTER", "NOTE", "PARA", "PARAS",
        "PARAGRAPH", "SECTION", "PAGE", "PAGES", "TIER", "YEAR", "FY", "NUMBER", "CABLE",
        "MESSAGE", "MSG", "DIPLOMATIC", "ANNEX", "ARTICLE", "RES", "RESOLUTION", "UNSCR", "LAW",
        "DECREE", "ITEM", "ITEMS", "AMEMBASSY", "AMCONSUL", "TEL", "PHONE", "OFFICIAL",
        "INFORMAL", "CONVERSATION", "MEETING", "CONFIDENTIAL", "SECRET", "UNCLAS", "UNCLASSIFIED",
        "NOFORN", "SBU", "US", "USG", "GOV", "TELEGRAM", "EXDIS", "NODIS", "LIMDIS",
        "IIR",  # intelligence information reports are numbered "IIR 6 902 9642 06", not cables
    }
    | set(MONTHS)
)  # fmt: skip
_KINDS: tuple[tuple[str, str], ...] = (
    ("E-MAIL", "email"),
    ("EMAIL", "email"),
    ("TELCON", "telcon"),
    ("TELECON", "telcon"),
    ("PHONE", "telcon"),
    ("MEMCON", "memcon"),
    ("LETTER", "letter"),
    ("FAX", "fax"),
    ("WEBSITE", "web"),
    ("IIR ", "intelligence report"),
    ("HTTP", "web"),
)


def _split_items(block: str) -> list[tuple[str | None, str]]:
    """Split a REF block on its item labels (A., B), (C) …), accepting letters only in order."""
    items: list[tuple[str | None, str]] = []
    expected = "A"
    current_label: str | None = None
    start = 0
    for match in _ITEM_LABEL.finditer(block):
        letter = (match.group(1) or match.group(2)).upper()
        if letter == current_label and not block[start : match.start()].strip(" .)(¶"):
            start = match.end()  # "A. A) SECSTATE 123359": the same label written twice
            continue
        if letter != expected:
            continue
        if current_label is not None or block[: match.start()].strip():
            items.append((current_label, block[start : match.start()]))
        current_label = letter
        start = match.end()
        expected = chr(ord(letter) + 1)
    items.append((current_label, block[start:]))
    return [(label, " ".join(text.split())) for label, text in items if text.strip()]


def _station(words: str) -> str | None:
    tokens = words.split()
    kept: list[str] = []
    for token in reversed(tokens):
        if token in _NOT_STATION:
            break
        kept.append(token)
    if not kept:
        return None
    return station_token(" ".join(reversed(kept)))


def cited_ids(text: str, default_year: int | None) -> list[str]:
    """Canonical ids cited in one item: ``05 STATE 226504`` → ``05STATE226504``."""
    upper = text.upper()
    found: list[str] = []
    position = 0
    while position < len(upper):
        match = _CITATION.search(upper, position)
        if match is None:
            break
        position = match.end()
        year_text, words, serial = match.groups()
        station = _station(words)
        if station is None:
            continue
        if year_text is not None:
            year: int | None = int(year_text[-2:])
        elif default_year is not None:
            year = default_year % 100
        else:
            year = None
        if year is None:
            continue
        found.append(f"{year:02d}{station}{int(serial)}")
        while more := _MORE_SERIALS.match(upper, position):
            found.append(f"{year:02d}{station}{int(more.group(1))}")
            position = more.end()
    return list(dict.fromkeys(found))


def _kind(text: str) -> str:
    upper = text.upper()
    return next((kind for word, kind in _KINDS if word in upper), "other")


def parse_references(block: str, default_year: int | None) -> list[Reference]:
    """Every item of a REF block; one Reference per cited cable, one per non-cable item."""
    references: list[Reference] = []
    for label, text in _split_items(block):
        ids = cited_ids(text, default_year)
        if not ids:
            references.append(
                Reference(position=len(references) + 1, raw=text, label=label, kind=_kind(text))
            )
            continue
        for cited in ids:
            references.append(
                Reference(position=len(references) + 1, raw=text, label=label, cited_id=cited)
            )
    return references
