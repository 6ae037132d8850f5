"""What every stage of the extractor shares: candidate and segment records, the per-process
lookups (gazetteer, memos) and the per-cable context the candidate finders read.

A `CableContext` is made for each cable: it carries the cable's acronym definitions and host
country and the flags a run's analysis raises when it read text outside the run (which decide
whether the run's answer may be remembered, see `candidates.candidates`).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from etl.entities import lexicon
from etl.entities.gazetteer import Gazetteer
from etl.entities.tokens import Token

PERSON, ORGANIZATION, LOCATION = "PERSON", "ORGANIZATION", "LOCATION"

#: paragraph_position given to the signer, who stands outside every paragraph.
SIGNER_POSITION = -1

MAX_NAME_TOKENS = 6

#: `NGOs`, `MPs`: a plural acronym names a group, not one person or body.
PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")

#: (kind, name, start, end, priority) of the candidates of a run, offsets relative to it.
Memo = list[tuple[str, str, int, int, int]]


@dataclass(slots=True)
class Candidate:
    """A mention before review: kind, name, span in the segment's text."""

    kind: str
    name: str
    start: int
    end: int
    priority: int  # higher wins an overlap


@dataclass(frozen=True, slots=True)
class Segment:
    """The subject or one paragraph: position, text, tokens, written in capitals or not."""

    position: int
    text: str
    tokens: list[Token]
    upper: bool


class Lookups:
    """Per-process structures: the gazetteer, the country keys of `GOx` acronyms and the
    memos of runs and words, which stay valid from one cable to the next."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        # country -> (initials, first ISO code), in the gazetteer's order: `GOE`, `GOL`, ...
        self.country_keys: dict[str, tuple[str, str]] = {}
        for iso, country in gazetteer.country_codes.items():
            if country not in self.country_keys:
                words = country.replace("-", " ").split()
                initials = "".join(w[0] for w in words if w[0].isupper())
                self.country_keys[country] = (initials, iso)
        self.country_options = [(c, *key) for c, key in self.country_keys.items()]
        self.inert_memo: dict[str, bool] = {}
        # run surface -> (span the person cue was read on, candidates per cue value), with
        # offsets relative to the run; see `candidates.candidates`
        self.chunk_memo: dict[str, tuple[tuple[int, int] | None, dict[bool | None, Memo]]] = {}


@dataclass(slots=True)
class CableContext:
    """What the candidate finders know of the cable being read."""

    lookups: Lookups
    definitions: dict[str, tuple[str, str]]
    host: str | None
    looked_around: bool = False  # set when a run's analysis read text outside it
    cues_read: list[tuple[int, int, bool]] = field(default_factory=list)

    @property
    def gazetteer(self) -> Gazetteer:
        """The process's gazetteer."""
        return self.lookups.gazetteer


def title_case(text: str) -> str:
    """`SAR KHENG` → `Sar Kheng`; mixed-case text is kept as written."""
    if not text.isupper():
        return text
    words = []
    for word in text.split():
        if word.lower() in lexicon.NAME_PARTICLES:
            words.append(word.lower())
        else:
            words.append("-".join(part.capitalize() for part in word.split("-")))
    return " ".join(words)


def is_title(token: Token) -> bool:
    """A title or role word (`President`, `then-Minister`, `Directors`)."""
    return is_title_word(token.lower, token.is_acronym)


@lru_cache(maxsize=50_000)
def is_title_word(lower: str, is_acronym: bool) -> bool:
    """`is_title` on a lower-cased word."""
    word = lower
    for prefix in ("then-", "ex-", "former-", "acting-"):
        word = word.removeprefix(prefix)
    if word.endswith(("-elect", "-designate")):
        # `President-elect Alan Garcia`; `Justice-designate` after `Minister of Government
        # and`: whatever the office, the suffix makes the word a role.
        return True
    if word.endswith("s") and word[:-1] in lexicon.TITLE_WORDS and len(word) > 4:
        word = word[:-1]  # `Directors Denise Abreu and Leur Lomanto`
    return word in lexicon.TITLE_WORDS and not (is_acronym and word == "who")


def merged_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans covering the same positions as ``spans``."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, non-overlapping ``spans``."""
    index = bisect.bisect_left(spans, (end, end))  # spans starting before ``end``
    return index > 0 and spans[index - 1][1] > start


