"""Linking within a cable: short forms (`Sokha`, `General Amr`, `Migration Board`) get the
fullest name the same cable uses, a person's name that is a body's becomes the body, and a
lone word that is part of a person's name elsewhere in the cable is that person."""

from __future__ import annotations

from etl.entities import lexicon
from etl.entities.context import (
    LOCATION,
    ORGANIZATION,
    PERSON,
    Candidate,
    Segment,
    merged_spans,
    overlaps,
)
from etl.entities.gazetteer import fold
from etl.entities.organisations import NESTING_WORDS

Found = list[tuple[Segment, list[Candidate]]]


def link_short_forms(found: Found) -> Found:
    """Every segment's candidates with short forms linked to the cable's fullest names and
    the words that stand for a person named elsewhere in the cable added."""
    # Ties are broken by the name itself: set order varies with the hash seed, and the
    # same cable must give the same entities in every process.
    for _, candidates in found:
        for candidate in candidates:
            if candidate.kind == PERSON:
                _without_title(candidate)
    orgs = sorted(
        {c.name for _, cs in found for c in cs if c.kind == ORGANIZATION},
        key=lambda o: (-len(o), o),
    )
    org_keys = {fold(o) for o in orgs}
    org_by_key = {fold(o): o for o in orgs}
    part_index = _name_parts(found, orgs, org_keys)
    longest_orgs: dict[str, str] = {}
    fullest_persons: dict[str, str] = {}
    linked: Found = []
    for segment, candidates in found:
        updated: list[Candidate] = []
        for candidate in candidates:
            if candidate.kind == PERSON and fold(candidate.name) in org_keys:
                candidate.kind = ORGANIZATION
                candidate.name = org_by_key[fold(candidate.name)]
            elif candidate.kind == PERSON:
                # A cable names the same person many times: resolve each name once.
                fullest = fullest_persons.get(candidate.name)
                if fullest is None:
                    fullest = fullest_person(candidate.name, part_index)
                    fullest_persons[candidate.name] = fullest
                candidate.name = fullest
            elif candidate.kind == ORGANIZATION:
                candidate.name = longest_org(candidate.name, orgs, longest_orgs)
            elif (
                candidate.kind == LOCATION
                and fold(candidate.name) in part_index
                and " " not in candidate.name
            ):
                candidate.kind = PERSON
                candidate.name = part_index[fold(candidate.name)]
            updated.append(candidate)
        updated += _short_forms_of_people(segment, updated, part_index)
        linked.append((segment, sorted(updated, key=lambda c: c.start)))
    return linked


#: Two-letter English words that start sentences: never a short form of a person.
_SHORT_WORDS = frozenset(
    ["an", "as", "at", "be", "by", "do", "go", "he", "if", "in", "is", "it", "me", "my", "no"]
    + ["of", "on", "or", "so", "to", "up", "us", "we", "am", "ok", "oh", "mr", "ms", "dr"]
)


_POSSESSIVES = ("'s", "’s", "'S", "’S", "'", "’")
_LEADERS_BODIES = frozenset(["presidency", "government", "administration", "regime", "cabinet"])


def _possessive(word: str) -> str:
    """The possessive mark ending `word` (`Torrijos'`, `Chavez's`), or ''; none after a
    letter or two (`D' Elia`)."""
    mark = next((m for m in _POSSESSIVES if word.endswith(m)), "")
    return mark if len(word) - len(mark) >= 3 else ""


