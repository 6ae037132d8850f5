"""The body's classification line: ``UNCLAS SECTION 01 OF 02 PHNOM PENH 000637``.

It opens the telegram body and names the classification, handling captions, the section, the
sending station and its serial (the last two make the reference id when no metadata exists).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.parsing.vocabulary import classification_word

#: Spellings, longest first so ``TOP SECRET`` wins over ``SECRET``.
_SPELLINGS: tuple[str, ...] = tuple(
    sorted(
        (
            "UNCLASSIFIED",
            "UNCLAS",
            "U N C L A S S I F I E D",
            "U N C L A S",
            "LIMITED OFFICIAL USE",
            "CONFIDENTIAL",
            "C O N F I D E N T I A L",
            "SECRET",
            "S E C R E T",
            "TOP SECRET",
            "T O P S E C R E T",
        ),
        key=len,
        reverse=True,
    )
)
#: Where a classification word starts inside a line (used to split a glued header line).
GLUED_START = re.compile(
    r"(?<=[A-Z0-9a-z])(UNCLAS|CONFIDENTIAL|SECRET|C O N F I D E N T I A L|S E C R E T)\b"
)
_SECTION = re.compile(r"^SECTION\s+(\d{1,3})\s+OF\s+(\d{1,3})\s*")
_CAVEATS_ON_LINE = frozenset(
    {"SENSITIVE", "NOFORN", "EXDIS", "NODIS", "LIMDIS", "SBU", "SIPDIS", "STADIS", "EFTO", "ROGER"}
)
_STATION_WORD = re.compile(r"^[A-Z][A-Z.'-]*$")
_GLUABLE_CAVEATS = "SIPDIS|NOFORN|SENSITIVE|EXDIS|NODIS|LIMDIS"
#: Where a caption is glued onto the serial before it (``002766SIPDIS``), onto another caption
#: (``SIPDISNOFORN``) or a field onto a caption (``NOFORNE.O. 12958``, ``SIPDISTAGS``).
_GLUED_CAVEAT = re.compile(
    rf"(?<=\d)(?=(?:{_GLUABLE_CAVEATS})(?![a-z]))"
    rf"|(?:(?<=SIPDIS)|(?<=NOFORN)|(?<=EXDIS)|(?<=LIMDIS))(?=(?:{_GLUABLE_CAVEATS}|E\.\s?O\.|TAGS|SUBJECT)(?![a-z]))"
)
#: The most station words (and serial) a classification line names before what follows it.
_LONGEST_STATION = 6
#: A two-digit year printed before the station by older cables.
_YEAR_WORD = re.compile(r"^\d{2}$")
#: The control number printed after the banner of older records, e.g. ``PTQ2529``.
_BANNER_NUMBER = re.compile(r"^[A-Z]{1,4}\d{2,8}$")


@dataclass(frozen=True, slots=True)
class ClassificationLine:
    """What one classification line says; ``station``/``serial`` are None on a bare banner."""

    classification: str  # base release value: UNCLASSIFIED, CONFIDENTIAL, SECRET, TOP SECRET
    caveats: tuple[str, ...]
    section: int | None
    section_total: int | None
    station: str | None  # as written, e.g. "PHNOM PENH"
    serial: str | None  # digits as written, e.g. "000637"
    #: Words printed before the station that the release's ids keep: the year of older
    #: cables (``75 LIBREVILLE 1895`` → ``7575LIBREVILLE1895``).
    station_prefix: str | None = None
    #: What unwrapped records run on after the serial's captions (a pass line, ``E.O.``...):
    #: the front matter reads it as the next line.
    remainder: str | None = None

    @property
    def is_complete(self) -> bool:
        """True when the line names a station and serial (a real body opener, not a banner)."""
        return self.station is not None and self.serial is not None

    @property
    def id_station(self) -> str:
        """The station words as the release's id generator read them (prefix included)."""
        return " ".join(part for part in (self.station_prefix, self.station) if part)


