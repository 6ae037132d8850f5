"""The word in front of a body's name: a nationality joins it, a describing word does not.

GUIDELINES: a body's name is the fullest form the cable writes, "a nationality adjective
included when written" (`Cambodian National Police`). So:

- a nationality written just before a national body is part of its name: `Polish MFA`,
  `Iranian Majlis`, `Uzbek Ministry of Foreign Affairs` (the runs of capitalised words keep
  most of these; an acronym or a bare institution found by another pass does not);
- a word that only describes the body is not: `Incoming National Police`, `MAS-led
  Constituent Assembly`, `LOCAL NGO` (a capital at the start of a sentence or in a heading
  put it into the run).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from etl.entities import lexicon
from etl.entities.context import ORGANIZATION, Segment
from etl.entities.gazetteer import Gazetteer
from etl.entities.organisations import UNIQUE_INSTITUTIONS, people_word
from etl.parsing.records import Mention

#: One or two capitalised words right before a name, after a space, a bracket or a quote.
_WORDS_BEFORE = re.compile(r"(?:^|(?<=[\s(\"“]))([A-Z][a-z]+(?:[ -][A-Z][a-z]+)?) $")
_LOOK_BACK = 40
#: What a describing word may leave behind that names no body by itself.
_GENERIC = frozenset(["NGO", "NGOs", "Government", "Ministry", "Council", "Party", "Embassy"])
_GENERIC |= {"Mission", "Post", "Consulate", "Department"}


#: Bodies named without a head word that a nationality in front belongs to.
_NATIONAL_NAMES = lexicon.NATIONAL_MOVEMENTS | {"Majlis", "General Staff", "Joint Staff"}


def is_nationality(word: str, gazetteer: Gazetteer) -> bool:
    """A nationality adjective: one the suffixes do not show (`Uzbek`, `Thai`), a compound
    (`Costa Rican`), or one whose stem is a country or region (`Albanian`, `Iraqi`)."""
    if word in lexicon.NATIONALITY_WORDS or word in lexicon.NATIONALITY_COMPOUNDS:
        return True
    if " " in word or "-" in word:
        return False
    return people_word(word, gazetteer) or gazetteer.is_place(word + "istan")


def _national_body(mention: Mention) -> bool:
    """A body a nation has one of, named without its nation: a ministry's acronym (`MFA`),
    a unique institution (`Majlis`, `Parliament`) or a name with a head word that does not
    start with a nation of its own."""
    surface = mention.surface
    if surface in lexicon.ORG_ACRONYMS:
        return lexicon.ORG_ACRONYMS[surface].startswith(lexicon.NATIONAL_BODY_PREFIXES)
    if surface in UNIQUE_INSTITUTIONS or surface in _NATIONAL_NAMES:
        return True
    words = surface.split()
    return (
        len(words) >= 2
        and words[0][:1].isupper()
        and not words[0].isupper()
        and (any(w.lower() in lexicon.ORG_HEADS for w in words) or words[-1] == "Government")
    )


def _nationality_before(text: str, start: int, gazetteer: Gazetteer) -> int | None:
    """Where the nationality written just before `start` begins, or None."""
    match = _WORDS_BEFORE.search(text, max(0, start - _LOOK_BACK), start)
    if not match:
        return None
    words = match.group(1)
    if is_nationality(words, gazetteer):
        return match.start(1)
    last = words.split()[-1] if " " in words else None
    if last and is_nationality(last, gazetteer):
        return start - len(last) - 1
    return None


def _names_a_place(first: str, rest: str, gazetteer: Gazetteer) -> bool:
    """`New Zealand Defence Force`: the first word starts a place or a nationality."""
    pair = f"{first} {rest.split(' ', 1)[0]}"
    return pair in lexicon.NATIONALITY_COMPOUNDS or gazetteer.is_place(pair)


def _describer(word: str) -> bool:
    lower = word.lower()
    return lower in lexicon.BODY_DESCRIBERS or lower.endswith(lexicon.BODY_DESCRIBER_ENDINGS)


def _without_describer(mention: Mention, gazetteer: Gazetteer) -> Mention | None:
    """The body with a describing first word cut off; None when nothing is left that names a
    body (`LOCAL NGO`); the mention itself when it starts with no describing word."""
    first, _, rest = mention.surface.partition(" ")
    if not rest or not _describer(first) or _names_a_place(first, rest, gazetteer):
        return mention
    if rest in _GENERIC or rest.upper() in {"NGO", "NGOS"} or rest.lower() in lexicon.ORG_HEADS:
        return None
    name = mention.name
    folded = name.lower()
    if folded.endswith(" " + rest.lower()):
        name = name[len(name) - len(rest) :]
    elif folded.startswith(first.lower() + " "):
        name = name[len(first) + 1 :]
    start = mention.start + len(first) + 1
    return Mention(ORGANIZATION, name, rest, mention.paragraph_position, start, mention.end)


def body_prefixes(
    segments: Iterable[Segment], mentions: Sequence[Mention], gazetteer: Gazetteer
) -> list[Mention]:
    """The mentions with describing first words cut off bodies and the nationality written in
    front of a national body joined to it (mixed-case text only)."""
    texts = {segment.position: segment.text for segment in segments if not segment.upper}
    ends: dict[int, list[int]] = {}
    for mention in mentions:
        ends.setdefault(mention.paragraph_position, []).append(mention.end)
    result: list[Mention] = []
    renamed: dict[str, str] = {}  # a body's name with a describing word → without it
    for mention in mentions:
        if mention.kind != ORGANIZATION:
            result.append(mention)
            continue
        original = mention.name
        trimmed = _without_describer(mention, gazetteer)
        while trimmed is not None and trimmed is not mention:
            mention, trimmed = trimmed, _without_describer(trimmed, gazetteer)
        if trimmed is None:
            continue
        first, _, rest = mention.name.partition(" ")
        if rest and _describer(first) and not _names_a_place(first, rest, gazetteer):
            mention = replace(mention, name=rest)  # the surface was cut before
        if mention.name != original:
            renamed[original] = mention.name
        text = texts.get(mention.paragraph_position)
        if text is not None and _national_body(mention):
            begin = _nationality_before(text, mention.start, gazetteer)
            taken = ends.get(mention.paragraph_position, ())
            if begin is not None and not any(begin < e <= mention.start for e in taken):
                nationality = text[begin : mention.start - 1]
                mention = Mention(
                    ORGANIZATION,
                    f"{nationality} {mention.name}",
                    text[begin : mention.end],
                    mention.paragraph_position,
                    begin,
                    mention.end,
                )
        result.append(mention)
    if not renamed:
        return result
    # Other mentions of the body were given the described name (`MAS-led Constituent
    # Assembly` for `the Constituent Assembly`): they take the name without it.
    return [
        replace(m, name=renamed[m.name]) if m.kind == ORGANIZATION and m.name in renamed else m
        for m in result
    ]
