"""The end of a cable: the signer's name line, end-of-message marks, redaction marks."""

from __future__ import annotations

import re

from etl.parsing.page_breaks import PAGE_BREAK

#: One to four capitalised words; a surname may open with a particle (``van Voorst``).
_NAME_LINE = re.compile(
    r"^(?:(?:van|von|de|da|del|della|di|du|la|le) )?"
    r"[A-Z][A-Za-z'.-]{1,30}(?:,? [A-Z][A-Za-z'.-]{0,30}){0,3}$"
)
_END_MARKS = frozenset({"NNNN", "BT", "#", "SIPDIS", "."})
#: Lines after the signer that close the record: rules, ``=====CABLE ENDS=====``, ``.``,
#: ``End Cable Text``.
_END_LINE = re.compile(r"^[=*_.\-\" ]*(?:CABLE ENDS|END CABLE TEXT)?[=*_.\-\" ]*$", re.I)
#: A stamp after the name in some records: ``STEVENS 0 03/12/2008``.
_TRAILING_STAMP = re.compile(r"\s+\d{1,3}\s+\d{1,2}/\d{1,2}/\d{4}$")
#: A lone upper-case surname (or two) ends the text: no sentence end is needed above it.
_UPPER_NAME = re.compile(r"^[A-Z][A-Z'-]{2,30}(?: [A-Z][A-Z'-]{2,30})?$")
#: What may stand right above a signer's line besides a sentence end: a rule of stars or
#: dashes, or the station's "Visit ... Classified Website" line.
_RULE_LINE = re.compile(r"^[=*_\- ]{3,}$")
_WEBSITE_LINE = re.compile(r"Classified Web ?site|https?://|www\.", re.I)
#: A form field line (``End Date: 10/12/2010``): a list of fields may close the text.
_FIELD_LINE = re.compile(r"^[A-Z][A-Za-z /]{1,30}:\s+\S")
#: Lines after the signer that are no part of the text: a classification banner, stray
#: punctuation (``>``, a quote), the station's website banner.
_BANNER_LINE = re.compile(
    r"^(?:UNCLASSIFIED|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)(?:\s?//\s?[A-Z ]+)?$|^[^\w]{1,3}$"
)
_BANNER_START = re.compile(r"^\W{0,2}(?:Visit\b.{0,60}Classified Web ?site|https?://|www\.)", re.I)
#: The columns of a cables.csv row glued after the name: ``STEVENS 0 02/18/2008``.
_CSV_TAIL = re.compile(r"\s+\d{1,4}\s+\d{1,2}/\d{1,2}/\d{4}\b.*$")
#: A name in lower case (``jones``) is taken only right under a rule or website banner.
_LOWER_NAME = re.compile(r"^[a-z][a-z'-]{2,30}$")
_NOT_NAMES = frozenset(
    {"END", "COMMENT", "SUMMARY", "NOTE", "SIPDIS", "NNNN", "BT", "TEXT", "UNCLASSIFIED",
     "CONFIDENTIAL", "SECRET", "NOFORN", "SENSITIVE", "THANKS", "REGARDS", "MINIMIZE",
     "CONSIDERED", "POST", "EMBASSY", "DEPARTMENT"}
)  # fmt: skip
#: Stray quote/escape characters left after the last word.
_TRAILING_JUNK = ' \t"\\'
#: A name (one to three upper-case words, or one capitalised word) after a sentence end
#: (curly quotes too), a redaction or ``END COMMENT``.
#: Capitalised names may be double-barrelled or carry an inner capital (``Thompson-Jones``,
#: ``LeBaron``, ``McCoy``). A name in capitals may follow a period with no space
#: (``detention.PATTERSON``).
_GLUED_NAME = re.compile(
    r"(?:(?:[.!?)\]\"*\u201d\u2019]|X{5}|\bCOMMENT)\s+|(?<=[a-z][.!?])(?=[A-Z]{3}))"
    r"(?P<name>[A-Z][A-Z'-]{1,30}(?: [A-Z][A-Z'-]{1,30}){0,2}"
    r"|(?:Mc|Mac|Le|La|De|Di|Du|O')?[A-Z][a-z'-]{2,30}(?:-[A-Z][a-z']{2,30})?"
    r"|[A-Z][a-z'-]*[A-Z]?[a-z'-]{2,30})$"
)
#: Only the end of the last line is searched for a glued name.
_GLUED_TAIL = 100
_REDACTION = re.compile(r"XXXXX+|xxxxx+|\[SOURCE REMOVED\]|\[REDACTED\]")
_REDACTED_BEFORE = re.compile(r"^(?:XXXXX+|xxxxx+)\s+(?=\S)")


def _strip_trailing_marks(line: str) -> str:
    """``CRETZ NNNN``, ``URBAN \\`` → the text before end marks and stray characters."""
    text = line.rstrip(_TRAILING_JUNK)
    while True:
        head, _, word = text.rpartition(" ")
        if not head or word not in _END_MARKS:
            return text
        text = head.rstrip(_TRAILING_JUNK)


