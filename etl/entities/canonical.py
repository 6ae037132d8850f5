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

`canonical_name` gives the identity itself, the same for every cable, from the recognisers'
name whatever form they chose (so the rules hold whether a recogniser expands or not):

- LOCATION: a country's short forms and other names are its gazetteer name (`U.S.`, `US`,
  `USA`, `America`, `United States of America` → `United States`; `UK`, `U.K.`, `Britain`
  → `United Kingdom`, while England, Scotland and Wales stay themselves); a government acronym
  read as a place means its country (`USG` → `United States`);
- ORGANIZATION: an acronym of the lexicon is its expansion (`USG` → `United States
  Government`, `EU` → `European Union`), an alias of the lexicon its kept name (`Foreign
  Ministry` → `Ministry of Foreign Affairs`), a country's initials leading the name are the
  country (`U.S. Government` → `United States Government`);
- PERSON: one letter case (`STAPLETON`, `Craig STAPLETON` → `Stapleton`, `Craig Stapleton`;
  `MCCAIN` → `McCain`, `O'NEILL` → `O'Neill`);
- every kind: blanks collapsed, a name of several words written all in capitals in title case
  (`MINISTRY OF INTERIOR` → `Ministry of Interior`, `PHNOM PENH` → `Phnom Penh`); one word in
  capitals stays so for organisations (an acronym: `TNK-BP`), not for places (`KANDAHAR`).

By design U.S. (the country, LOCATION) and USG (its government, ORGANIZATION; GUIDELINES.md of
the gold set) are two identities: `United States` and `United States Government`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache

from etl.entities import lexicon
from etl.entities.gazetteer import fold, load_gazetteer
from etl.parsing.records import Mention

_LEADING_THE = re.compile(r"^(?:the|THE|The)\s+")
_POSSESSIVE = re.compile(r"(?:'s|’s|'S|’S|'|’)$")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[^\W_]+")
_LEGAL_FORMS = frozenset(["inc.", "ltd.", "corp.", "co."])
_NEXT_CAPITALISED = re.compile(r"[ \t]+([A-Z][\w-]*)")
_PARTICLES = frozenset(
    ["al", "bin", "da", "de", "del", "der", "di", "du", "el", "la", "le", "van", "von", "y"]
)
#: Words an organisation's or place's name keeps in lower case inside it (`Ministry of ...`).
_SMALL_WORDS = _PARTICLES | frozenset(
    ["a", "an", "and", "at", "for", "in", "of", "on", "the", "to"]
)
#: Acronyms (letters only, dots dropped) are kept in capitals: two to eight letters, one word.
_ACRONYM_LETTERS = 8
_APOSTROPHES = "'’"


def title_case(text: str) -> str:
    """`SAR KHENG` → `Sar Kheng`; text with any lower-case letter is kept as written."""
    if not text.isupper():
        return text
    words = []
    for word in text.split():
        if word.lower() in _PARTICLES:
            words.append(word.lower())
        else:
            words.append(_capitalised(word))
    return " ".join(words)


def _capitalised(word: str) -> str:
    """One upper-case word of a name in title case: `KHENG` → `Kheng`, `AL-ASSAD` → `Al-Assad`,
    `O'NEILL` → `O'Neill`, `MCCAIN` → `McCain` (the prefix's usual spelling)."""
    parts = []
    for part in word.split("-"):
        if part.lower() in _LEGAL_FORMS:  # `INC.` → `Inc.`: a company's legal form
            parts.append(part.capitalize())
            continue
        if "." in part:  # initials (`M.K.`) and abbreviations (`U.S.`) stay in capitals
            parts.append(part)
            continue
        part = part.capitalize()
        for mark in _APOSTROPHES:
            head, found, tail = part.partition(mark)
            # `O'Neill`, `D'Alema`; not a possessive or elision ending (`Paris'`, `Ba's`).
            if found and len(head) == 1 and len(tail) > 1:
                part = head + mark + tail.capitalize()
        if part.startswith("Mc") and len(part) > 3:
            part = "Mc" + part[2:].capitalize()
        parts.append(part)
    return "-".join(parts)


def _title_words(text: str) -> str:
    """An organisation or place of several words written in capitals, in title case with its
    small words in lower case (`MINISTRY OF INTERIOR` → `Ministry of Interior`); other text as
    written (one word in capitals may be an acronym: `ROSUKRENERGO`, `TNK-BP`)."""
    if not text.isupper() or " " not in text:
        return text
    words = text.split()
    return " ".join(
        word.lower() if position and word.lower() in _SMALL_WORDS else _capitalised(word)
        for position, word in enumerate(words)
    )