def _without_title(candidate: Candidate) -> None:
    """A title word in front of a person's name taken off (`Justice Alberto Cigarruista`), so
    that it is neither the name's fullest form nor a word that stands for the person; so is
    the body a leader heads after it (`Pinera Presidency`) and what follows a possessive."""
    first, _, rest = candidate.name.partition(" ")
    lower = first.lower().strip(".,")
    # A lone letter is what a split abbreviation leaves (`S/E Gration` → `E Gration`).
    lone = len(first) == 1 and first.isalpha()
    if rest[:1].isupper() and (
        lone or lower in lexicon.TITLE_WORDS or lower in lexicon.NAME_TITLES
    ):
        candidate.name = rest
        candidate.start = min(candidate.start + len(first) + 1, candidate.end)
    # Without an apostrophe there is no possessive to read (most names: the cheap test first).
    has_mark = "'" in candidate.name or "’" in candidate.name
    words = candidate.name.split()
    cut = next((i for i, w in enumerate(words[:-1]) if _possessive(w)), None) if has_mark else None
    if cut is not None:
        owned = words[cut + 1 :]
        if len(owned) > 1 and owned[-1].lower() not in lexicon.TITLE_WORDS:
            # `Americas' Damien Loras`: the person is the one after the possessive.
            candidate.name = " ".join(owned)
            candidate.start = max(candidate.start, candidate.end - len(candidate.name))
        else:  # `President Torrijos' National Security Advisor`: whose role it is
            kept = " ".join(words[: cut + 1])
            candidate.name = kept[: -len(_possessive(words[cut]))]
            candidate.end = min(candidate.end, candidate.start + len(candidate.name))
    mark = _possessive(candidate.name) if has_mark else ""
    if mark:  # `President Torrijos' belief`
        candidate.name = candidate.name[: -len(mark)]
        candidate.end = max(candidate.start, candidate.end - len(mark))
    name, _, last = candidate.name.rpartition(" ")
    if name and " " not in name and last.lower() in _LEADERS_BODIES:
        candidate.name = name
        candidate.end = max(candidate.start, candidate.end - len(last) - 1)


def _name_parts(found: Found, orgs: list[str], org_keys: set[str]) -> dict[str, str]:
    """Folded word of a person's name → the fullest name of the cable that holds it."""
    persons = sorted(
        {c.name for _, cs in found for c in cs if c.kind == PERSON} - set(orgs),
        key=lambda n: (-len(n.split()), -len(n), n),
    )
    part_index: dict[str, str] = {}
    for name in persons:
        words = name.split()
        if fold(name) in org_keys or (len(words) > 2 and words[-1].lower() in lexicon.TITLE_WORDS):
            continue  # a role (`Emergency Relief Coordinator`) stands for no one
        for index, part in enumerate(words):
            key = fold(part.strip("."))
            # A surname of two letters leads a name (`Wu Baocai`, `Li Wei`).
            short = len(key) == 2 and index == 0 and len(words) > 1 and part.isalpha()
            if (len(key) >= 3 or (short and key not in _SHORT_WORDS)) and (
                key not in lexicon.NAME_PARTICLES
            ):
                part_index.setdefault(key, name)
    return part_index


def _short_forms_of_people(
    segment: Segment, updated: list[Candidate], part_index: dict[str, str]
) -> list[Candidate]:
    """Capitalised words outside every candidate that are part of a person's name."""
    added: list[Candidate] = []
    occupied = merged_spans([(c.start, c.end) for c in updated])
    # Without a person's name in the cable no word can be a short form of one.
    short_form_of = part_index.get
    for token in segment.tokens if part_index else ():
        if not token.is_capitalised:
            continue
        full = short_form_of(fold(token.text))
        if not full or overlaps(occupied, token.start, token.start + 1):
            continue
        if not segment.upper or len(token.text) >= 4:
            added.append(Candidate(PERSON, full, token.start, token.end, 2))
    return added


def longest_org(name: str, orgs: list[str], known: dict[str, str]) -> str:
    """The longest organisation of the cable ending with `name` (`Migration Board` →
    `Swedish Migration Board`), or `name`; answers are remembered in `known`."""
    longest = known.get(name)
    if longest is None:
        longest = name
        if len(name.split()) >= 2:
            ending = " " + name
            # `Criminal Division of the National Court` is another body than the court.
            longest = next(
                (
                    o
                    for o in orgs
                    if o != name
                    and o.endswith(ending)
                    and o[: -len(ending)].split()[-1].lower() not in NESTING_WORDS
                ),
                name,
            )
        known[name] = longest
    return longest


def fullest_person(name: str, part_index: dict[str, str]) -> str:
    """The longest person's name of the cable that holds every word of `name`, or `name`."""
    parts = [fold(p.strip(".")) for p in name.split()]
    candidates = {part_index.get(p) for p in parts if p in part_index}
    candidates.discard(None)
    for full in sorted((c for c in candidates if c), key=lambda n: (-len(n.split()), n)):
        full_parts = [fold(p.strip(".")) for p in full.split()]
        if all(p in full_parts for p in parts if p not in lexicon.NAME_PARTICLES):
            return full
    return name