def _has_non_name(text: str) -> bool:
    if _REDACTION.fullmatch(text) is not None:
        return True  # a redaction is no name
    return any(word.strip(".,") in _NOT_NAMES for word in text.upper().split())


def _glued_signer(line: str) -> tuple[str, str] | None:
    """``... with the GOA. WAYNE`` → (``... with the GOA.``, ``WAYNE``): unwrapped records put
    the signer on the last text line, after the final sentence."""
    tail_start = max(0, len(line) - _GLUED_TAIL)
    match = _GLUED_NAME.search(line, tail_start)
    if match is None:
        return None
    name = match.group("name")
    start = match.start("name")
    if _has_non_name(name):
        # "... lacking. END COMMENT FURUTA-TOY": the name is what follows the last label word.
        words = name.split(" ")
        last = max(i for i, word in enumerate(words) if _has_non_name(word))
        if last == len(words) - 1:
            return None
        start += len(" ".join(words[: last + 1])) + 1
        name = " ".join(words[last + 1 :])
    return line[:start].rstrip(), name


_JOINING = frozenset({"the", "of", "and", "to", "in", "for", "with", "a", "an", "by", "on", "at"})


def _mid_phrase(line: str) -> bool:
    """Whether ``line`` stops mid-phrase (``the talks with the``): the next line goes on."""
    words = line.split()
    return bool(words) and (words[-1] in _JOINING or words[-1].endswith(","))


def _undouble(name: str) -> str:
    """``CRETZ  CRETZ`` → ``CRETZ``: a name printed twice."""
    words = name.split(" ")
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        return " ".join(words[:half])
    return name


def _may_precede_signer(text: str) -> bool:
    """Whether a signer's line may follow this line (blank, a sentence end, a rule, the
    station's website line)."""
    return (
        not text
        or text[-1] in '.!?")\u201d\u2019'
        or _RULE_LINE.match(text) is not None
        or _WEBSITE_LINE.search(text) is not None
        or _FIELD_LINE.match(text) is not None
    )


def _closing_line(text: str) -> bool:
    """Whether a line after the signer closes the record (end marks, rules, banners)."""
    return (
        not text
        or text in _END_MARKS
        or _END_LINE.match(text) is not None
        or _BANNER_LINE.match(text) is not None
        # the website banner, unless a name is glued after it ("... Website: XXXXX LEBARON")
        or (_BANNER_START.match(text) is not None and _glued_signer(text) is None)
    )


def _undoubled(name: str) -> str:
    """``KUBISKE KUBISKE`` → ``KUBISKE``: a name printed twice counts once."""
    words = name.split(" ")
    half = len(words) // 2
    if len(words) % 2 == 0 and words[:half] == words[half:]:
        return " ".join(words[:half])
    return name


def split_signer(lines: list[str]) -> tuple[str | None, list[str]]:
    """The signer (last short name line, or a name glued after the last sentence) and the
    lines before it, end marks (``NNNN``, stray quotes) dropped."""
    end = len(lines)
    while end > 0 and _closing_line(lines[end - 1].strip()):
        end -= 1
    if end == 0:
        return None, lines[:end]
    last = _TRAILING_STAMP.sub("", _strip_trailing_marks(lines[end - 1]))
    candidate = " ".join(last.split())
    if " " in candidate and "/" in candidate:
        candidate = _CSV_TAIL.sub("", candidate)
    candidate = _undouble(candidate)
    if not candidate:
        return None, lines[:end]
    previous = end - 2
    above = lines[previous].strip() if previous >= 0 else ""
    if _LOWER_NAME.match(candidate) and (
        _RULE_LINE.match(above) is not None or _WEBSITE_LINE.search(above) is not None
    ):
        return candidate, lines[: end - 1]
    if not _NAME_LINE.match(candidate) or _has_non_name(candidate) or "..." in candidate:
        glued = _glued_signer(candidate)
        if glued is None:
            return None, lines[:end]
        text, name = glued
        return name, [*lines[: end - 1], text]
    # A name line straight after text is the signer only if that text ended a sentence
    # (a lone upper-case surname is one anyway).
    if (
        previous >= 0
        and not _may_precede_signer(above.strip(PAGE_BREAK))
        and not (_UPPER_NAME.match(candidate) and not _mid_phrase(lines[previous]))
    ):
        return None, lines[:end]
    # "XXXXXXXXXXXX TUTTLE": a redacted banner glued before the name.
    name = _undoubled(_REDACTED_BEFORE.sub("", candidate).rstrip("."))
    return name, lines[: end - 1]


def count_redactions(text: str) -> int:
    """How many passages were redacted (``XXXXXXXXXXXX``, ``[SOURCE REMOVED]``)."""
    if "XXXXX" not in text and "xxxxx" not in text and "[" not in text:
        return 0  # the common case, decided without running the pattern over the text
    return sum(1 for _ in _REDACTION.finditer(text))
