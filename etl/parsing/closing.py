"""The end of a cable: the signer's name line, end-of-message marks, redaction marks."""

from __future__ import annotations

import re

_NAME_LINE = re.compile(r"^[A-Z][A-Za-z'.-]{1,30}(?:,? [A-Z][A-Za-z'.-]{0,30}){0,3}$")
_END_MARKS = frozenset({"NNNN", "BT", "#", "SIPDIS"})
_NOT_NAMES = frozenset(
    {"END", "COMMENT", "SUMMARY", "NOTE", "SIPDIS", "NNNN", "BT", "TEXT", "UNCLASSIFIED",
     "CONFIDENTIAL", "SECRET", "NOFORN", "SENSITIVE", "THANKS", "REGARDS", "MINIMIZE"}
)  # fmt: skip
#: Stray quote/escape characters left after the last word.
_TRAILING_JUNK = ' \t"\\'
#: A name (one to three upper-case words, or one capitalised word) after a sentence end.
_GLUED_NAME = re.compile(
    r"[.!?)\]\"*]\s+(?P<name>[A-Z][A-Z'-]{1,30}(?: [A-Z][A-Z'-]{1,30}){0,2}|[A-Z][a-z'-]{2,30})$"
)
#: Only the end of the last line is searched for a glued name.
_GLUED_TAIL = 100
_REDACTION = re.compile(r"XXXXX+|xxxxx+|\[SOURCE REMOVED\]|\[REDACTED\]")


def _strip_trailing_marks(line: str) -> str:
    """``CRETZ NNNN``, ``URBAN \\`` → the text before end marks and stray characters."""
    text = line.rstrip(_TRAILING_JUNK)
    while True:
        head, _, word = text.rpartition(" ")
        if not head or word not in _END_MARKS:
            return text
        text = head.rstrip(_TRAILING_JUNK)


def _has_non_name(text: str) -> bool:
    return any(word.strip(".,") in _NOT_NAMES for word in text.upper().split())


def _glued_signer(line: str) -> tuple[str, str] | None:
    """``... with the GOA. WAYNE`` → (``... with the GOA.``, ``WAYNE``): unwrapped records put
    the signer on the last text line, after the final sentence."""
    tail_start = max(0, len(line) - _GLUED_TAIL)
    match = _GLUED_NAME.search(line, tail_start)
    if match is None:
        return None
    name = match.group("name")
    if _has_non_name(name):
        return None
    return line[: match.start("name")].rstrip(), name


def split_signer(lines: list[str]) -> tuple[str | None, list[str]]:
    """The signer (last short name line, or a name glued after the last sentence) and the
    lines before it, end marks (``NNNN``, stray quotes) dropped."""
    end = len(lines)
    while end > 0 and (not lines[end - 1].strip() or lines[end - 1].strip() in _END_MARKS):
        end -= 1
    if end == 0:
        return None, lines[:end]
    last = _strip_trailing_marks(lines[end - 1])
    candidate = " ".join(last.split())
    if not candidate:
        return None, lines[:end]
    if not _NAME_LINE.match(candidate) or _has_non_name(candidate) or "..." in candidate:
        glued = _glued_signer(candidate)
        if glued is None:
            return None, lines[:end]
        text, name = glued
        return name, [*lines[: end - 1], text]
    previous = end - 2
    # A name line straight after text is the signer only if that text ended a sentence.
    if previous >= 0 and lines[previous].strip() and lines[previous].rstrip()[-1] not in '.!?")':
        return None, lines[:end]
    return candidate.rstrip("."), lines[: end - 1]


def count_redactions(text: str) -> int:
    """How many passages were redacted (``XXXXXXXXXXXX``, ``[SOURCE REMOVED]``)."""
    if "XXXXX" not in text and "xxxxx" not in text and "[" not in text:
        return 0  # the common case, decided without running the pattern over the text
    return sum(1 for _ in _REDACTION.finditer(text))
