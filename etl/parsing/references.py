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
#: An item label: ``A.``, ``A)``, ``(A)``, ``¶B.``, after a space or at the start; past ``Z``
#: long lists go on with ``AA.``, ``AB.`` ... or ``AA.``, ``BB.`` ... (up to three letters).
_ITEM_LABEL = re.compile(
    r"(?:^|(?<=[\s;,]))(?:¶\s?)?(?:\(([A-Za-z]{1,3})\)|([A-Za-z]{1,3})[.)])(?=\s|$)"
)
#: ``[YY|YYYY] STATION WORDS SERIAL`` on upper-cased text; stations have at most four words.
_CITATION = re.compile(
    r"(?:\b((?:19|20)\d\d|\d\d)\s+)?\b([A-Z][A-Z'-]*(?:\s[A-Z][A-Z'-]*){0,3})\s+(\d{1,6})\b(?![/:.]\d)"
)
_MORE_SERIALS = re.compile(r"\s*(?:,|AND|&)\s*(\d{1,6})\b(?![/:.]\d)")
#: What joins one citation to the next (``, AND ``): not part of either's own text.
_JOINERS = re.compile(r"\A(?:[\s,;&]|AND\b)+|(?:[\s,;&]|\bAND)+\Z", re.I)
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


def _next_labels(label: str) -> frozenset[str]:
    """The labels that may follow ``label``: the next in the spreadsheet order (``Z`` → ``AA``,
    ``AZ`` → ``BA``) and, after a repeated letter, the next repeated one (``AA`` → ``BB``)."""
    letters = list(label)
    index = len(letters) - 1
    while index >= 0 and letters[index] == "Z":
        letters[index] = "A"
        index -= 1
    if index < 0:
        letters.insert(0, "A")
    else:
        letters[index] = chr(ord(letters[index]) + 1)
    following = {"".join(letters)}
    if len(label) > 1 and len(set(label)) == 1:
        following.add(
            "A" * (len(label) + 1) if label[0] == "Z" else chr(ord(label[0]) + 1) * len(label)
        )
    return frozenset(following)


def _split_items(block: str) -> list[tuple[str | None, str]]:
    """Split a REF block on its item labels (A., B), (C) …), accepting labels only in order."""
    items: list[tuple[str | None, str]] = []
    expected = frozenset({"A"})
    current_label: str | None = None
    start = 0
    for match in _ITEM_LABEL.finditer(block):
        letter = (match.group(1) or match.group(2)).upper()
        if letter == current_label and not block[start : match.start()].strip(" .)(¶"):
            start = match.end()  # "A. A) SECSTATE 123359": the same label written twice
            continue
        if letter not in expected:
            continue
        if current_label is not None or block[: match.start()].strip():
            items.append((current_label, block[start : match.start()]))
        current_label = letter
        start = match.end()
        expected = _next_labels(letter)
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
    return list(dict.fromkeys(cited for cited, _end in _citations(text, default_year)))


def _citations(text: str, default_year: int | None) -> list[tuple[str, int]]:
    """Every cable id cited in one item with the offset where its citation ends, in order."""
    upper = text.upper()
    found: list[tuple[str, int]] = []
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
        found.append((f"{year:02d}{station}{int(serial)}", position))
        while more := _MORE_SERIALS.match(upper, position):
            found.append((f"{year:02d}{station}{int(more.group(1))}", more.end()))
            position = more.end()
    return found


def _own_texts(text: str, citations: list[tuple[str, int]]) -> list[tuple[str, str]]:
    """(cited id, its own part of ``text``) once per id: an item citing several cables is cut
    after each citation (the text before the first and after the last go with them), so the
    references of an item together hold its text once, however many it cites."""
    if len(citations) == 1:
        return [(citations[0][0], text)]
    # upper() can change a text's length (ß → SS); the offsets are then those of its upper case.
    source = text if len(text.upper()) == len(text) else text.upper()
    ends: dict[str, int] = {}
    for cited, end in citations:
        ends.setdefault(cited, end)
    cuts = sorted(ends.items(), key=lambda item: item[1])
    parts: list[tuple[str, str]] = []
    start = 0
    for index, (cited, end) in enumerate(cuts):
        stop = len(source) if index == len(cuts) - 1 else end
        parts.append((cited, _JOINERS.sub("", source[start:stop])))
        start = stop
    return parts


def _kind(text: str) -> str:
    upper = text.upper()
    return next((kind for word, kind in _KINDS if word in upper), "other")


def parse_references(block: str, default_year: int | None) -> list[Reference]:
    """Every item of a REF block; one Reference per cited cable, one per non-cable item."""
    references: list[Reference] = []
    for label, text in _split_items(block):
        citations = _citations(text, default_year)
        if not citations:
            references.append(
                Reference(position=len(references) + 1, raw=text, label=label, kind=_kind(text))
            )
            continue
        for cited, own in _own_texts(text, citations):
            references.append(
                Reference(position=len(references) + 1, raw=own, label=label, cited_id=cited)
            )
    return references
