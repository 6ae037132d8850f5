"""Candidate mentions of a segment written in capitals only (`PRESIDENT SAR KHENG SAID`).

Capitalisation tells nothing there, so the words are read one by one: a title or a role noun
opens a person's name of uncommon words, a head word closes a body's name, and the gazetteer
and the lexicon find the rest.
"""

from __future__ import annotations

from etl.entities import lexicon
from etl.entities.candidates import match_at
from etl.entities.context import ORGANIZATION, CableContext, Candidate, Segment, is_title
from etl.entities.organisations import describes, org_name
from etl.entities.people import person
from etl.entities.tokens import Token

_STOP = lexicon.LEADING_NOISE | lexicon.SPEECH_VERBS
_BEFORE_A_BODY = frozenset(["of", "and", "for", "with", "to", "in"])


def upper_candidates(context: CableContext, segment: Segment) -> list[Candidate]:
    """The candidates of a capitals-only segment, left to right."""
    gazetteer = context.gazetteer
    tokens = segment.tokens
    found: list[Candidate] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if is_title(token) or (
            token.lower in lexicon.ROLE_NOUNS
            and index + 1 < len(tokens)
            and not gazetteer.is_common(tokens[index + 1].text)
        ):
            titled = _titled_person(context, segment, index)
            if titled:
                found.append(titled[0])
                index = titled[1] + 1
                continue
        if token.lower in lexicon.ORG_HEADS and index > 0:
            body = _body_ending_at(context, segment, index)
            if body:
                found.append(body)
                index += 1
                continue
        match = match_at(context, tokens[index : index + 6], 0, set(), segment)
        if match and not (
            match[0].kind == ORGANIZATION
            and gazetteer.is_common(token.text)
            and token.text not in context.definitions
        ):
            found.append(match[0])
            index += match[1]
            continue
        index += 1
    return found


def _titled_person(
    context: CableContext, segment: Segment, index: int
) -> tuple[Candidate, int] | None:
    """The person named after the title at `index`, and the index of the name's last
    word; None when no name follows."""
    gazetteer = context.gazetteer
    tokens = segment.tokens
    name: list[Token] = []
    probe = index + 1
    while probe < len(tokens) and is_title(tokens[probe]):
        probe += 1
    while (
        probe < len(tokens)
        and len(name) < 4
        and tokens[probe].lower not in _STOP
        and not is_title(tokens[probe])
        and (
            not gazetteer.is_common(tokens[probe].text)
            or tokens[probe].lower in lexicon.NAME_PARTICLES
        )
        and not gazetteer.is_place(tokens[probe].text)
    ):
        name.append(tokens[probe])
        if not tokens[probe].glued_to_next:
            break
        probe += 1
    if name:
        found = person(gazetteer, segment, name)
        if found:
            return found, probe
    return None


def _body_ending_at(context: CableContext, segment: Segment, index: int) -> Candidate | None:
    """The body whose head word is at `index`, with up to three words before it."""
    tokens = segment.tokens
    token = tokens[index]
    start = index
    while (
        start > 0
        and tokens[start - 1].glued_to_next
        and index - start < 3
        and tokens[start - 1].lower not in _STOP
        and tokens[start - 1].lower not in _BEFORE_A_BODY
        and not describes(context.gazetteer, tokens[start - 1])
    ):
        start -= 1
    if start < index:
        surface = segment.text[tokens[start].start : token.end]
        return Candidate(ORGANIZATION, org_name(surface), tokens[start].start, token.end, 4)
    return None
