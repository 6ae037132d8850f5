"""Word tokens with offsets, built only where a name can be.

Extraction is dominated by text volume (about 7,000 characters per cable), so mixed-case text
is not split into every word: only capitalised words become tokens, plus the lower-case
connectors (`of`, `and`, `de`, ...) that sit between two of them. Everything the rules need
to know about the ordinary words around a run is read from the text itself
(`word_after`, `tokens_from`). Text written in capitals is tokenised completely.
"""

from __future__ import annotations

import re
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
    r"[^\W\d_a-z](?:\.(?:[A-Z]\.)+|\.(?=\s+[A-Z])|[\w'’&-]*[^\W_]['’]?|['’]?)"
)
# The same pattern as one group, for `re.split`: words and the text between them, in C.
_CAPITALISED_ASCII_SPLIT = re.compile(f"({_CAPITALISED_ASCII.pattern})")
_GAP_WORD = re.compile(r"\S+")
_NAME_PREFIXES = ("al", "el", "ad", "ash", "as", "an", "ar", "at", "az", "ul", "bin", "abu")
_PREFIXED_NAME = re.compile(rf"(?:{'|'.join(_NAME_PREFIXES)})-[A-Z]")
_POSSESSIVE = ("'s", "’s", "'S", "’S")
#: What `_trim` may cut: a possessive or a closing apostrophe.
_TRIMMED_ENDINGS = (*_POSSESSIVE, "'", "’")
_INNER_MARKS = frozenset("_'’&-")
_LOWER_ASCII = bytes(range(ord("a"), ord("z") + 1))
_UPPER_ASCII = bytes(range(ord("A"), ord("Z") + 1))
_WINDOW = 48
_MAX_BRIDGE = 24  # longest run of connectors (with blanks) that joins two capitalised words

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


# Builds a Token from one tuple in C; the class call goes through a Python-level __new__.
_new_token = tuple.__new__

#: word -> (lower, is_capitalised, is_acronym); words repeat a lot, so they are derived once.
_FEATURES: dict[str, tuple[str, bool, bool]] = {}
_FEATURES_LIMIT = 100_000
_APOSTROPHES_AND_S = frozenset("'’sS")


def _word_features(word: str) -> tuple[str, bool, bool]:
    letters = [c for c in word if c.isalpha()]
    acronym = len(letters) >= 2 and all(c.isupper() for c in letters)
    # `al-Qadhafi`, `el-Baradei`: an Arabic article in front does not make a name common.
    capitalised = word[:1].isupper() or bool(_PREFIXED_NAME.match(word))
    features = (word.lower().rstrip(".'’"), capitalised, acronym)
    if len(_FEATURES) < _FEATURES_LIMIT:
        _FEATURES[word] = features
    return features


def make_token(
    word: str, start: int, end: int, possessive: bool, glued: bool, adjacent: bool = True
) -> Token:
    """A token with its derived word features (cached per distinct word)."""
    features = _FEATURES.get(word) or _word_features(word)
    return _new_token(Token, (word, start, end, possessive, glued, adjacent, *features))


def _trim(word: str, start: int, end: int) -> tuple[str, int, bool]:
    """Cut a possessive ending (flagged) or a stray closing apostrophe off a raw match."""
    if word.endswith(_POSSESSIVE):
        return word[:-2], end - 2, True
    if word.endswith(("'", "’")) and not word.lower().endswith("s'"):
        return word[:-1], end - 1, False
    return word, end, False


def _word(match: re.Match[str]) -> tuple[str, int, int, int, bool]:
    """(word, start, end, raw end, possessive) of a token match: `_trim` where the match ends
    in an apostrophe or an `s`; the raw end includes what was cut off."""
    start, raw_end = match.span()
    word = match.group()
    if word[-1] in _APOSTROPHES_AND_S:
        word, end, possessive = _trim(word, start, raw_end)
        return word, start, end, raw_end, possessive
    return word, start, raw_end, raw_end, False


def _glued(gap: str, possessive: bool) -> bool:
    return not possessive and gap != "" and gap.isspace() and gap.count("\n") < 2


def tokenize(text: str) -> list[Token]:
    """Split a segment into all its word tokens; possessive endings are cut off and flagged."""
    return _tokens_between(text, 0, len(text))


def _tokens_between(text: str, begin: int, stop: int) -> list[Token]:
    """`tokenize(text[begin:stop])` with offsets into `text`, without slicing or shifting."""
    # _TOKEN looks neither behind nor past `stop` farther than a slice would let it.
    matches = list(_TOKEN.finditer(text, begin, stop))
    tokens: list[Token] = []
    append = tokens.append
    features = _FEATURES
    last = len(matches) - 1
    for index, match in enumerate(matches):
        word, start, end, raw_end, possessive = _word(match)
        gap = text[raw_end : matches[index + 1].start() if index < last else stop]
        glued = not possessive if gap == " " else _glued(gap, possessive)
        feature = features.get(word) or _word_features(word)
        append(_new_token(Token, (word, start, end, possessive, glued, True, *feature)))
    return tokens


def _inside_word(text: str, start: int) -> bool:
    """True when a capital at `start` continues a word that began earlier (`al-Qadhafi`)."""
    index = start - 1
    while index >= 0 and (text[index] in _INNER_MARKS or text[index].isdigit()):
        index -= 1
    return index >= 0 and text[index].isalpha()


def _prefixed_name_at(text: str, capital: int) -> re.Match[str] | None:
    """The whole token when a capital follows an article and a hyphen (`al-Qadhafi`)."""
    if text[capital - 1] != "-":
        return None
    begin = capital - 1
    while begin > 0 and text[begin - 1].isalpha():
        begin -= 1
    if text[begin : capital - 1].lower() not in _NAME_PREFIXES:
        return None
    if begin and (text[begin - 1].isalnum() or text[begin - 1] in _INNER_MARKS):
        return None
    return _TOKEN.match(text, begin)


