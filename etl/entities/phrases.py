"""Mentions decided by the phrase around a name rather than by the name's own words.

The run classifier reads a run of capitalised words by itself and by a few cue words; these
shapes need the phrase they stand in, and override what the run alone suggested:

- a press citation or a media word (`(Al Ahram, 12/29/2009)`, `the daily Al Masry Al Youm`,
  `Al Alam Al Youm newspaper`, `news channel Samaa`) names a media body, whatever its words;
- a facility head after a name (`Nisoor Square`, `Bagram Airfield`, `Reykjavik City Hall`) is a
  place; with a lower-case head (`the Sadakhlo border crossing`) only the name is;
- an administrative word and `of` before a name (`the region of Racha`, `district of Geneva`),
  or an administrative word after a known place (`Cesar Department`), make it a place;
- a place joined to a participle (`Cyprus-flagged`, `Canadian-led`, `Russia-centric`) is a
  place, and such a compound never begins the name of a body or a person.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from etl.entities import lexicon
from etl.entities.gazetteer import Gazetteer
from etl.entities.organisations import (
    IRREGULAR_DEMONYMS,
    as_organisation,
    is_demonym,
    people_word,
)
from etl.entities.places import FACILITY_HEADS
from etl.parsing.records import Mention

PERSON, ORGANIZATION, LOCATION = "PERSON", "ORGANIZATION", "LOCATION"

# A name word: capitalised, inner hyphens and apostrophes allowed (`Al-Dabbagh`, `O'Hare`).
_WORD = r"[A-Z]\w*(?:['’](?![sS]\b)\w+)*(?:-[A-Za-z]\w*)*"
# A run of name words, with the lower-case particles of foreign names between them.
_RUN = rf"{_WORD}(?:\s+(?:(?:de|da|do|dos|das|del|al|el|la|le|di|van|von)\s+)?{_WORD})*"
# The same, opening a match that no word character may precede: the test comes after the
# capital, so that sre scans for a capital (a look-behind in front of a pattern is tried at
# every position of the text, several times slower).
_NOT_AFTER_A_WORD = r"(?<![\w'’-][A-Z])"
_FIRST_WORD = "[A-Z]" + _NOT_AFTER_A_WORD + _WORD.removeprefix("[A-Z]")
_FIRST_RUN = _FIRST_WORD + _RUN.removeprefix(_WORD)

# `(Al Ahram, Al Masry Al Youm, 12/29/2009)`: the sources a press summary cites.
_CITATION = re.compile(rf"\(((?:{_RUN}\s*,\s*)+)\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?\s*\)")
_CITED = re.compile(_RUN)
_MEDIA_WORDS = r"daily|newspaper|weekly|magazine|tabloid|news\s+agency|news\s+channel"
_MEDIA_BEFORE = re.compile(
    rf"\b(?:{_MEDIA_WORDS}|channel|broadcaster|television|radio|TV|website)\s+(?:the\s+)?({_RUN})"
)
_MEDIA_AFTER = re.compile(
    rf"({_FIRST_RUN})\s+(?:{_MEDIA_WORDS}|television|TV|radio"
    r"|(?:[a-z]+\s+)?(?:company|firm|corporation|conglomerate))\b(?![-'’])"
)

_FACILITY = re.compile(rf"({_FIRST_RUN})\s+(?:{FACILITY_HEADS})\b(?![-'’])")
_FACILITY_HEAD_WORDS = frozenset(
    w.lower() for heads in FACILITY_HEADS.split("|") for w in heads.split()
)
# Lower-case heads: the name before them is the place (a town at a border crossing, a mine).
_LOWER_FACILITY = re.compile(
    rf"({_FIRST_RUN})\s+(?:border\s+crossing|crossing\s+point|checkpoint|airport"
    r"|airfield|air\s+base|airbase|prison|refugee\s+camp)\b"
)

_ADMINISTRATIVE_WORDS = (
    "province|district|region|village|town|city|governorate|municipality|county|oblast"
    "|prefecture|island|neighborhood|neighbourhood|suburb|township|borough|commune|canton"
)
_ADMINISTRATIVE_OF = re.compile(
    rf"\b(?:{_ADMINISTRATIVE_WORDS}|{_ADMINISTRATIVE_WORDS.title()})\s+of\s+({_RUN})"
)
_PLACE_DEPARTMENT = re.compile(rf"(?<![\w'’-])({_RUN})\s+(Department)\b(?!\s+of\b)")

#: Participles and adjectives that join a place into a compound (`Cyprus-flagged`).
_COMPOUND_TAILS = (
    r"[a-z]+ed|centric|born|run|made|built|held|owned|bound|friendly|oriented|wide|dominated"
)
_COMPOUND = re.compile(rf"(?<![\w'’-])((?:U\.S\.|U\.K\.|{_WORD}))-(?:{_COMPOUND_TAILS})\b")
_COMPOUND_AT = re.compile(rf"(?:U\.S\.|U\.K\.|{_WORD})-(?:{_COMPOUND_TAILS})\b\s*")

# `Coal companies including Drummond Ltd., Glencore, and Carboandes`: a plural noun of a kind
# of body and `including` / `such as` introduce a list of such bodies.
_BODY_LIST = re.compile(
    r"\b(?:companies|firms|corporations|banks|parties|newspapers|dailies|outlets|broadcasters"
    r"|NGOs|organizations|organisations|airlines|carriers|producers|manufacturers|operators"
    r"|contractors|suppliers|investors|channels|unions)\s*,?\s+(?:such\s+as|including|like)\s+"
)
_LIST_ITEM = re.compile(rf"({_RUN})(?:\s+(?:Co|Corp|Inc|Ltd|LLC|PLC|plc|S\.A|GmbH|AG)\b\.?)*")
_LIST_SEPARATOR = re.compile(r"\.?\s*,\s*(?:and\s+|or\s+)?|\.?\s+(?:and|or)\s+")
# `Drummond Co. Inc.`, `Drummond Ltd.`: a company's legal form belongs to its name.
_LEGAL_FORMS = r"Co|Corp|Inc|Ltd|Ltda|LLC|PLC|plc|GmbH|S\.A|AG|INC|LTD|LTDA|CORP|GMBH"
_COMPANY = re.compile(rf"({_FIRST_RUN})((?:,?\s+(?:{_LEGAL_FORMS})\b\.?)+)")

#: Lower-case nouns after a single surname that name a leader's government or time (`the
#: Zapatero government`, `the Aznar years`): see ``_LEADER_NOUNS``.
_LEADER_WORDS = "government|administration|presidency|regime|era|years"

# Cheap literal tests: a pattern over name runs only runs on a segment that has its words
# (the tuples of plain words are tested with `in`, faster than a search for their alternation).
_BODY_LIST_CUE = ("including", "such as", "like")
_COMPANY_CUE = re.compile(rf"\s(?:{_LEGAL_FORMS})\b")
_FACILITY_CUE = re.compile(rf"\s(?:{FACILITY_HEADS})\b")
_LOWER_FACILITY_CUE = re.compile(
    r"\s(?:border|crossing|checkpoint|airport|airfield|air base|airbase|prison|refugee)\b"
)
# `<administrative word> of ` in any case: the literal ` of ` is searched for first (fast) and
# the word checked behind it, one fixed-width lookbehind per word (a leading case-insensitive
# alternation is tried at every position of the text and is many times slower).
_ADMINISTRATIVE_OF_CUE = re.compile(
    " of (?:"
    + "|".join(rf"(?<=(?i:{word}) of )" for word in _ADMINISTRATIVE_WORDS.split("|"))
    + ")"
)
_PLACE_DEPARTMENT_CUE = re.compile(r" Department\b")
# What every `_COMPOUND` match holds: a hyphen and a tail (sre scans for the hyphen fast).
_COMPOUND_CUE = re.compile(rf"-(?:{_COMPOUND_TAILS})\b")
_LEADER_NOUNS_CUE = re.compile(rf"\s(?:{_LEADER_WORDS})\b")
_MEDIA_CUE = (
    *("daily", "newspaper", "weekly", "magazine", "tabloid", "agency", "channel", "broadcaster"),
    *("television", "radio", "TV", "website", "company", "firm", "corporation", "conglomerate"),
)


def mentions_by_phrase(
    position: int,
    text: str,
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
) -> list[Mention]:
    """The mentions of one mixed-case segment with those its phrases decide put in."""
    result = _without_leading_compounds(text, mentions)
    found: list[tuple[str, int, int]] = []
    if "(" in text and "/" in text:
        for match in _CITATION.finditer(text):
            for cited in _CITED.finditer(text, match.start(1), match.end(1)):
                found.append((ORGANIZATION, cited.start(), cited.end()))
    for pattern in (_MEDIA_BEFORE, _MEDIA_AFTER) if any(w in text for w in _MEDIA_CUE) else ():
        for match in pattern.finditer(text):
            start, end = _trimmed(text, *match.span(1))
            if _names_a_body(text[start:end], gazetteer):
                found.append((ORGANIZATION, start, end))
    for match in _BODY_LIST.finditer(text) if any(w in text for w in _BODY_LIST_CUE) else ():
        position_in_list = match.end()
        while item := _LIST_ITEM.match(text, position_in_list):
            start, end = _trimmed(text, item.start(1), item.end())
            if _names_something(text[start : item.end(1)], gazetteer):
                found.append((ORGANIZATION, start, end))
            separator = _LIST_SEPARATOR.match(text, item.end())
            if separator is None:
                break
            position_in_list = separator.end()
    for match in _COMPANY.finditer(text) if _COMPANY_CUE.search(text) else ():
        start, _ = _trimmed(text, *match.span(1))
        end = match.end(2)
        # `Later Kestrel Ltd.`: an ordinary word opening the sentence is not the name's.
        while " " in text[start : match.end(1)] and gazetteer.is_common(
            text[start : match.end(1)].split()[0]
        ):
            start = text.index(" ", start) + 1
        if _names_something(text[start : match.end(1)], gazetteer):
            found.append((ORGANIZATION, start, end))
    for match in _FACILITY.finditer(text) if _FACILITY_CUE.search(text) else ():
        start, _ = _trimmed(text, *match.span(1))
        if _names_something(text[start : match.end(1)], gazetteer):
            found.append((LOCATION, start, match.end()))
    for match in _LOWER_FACILITY.finditer(text) if _LOWER_FACILITY_CUE.search(text) else ():
        start, end = _trimmed(text, *match.span(1))
        if _names_something(text[start:end], gazetteer):
            found.append((LOCATION, start, end))
    for match in _ADMINISTRATIVE_OF.finditer(text) if _ADMINISTRATIVE_OF_CUE.search(text) else ():
        start, end = _trimmed(text, *match.span(1))
        if _names_something(text[start:end], gazetteer):
            found.append((LOCATION, start, end))
    for match in _PLACE_DEPARTMENT.finditer(text) if _PLACE_DEPARTMENT_CUE.search(text) else ():
        start, end = _trimmed(text, *match.span(1))
        # A country's or a world region's department is a ministry's (`Americas Department`).
        place = text[start:end]
        if (
            gazetteer.is_place(place)
            and not gazetteer.country(place)
            and place not in lexicon.REGIONS
        ):
            found.append((LOCATION, start, match.end()))
    for match in _COMPOUND.finditer(text) if _COMPOUND_CUE.search(text) else ():
        place = match.group(1)
        if gazetteer.is_place(place) or gazetteer.country(place):
            found.append((LOCATION, *match.span(1)))
    return _put_in(position, text, result, found)


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without leading words that start a sentence or a clause rather than a name
    (`The`, `In`, `According`) and without a possessive ending."""
    compound = _COMPOUND_AT.match(text, start)
    if compound and compound.end() < end:
        start = compound.end()
    words = text[start:end].split()
    offset = start
    while len(words) > 1 and (
        words[0].lower() in lexicon.LEADING_NOISE or words[0].lower() in {"the", "a", "an"}
    ):
        offset = text.index(words[1], offset + len(words[0]))
        words = words[1:]
    surface = text[offset:end]
    for ending in ("'s", "’s", "'", "’"):
        if surface.endswith(ending):
            end -= len(ending)
            break
    return offset, end