def parse_classification_line(line: str) -> ClassificationLine | None:
    """Parse a line that starts with a classification word; None when it is something else."""
    text, spelling = _opening_spelling(line)
    if spelling is None:
        return None
    rest = text[len(spelling) :]
    if rest and rest[0] not in " /":
        return None  # e.g. "SECRETARY ..." or "CONFIDENTIALITY"
    base = classification_word(spelling)
    if base is None:
        return None
    rest = _GLUED_CAVEAT.sub(" ", rest.replace("//", " ")).strip()
    caveats: list[str] = []
    if rest.startswith("E F T O"):
        caveats.append("EFTO")
        rest = rest[7:].strip()
    section = section_total = None
    tokens = rest.split()
    words: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token in _CAVEATS_ON_LINE and not words:
            caveats.append(token)
        elif token == "SECTION" and not words:
            match = _SECTION.match(" ".join(tokens[index : index + 4]))
            if match is None:
                break
            section, section_total = int(match.group(1)), int(match.group(2))
            index += 4
            continue
        else:
            words = tokens[index:]
            break
        index += 1
    station = serial = prefix = None
    if len(words) > 2 and _YEAR_WORD.match(words[0]):
        prefix, words = words[0], words[1:]
    words, remainder = _split_after_serial(words, caveats)
    if len(words) >= 2 and words[-1].isdigit() and len(words) <= 7:
        if all(_STATION_WORD.match(word) for word in words[:-1]):
            station = " ".join(words[:-1])
            serial = words[-1]
        else:
            return None
    elif len(words) > 1 or (words and not _BANNER_NUMBER.match(words[0])):
        return None  # prose that happens to start with a classification word
    return ClassificationLine(
        classification=base,
        caveats=tuple(caveats),
        section=section,
        section_total=section_total,
        station=station,
        serial=serial,
        station_prefix=prefix,
        remainder=remainder,
    )


def _split_after_serial(words: list[str], caveats: list[str]) -> tuple[list[str], str | None]:
    """``ATHENS 000057 NOFORN SIPDIS AMEMBASSY ANKARA PASS TO ...``: captions printed after the
    serial (unwrapped records run the caption and pass lines onto the classification line)
    end the station and serial; the captions join ``caveats``, the rest is returned."""
    for index, word in enumerate(words[1 : _LONGEST_STATION + 1], start=1):
        if not word.isdigit():
            continue
        after = words[index + 1 :]
        if not after or after[0] not in _CAVEATS_ON_LINE:
            break
        if not all(_STATION_WORD.match(station) for station in words[:index]):
            break
        count = 0
        while count < len(after) and after[count] in _CAVEATS_ON_LINE:
            count += 1
        caveats.extend(after[:count])
        return words[: index + 1], " ".join(after[count:]) or None
    return words, None


def _opening_spelling(line: str) -> tuple[str, str | None]:
    """The line (cleaned) and the classification spelling it opens with, if any.

    Tolerates the damage seen in real files: a CSV quote left in front (``","C O N F ...``),
    unevenly spaced letters, and lower-cased records (``S e c r e t state 015220``).
    """
    text = line.strip().lstrip('",').lstrip()
    for candidate in (text, text.upper()) if not text.isupper() else (text,):
        spelling = next((word for word in _SPELLINGS if candidate.startswith(word)), None)
        if spelling is None:
            candidate = _collapse_spaced_word(candidate)
            spelling = next((word for word in _SPELLINGS if candidate.startswith(word)), None)
        if spelling is not None:
            return candidate, spelling
    return text, None


def opening_classification(line: str) -> str | None:
    """The base classification a line opens with (``S E C R E T CAIRO 000326FOR NEA...``),
    even when the rest of the line is too damaged to read station and serial."""
    text, spelling = _opening_spelling(line)
    if spelling is None or (len(text) > len(spelling) and text[len(spelling)] not in " /"):
        return None
    return classification_word(spelling)


def _collapse_spaced_word(text: str) -> str:
    """``CO N F I D E N T I A L BOGOTA 1`` → ``CONFIDENTIAL BOGOTA 1``: letter-spaced words are
    sometimes split unevenly, lose their first letter (``O N F I D E N T I A L``) or repeat
    it (``SS E C R E T``)."""
    tokens = text.split(" ")
    letters = ""
    for count, token in enumerate(tokens[:14]):
        if not token or len(token) > 2 or not token.isalpha():
            break
        letters += token
        word = _SPACED_REPAIRS.get(letters)
        if word is None and len(letters) > 2 and letters[0] == letters[1]:
            word = _SPACED_REPAIRS.get(letters[1:])  # a stuttered first letter: "SS E C R E T"
        if word is not None:
            return " ".join([word, *tokens[count + 1 :]])
    return text


_SPACED_REPAIRS: dict[str, str] = {
    "CONFIDENTIAL": "CONFIDENTIAL",
    "ONFIDENTIAL": "CONFIDENTIAL",
    "SECRET": "SECRET",
    "UNCLASSIFIED": "UNCLASSIFIED",
    "UNCLAS": "UNCLAS",
}
