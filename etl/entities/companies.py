"""Companies and media named without a head word, found by the common noun that introduces
them: `the newspaper "Dawn"`, `the "Dawn" newspaper`, `British firm Monterrico Metals`,
`the state oil company, Petrobras`. The name alone shows nothing (no `Ministry`, no `Bank`),
so the cue must stand right before it (or a quoted name right before `newspaper`)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from etl.entities import lexicon
from etl.entities.context import ORGANIZATION, PERSON, Segment
from etl.entities.gazetteer import Gazetteer
from etl.parsing.records import Mention

_CUES = (
    r"newspaper|daily|weekly|paper|magazine|tabloid|broadcaster|firm|company|conglomerate"
    r"|manufacturer|producer|maker|operator|carrier|airline|contractor|supplier|distributor"
)
_NAME = r"[A-Z][\w’'&-]*(?:\s+(?:[A-Z][\w’'&-]*|al|de|del|do|da))*(?:\s+(?:Inc|Ltd|Corp|Co)\.)?"
_AFTER_CUE = re.compile(rf"\b(?:{_CUES}),?\s+(?:(?:called|named|known\s+as)\s+)?[\"“]?({_NAME})")
_ANY_CUE = re.compile(rf"\b(?:{_CUES})\b")
_TRAILING = re.compile(r"(?:['’]s?|,|\s+(?:al|de|del|do|da))+$")
_BEFORE_CUE = re.compile(rf"[\"“]({_NAME})[,.]?[\"”]\s+(?:{_CUES})\b")
_CALENDAR = frozenset(
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    + ["January", "February", "March", "April", "May", "June", "July", "August"]
    + ["September", "October", "November", "December"]
)


def _acceptable(name: str) -> bool:
    first = name.split()[0]
    return not (
        set(name.replace(" ", "")) <= {"X"}
        or first in _CALENDAR
        or first.lower() in lexicon.TITLE_WORDS
        or first.lower() in lexicon.LEADING_NOISE
    )


def _spans(text: str, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for pattern in (_AFTER_CUE, _BEFORE_CUE):
        for match in pattern.finditer(text):
            start, end = match.span(1)
            name = _TRAILING.sub("", text[start:end])
            quoted = text[start - 1 : start] in {'"', "“"}
            if " " not in name and not quoted and gazetteer.is_common(name.lower()):
                continue  # `the company Investments`: a word, not a name
            if name and _acceptable(name):
                found.append((start, start + len(name)))
    return found


#: A company's legal form written with a period (`Inc.`, `CORP.`): the period is the name's.
_ABBREVIATED_FORMS = frozenset(["inc", "ltd", "corp", "co", "bros"])


def legal_form_periods(segments: Iterable[Segment], mentions: Sequence[Mention]) -> list[Mention]:
    """The bodies whose name ends in an abbreviated legal form followed by its period
    (`Telecom Inc.`, `ACME INC.`) with that period taken into the surface and the name."""
    texts = {segment.position: segment.text for segment in segments}
    result: list[Mention] = []
    for mention in mentions:
        text = texts.get(mention.paragraph_position)
        words = mention.surface.split()
        if (
            mention.kind == ORGANIZATION
            and len(words) >= 2
            and words[-1].lower() in _ABBREVIATED_FORMS
            and text is not None
            and text[mention.end : mention.end + 1] == "."
            and text[mention.start : mention.end] == mention.surface
        ):
            name = mention.name
            head, _, form = name.rpartition(" ")
            if form.lower() == words[-1].lower():
                # `Tarvex INC` (a heading put in title case but for the form) → `Tarvex Inc.`
                if form.isupper() and not head.isupper():
                    form = form.capitalize()
                name = f"{head} {form}."
            mention = replace(
                mention, name=name, surface=mention.surface + ".", end=mention.end + 1
            )
        result.append(mention)
    return result


def companies_by_cue(
    segments: Iterable[Segment], mentions: Sequence[Mention], gazetteer: Gazetteer
) -> list[Mention]:
    """The mentions with the companies and media a cue introduces added; a person or nothing
    found there gives way, a body or place found there stays."""
    texts = {s.position: s.text for s in segments if not s.upper}
    added: list[Mention] = []
    dropped: set[int] = set()
    by_position: dict[int, list[int]] = {}
    for index, mention in enumerate(mentions):
        by_position.setdefault(mention.paragraph_position, []).append(index)
    # Words of the people's names: `the regional supplier, Galvao also said` names none.
    person_words = {w for m in mentions if m.kind == PERSON for w in m.name.split()}
    for position, text in texts.items():
        if not _ANY_CUE.search(text):
            continue
        for start, end in _spans(text, gazetteer):
            if text[start:end] in person_words:
                continue
            inside = [
                i
                for i in by_position.get(position, ())
                if mentions[i].start < end and start < mentions[i].end
            ]
            if any(mentions[i].kind != PERSON for i in inside):
                continue
            dropped.update(inside)
            surface = text[start:end]
            added.append(Mention(ORGANIZATION, surface, surface, position, start, end))
    if not added:
        return list(mentions)
    kept = [m for i, m in enumerate(mentions) if i not in dropped]
    return kept + added