def _names_something(surface: str, gazetteer: Gazetteer) -> bool:
    """A run that is a name, not a run of ordinary capitalised words (`The New`, `Main`)."""
    words = surface.split()
    if not words or words[0].lower() in lexicon.LEADING_NOISE:
        return False
    if any(w.lower() in _FACILITY_HEAD_WORDS for w in words):
        return False
    return gazetteer.is_place(surface) or any(not gazetteer.is_common(w) for w in words)


def _names_a_body(surface: str, gazetteer: Gazetteer) -> bool:
    """A media word's neighbour that is a title, not a place or a nationality (`the Bangkok
    daily`, `an Arabic newspaper`) nor a month or a day."""
    words = surface.split()
    return (
        _names_something(surface, gazetteer)
        and not gazetteer.is_place(surface)
        and not (len(words) == 1 and is_demonym(surface))
        and not any(w.lower() in lexicon.NAME_STOPPERS for w in words)
    )


def _without_leading_compounds(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """`Canadian-led Task Force` → `Task Force`: a participle compound starts no name."""
    result: list[Mention] = []
    for mention in mentions:
        # Every compound holds a hyphen: most surfaces are passed without a match.
        match = _COMPOUND_AT.match(mention.surface) if "-" in mention.surface else None
        if match is None or mention.kind == LOCATION:
            result.append(mention)
            continue
        rest = mention.surface[match.end() :]
        if len(rest.split()) < 2 and rest.lower() in lexicon.ORG_HEADS | {""}:
            continue  # nothing but a head word is left (`U.S.-led Coalition` keeps one)
        start = mention.start + match.end()
        name = rest if mention.name == mention.surface else mention.name
        if name.startswith(mention.surface[: match.end()]):
            name = rest
        result.append(
            Mention(mention.kind, name, rest, mention.paragraph_position, start, mention.end)
        )
    return result


def _put_in(
    position: int, text: str, mentions: list[Mention], found: list[tuple[str, int, int]]
) -> list[Mention]:
    """`found` spans replace the mentions they overlap, the longest span first; a span that
    overlaps an earlier one is dropped."""
    if not found:
        return mentions
    taken: list[tuple[int, int]] = []
    result = mentions
    for kind, start, end in sorted(found, key=lambda f: (f[1] - f[2], f[1])):
        if end <= start or any(s < end and start < e for s, e in taken):
            continue
        surface = text[start:end]
        if kind == ORGANIZATION and surface.lower() in lexicon.ORG_HEADS:
            continue
        covering = [m for m in result if m.start < end and start < m.end]
        # A longer mention that holds the span (a body named after a place) stays.
        if any(m.start < start or m.end > end for m in covering if m.kind != PERSON):
            continue
        taken.append((start, end))
        result = [m for m in result if m not in covering]
        result.append(Mention(kind, surface, surface, position, start, end))
    return sorted(result, key=lambda m: m.start)


# ------------------------------------------------------------------ people by their phrase
#: A single surname and a noun of a leader's government or time (``_LEADER_WORDS``).
_LEADER_NOUNS = re.compile(
    rf"([A-Z]{_NOT_AFTER_A_WORD}[a-z]+(?:-[A-Z][a-z]+)?)(?:['’]s)?\s+(?:{_LEADER_WORDS})\b"
)
_WORD_LEFT = re.compile(r"(?<![\w'’.-])([A-Z][a-z]+) \Z")
_WORD_RIGHT = re.compile(r" ([A-Z][a-z]+)(?![\w'’-])")
_PREVIOUS_WORD = re.compile(r"([\w/.-]+)[ ]+\Z")
_SPEECH_AFTER = re.compile(r"\s+([a-z]+)")
_APPOSITION_AFTER = re.compile(
    r"\s*,\s+(?:who|a|an|the|former|then|([A-Z][\w/.-]*(?:\s+\S+){0,5}))"
)
_OTHER_ROLE_NOUNS = frozenset(["coordinator", "engineer", "superstar", "star", "actor", "singer"])


def people_by_phrase(
    position: int,
    text: str,
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
) -> list[Mention]:
    """People the run classifier took for towns or left out, read from the phrase: a town's
    name next to another name word with a role before or an apposition after it (`desk
    officer Hind Kamal`, `Randolph Coto, Foreign Policy Coordinator`), a town after a title
    (`A/S Valenzuela`), a surname before a leader's noun (`the Zapatero government`)."""
    found: list[tuple[str, int, int]] = []
    for mention in mentions:
        if (
            mention.kind != LOCATION
            or " " in mention.surface
            or not _minor_place(mention.surface, gazetteer)
        ):
            continue
        start, end = mention.start, mention.end
        left = _WORD_LEFT.search(text, max(0, start - 32), start)
        right = _WORD_RIGHT.match(text, end)
        if left and _name_word(left.group(1), gazetteer) and _free(mentions, *left.span(1)):
            start = left.start(1)
        elif right and _name_word(right.group(1), gazetteer) and _free(mentions, *right.span(1)):
            end = right.end(1)
        if (start, end) != (mention.start, mention.end):
            if _role_before(text, start) or _person_after(text, end):
                found.append((PERSON, start, end))
        elif _title_before(text, start):
            found.append((PERSON, start, end))
    for match in _LEADER_NOUNS.finditer(text) if _LEADER_NOUNS_CUE.search(text) else ():
        word = match.group(1)
        if not (
            gazetteer.is_common(word)
            or gazetteer.is_place(word)
            or is_demonym(word)
            or word in lexicon.KNOWN_ORGS
            or word.lower() in lexicon.LEADING_NOISE
            or word.lower() in lexicon.NAME_STOPPERS
            or _is_title_word(word)
        ) and _free(mentions, *match.span(1), kinds=(ORGANIZATION, LOCATION)):
            found.append((PERSON, *match.span(1)))
    return _put_in(position, text, list(mentions), found)


def people_named_everywhere(mentions: Sequence[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """A single town's name the cable also uses as (part of) a person's name is that person
    wherever it stands (`Kamal` after `Hind Kamal`)."""
    people: dict[str, str] = {}
    for mention in sorted(
        (m for m in mentions if m.kind == PERSON), key=lambda m: (-len(m.name), m.name)
    ):
        for word in mention.name.split():
            people.setdefault(word, mention.name)
    if not people:
        return list(mentions)
    return [
        Mention(PERSON, people[m.surface], m.surface, m.paragraph_position, m.start, m.end)
        if m.kind == LOCATION and m.surface in people and _minor_place(m.surface, gazetteer)
        else m
        for m in mentions
    ]


def _nationality(word: str, gazetteer: Gazetteer) -> bool:
    """`Algerian`, `Dutch`: a nationality adjective whose stem is a place; a surname that
    merely ends like one (`Rehman`, `Sahraoui`) or a known given name (`Kamran`) is not."""
    if word in IRREGULAR_DEMONYMS:
        return True
    if word in lexicon.GIVEN_NAMES:
        return False
    if len(word) > 3 and gazetteer.is_place(word + "istan"):
        return True  # `Afghan`, `Uzbek`; a short name is no stem (`Pak Nam-gi`)
    for suffix in ("ian", "ean", "ese", "ish", "an", "i"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            if any(gazetteer.is_place(stem + extra) for extra in ("", "a", "ia", "y", "e")):
                return True
    return False


def _minor_place(word: str, gazetteer: Gazetteer) -> bool:
    return not (
        gazetteer.country(word)
        or gazetteer.is_prominent(word)
        or word in lexicon.REGIONS
        or word.isupper()
        or gazetteer.is_common(word)
    )


def _is_title_word(word: str) -> bool:
    lower = word.lower().strip(".,;:")
    return lower in lexicon.TITLE_WORDS or lower in lexicon.ROLE_NOUNS


def _name_word(word: str, gazetteer: Gazetteer) -> bool:
    """A capitalised word that can be one of a person's names (a given name is often also an
    English word: `Hind`, `Clint`): no title, head word, nationality, month or sentence
    opener."""
    lower = word.lower()
    return not (
        _is_title_word(word)
        or lower in lexicon.ORG_HEADS
        or lower in lexicon.LEADING_NOISE
        or lower in lexicon.NAME_STOPPERS
        or lower in _FACILITY_HEAD_WORDS
        or _nationality(word, gazetteer)
        or gazetteer.country(word)
        or gazetteer.is_prominent(word)
        or word in {"North", "South", "East", "West", "Upper", "Lower", "Central", "New"}
    )


def _free(mentions: Sequence[Mention], start: int, end: int, kinds: tuple[str, ...] = ()) -> bool:
    """No mention (or none of `kinds`, when given) overlaps [start, end)."""
    return not any(
        m.start < end and start < m.end and (not kinds or m.kind in kinds) for m in mentions
    )


def _role_before(text: str, start: int) -> bool:
    previous = _PREVIOUS_WORD.search(text, max(0, start - 32), start)
    if previous is None:
        return False
    word = previous.group(1).lower().strip(".,")
    return _is_title_word(word) or word in _OTHER_ROLE_NOUNS


def _title_before(text: str, start: int) -> bool:
    """A title right before (`A/S`, `Ambassador`), not a role noun that may precede a town."""
    previous = _PREVIOUS_WORD.search(text, max(0, start - 32), start)
    return (
        previous is not None
        and previous.group(1).lower() in lexicon.TITLE_WORDS
        and (previous.group(1)[:1].isupper())
    )


def _person_after(text: str, end: int) -> bool:
    """A speech verb or an apposition (`, who`, `, Foreign Policy Coordinator`) after."""
    speech = _SPEECH_AFTER.match(text, end)
    if speech and speech.group(1) in lexicon.SPEECH_VERBS:
        return True
    apposition = _APPOSITION_AFTER.match(text, end)
    if apposition is None:
        return False
    role = apposition.group(1)
    if role is None:
        return True
    for word in role.split():
        if _is_title_word(word) or word.lower() in _OTHER_ROLE_NOUNS:
            return True
        if not (word[:1].isupper() or word in {"of", "for", "and", "the"}):
            return False
    return False


_FEASTS = frozenset(
    ["eid", "ramadan", "ashura", "nowruz", "christmas", "easter", "diwali", "passover"]
    + ["hanukkah", "hajj", "haj", "muharram", "lent"]
)
_COMPANY_FORMS = frozenset(
    ["co", "corp", "inc", "ltd", "llc", "plc", "gmbh", "telecom", "holdings", "airlines"]
    + ["airways", "bank", "group", "petroleum", "industries", "motors"]
)
_CONNECTOR_WORDS = frozenset(["of", "for", "to", "the", "and"])
#: Last words of named things that no person's name ends with (`Law` and `Bill` may).
_THING_HEADS = lexicon.NON_ORG_HEADS - {"law", "bill", "act", "acts", "laws", "zone", "area"}
_NAME_WORD_AFTER = re.compile(r" ([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w'’-])")
# `Ameer Hamza (Publications Chief)`, `Mufti Abdul Rehman (Member of the Central Executive)`
_PERSON_BEFORE_ROLE = re.compile(
    rf"({_FIRST_WORD}(?:\s+{_WORD}){{1,4}})\s+\(([A-Z][\w/.-]*(?:\s+[\w/.-]+){{0,7}})\)"
)


def people_cleaned(text: str, mentions: Sequence[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Person names with the role phrase in front taken off (`Director for the Protection of
    Algerian Citizens Overseas Hocine Sahraoui` → `Hocine Sahraoui`, a misspelt title such
    as `Mininster`), and people named before their role in parentheses. A nationality and
    one word (`Swedish Gripen`, `Afghan Presidential`) or a feast (`Eid al-Fitr`) is no
    person; a name ending in a company's form (`Orascom Telecom`) is a company."""
    result: list[Mention] = []
    for mention in mentions:
        if mention.kind == PERSON and mention.name == mention.surface:
            mention = _name_after_role(text, mention, gazetteer)
        if mention.kind == PERSON:
            words = mention.surface.split()
            named = mention.name.split()  # a short form goes with its fuller name
            if words[0].lower() in _FEASTS or (
                len(named) == 2
                and _nationality(named[0], gazetteer)
                and (len(words) == 2 or is_demonym(named[0]))  # `Gripen`, not `Netanyahu`
            ):
                continue
            if all(people_word(w, gazetteer) for w in mention.name.split()):
                continue  # `the Peruvian said`, `Latin American diplomats`
            if len(words) >= 2 and words[-1].lower() in _THING_HEADS:
                continue  # `Joint Action Plan (JAP)`: a plan, a treaty, a programme
            if len(words) >= 2 and words[-1].lower().rstrip(".") in _COMPANY_FORMS:
                mention = as_organisation(mention)
        result.append(mention)
    found: list[tuple[str, int, int]] = []
    if " (" in text:
        for match in _PERSON_BEFORE_ROLE.finditer(text):
            role = match.group(2).split()
            if not any(_is_title_word(w) or _misspelt_title(w) for w in role):
                continue
            words = match.group(1).split()
            start = match.start(1)
            while words and (_is_title_word(words[0]) or words[0].lower() in _CONNECTOR_WORDS):
                start = text.index(words[1], start + len(words[0])) if len(words) > 1 else start
                words = words[1:]
            before = text[: match.start(1)].split()[-2:]
            # After `Minister of` comes the portfolio (`Interior`), then the name.
            if (
                len(words) > 2
                and len(before) == 2
                and _is_title_word(before[0])
                and before[1].lower() in _CONNECTOR_WORDS
            ):
                start = text.index(words[1], start + len(words[0]))
                words = words[1:]
            if len(words) >= 2 and all(_name_word(w, gazetteer) for w in words):
                found.append((PERSON, start, match.end(1)))
    return _put_in(mentions[0].paragraph_position if mentions else 0, text, result, found)


def _name_after_role(text: str, mention: Mention, gazetteer: Gazetteer) -> Mention:
    words = mention.surface.split()
    first_is_title = _misspelt_title(words[0])
    if not (first_is_title or any(w in _CONNECTOR_WORDS for w in words[1:])):
        return mention
    end = mention.end
    if len(words) >= 6:  # the run classifier cuts a name at six words: read on
        while (after := _NAME_WORD_AFTER.match(text, end)) and _plain(after.group(1), gazetteer):
            end = after.end(1)
    tail = text[mention.start : end].split()
    name: list[str] = []
    for word in reversed(tail):
        if not _plain(word, gazetteer):
            break
        name.insert(0, word)
    if not name or (len(name) == 1 and not first_is_title):
        return mention
    surface = " ".join(name)
    start = text.rindex(surface, mention.start, end)
    return Mention(PERSON, surface, surface, mention.paragraph_position, start, end)


def _plain(word: str, gazetteer: Gazetteer) -> bool:
    return (
        word[:1].isupper()
        and _name_word(word, gazetteer)
        and not gazetteer.is_common(word)
        and not _misspelt_title(word)
    )


def _misspelt_title(word: str) -> bool:
    """A long title word with one letter too many (`Mininster`, `Ambasssador`)."""
    lower = word.lower()
    if len(lower) < 7:
        return False
    return any(lower[:i] + lower[i + 1 :] in lexicon.TITLE_WORDS for i in range(len(lower)))