def _is_acronym(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return (
        " " not in text
        and 2 <= len(letters) <= _ACRONYM_LETTERS
        and all(ch.isupper() for ch in letters)
        and all(ch.isalpha() or ch in ".&/" for ch in text)
    )


@lru_cache(maxsize=1)
def _country_initials() -> dict[str, str]:
    """Country short forms written in capitals (`U.S.`, `UK`), which may lead an organisation's
    name, mapped to the country's name."""
    return {
        alias: country
        for alias, country in lexicon.COUNTRY_ALIASES.items()
        # Initials of the name only (`U.S.`, `UK`, `UAE`), not other abbreviations (`PRC`).
        if alias != country and _is_acronym(alias) and is_short_form(alias, country)
    }


def _person_canonical(name: str) -> str:
    # Word by word, so that a surname in capitals inside a mixed-case name (`Craig STAPLETON`,
    # the convention of some posts) gets the case of the same name written in full.
    if name.isupper():
        return title_case(name)
    return " ".join(
        _capitalised(word) if word.isupper() and _is_name_word(word) else word
        for word in name.split()
    )


def _is_name_word(word: str) -> bool:
    """A word of three letters or more and nothing but letters, hyphens and apostrophes: a
    surname, not initials (`M.K.`) or a short abbreviation."""
    letters = sum(ch.isalpha() for ch in word)
    return letters >= 3 and all(ch.isalpha() or ch == "-" or ch in _APOSTROPHES for ch in word)


def _place_canonical(name: str) -> str:
    country = load_gazetteer().country(name)
    if country is not None:
        return country
    expansion = lexicon.ORG_ACRONYMS.get(name.replace(".", ""))
    if expansion and expansion.endswith(" Government"):
        # A government acronym read as a place (`USG` in its country sense): the country.
        country = load_gazetteer().country(expansion.removesuffix(" Government"))
        if country is not None:
            return country
    if " " not in name and name.isupper() and _is_name_word(name):
        return _capitalised(name)  # a place in capitals (`KANDAHAR`, `AL-ANBAR`)
    return _title_words(name)


def _organisation_canonical(name: str) -> str:
    if _is_acronym(name):
        expansion = lexicon.ORG_ACRONYMS.get(name.replace(".", ""))
        return expansion or name
    name = _title_words(name)
    alias = lexicon.ORG_ALIASES.get(name.lower())
    if alias:
        return alias
    first, _, rest = name.partition(" ")
    country = _country_initials().get(first)
    if country and rest:
        return f"{country} {rest}"
    return name


@lru_cache(maxsize=65_536)
def canonical_name(kind: str, name: str) -> str:
    """The identity of a name of the given kind across cables (see the module docstring)."""
    # Blanks only: the recognisers' names have no possessive, and a leading article may be
    # part of the name (`The Hague`).
    name = " ".join(name.split())
    if not name:
        return name
    if kind == "PERSON":
        return _person_canonical(name)
    if kind == "LOCATION":
        return _place_canonical(name)
    if kind == "ORGANIZATION":
        return _organisation_canonical(name)
    return name


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
        raw = " ".join(parts)
        self._raw = raw
        # Lower case keeps the offsets of almost every text; where it does not, the
        # original text is searched without regard to case.
        lower = raw.lower()
        same_length = len(lower) == len(raw)
        self._lower = lower if same_length else raw
        self._flags = 0 if same_length else re.IGNORECASE
        self._text = " " + " ".join(fold(raw).split()) + " "
        self._memo: dict[str, bool] = {}

    def writes(self, name: str) -> bool:
        answer = self._memo.get(name)
        if answer is None:
            answer = self._find(" ".join(fold(name).split())) and self._alone(name)
            self._memo[name] = answer
        return answer

    def _alone(self, name: str) -> bool:
        """False when every written occurrence of a name of several words runs on into a
        longer capitalised name (`United Nations` only inside `United Nations Mission in
        Ethiopia`): the cable then writes that longer body, not this one, so a short form
        (`UN`) is not merged into it. A title after the name does not lengthen it."""
        if " " not in name.strip():
            return True
        words = name.lower().split()
        text = self._lower
        if self._flags:  # the rare text whose lower case changes its length
            starts = [m.start() for m in re.finditer(re.escape(words[0]), text, self._flags)]
        else:
            starts = []
            position = text.find(words[0])
            while position >= 0:  # a literal search first: far faster than a pattern
                starts.append(position)
                position = text.find(words[0], position + 1)
        pattern = re.compile(r"\s+".join(map(re.escape, words)) + r"(?!\w)", self._flags)
        found = False
        for start in starts:
            match = pattern.match(text, start)
            if match is None or (start and (text[start - 1].isalnum() or text[start - 1] == "_")):
                continue
            found = True
            following = _NEXT_CAPITALISED.match(self._raw, match.end())
            if following is None or following.group(1).lower() in lexicon.TITLE_WORDS:
                return True
        return not found  # not found: written in another folding (accents), nothing to tell

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
    # Each mention's written form, read once for both loops.
    written_forms = [written_form(mention.surface) for mention in mentions]
    surfaces: dict[tuple[str, str], list[str]] = defaultdict(list)
    for mention, written_as in zip(mentions, written_forms, strict=True):
        surfaces[(mention.kind, mention.name)].append(written_as)
    chosen: dict[tuple[str, str, str], str] = {}
    for (kind, canonical), forms in surfaces.items():
        if kind == "PERSON":
            continue  # the people pass already gives the fullest name the cable writes
        canonical_key = fold(canonical)
        # Longest first, so a short form finds the fullest form it shortens.
        distinct = sorted(set(forms), key=lambda f: (-len(f), f))
        for form in distinct:
            same = not form or fold(form) == canonical_key
            # Whether the cable writes the canonical name is asked only when it matters.
            if same or (is_short_form(form, canonical) and written.writes(canonical)):
                target = canonical
            else:
                longer = next(
                    (f for f in distinct if len(f) > len(form) and is_short_form(form, f)), form
                )
                target = chosen.get((kind, canonical, longer), longer)
            chosen[(kind, canonical, form)] = title_case(target) if " " in target else target
    # `canonical`: the identity of the recognisers' name (`STAPLETON` / `Stapleton` one person).
    return [
        Mention(
            mention.kind,
            chosen.get((mention.kind, mention.name, written_as), mention.name),
            mention.surface,
            mention.paragraph_position,
            mention.start,
            mention.end,
            canonical_name(mention.kind, mention.name),
        )
        for mention, written_as in zip(mentions, written_forms, strict=True)
    ]
