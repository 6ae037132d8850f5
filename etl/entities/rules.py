"""The default extractor: capitalisation, cue words, curated tables and an offline gazetteer.

One cable is read in passes, each in its own module around a per-cable `CableContext`
(`context.py`):
1. acronyms the cable defines (`Cambodian National Police (CNP)`) are collected from every
   segment, so that a use before the definition (in the subject) still links (`acronyms.py`);
2. each segment (subject, paragraphs) is cut into runs of capitalised words and each run is
   classified with cues (`candidates.py`, with the rules of `people.py`, `organisations.py`
   and `places.py`; `capitals.py` for text in capitals only); overlaps are resolved;
3. short forms (`Sokha`, `General Amr`, `Migration Board`) are linked to the fullest name the
   same cable uses, and every mention gets that name (`linking.py`);
4. per segment, passes that read whole phrases correct and add to the runs' mentions
   (`people.py`, `organisations.py`, `places.py`; `acronyms.py` for bodies known only by an
   acronym; `scope.py` blanks headers repeated inside paragraphs first), and `canonical.py`
   turns every name into the form the cable writes, keeping the identity in `canonical`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from etl.entities.acronyms import (
    acronym_definitions,
    acronym_mentions,
    bodies_after_their_acronym,
    mixed_case_acronyms,
    spelled_out_bodies,
)
from etl.entities.body_prefixes import body_prefixes
from etl.entities.candidates import candidates
from etl.entities.canonical import as_written
from etl.entities.capitals import upper_candidates
from etl.entities.companies import companies_by_cue, legal_form_periods
from etl.entities.context import (
    PERSON,
    SIGNER_POSITION,
    CableContext,
    Candidate,
    Lookups,
    Segment,
    is_title,
    resolve_overlaps,
    title_case,
)
from etl.entities.gazetteer import Gazetteer, fold, load_gazetteer
from etl.entities.linking import link_short_forms
from etl.entities.lists import people_in_titled_lists
from etl.entities.organisations import (
    SHAPE_WORDS,
    bodies_by_shape,
    bodies_on_a_subject,
    post_and_national_bodies,
    split_at_and,
    state_among_bodies,
)
from etl.entities.people import companies_among_people, people_by_structure, reviewed_people
from etl.entities.phrases import (
    mentions_by_phrase,
    people_by_phrase,
    people_cleaned,
    people_named_everywhere,
)
from etl.entities.places import places_by_context, places_by_head, places_in_lists
from etl.entities.scope import masked
from etl.entities.shortforms import merged_acronyms
from etl.entities.tokens import is_upper_text, make_token, tokenize, tokenize_capitalised
from etl.parsing.records import Mention, ParsedCable

__all__ = ["SIGNER_POSITION", "RuleBasedExtractor"]

_CLASSIFIED_BY = re.compile(r"\s*classified\s+by\b", re.IGNORECASE)
_TRAILING_SIGNER = re.compile(
    r"(?:[.!?\"')\]]|X{4,}\**)\s+([A-Z][A-Za-z'-]+(?: [A-Z][A-Za-z'-]+)?)\s*\"?\s*$"
)


class RuleBasedExtractor:
    """Finds PERSON, ORGANIZATION and LOCATION mentions without any statistical model."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._lookups = Lookups(gazetteer or load_gazetteer())
        self._gazetteer = self._lookups.gazetteer

    def extract(self, cable: ParsedCable) -> list[Mention]:
        """All mentions in the cable's subject, paragraphs and signer, names normalised."""
        segments = [self._segment(0, cable.subject)] if cable.subject else []
        segments += [
            self._segment(p.position, p.text)
            for p in cable.paragraphs
            if p.text and not _CLASSIFIED_BY.match(p.text)
        ]
        definitions = acronym_definitions(self._gazetteer, segments)
        context = CableContext(self._lookups, definitions, self._host_country(cable.origin))
        found: list[tuple[Segment, list[Candidate]]] = []
        for segment in segments:
            find = upper_candidates if segment.upper else candidates
            chosen = resolve_overlaps(find(context, segment))
            if not segment.upper and "State" in segment.text:
                chosen = state_among_bodies(segment, chosen)
            found.append((segment, chosen))
        found = link_short_forms(found)
        mentions = [mention for seg, chosen in found for mention in self._reviewed(seg, chosen)]
        mentions += self._acronym_bodies(segments, mentions, definitions)
        mentions = spelled_out_bodies(segments, mentions, definitions)
        mentions = bodies_after_their_acronym(segments, mentions, self._gazetteer, definitions)
        mentions = body_prefixes(segments, mentions, self._gazetteer)
        mentions = companies_by_cue(segments, mentions, self._gazetteer)
        mentions = legal_form_periods(segments, mentions)
        if not (cable.signer and cable.signer.strip()) and segments and segments[-1].position:
            mentions += self._trailing_signer(segments[-1], mentions)
        if cable.signer and cable.signer.strip():
            signer = cable.signer.strip()
            name = self._signer_name(signer, mentions)
            mentions.append(Mention(PERSON, name, signer, SIGNER_POSITION, 0, len(signer)))
        texts = [segment.text for segment in segments]
        mentions = companies_among_people(texts, places_by_head(mentions))
        mentions = people_named_everywhere(mentions, self._gazetteer)
        return merged_acronyms(as_written(mentions, texts), texts)

    def _reviewed(self, segment: Segment, chosen: Sequence[Candidate]) -> list[Mention]:
        """One segment's mentions after the passes that read whole phrases: people that are
        words or bodies, posts and national bodies, places by their context."""
        text, position = segment.text, segment.position
        mentions = [
            Mention(c.kind, c.name, text[c.start : c.end], position, c.start, c.end) for c in chosen
        ]
        mentions = reviewed_people(text, mentions, self._gazetteer, segment.upper)
        if segment.upper:
            return post_and_national_bodies(position, text, mentions, self._gazetteer, None)
        # The passes look for phrases around given words: they skip a segment without them.
        tokens = segment.tokens
        words = frozenset(t.text.rstrip("'’") for t in tokens)
        mentions = people_by_structure(segment, mentions, self._gazetteer)
        mentions = people_in_titled_lists(position, text, mentions, self._gazetteer)
        mentions = post_and_national_bodies(position, text, mentions, self._gazetteer, words)
        mentions = split_at_and(mentions)
        if not words.isdisjoint(SHAPE_WORDS):
            mentions = bodies_by_shape(position, text, mentions, tokens)
        mentions = bodies_on_a_subject(text, mentions)
        mentions = mentions_by_phrase(position, text, mentions, self._gazetteer)
        mentions = people_by_phrase(position, text, mentions, self._gazetteer)
        mentions = people_cleaned(text, mentions, self._gazetteer)
        mentions = places_by_context(segment, mentions, self._gazetteer)
        return places_in_lists(segment, mentions, self._gazetteer)

    def _acronym_bodies(
        self,
        segments: Sequence[Segment],
        mentions: Sequence[Mention],
        definitions: dict[str, tuple[str, str]],
    ) -> list[Mention]:
        """Bodies the cable names only by an acronym, in the mixed-case segments."""
        taken: dict[int, list[tuple[int, int]]] = {}
        for mention in mentions:
            taken.setdefault(mention.paragraph_position, []).append((mention.start, mention.end))
        cable_text = "\n".join(segment.text for segment in segments)
        found = [
            mention
            for segment in segments
            if not segment.upper
            for mention in acronym_mentions(
                segment.position,
                segment.text,
                taken.get(segment.position, ()),
                self._gazetteer,
                definitions,
                cable_text,
            )
        ]
        for mention in found:
            taken.setdefault(mention.paragraph_position, []).append((mention.start, mention.end))
        return found + [
            mention
            for segment in segments
            if not segment.upper
            for mention in mixed_case_acronyms(
                segment.position, segment.text, taken.get(segment.position, ())
            )
        ]

    @staticmethod
    def _segment(position: int, text: str) -> Segment:
        text = masked(text) if position else text
        upper = is_upper_text(text)
        tokens = tokenize(text) if upper else tokenize_capitalised(text)
        return Segment(position, text, tokens, upper)

    def _host_country(self, origin: str | None) -> str | None:
        if not origin:
            return None
        words = origin.split()
        for size in range(len(words), 0, -1):
            place = " ".join(words[-size:])
            country = self._gazetteer.country(place) or self._gazetteer.country_of_city(place)
            if country:
                return country
        return None

    def _trailing_signer(self, segment: Segment, mentions: list[Mention]) -> list[Mention]:
        """A signer the parser left glued to the last paragraph (`... if needed. Scobey`)."""
        match = _TRAILING_SIGNER.search(segment.text)
        if not match or is_title(make_token(match.group(1), 0, 0, False, False)):
            return []
        surface = match.group(1)
        start, end = match.span(1)
        if self._gazetteer.is_common(surface.split()[-1]) and not surface.isupper():
            return []
        mentions[:] = [
            m
            for m in mentions
            if not (m.paragraph_position == segment.position and m.start >= start)
        ]
        name = self._signer_name(surface, mentions)
        return [Mention(PERSON, name, surface, segment.position, start, end)]

    @staticmethod
    def _signer_name(signer: str, mentions: Sequence[Mention]) -> str:
        key = fold(signer)
        for mention in mentions:
            if mention.kind == PERSON and fold(mention.name).split()[-1:] == [key]:
                return mention.name
        return title_case(signer)
