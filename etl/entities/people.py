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
from etl.entities.canonical import is_short_form
from etl.entities.gazetteer import Gazetteer
from etl.entities.organisations import is_demonym
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
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_ABBREVIATION_AFTER = re.compile(r"\s*\(\s*([A-Z][A-Za-z&/-]*[A-Z])\s*\)")


def reviewed_people(text: str, mentions: Sequence[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """The mentions of one segment with non-persons dropped or made organisations."""
    result: list[Mention] = []
    for mention in mentions:
        if mention.kind != PERSON:
            result.append(mention)
            continue
        words = _WORD.findall(mention.surface)
        if not words:
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
