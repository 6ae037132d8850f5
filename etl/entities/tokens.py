"""Word tokens with offsets, built only where a name can be.

Extraction is dominated by text volume (about 7,000 characters per cable), so mixed-case text
is not split into every word: only capitalised words become tokens, plus the lower-case
connectors (`of`, `and`, `de`, ...) that sit between two of them. Everything the rules need
to know about the ordinary words around a run is read from the text itself
(`word_before`, `word_after`). Text written in capitals is tokenised completely.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from etl.entities import lexicon

# Dotted abbreviations (U.S., M.K.) first, then words with inner hyphens/apostrophes.
_TOKEN = re.compile(r"(?:[A-Z]\.){2,}|[A-Z]\.(?=\s+[A-Z])|[^\W\d_](?:[\w'’&-]*[^\W_])?['’]?")
# The same tokens, restricted to those starting with an ASCII capital: sre scans for a
# single leading character class far faster than for `[^\W\d_]`.
_CAPITALISED_ASCII = re.compile(
    r"[A-Z](?:\.(?:[A-Z]\.)+|\.(?=\s+[A-Z])|[\w'’&-]*[^\W_]['’]?|['’]?)"
)
_CAPITALISED_ANY = re.compile(
    r"(?:[A-Z]\.){2,}|[A-Z]\.(?=\s+[A-Z])|[^\W\d_a-z](?:[\w'’&-]*[^\W_])?['’]?"
)
_GAP_WORD = re.compile(r"\S+")
_POSSESSIVE = ("'s", "’s", "'S", "’S")
_INNER_MARKS = frozenset("_'’&-")
_LOWER_ASCII = bytes(range(ord("a"), ord("z") + 1))
_UPPER_ASCII = bytes(range(ord("A"), ord("Z") + 1))
_WINDOW = 80

#: Lower-case words that may join two capitalised words into one run.
CONNECTORS: frozenset[str] = lexicon.NAME_PARTICLES | {"of", "and", "for", "the"}


class Token(NamedTuple):
    """One word: its text without a possessive ending, and where it sits in the segment."""

    text: str
    start: int
    end: int
    possessive: bool
    glued_to_next: bool  # only blanks separate it from the next token
    adjacent: bool  # the next token in the list is the next word of the text
    lower: str  # lower case, trailing dots and apostrophes removed
    is_capitalised: bool
    is_acronym: bool


@lru_cache(maxsize=100_000)
def _word_features(word: str) -> tuple[str, bool, bool]:
    letters = [c for c in word if c.isalpha()]
    acronym = len(letters) >= 2 and all(c.isupper() for c in letters)
    return word.lower().rstrip(".'’"), word[:1].isupper(), acronym


def make_token(
    word: str, start: int, end: int, possessive: bool, glued: bool, adjacent: bool = True
) -> Token:
    """A token with its derived word features (cached per distinct word)."""
    return Token(word, start, end, possessive, glued, adjacent, *_word_features(word))


def _trim(word: str, start: int, end: int) -> tuple[str, int, bool]:
    """Cut a possessive ending (flagged) or a stray closing apostrophe off a raw match."""
    if word.endswith(_POSSESSIVE):
        return word[:-2], end - 2, True
    if word.endswith(("'", "’")) and not word.lower().endswith("s'"):
        return word[:-1], end - 1, False
    return word, end, False


def _glued(gap: str, possessive: bool) -> bool:
    return not possessive and gap != "" and gap.isspace() and gap.count("\n") < 2


def tokenize(text: str) -> list[Token]:
    """Split a segment into all its word tokens; possessive endings are cut off and flagged."""
    matches = list(_TOKEN.finditer(text))
    tokens: list[Token] = []
    for index, match in enumerate(matches):
        word, end, possessive = _trim(match.group(), match.start(), match.end())
        next_start = matches[index + 1].start() if index + 1 < len(matches) else len(text)
        gap = text[match.end() : next_start]
        tokens.append(make_token(word, match.start(), end, possessive, _glued(gap, possessive)))
    return tokens


def _inside_word(text: str, start: int) -> bool:
    """True when a capital at `start` continues a word that began earlier (`al-Qadhafi`)."""
    index = start - 1
    while index >= 0 and (text[index] in _INNER_MARKS or text[index].isdigit()):
        index -= 1
    return index >= 0 and text[index].isalpha()


def tokenize_capitalised(text: str) -> list[Token]:
    """Capitalised tokens of a mixed-case segment, with the connectors joining them.

    Equivalent, for the rules, to `tokenize` with every other lower-case word dropped: a
    token is glued to the next one only when blanks alone separate them.
    """
    pattern = _CAPITALISED_ASCII if text.isascii() else _CAPITALISED_ANY
    raw: list[tuple[str, int, int, int, bool]] = []  # word, start, end, raw end, possessive
    for match in pattern.finditer(text):
        start = match.start()
        if start and not text[start - 1].isspace() and _inside_word(text, start):
            continue
        word = match.group()
        if not word[0].isupper():
            continue
        word, end, possessive = _trim(word, start, match.end())
        raw.append((word, start, end, match.end(), possessive))
    tokens: list[Token] = []
    for index, (word, start, end, raw_end, possessive) in enumerate(raw):
        next_start = raw[index + 1][1] if index + 1 < len(raw) else len(text)
        gap = text[raw_end:next_start]
        if gap == "" or gap.isspace():
            tokens.append(make_token(word, start, end, possessive, _glued(gap, possessive)))
        elif index + 1 < len(raw) and _bridged_by_connectors(gap):
            pieces = list(_GAP_WORD.finditer(gap))
            tokens.append(
                make_token(word, start, end, possessive, _glued(gap[: pieces[0].start()], possessive))
            )
            for number, piece in enumerate(pieces):
                after = pieces[number + 1].start() if number + 1 < len(pieces) else len(gap)
                tokens.append(
                    make_token(
                        piece.group(),
                        raw_end + piece.start(),
                        raw_end + piece.end(),
                        False,
                        _glued(gap[piece.end() : after], False),
                    )
                )
        else:
            tokens.append(make_token(word, start, end, possessive, False, adjacent=False))
    return tokens


def _bridged_by_connectors(gap: str) -> bool:
    if len(gap) > 24 or not (gap[:1].isspace() and gap[-1:].isspace()):
        return False
    return all(word in CONNECTORS for word in gap.split())


def tokenize_window(text: str, start: int, end: int) -> list[Token]:
    """All word tokens of `text[start:end]`, with offsets into `text`."""
    return [
        token._replace(start=token.start + start, end=token.end + start)
        for token in tokenize(text[start:end])
    ]


def word_before(text: str, start: int) -> Token | None:
    """The word token that ends last before `start`, whatever separates them."""
    last = None
    for last in _TOKEN.finditer(text, max(0, start - _WINDOW), start):  # noqa: B007
        pass
    if last is None:
        return None
    word, end, possessive = _trim(last.group(), last.start(), last.end())
    return make_token(word, last.start(), end, possessive, False)


def word_after(text: str, position: int) -> Token | None:
    """The first word token at or after `position`."""
    match = _TOKEN.search(text, position, position + _WINDOW)
    if match is None:
        return None
    word, end, possessive = _trim(match.group(), match.start(), match.end())
    return make_token(word, match.start(), end, possessive, False)


def is_upper_text(text: str) -> bool:
    """True when a segment is written in capitals (old cables, telegram style)."""
    if text.isascii():
        # bytes.translate deletes in C: counting letters this way is ~20x faster than a loop.
        data = text.encode("ascii")
        lower = len(data) - len(data.translate(None, _LOWER_ASCII))
        upper = len(data) - len(data.translate(None, _UPPER_ASCII))
        letters = lower + upper
        return letters >= 20 and upper > 0.85 * letters
    letters_list = [c for c in text if c.isalpha()]
    count = len(letters_list)
    return count >= 20 and sum(c.isupper() for c in letters_list) > 0.85 * count
