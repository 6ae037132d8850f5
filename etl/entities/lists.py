"""People named in a list after a plural title: `Generals Vargas, Bersatti and Trigo`,
`Ministers Oda and Sele`. The run classifier reads the first name after the title and
leaves the others, which stand alone and carry no cue of their own."""

from __future__ import annotations

import re
from collections.abc import Sequence

from etl.entities.context import PERSON, is_title_word
from etl.entities.gazetteer import Gazetteer
from etl.parsing.records import Mention

_NAME = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?"
#: A plural capitalised word, then names (one or two words each) joined by commas and a
#: final `and`.
_TITLED_LIST = re.compile(
    rf"(?<![\w-])([A-Z][a-z]+s)\s+({_NAME}(?: {_NAME})?(?:,\s+{_NAME}(?: {_NAME})?)*,?\s+and\s+"
    rf"{_NAME}(?: {_NAME})?)(?![\w'’-])"
)
_ITEM = re.compile(rf"{_NAME}(?: {_NAME})?")


def people_in_titled_lists(
    position: int, text: str, mentions: Sequence[Mention], gazetteer: Gazetteer
) -> list[Mention]:
    """The mentions with each name of a list after a plural title added where no mention
    covers it; a list with an English word, a country or a title word is no list of names."""
    if " and " not in text:
        return list(mentions)
    added: list[Mention] = []
    for match in _TITLED_LIST.finditer(text):
        if not is_title_word(match.group(1).lower(), False):
            continue
        items = list(_ITEM.finditer(text, match.start(2), match.end(2)))
        if any(not _name_like(item.group(0), gazetteer) for item in items):
            continue  # `Generals Motors and Ford`: not a list of people
        for item in items:
            start, end = item.span()
            if not any(m.start < end and start < m.end for m in [*mentions, *added]):
                added.append(Mention(PERSON, item.group(0), item.group(0), position, start, end))
    if not added:
        return list(mentions)
    return sorted([*mentions, *added], key=lambda m: m.start)


def _name_like(item: str, gazetteer: Gazetteer) -> bool:
    return not any(
        gazetteer.is_common(word) or gazetteer.country(word) or is_title_word(word.lower(), False)
        for word in item.split()
    )
