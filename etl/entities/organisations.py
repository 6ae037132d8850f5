"""Bodies named by a post or a nation and a capitalised head word.

Two shapes the run classifier reads as a place or as nothing:

- a post: `Embassy Tirana`, `Consulate General Lahore`, `U.S. Embassy`: the post is the body,
  the city inside it is not annotated separately (flat annotation, outermost name);
- a nation and a capitalised head: `Albanian Government`, `U.S. Government`, `Georgian
  Customs`, `Pakistan Air Force`. With a lower-case head (`the Pakistan government`) only the
  place is an entity, so the head must be capitalised.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from etl.entities.gazetteer import Gazetteer
from etl.parsing.records import Mention

ORGANIZATION, LOCATION = "ORGANIZATION", "LOCATION"

#: Nationality adjectives by suffix, and the common ones the suffixes miss.
DEMONYM_ENDING = re.compile(r"(?:ian|ean|ese|ish|an|i|ic)$")
IRREGULAR_DEMONYMS = frozenset(
    ["Dutch", "French", "British", "Swiss", "Greek", "Thai", "Irish", "Welsh", "Danish"]
    + ["Polish", "Spanish", "Swedish", "Finnish", "Turkish", "Lao", "Czech", "Slovak"]
)

_POST = re.compile(
    r"\b(?:Embassy|Consulate(?: General)?|Mission|Interests Section|USMission|USNATO|USUN)"
    r"\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
)
_NATIONAL_HEAD = re.compile(
    r"(?<![\w.])((?:U\.S\.|US|UK|[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?))\s+"
    r"(Government|Embassy|Consulate|Customs|Navy|Army|Air Force|Coast Guard|Armed Forces|"
    r"Military|Border Guards?|Parliament|Cabinet)\b(?!\s+(?:of|[A-Z]))"
)


_HEAD_WORDS: tuple[str, ...] = (
    "Government",
    "Embassy",
    "Consulate",
    "Customs",
    "Navy",
    "Army",
    "Air Force",
) + ("Coast Guard", "Armed Forces", "Military", "Border Guard", "Parliament", "Cabinet")


def is_demonym(word: str) -> bool:
    """A nationality adjective (`Albanian`, `Dutch`) by its shape."""
    return word in IRREGULAR_DEMONYMS or (
        word[:1].isupper() and word[1:].islower() and bool(DEMONYM_ENDING.search(word))
    )


def _is_nation(word: str, gazetteer: Gazetteer) -> bool:
    return word in {"U.S.", "US", "UK"} or is_demonym(word) or bool(gazetteer.country(word))


def post_and_national_bodies(
    position: int, text: str, mentions: Sequence[Mention], gazetteer: Gazetteer
) -> list[Mention]:
    """The mentions of one segment with posts and nation-plus-head bodies added; mentions
    inside such a body give way to it."""
    bodies: list[tuple[int, int]] = []
    posts = "Embassy" in text or "Consulate" in text or "Mission" in text or "US" in text
    posts = posts or "Interests Section" in text
    for match in _POST.finditer(text) if posts else ():
        place = match.group(1)
        words = place.split()
        # The city may be one word or two (`Embassy Tirana`, `Embassy Addis Ababa`).
        for size in range(len(words), 0, -1):
            candidate = " ".join(words[:size])
            if gazetteer.is_place(candidate.rstrip("'’s")) or gazetteer.is_place(candidate):
                end = match.start(1) + len(candidate)
                if candidate.endswith(("'s", "’s")):
                    end -= 2
                bodies.append((match.start(), end))
                break
    heads = any(head in text for head in _HEAD_WORDS)
    for match in _NATIONAL_HEAD.finditer(text) if heads else ():
        nation, start = match.group(1), match.start(1)
        if not _is_nation(nation, gazetteer) and " " in nation:
            # `The Albanian Government`: the nation is the last word only.
            start += nation.rindex(" ") + 1
            nation = text[start : match.end(1)]
        if _is_nation(nation, gazetteer):
            bodies.append((start, match.end(2)))
    # A longer body the classifier found (`Egyptian Customs Administration`) stays.
    bodies = [
        (s, e)
        for s, e in bodies
        if not any(
            m.kind == ORGANIZATION and m.start <= s and e <= m.end and m.end - m.start > e - s
            for m in mentions
        )
    ]
    if not bodies:
        return list(mentions)
    kept = [m for m in mentions if not any(s < m.end and m.start < e for s, e in bodies)]
    added = [Mention(ORGANIZATION, text[s:e], text[s:e], position, s, e) for s, e in bodies]
    return sorted(kept + added, key=lambda m: m.start)