def resolve_overlaps(found: list[Candidate]) -> list[Candidate]:
    """The candidates that win their overlaps (priority, then width, then position)."""
    if len(found) < 2:  # most segments: nothing can overlap
        return [c for c in found if c.name]
    chosen: list[Candidate] = []
    # Chosen spans never overlap, so kept sorted they are checked by bisection: a long
    # text full of names would otherwise cost quadratic time.
    spans: list[tuple[int, int]] = []
    ordered = sorted(found, key=lambda c: (-c.priority, -(c.end - c.start), c.start))
    for candidate in ordered:
        if candidate.name and not overlaps(spans, candidate.start, candidate.end):
            chosen.append(candidate)
            bisect.insort(spans, (candidate.start, candidate.end))
    return sorted(chosen, key=lambda c: c.start)


def follows_one_of(text: str, start: int, ends: set[int]) -> bool:
    """True when only blanks separate `start` from one of the token ends in `ends`."""
    return any(end <= start and text[end:start].isspace() for end in ends)


#: Title words that can open the name of a body (`General Secretariat`).
ADJECTIVE_TITLES = frozenset(["general", "executive", "supreme", "central", "joint"])


def members_of_a_body(chunk: Sequence[Token], index: int) -> bool:
    """`Council of Ministers`, `Office of the President`, `General Secretariat`: a title word
    that is part of the name of a body is not a person's title."""
    if chunk[index].lower in ADJECTIVE_TITLES:
        if index + 1 < len(chunk) and chunk[index + 1].text == "Staff":
            return True  # `General Staff`, `Joint Staff`: a military's headquarters
        # `General Secretariat of Foreign Relations`, `General People's Committee`: a head
        # word within two capitalised words that are no titles.
        for following in chunk[index + 1 : index + 3]:
            if following.lower in lexicon.ORG_HEADS:
                return True
            if not following.is_capitalised or is_title_word(following.lower, following.is_acronym):
                break
    if chunk[index].is_acronym and any(
        t.lower in lexicon.ORG_HEADS for t in chunk[index + 1 :][:1]
    ):
        return True  # `BG Group`: an acronym before a head word names the body
    before = [t.lower for t in chunk[max(0, index - 3) : index]]
    if before[-1:] == ["of"]:
        return len(before) >= 2 and before[-2] in lexicon.ORG_HEADS
    if before[-2:] == ["of", "the"]:
        return len(before) >= 3 and before[-3] in lexicon.ORG_HEADS
    return False


#: Words whose `'s` does not end a run of capitalised words (`the People's Assembly`).
_POSSESSIVE_ROLE_WORDS = lexicon.ROLE_COMPLEMENTS | {"people", "workers", "children"}


def continues(token: Token, text: str) -> bool:
    """Whether a possessive continues a run past its gap (`the People's Assembly`)."""
    gap = text[token.end : token.end + 3]
    return (
        token.possessive
        and token.adjacent
        and gap[:2] in ("'s", "’s")
        and token.lower in _POSSESSIVE_ROLE_WORDS
    )


def given_name_led(words: Sequence[Token]) -> bool:
    """`Jose Serra`, `Evo Morales`: a known given name, then name-shaped words (a surname may
    be a dictionary word or a place too); no word in capitals (`Martin ABC`)."""
    return (
        2 <= len(words) <= 4
        and words[0].text in lexicon.GIVEN_NAMES
        and all(t.text[:1].isupper() and not t.text.isupper() for t in words[1:])
    )


def place_adjective(gazetteer: Gazetteer, word: str) -> bool:
    """`Bolivian`, `Chadian`, `Sudanese`: an adjective of a place, not a name (a known given
    name is none: `Kamran` is no adjective of a town `Kamra`)."""
    if len(word) < 5 or word in lexicon.GIVEN_NAMES:
        return False
    for suffix in ("ian", "ean", "ese", "ish", "an", "i"):
        stem = word[: -len(suffix)] if word.endswith(suffix) else ""
        for candidate in (stem, stem + "a", stem + "ia", stem + "y", stem + "e"):
            if len(candidate) >= 3 and gazetteer.is_place(candidate):
                return True
    return False


def participle(word: str, gazetteer: Gazetteer) -> bool:
    """`Appointed`, `Elected`: a verb's participle, not a surname (`Reed` is too short)."""
    lower = word.lower()
    common = gazetteer.common_words
    return (
        len(lower) > 5 and lower.endswith("ed") and (lower[:-2] in common or lower[:-1] in common)
    )
