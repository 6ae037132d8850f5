"""Places the run classifier leaves out: read by the words around them.

- after a locative preposition (`in Geneva`, `from Dand`) a gazetteer name is a place even
  when it is also an English word, which the classifier alone does not trust;
- an administrative head with a capital (`Tashkent Province`, `Kandahar District`) makes the
  name before it a place and belongs to it; with a lower-case head (`Dand district`) only the
  name is the place;
- a direction in front of a place is part of its name (`North Waziristan`, `Upper Kodori`);
- a capitalised compass word after `the` and before no other name is a region (`the West`).

A place inside a body or a person the cable names is left to that mention.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from etl.entities import lexicon
from etl.entities.context import Segment, title_case
from etl.entities.gazetteer import Gazetteer
from etl.parsing.records import Mention

PERSON, ORGANIZATION, LOCATION = "PERSON", "ORGANIZATION", "LOCATION"

#: Capitalised heads of named facilities, which the guidelines count as places.
FACILITY_HEADS = (
    "Square|Chowk|Airport|Airfield|Air Base|Airbase|Prison|Jail|Dam|Bridge|Palace|Hotel"
    "|Stadium|City Hall|Checkpoint|Crossing|Border Crossing|Refugee Camp|Camp"
    "|Hospital|Mine|Island|Memorial|Conference Center|Convention Center|Refinery"
)

#: Capitalised heads of a region's name (`Federally Administered Tribal Areas`).
PLACE_HEADS = frozenset(["Areas", "Territories", "Territory", "Islands", "Zone"])


_NAME = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)*"
_ADMINISTRATIVE = re.compile(
    rf"\b({_NAME}(?:\s+{_NAME})?)\s+(Province|District|Governorate|Oblast|Region|Prefecture|"
    r"province|district|governorate|oblast|region|prefecture|village|town)\b"
)
_DIRECTIONS = frozenset(
    ["North", "South", "East", "West", "Northern", "Southern", "Eastern", "Western"]
    + ["Upper", "Lower", "Central"]
)
_DIRECTION = re.compile(
    rf"\b((?:North|South|East|West|Northern|Southern|Eastern|Western|Upper|Lower|Central)"
    rf"\s+({_NAME}))\b"
)

#: `the West`, `the South and East` with a capital and no name after it: a compass region (`the West
#: Bank`, `the North Atlantic` are other names; `the South-East` is left alone).
_COMPASS = r"(?:North|South)(?:east|west)?|East|West"
_COMPASS_REGION = re.compile(
    rf"\b[Tt]he\s+({_COMPASS})(?:\s+(?:and|or)\s+({_COMPASS}))?\b"
    rf"(?![-\w’']|\s+[A-Z0-9]|\s+(?:and|or)\s+(?:{_COMPASS})\b)"
)
_COMPASS_WORD = re.compile(r"[Tt]he\s+(?:North|South|East|West)")

_LOCATIVES = frozenset(
    ["in", "from", "to", "near", "at", "across", "outside", "inside", "into", "around"]
    + ["through", "via"]
)
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|from|to|near|at|across|outside|inside|into|around|through|via)\s+$"
)
_NAME_AT = re.compile(_NAME)
# Another capitalised word after a name (`Upper Volta Company`): the name runs on.
_NAME_AFTER = re.compile(r"[ -][A-Z]")
_LOCATIVE_AFTER = re.compile(
    r"\s*(?:[.,;:)]|\s+(?:and|or|on|in|to|from|where|which|that|for|at|by|with)\b|$)"
)
_DIRECTION_WORD = re.compile(r"North|South|East|West|Upper|Lower|Central")
# A necessary condition for `_ADMINISTRATIVE`, as plain substrings: a few `in` tests in C are
# several times faster than one search for the alternation.
_ADMINISTRATIVE_WORDS = tuple(
    case + word[1:]
    for word in ("province", "district", "governorate", "oblast", "region", "prefecture")
    for case in (word[0].upper(), word[0])
) + ("village", "town")


def places_by_context(
    segment: Segment, mentions: Sequence[Mention], gazetteer: Gazetteer
) -> list[Mention]:
    """The mentions of one mixed-case segment with the places read from their context (its
    tokens: the segment's capitalised words)."""
    position, text = segment.position, segment.text
    administrative = any(word in text for word in _ADMINISTRATIVE_WORDS)
    found: list[tuple[int, int]] = []
    for match in _DIRECTION.finditer(text) if _DIRECTION_WORD.search(text) else ():
        if _directed_place(text, match, gazetteer):
            found.append(match.span(1))
    for match in _COMPASS_REGION.finditer(text) if _COMPASS_WORD.search(text) else ():
        found.append(match.span(1))
        if match.group(2):  # `the South and East`
            found.append(match.span(2))
    for match in _ADMINISTRATIVE.finditer(text) if administrative else ():
        name, head = match.group(1), match.group(2)
        if name.split()[0] in {"The", "A", "This", "That"}:
            continue
        if head[0].isupper():
            found.append((match.start(1), match.end(2)))
        else:
            found.append(match.span(1))
    for token in segment.tokens:
        word = token.text
        start = token.start
        # The word before, by slicing: most capitalised words follow no locative at all.
        if start < 3 or text[start - 1] not in " \n\t":
            continue
        if (
            text[text.rfind(" ", max(0, start - 16), start - 1) + 1 : start].strip()
            not in _LOCATIVES
        ):
            continue
        if token.possessive or word in _DIRECTIONS or not gazetteer.is_place(word):
            continue
        before = _LOCATIVE_BEFORE.search(text, max(0, token.start - 16), token.start)
        name = _NAME_AT.match(text, token.start)
        if (
            before
            and name
            and _LOCATIVE_AFTER.match(text, name.end())
            and gazetteer.is_place(name.group(0))
        ):
            found.append(name.span())
    if not found:
        return list(mentions)
    result = list(mentions)
    for start, end in sorted(found, key=lambda span: span[0] - span[1]):  # longest first
        covering = [m for m in result if m.start < end and start < m.end]
        if any(m.kind != LOCATION or m.start < start or m.end > end for m in covering):
            continue  # inside a body, a person or a longer place: that mention stays
        result = [m for m in result if m not in covering]
        surface = text[start:end]
        result.append(Mention(LOCATION, surface, surface, position, start, end))
    return sorted(result, key=lambda m: m.start)


def _directed_place(text: str, match: re.Match[str], gazetteer: Gazetteer) -> bool:
    """A direction and the name after it are one place: a known place that is no country
    (`North Waziristan`); a country after an adjective of direction (`Southern Peru`, not the
    `North` of `North Korea`, which the gazetteer knows whole); a name the gazetteer does not
    know, no English word, after a locative (`forces in Upper Kodori`)."""
    direction, name = match.group(1).split()[0], match.group(2)
    if gazetteer.country(name):
        return direction.endswith("ern")
    if gazetteer.is_place(name):
        return True
    if gazetteer.is_common(name) or _NAME_AFTER.match(text, match.end()):
        return False
    return bool(_LOCATIVE_BEFORE.search(text, max(0, match.start() - 16), match.start()))


# ------------------------------------------------------------ places inside a run of words
def is_place_surface(gazetteer: Gazetteer, surface: str, width: int, upper: bool) -> bool:
    """Whether a run of `width` capitalised words is read as a place by the run classifier;
    `upper`: the segment is written in capitals."""
    if surface in lexicon.REGIONS:
        return True
    if not gazetteer.is_place(surface):
        return False
    if gazetteer.country(surface):
        # `US` is also the pronoun in capitals.
        return not (upper and surface in {"US", "IN", "OR", "ME", "AS"})
    if width == 1 and gazetteer.is_prominent(surface) and surface[1:].islower():
        return True
    if width == 1 and (gazetteer.is_common(surface) or len(surface) < 4):
        return False
    return not (upper and width == 1 and gazetteer.is_common(surface))


def place_name(gazetteer: Gazetteer, surface: str) -> str:
    """The country's name for a country, the surface (title-cased from capitals) otherwise."""
    country = gazetteer.country(surface)
    if country:
        return country
    return title_case(surface)


def minor_place(gazetteer: Gazetteer, surface: str) -> bool:
    """A town that is also a surname often enough: not a country, capital or region."""
    return not (
        gazetteer.country(surface)
        or gazetteer.is_prominent(surface)
        or surface in lexicon.REGIONS
        or surface.isupper()
    )


# ------------------------------------------------------------ places in a list of places
_LIST_BEFORE = re.compile(r"(?:,|,?\s+(?:and|or))\s+$")
_LIST_AFTER = re.compile(r",?\s+(?:and\s+|or\s+)?|,\s*")


def places_in_lists(
    segment: Segment, mentions: Sequence[Mention], gazetteer: Gazetteer
) -> list[Mention]:
    """A gazetteer name that the classifier left out (also a word or a surname: `Rosario`,
    `Moron`) is a place when a list joins it to a place (`Buenos Aires, Rosario and Cordoba`,
    `the bases at Rota and Moron`): only a comma, `and` or `or` between them."""
    position, text = segment.position, segment.text
    places = [m for m in mentions if m.kind == LOCATION]
    if not places:
        return list(mentions)
    ends = {m.end: m for m in places}
    starts = {m.start: m for m in places}
    taken = sorted((m.start, m.end) for m in mentions)
    added: list[Mention] = []
    for token in segment.tokens:
        word = token.text
        if (
            token.possessive
            or word in _DIRECTIONS
            or not word[1:].islower()
            or any(s < token.end and token.start < e for s, e in taken)
            or not gazetteer.is_place(word)
            or _NAME_AFTER.match(text, token.end)
            or (token.start > 0 and text[token.start - 1] in "-'’")
            or _after_a_name(text, token.start)
        ):
            continue
        if not (_joined_before(text, token.start, ends) or _joined_after(text, token.end, starts)):
            continue
        added.append(Mention(LOCATION, word, word, position, token.start, token.end))
    if not added:
        return list(mentions)
    return sorted([*mentions, *added], key=lambda m: m.start)


def _after_a_name(text: str, start: int) -> bool:
    """The word before is capitalised, a blank between: the name runs on (`Mediterranean
    Coast`)."""
    before = text[max(0, start - 40) : start]
    if not before.endswith(" ") or not before.strip():
        return False
    word = before.split()[-1]
    return word[:1].isupper() and word[-1].isalpha()


def _joined_before(text: str, start: int, ends: dict[int, Mention]) -> bool:
    match = _LIST_BEFORE.search(text, max(0, start - 8), start)
    return match is not None and match.start() in ends


def _joined_after(text: str, end: int, starts: dict[int, Mention]) -> bool:
    match = _LIST_AFTER.match(text, end)
    if match is None or match.end() == end or match.end() not in starts:
        return False
    return text[end : match.end()].strip() != ""


#: Last words of a facility's or a subdivision's name: a "person" so named is a place.
_PLACE_NAME_HEADS = frozenset(h.split()[-1] for h in FACILITY_HEADS.split("|")) | {
    *("Province", "State", "District", "Region", "County", "Hospital", "Street", "Road")
}


def places_by_head(mentions: Sequence[Mention]) -> list[Mention]:
    """Bodies whose name ends with a region's head word, and "people" whose name of two words
    or more, all capitalised, ends with a subdivision's or a facility's head word, are
    places, with every
    mention that carries the same name (an acronym the cable defines for it)."""
    renamed = {
        (m.kind, m.name)
        for m in mentions
        if (words := m.name.split())
        and (
            (m.kind == ORGANIZATION and words[-1] in PLACE_HEADS)
            or (
                m.kind == PERSON
                and len(words) >= 2
                and words[-1] in _PLACE_NAME_HEADS
                and all(w[:1].isupper() for w in words)  # not `Rudd of Tarmel State`
            )
        )
    }
    if not renamed:
        return list(mentions)
    return [
        Mention(LOCATION, m.name, m.surface, m.paragraph_position, m.start, m.end, m.canonical)
        if (m.kind, m.name) in renamed
        else m
        for m in mentions
    ]
