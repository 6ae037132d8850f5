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

from etl.entities import lexicon
from etl.entities.gazetteer import Gazetteer
from etl.entities.tokens import Token
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


_HEAD_FIRST_WORDS = frozenset(head.split()[0] for head in _HEAD_WORDS) | {"Guards"}
_POST_WORDS = frozenset(["Embassy", "Consulate", "Mission", "Interests", "USMission", "USNATO"])
_POST_WORDS |= {"USUN"}


def is_demonym(word: str) -> bool:
    """A nationality adjective (`Albanian`, `Dutch`) by its shape."""
    return word in IRREGULAR_DEMONYMS or (
        word[:1].isupper() and word[1:].islower() and bool(DEMONYM_ENDING.search(word))
    )


def _is_nation(word: str, gazetteer: Gazetteer) -> bool:
    return word in {"U.S.", "US", "UK"} or is_demonym(word) or bool(gazetteer.country(word))


def post_and_national_bodies(
    position: int,
    text: str,
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
    words: frozenset[str] | None,
) -> list[Mention]:
    """The mentions of one segment with posts and nation-plus-head bodies added; mentions
    inside such a body give way to it."""
    bodies: list[tuple[int, int]] = []
    if words is None:  # text in capitals: look for the words themselves
        posts = "Embassy" in text or "Consulate" in text or "Mission" in text or "US" in text
        posts = posts or "Interests Section" in text
        heads = any(head in text for head in _HEAD_WORDS)
    else:
        posts = not words.isdisjoint(_POST_WORDS)
        heads = not words.isdisjoint(_HEAD_FIRST_WORDS)
    for match in _POST.finditer(text) if posts else ():
        place = match.group(1)
        parts = place.split()
        # The city may be one word or two (`Embassy Tirana`, `Embassy Addis Ababa`).
        for size in range(len(parts), 0, -1):
            candidate = " ".join(parts[:size])
            if gazetteer.is_place(candidate.rstrip("'’s")) or gazetteer.is_place(candidate):
                end = match.start(1) + len(candidate)
                if candidate.endswith(("'s", "’s")):
                    end -= 2
                bodies.append((match.start(), end))
                break
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


#: Institutions a country has one of, a body even when named by the bare capitalised word.
UNIQUE_INSTITUTIONS = frozenset(
    ["Parliament", "Cabinet", "Senate", "Congress", "Judiciary", "Procuracy", "Bundestag"]
    + ["Bundesrat", "Knesset", "Duma", "Majlis", "Sejm", "Riksdag", "Storting", "Althing"]
    + ["Coalition", "Politburo", "Presidium", "Gendarmerie", "Assembly", "Legislature"]
)
#: Plural names of party members, used for the party (`the Socialists`, `Social Democrats`).
_PARTY_MEMBER_WORDS = frozenset(
    ["Democrats", "Socialists", "Republicans", "Conservatives", "Liberals", "Greens"]
    + ["Communists", "Tories", "Maoists", "Islamists", "Nationalists"]
)
_PARTY_ADJECTIVES = frozenset(["Social", "Christian", "Free", "Liberal", "National", "Young"])
#: Words one of which a segment must hold for `bodies_by_shape` to find a body in it.
SHAPE_WORDS = UNIQUE_INSTITUTIONS | _PARTY_MEMBER_WORDS | frozenset(["UN", "U.N.", "EU", "E.U."])
_INTERNATIONAL_PREFIX = ("UN ", "U.N. ", "EU ", "E.U. ")
_AND_THE = re.compile(r"\s+and\s+(?:the\s+)?(?=[A-Z])")


def bodies_by_shape(
    position: int, text: str, mentions: Sequence[Mention], tokens: Sequence[Token]
) -> list[Mention]:
    """Bare unique institutions and party nicknames as bodies, and `UN` joined to the body it
    names (`UN General Assembly`)."""
    result = _join_international(list(mentions), text)
    found: list[tuple[int, int]] = []
    for index, token in enumerate(tokens):
        word = token.text.rstrip("'’")  # `the Socialists' candidate`
        end = token.start + len(word)
        if word in UNIQUE_INSTITUTIONS:
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if not (following and token.glued_to_next and token.adjacent):
                found.append((token.start, end))  # not the head of a longer name
        elif word in _PARTY_MEMBER_WORDS:
            start = token.start
            previous = tokens[index - 1] if index else None
            if previous and previous.glued_to_next and previous.text in _PARTY_ADJECTIVES:
                start = previous.start
            found.append((start, end))
    for start, end in found:
        if any(m.start < end and start < m.end for m in result):
            continue
        surface = text[start:end]
        result.append(Mention(ORGANIZATION, surface, surface, position, start, end))
    return sorted(result, key=lambda m: m.start)


def split_at_and(mentions: Sequence[Mention]) -> list[Mention]:
    """Each organisation that is two bodies joined by `and` taken apart."""
    result: list[Mention] = []
    for mention in mentions:
        if mention.kind == ORGANIZATION and " and " in mention.surface:
            result.extend(_split_at_and(mention))
        else:
            result.append(mention)
    return result


def _split_at_and(mention: Mention) -> list[Mention]:
    """`Ministry of External Relations and Ministry of Defense` is two bodies; `Claims and
    Condolence Committee` is one (its first part has no head word)."""
    if mention.kind != ORGANIZATION or " and " not in mention.surface:
        return [mention]
    match = _AND_THE.search(mention.surface)
    if not match:
        return [mention]
    left, right = mention.surface[: match.start()], mention.surface[match.end() :]
    left_words = [w.lower() for w in left.split()]
    if not (
        any(w in lexicon.ORG_HEADS for w in left_words)
        or ("the" in match.group(0) and len(left_words) >= 2)
    ):
        return [mention]
    start = mention.start
    right_start = start + match.end()
    return [
        Mention(ORGANIZATION, left, left, mention.paragraph_position, start, start + len(left)),
        Mention(ORGANIZATION, right, right, mention.paragraph_position, right_start, mention.end),
    ]


def _join_international(mentions: list[Mention], text: str) -> list[Mention]:
    """`UN` + `General Assembly` → `UN General Assembly`: the prefix names the body."""
    if not any(prefix in text for prefix in _INTERNATIONAL_PREFIX):
        return mentions
    joined: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: m.start):
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.kind == ORGANIZATION
            and mention.kind == ORGANIZATION
            and (previous.surface + " ") in _INTERNATIONAL_PREFIX
            and text[previous.end : mention.start] == " "
            and mention.surface[:1].isupper()
        ):
            surface = text[previous.start : mention.end]
            joined[-1] = Mention(
                ORGANIZATION,
                surface,
                surface,
                mention.paragraph_position,
                previous.start,
                mention.end,
            )
            continue
        joined.append(mention)
    return joined