def tokenize_capitalised(text: str) -> list[Token]:
    """Capitalised tokens of a mixed-case segment, with the connectors joining them.

    Equivalent, for the rules, to `tokenize` with every other lower-case word dropped: a
    token is glued to the next one only when blanks alone separate them.
    """
    found = _split_capitalised(text) if text.isascii() else None
    if found is None:
        raw = _matched_capitalised(text)
        last = len(raw) - 1
        gaps = [
            text[token[3] : raw[index + 1][1]] if index < last else text[token[3] :]
            for index, token in enumerate(raw)
        ]
    else:
        raw, gaps = found
    tokens: list[Token] = []
    append = tokens.append
    features = _FEATURES
    last = len(raw) - 1
    for index, (word, start, end, raw_end, possessive) in enumerate(raw):
        gap = gaps[index]
        feature = features.get(word) or _word_features(word)
        if gap == " ":  # by far the most common separator
            append(
                _new_token(Token, (word, start, end, possessive, not possessive, True, *feature))
            )
        elif gap == "" or gap.isspace():
            glued = _glued(gap, possessive)
            append(_new_token(Token, (word, start, end, possessive, glued, True, *feature)))
        elif (
            index < last
            and len(gap) <= _MAX_BRIDGE
            and gap[0].isspace()  # the usual short gaps, `, ` and `. `, are not blank
            and gap[-1].isspace()
            and CONNECTORS.issuperset(gap.split())  # only connectors bridge the gap
        ):
            pieces = list(_GAP_WORD.finditer(gap))
            glued = _glued(gap[: pieces[0].start()], possessive)
            append(_new_token(Token, (word, start, end, possessive, glued, True, *feature)))
            for number, piece in enumerate(pieces):
                after = pieces[number + 1].start() if number + 1 < len(pieces) else len(gap)
                append(
                    make_token(
                        piece.group(),
                        raw_end + piece.start(),
                        raw_end + piece.end(),
                        False,
                        _glued(gap[piece.end() : after], False),
                    )
                )
        else:
            append(_new_token(Token, (word, start, end, possessive, False, False, *feature)))
    return tokens


#: Raw capitalised tokens: (word, start, end, raw end, possessive); the raw end includes a
#: cut-off `'s`.
_Raw = list[tuple[str, int, int, int, bool]]


def _split_capitalised(text: str) -> tuple[_Raw, list[str]] | None:
    """The raw tokens of an ASCII segment and the text after each one (up to the next), from
    one `re.split` in C: no match object per word. None when a capital continues a word
    (`al-Qadhafi`), which `_matched_capitalised` handles."""
    parts = _CAPITALISED_ASCII_SPLIT.split(text)
    raw: _Raw = []
    keep = raw.append
    position = len(parts[0])
    for index in range(1, len(parts), 2):
        word = parts[index]
        start = position
        raw_end = start + len(word)
        position = raw_end + len(parts[index + 1])
        if start and not text[start - 1].isspace() and _inside_word(text, start):
            return None
        # `_trim`, inline: most words end in neither an apostrophe nor a possessive.
        if word[-1] in _APOSTROPHES_AND_S and word.endswith(_TRIMMED_ENDINGS):
            word, end, possessive = _trim(word, start, raw_end)
            keep((word, start, end, raw_end, possessive))
        else:
            keep((word, start, raw_end, raw_end, False))
    return raw, parts[2::2]


def _matched_capitalised(text: str) -> _Raw:
    """The raw tokens of any segment, match by match."""
    ascii_only = text.isascii()
    pattern = _CAPITALISED_ASCII if ascii_only else _CAPITALISED_ANY
    raw: _Raw = []
    keep = raw.append
    for match in pattern.finditer(text):
        start = match.start()
        prefixed = False
        if start and not text[start - 1].isspace() and _inside_word(text, start):
            found = _prefixed_name_at(text, start)
            if found is None:
                continue
            match, prefixed = found, True
        token = _word(match)
        word = token[0]
        # What the ASCII pattern matched by itself starts with a capital.
        if (ascii_only and not prefixed) or word[:1].isupper() or _PREFIXED_NAME.match(word):
            keep(token)
    return raw


def tokenize_window(text: str, start: int, end: int) -> list[Token]:
    """All word tokens of `text[start:end]`, with offsets into `text`."""
    return _tokens_between(text, start, end)


def tokens_from(text: str, position: int, count: int) -> list[Token]:
    """Up to `count` word tokens from `position` on."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text, position):
        word, end, possessive = _trim(match.group(), match.start(), match.end())
        tokens.append(make_token(word, match.start(), end, possessive, False))
        if len(tokens) == count:
            break
    return tokens


def word_after(text: str, position: int) -> Token | None:
    """The first word token at or after `position`."""
    match = _TOKEN.search(text, position, position + _WINDOW)
    if match is None:
        return None
    word, end, possessive = _trim(match.group(), match.start(), match.end())
    return make_token(word, match.start(), end, possessive, False)


def is_upper_text(text: str) -> bool:
    """True when a segment is written in capitals (old cables, telegram style)."""
    # bytes.translate deletes in C: counting letters this way is ~20x faster than a loop.
    # Only ASCII letters are counted; cables are English text.
    data = text.encode("ascii", "ignore")
    lower = len(data) - len(data.translate(None, _LOWER_ASCII))
    upper = len(data) - len(data.translate(None, _UPPER_ASCII))
    letters = lower + upper
    return letters >= 20 and upper > 0.85 * letters
