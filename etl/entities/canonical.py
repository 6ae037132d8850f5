"""Two names for every mention: the one the cable writes and the one that identifies it.

The recognisers give each mention a *canonical* name, an identity that holds across cables:
country short names (`U.S.` → `United States`), acronym expansions from the lexicon (`USG` →
`United States Government`), `Ministry of X`, person names in one letter case. The warehouse
contract wants `entities.name` to be what the cable itself writes, so this pass turns every
canonical name back into a written one:

- a canonical name the cable writes somewhere (any letter case) is the written name of every
  mention of that identity whose surface is a short form of it (`U.S.` where the cable also
  writes "United States");
- otherwise the mention keeps its own surface (`USG`, `UK`, `Foreign Ministry`), merged into a
  longer surface of the same identity in the cable when it is a short form of that one;
- forms that are not short forms of each other stay apart (`Britain` / `UK`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from etl.entities.gazetteer import fold
from etl.parsing.records import Mention

_LEADING_THE = re.compile(r"^(?:the|THE|The)\s+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'S|’S|'|’)$")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+")
_PARTICLES = frozenset(
    ["al", "bin", "da", "de", "del", "der", "di", "du", "el", "la", "le", "van", "von", "y"]
)


def title_case(text: str) -> str:
    """`SAR KHENG` → `Sar Kheng`; text with any lower-case letter is kept as written."""
    if not text.isupper():
        return text
    words = []
    for word in text.split():
        if word.lower() in _PARTICLES:
            words.append(word.lower())
        else:
            words.append("-".join(part.capitalize() for part in word.split("-")))
    return " ".join(words)


@lru_cache(maxsize=65_536)
def written_form(surface: str) -> str:
    """The surface as a name: whitespace collapsed, no leading article, no possessive ending."""
    name = _POSSESSIVE.sub("", _LEADING_THE.sub("", _SPACE.sub(" ", surface).strip()))
    return name.strip(" ,;:")


def is_short_form(short: str, full: str) -> bool:
    """Whether `short` shortens `full`: the same name, its words a subset of the full name's
    (`Stapleton`, `Craig Stapleton`), or an acronym of it whose first letter starts the full
    name (`U.S.`, `USA` → `United States`; `RGC` → `Royal Government of Cambodia`)."""
    short_key, full_key = fold(short), fold(full)
    if short_key == full_key:
        return True
    short_words = _WORD.findall(short_key)
    full_words = _WORD.findall(full_key)
    if short_words and set(short_words) <= set(full_words):
        return True
    letters = "".join(ch for ch in short if ch.isalpha())
    if not (letters.isupper() and 2 <= len(letters) <= 8 and full_words):
        return False
    letters = letters.lower()
    if letters[0] != full_words[0][0]:
        return False
    return _is_subsequence(letters[1:], "".join(full_words)[1:])


def _is_subsequence(needle: str, haystack: str) -> bool:
    position = 0
    for ch in needle:
        position = haystack.find(ch, position) + 1
        if not position:
            return False
    return True


class _WrittenText:
    """The cable's text, case folded and with whitespace collapsed, to ask whether it writes a
    given name (a plain substring search with word boundaries: no pattern per name)."""

    def __init__(self, parts: Iterable[str]) -> None:
        # str.split() breaks on exactly the characters `\s` matches, several times faster
        # than a substitution per blank; the extra blanks at either end do not change a match.
        self._text = " " + " ".join(fold(" ".join(parts)).split()) + " "
        self._memo: dict[str, bool] = {}

    def writes(self, name: str) -> bool:
        answer = self._memo.get(name)
        if answer is None:
            answer = self._find(" ".join(fold(name).split()))
            self._memo[name] = answer
        return answer

    def _find(self, key: str) -> bool:
        text = self._text
        if not key:
            return False
        position = text.find(key)
        while position >= 0:
            before, after = text[position - 1], text[position + len(key) : position + len(key) + 1]
            if not (before.isalnum() or (after and after.isalnum())):
                return True
            position = text.find(key, position + 1)
        return False


def as_written(mentions: Sequence[Mention], texts: Iterable[str]) -> list[Mention]:
    """The mentions with `canonical` set to the recognisers' name and `name` to the fullest
    form of that identity the cable writes (see the module docstring)."""
    written = _WrittenText(texts)
    surfaces: dict[tuple[str, str], list[str]] = defaultdict(list)
    for mention in mentions:
        surfaces[(mention.kind, mention.name)].append(written_form(mention.surface))
    chosen: dict[tuple[str, str, str], str] = {}
    for (kind, canonical), forms in surfaces.items():
        if kind == "PERSON":
            continue  # the people pass already gives the fullest name the cable writes
        canonical_written = written.writes(canonical)
        # Longest first, so a short form finds the fullest form it shortens.
        distinct = sorted(set(forms), key=lambda f: (-len(f), f))
        for form in distinct:
            same = not form or fold(form) == fold(canonical)
            if same or (canonical_written and is_short_form(form, canonical)):
                target = canonical
            else:
                longer = next(
                    (f for f in distinct if len(f) > len(form) and is_short_form(form, f)), form
                )
                target = chosen.get((kind, canonical, longer), longer)
            chosen[(kind, canonical, form)] = title_case(target) if " " in target else target
    result = []
    for mention in mentions:
        key = (mention.kind, mention.name, written_form(mention.surface))
        name = chosen.get(key, mention.name)
        result.append(
            Mention(
                mention.kind,
                name,
                mention.surface,
                mention.paragraph_position,
                mention.start,
                mention.end,
                _canonical(mention),
            )
        )
    return result


def _canonical(mention: Mention) -> str:
    """People in one letter case across cables (`STAPLETON` / `Stapleton`)."""
    if mention.kind == "PERSON":
        return title_case(mention.name)
    return mention.name
