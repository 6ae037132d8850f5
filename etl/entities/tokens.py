"""Word tokens with offsets, and runs of capitalised words ("chunks")."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Dotted abbreviations (U.S., M.K.) first, then words with inner hyphens/apostrophes.
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]\.(?=\s+[A-Z])|[^\W\d_](?:[\w'’&-]*[^\W_])?['’]?")
_POSSESSIVE = ("'s", "’s", "'S", "’S")


@dataclass(frozen=True, slots=True)
class Token:
    """One word: its text without a possessive ending, and where it sits in the segment."""

    text: str
    start: int
    end: int
    possessive: bool
    glued_to_next: bool  # only blanks separate it from the next token

    @property
    def lower(self) -> str:
        return self.text.lower().rstrip(".'’")

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()

    @property
    def is_acronym(self) -> bool:
        letters = [c for c in self.text if c.isalpha()]
        return len(letters) >= 2 and all(c.isupper() for c in letters)


def tokenize(text: str) -> list[Token]:
    """Split a segment into word tokens; possessive endings are cut off and flagged."""
    matches = list(_TOKEN.finditer(text))
    tokens: list[Token] = []
    for index, match in enumerate(matches):
        word, start, end = match.group(), match.start(), match.end()
        possessive = word.endswith(_POSSESSIVE)
        if possessive:
            word, end = word[:-2], end - 2
        elif word.endswith(("'", "’")) and not word.lower().endswith("s'"):
            word, end = word[:-1], end - 1
        next_start = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        gap = text[match.end() : next_start]
        glued = not possessive and gap != "" and gap.isspace() and gap.count("\n") < 2
        tokens.append(Token(word, start, end, possessive, glued))
    return tokens


def is_upper_text(text: str) -> bool:
    """True when a segment is written in capitals (old cables, telegram style)."""
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 20 and sum(c.isupper() for c in letters) > 0.85 * len(letters)
