"""A last look at the people of one segment: what the run classifier took for a name but
is a word, a group or a body.

- a name made of ordinary English words only (`Summer Solstice`, `Social Affairs`, a lone
  `Ministerial` after `Prime`) is no person, unless an honorific stands before it (`Ambassador
  Wood`);
- a plural nationality (`Italians`, `Canadians`) is a group, not a person;
- a name with a body's head word, English or of the languages the cables quote (`Orascom
  Telecom`, `Grupo Grau`, `Jamiat Ulema-e-Islam`), or one the cable abbreviates right after it
  (`Comisiones Obreras (CCOO)`), is an organisation.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from etl.entities import lexicon
from etl.entities.acronyms import NOT_BODIES
from etl.entities.canonical import is_short_form
from etl.entities.gazetteer import Gazetteer
from etl.entities.organisations import is_demonym
from etl.entities.tokens import Token
from etl.parsing.records import Mention

PERSON, ORGANIZATION = "PERSON", "ORGANIZATION"

#: Title words that describe the office rather than precede a name (`Chief Justice`,
#: `Prime Ministerial`): after them an English word is not taken for a surname.
_OFFICE_ADJECTIVES = frozenset(["chief", "prime", "deputy", "vice", "acting", "senior", "first"])


def _honorific(word: str) -> bool:
    """A title before a name that makes even an English word a surname (`Secretary Rice`,
    `FM Stubb`)."""
    lower = word.lower().strip(".,;:")
    return lower in lexicon.TITLE_WORDS and lower not in _OFFICE_ADJECTIVES


#: Head words of bodies in the languages the cables quote, beside English `ORG_HEADS`.
FOREIGN_BODY_HEADS = frozenset(
    ["grupo", "consorcio", "compania", "compañía", "comisiones", "empresa", "banco", "partido"]
    + ["frente", "movimiento", "jamiat", "jamaat", "jamaatud", "jamia", "tehreek", "hizb"]
    + ["harakat", "telecom", "co", "corp", "inc", "ltd", "s.a.", "sa", "gmbh", "ag", "plc"]
)
_SUFFIXES = frozenset(["Jr", "Sr", "Jr.", "Sr.", "II", "III"])
#: Title words a name can carry in front that the lexicon's titles lack.
_MORE_TITLES = frozenset(["justice", "magistrate"])
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_ABBREVIATION_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z&/-]*[A-Z])\s*\)")


def reviewed_people(
    text: str, mentions: Sequence[Mention], gazetteer: Gazetteer, upper: bool = False
) -> list[Mention]:
    """The mentions of one segment with non-persons dropped or made organisations, and a
    title or a stray letter in front of a name taken off (`Justice Alberto Cigarruista`,
    `s Letta` after a split possessive). `upper`: the segment is written in capitals."""
    result: list[Mention] = []
    for mention in mentions:
        if mention.kind != PERSON:
            result.append(mention)
            continue
        mention = _without_leading_title(mention)
        words = _WORD.findall(mention.surface)
        if not words:
            continue
        if len(words) == 1 and (words[0].upper() in NOT_BODIES or words[0] in _SUFFIXES):
            continue  # `Polmilcouns`, `Jr`: a role abbreviation or a suffix, not a name
        if len(words) == 1 and not upper and words[0].isupper() and len(words[0]) <= 5:
            # An acronym in mixed-case text (`SCA`) names a body, not a person.
            result.append(_as_body(mention))
            continue
        lowered = [w.lower().strip(".") for w in words]
        if any(w in FOREIGN_BODY_HEADS or w in lexicon.ORG_HEADS for w in lowered[1:]) or (
            lowered[0] in FOREIGN_BODY_HEADS and len(words) > 1
        ):
            result.append(replace(mention, kind=ORGANIZATION, name=mention.surface))
            continue
        abbreviation = _ABBREVIATION_AFTER.match(text, mention.end)
        if abbreviation and len(words) > 1 and is_short_form(abbreviation.group(1), mention.name):
            result.append(replace(mention, kind=ORGANIZATION, name=mention.surface))
            continue
        if len(words) == 1 and words[0].endswith("s") and is_demonym(words[0][:-1]):
            continue  # `Italians`: a group
        if mention.name == mention.surface and all(
            _ordinary(w, gazetteer) or (i < len(words) - 1 and is_demonym(w))
            for i, w in enumerate(words)
        ):
            before = text[max(0, mention.start - 24) : mention.start].split()[-1:]
            if not (before and _honorific(before[0])):
                continue  # ordinary words, not a name
        result.append(mention)
    return result


def _without_leading_title(mention: Mention) -> Mention:
    """The mention without a title word or a lone letter glued in front of the name."""
    surface = mention.surface
    first, _, rest = surface.partition(" ")
    lower = first.lower().strip(".,")
    if not rest or not rest[:1].isupper():
        return mention
    if not (
        lower in lexicon.TITLE_WORDS
        or lower in _MORE_TITLES
        or (len(first) == 1 and first.isalpha())
    ):
        return mention
    start = mention.start + len(first) + 1
    name = mention.name if mention.name != surface else rest
    return Mention(PERSON, name, rest, mention.paragraph_position, start, mention.end)


def _as_body(mention: Mention) -> Mention:
    return Mention(
        ORGANIZATION,
        mention.surface,
        mention.surface,
        mention.paragraph_position,
        mention.start,
        mention.end,
    )


def _ordinary(word: str, gazetteer: Gazetteer) -> bool:
    """An English word or its regular plural or participle (`Schools`, `Appointed`); the
    looser inflections of `Gazetteer.is_common` would also take surnames (`Pollari`)."""
    lower = word.lower().strip(".'’")
    common = gazetteer.common_words
    if lower in common:
        return True
    for suffix in ("s", "ed", "ing"):
        if lower.endswith(suffix) and lower[: -len(suffix)] in common:
            return True
    return False


#: Lower-case nouns of a role that name the person right after them (`desk officer Hind
#: Kamal`, `Lead engineer A.I. Podkovyrin`), beside the lexicon's `ROLE_NOUNS`.
_MORE_ROLE_NOUNS = frozenset(
    ["engineer", "appointee", "associate", "coordinator", "researcher", "specialist"]
    + ["attorney", "judge", "prosecutor", "investigator", "interlocutor", "counselor"]
)
_INITIALS_NAME = re.compile(
    r"(?<![\w.])((?:[A-Z]\.\s?){1,3})([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w.-]|\.\w)"
)
_ROLES = lexicon.ROLE_NOUNS | _MORE_ROLE_NOUNS
_WORD_BEFORE = re.compile(r"(?<![\w-])([a-z][a-z-]+) $")
_NAME_RUN = re.compile(
    r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?: [A-Z][a-z]+(?:-[A-Z][a-z]+)?){1,2}(?![\w-])"
)


def people_by_structure(
    position: int,
    text: str,
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
    tokens: Sequence[Token],
) -> list[Mention]:
    """People read from the shape of a name: initials and a surname (`A.I. Podkovyrin`), or
    two or three name words right after a lower-case role noun (`desk officer Hind Kamal`).
    A single minor place inside such a name gives way to it. Only the segment's capitalised
    `tokens` are looked at, each with one anchored match."""
    found: list[tuple[int, int]] = []
    for token in tokens:
        start = token.start
        if token.text[1:2] == "." and token.text[:1].isupper():
            if start and (text[start - 1].isalnum() or text[start - 1] in "._"):
                continue
            match = _INITIALS_NAME.match(text, start)
            if match and _initials_name(match, gazetteer):
                found.append(match.span())
            continue
        if start < 3 or text[start - 1] != " ":
            continue
        # The word before, by slicing: a set lookup first, the pattern only to confirm it.
        word_start = text.rfind(" ", max(0, start - 32), start - 1) + 1
        if text[word_start : start - 1] not in _ROLES:
            continue
        if not _WORD_BEFORE.search(text, max(0, start - 32), start):
            continue
        name = _NAME_RUN.match(text, start)
        if name and not any(_not_a_name_word(w, gazetteer) for w in name.group(0).split()):
            found.append(name.span())
    if not found:
        return list(mentions)
    result = list(mentions)
    for start, end in found:
        covering = [m for m in result if m.start < end and start < m.end]
        if any(not _yields(m, start, end, gazetteer) for m in covering):
            continue
        result = [m for m in result if m not in covering]
        surface = text[start:end]
        result.append(Mention(PERSON, surface, surface, position, start, end))
    return sorted(result, key=lambda m: m.start)


def _initials_name(match: re.Match[str], gazetteer: Gazetteer) -> bool:
    initials, surname = match.group(1).replace(" ", ""), match.group(2)
    if gazetteer.country(initials) or (len(initials) == 2 and initials in {"A.", "I."}):
        return False  # `U.S. Government`; `A.` and `I.` also open sentences and lists
    return not (_ordinary(surname, gazetteer) or surname.lower() in lexicon.ORG_HEADS)


def _not_a_name_word(word: str, gazetteer: Gazetteer) -> bool:
    lower = word.lower()
    return bool(
        _ordinary(word, gazetteer)
        or lower in lexicon.ORG_HEADS
        or lower in lexicon.TITLE_WORDS
        or gazetteer.country(word)
        or gazetteer.is_prominent(word)
    )


def _yields(mention: Mention, start: int, end: int, gazetteer: Gazetteer) -> bool:
    """Whether a mention inside a name read by structure gives way to it: a part of the
    name taken for a person, or a single minor place (`Kamal`, `Randolph`)."""
    if mention.start < start or mention.end > end:
        return False
    if mention.kind == PERSON:
        return True
    return (
        mention.kind == "LOCATION"
        and " " not in mention.surface
        and not gazetteer.country(mention.surface)
        and not gazetteer.is_prominent(mention.surface)
    )
