"""The end of a cable: the signer's name line, end-of-message marks, redaction marks."""

from __future__ import annotations

import re

_NAME_LINE = re.compile(r"^[A-Z][A-Za-z'.-]{1,30}(?:,? [A-Z][A-Za-z'.-]{0,30}){0,3}$")
_END_MARKS = frozenset({"NNNN", "BT", "#", "SIPDIS"})
_NOT_NAMES = frozenset(
    {"END", "COMMENT", "SUMMARY", "NOTE", "SIPDIS", "NNNN", "BT", "TEXT", "UNCLASSIFIED",
     "CONFIDENTIAL", "SECRET", "NOFORN", "SENSITIVE", "THANKS", "REGARDS", "MINIMIZE"}
)  # fmt: skip
_REDACTION = re.compile(r"XXXXX+|xxxxx+|\[SOURCE REMOVED\]|\[REDACTED\]")


def split_signer(lines: list[str]) -> tuple[str | None, list[str]]:
    """The signer (last short name line) and the lines before it, end marks dropped."""
    end = len(lines)
    while end > 0 and (not lines[end - 1].strip() or lines[end - 1].strip() in _END_MARKS):
        end -= 1
    if end == 0:
        return None, lines[:end]
    candidate = " ".join(lines[end - 1].split())
    if not _NAME_LINE.match(candidate) or candidate.upper().split()[0] in _NOT_NAMES:
        return None, lines[:end]
    previous = end - 2
    # A name line straight after text is the signer only if that text ended a sentence.
    if previous >= 0 and lines[previous].strip() and lines[previous].rstrip()[-1] not in '.!?")':
        return None, lines[:end]
    return candidate, lines[: end - 1]


def count_redactions(text: str) -> int:
    """How many passages were redacted (``XXXXXXXXXXXX``, ``[SOURCE REMOVED]``)."""
    if "XXXXX" not in text and "xxxxx" not in text and "[" not in text:
        return 0  # the common case, decided without running the pattern over the text
    return sum(1 for _ in _REDACTION.finditer(text))
