"""The default extractor: capitalisation, cue words, curated tables and an offline gazetteer.

One cable is read in three passes:
1. acronyms the cable defines (`Cambodian National Police (CNP)`) are collected from every
   segment, so that a use before the definition (in the subject) still links;
2. each segment (subject, paragraphs) is cut into runs of capitalised words and each run is
   classified with cues: titles and roles before a name, appositions and speech verbs after
   it, organisation head words, the gazetteer;
3. short forms (`Sokha`, `General Amr`, `Migration Board`) are linked to the fullest name the
   same cable uses, and every mention gets that name;
4. per segment, passes that read whole phrases correct and add to the runs' mentions
   (`people.py`, `organisations.py`, `places.py`; `acronyms.py` for bodies known only by an
   acronym; `scope.py` blanks headers repeated inside paragraphs first), and `canonical.py`
   turns every name into the form the cable writes, keeping the identity in `canonical`.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

from etl.entities import lexicon
from etl.entities.acronyms import acronym_mentions
from etl.entities.canonical import as_written
from etl.entities.gazetteer import Gazetteer, fold, load_gazetteer
from etl.entities.organisations import (
    SHAPE_WORDS,
    bodies_by_shape,
    post_and_national_bodies,
    split_at_and,
)
from etl.entities.people import people_by_structure, reviewed_people
from etl.entities.places import places_by_context
from etl.entities.scope import masked
from etl.entities.tokens import (
    CONNECTORS,
    Token,
    is_upper_text,
    make_token,
    tokenize,
    tokenize_capitalised,
    tokenize_window,
    tokens_from,
    word_after,
)
from etl.parsing.records import Mention, ParsedCable

PERSON, ORGANIZATION, LOCATION = "PERSON", "ORGANIZATION", "LOCATION"

#: paragraph_position given to the signer, who stands outside every paragraph.
SIGNER_POSITION = -1

_MAX_NAME_TOKENS = 6
_CHUNK_MEMO_LIMIT = 50_000
_PLACE_CONTEXT_AFTER = frozenset(
    [
        "province",
        "governorate",
        "district",
        "region",
        "village",
        "town",
        "city",
        "commune",
        "county",
        "municipality",
        "prefecture",
        "oblast",
    ]
)
_PLACE_CONTEXT_BEFORE = frozenset(
    ["town", "city", "village", "province", "district", "region", "of"]
)
_ROMAN = re.compile(r"^(?:II|III|IV|V|VI|VII|VIII|IX|X)$")
_DEMONYM = re.compile(r"(?:ian|ean|ese|ish|an|i|ic)$")
_CLASSIFIED_BY = re.compile(r"\s*classified\s+by\b", re.IGNORECASE)
_TRAILING_SIGNER = re.compile(
    r"(?:[.!?\"')\]]|X{4,}\**)\s+([A-Z][A-Za-z'-]+(?: [A-Z][A-Za-z'-]+)?)\s*\"?\s*$"
)
#: Nationality adjectives the suffix pattern of `_DEMONYM` does not catch.
_IRREGULAR_DEMONYMS = frozenset(
    ["Dutch", "French", "British", "Swiss", "Greek", "Thai", "Irish", "Welsh", "Danish"]
    + ["Polish", "Spanish", "Swedish", "Finnish", "Turkish", "Lao", "Czech", "Slovak"]
)
# The word before a run is a role noun (`spokesman Sam Rainsy`, `the party's adviser, Sok`).
_ROLE_NOUN_BEFORE = re.compile(
    r"(?<![\w'’&-])(?:"
    + "|".join(sorted((re.escape(n) for n in lexicon.ROLE_NOUNS), key=len, reverse=True))
    + r")(?:['’][sS])?['’.]*[\W\d_]*\Z",
    re.IGNORECASE,
)
_CUE_WINDOW = 48
# A cheap necessary condition for `_ROLE_NOUN_BEFORE` on ASCII text: with its trailing
# non-letters stripped, the window ends with a role noun (or its possessive).
_ROLE_NOUN_ENDINGS = tuple(
    ending for noun in lexicon.ROLE_NOUNS for ending in (noun.lower(), noun.lower() + "'s")
)
_ASCII_NON_LETTERS = "".join(chr(c) for c in range(128) if not chr(c).isalpha())
_ADJECTIVE_TITLES = frozenset(["general", "executive", "supreme", "central", "joint"])
_DESCRIPTIVE_ENDINGS = ("ive", "ed", "ing", "ous", "ful", "less")
_NAME_OPENING_PARTICIPLES = frozenset(["united", "armed", "allied", "organized", "revolutionary"])
_GOVERNMENT_ACRONYM = re.compile(r"^GO[A-Z]{1,3}$")  # `GOI`, `GOE`: see `_government`
_INITIALS = re.compile(r"^(?:[A-Z]\.){1,3}$")  # `M.K.` in `Adviser M.K. Narayanan`
_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")
#: Words whose `'s` does not end a run of capitalised words (`the People's Assembly`).
_POSSESSIVE_ROLE_WORDS = lexicon.ROLE_COMPLEMENTS | {"people", "workers", "children"}
# What separates two items of a list: a comma or `and`, maybe a parenthesis before.
_LIST_GAP = re.compile(r"(?:\s*\([^()]{0,40}\))?\s*(?:,|,?\s+and)\s+(?:the\s+)?")
#: Words after which a body's name is another body it belongs to (`Division of the Court`).
_NESTING_WORDS = frozenset(["of", "the", "to", "for", "at", "in", "on"])
_ACRONYM_DEFINITION = re.compile(r"\(\s*([A-Z][A-Za-z]*[A-Z](?:[/-][A-Z]+)?)\s*[,)]")


_Memo = list[tuple[str, str, int, int, int]]


@dataclass(slots=True)
class _Candidate:
    kind: str
    name: str
    start: int
    end: int
    priority: int  # higher wins an overlap


@dataclass(frozen=True, slots=True)
class _Segment:
    position: int
    text: str
    tokens: list[Token]
    upper: bool


def _title_case(text: str) -> str:
    """`SAR KHENG` → `Sar Kheng`; mixed-case text is kept as written."""
    if not text.isupper():
        return text
    words = []
    for word in text.split():
        if word.lower() in lexicon.NAME_PARTICLES:
            words.append(word.lower())
        else:
            words.append("-".join(part.capitalize() for part in word.split("-")))
    return " ".join(words)


class RuleBasedExtractor:
    """Finds PERSON, ORGANIZATION and LOCATION mentions without any statistical model."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer or load_gazetteer()
        # country -> (initials, first ISO code), in the gazetteer's order: `GOE`, `GOL`, ...
        self._country_keys: dict[str, tuple[str, str]] = {}
        for iso, country in self._gazetteer.country_codes.items():
            if country not in self._country_keys:
                words = country.replace("-", " ").split()
                initials = "".join(w[0] for w in words if w[0].isupper())
                self._country_keys[country] = (initials, iso)
        self._country_options = [(c, *key) for c, key in self._country_keys.items()]
        self._inert_memo: dict[str, bool] = {}
        # run surface -> (span the person cue was read on, candidates per cue value), with
        # offsets relative to the run; see `_candidates`
        self._chunk_memo: dict[str, tuple[tuple[int, int] | None, dict[bool | None, _Memo]]] = {}
        self._looked_around = False  # set when a run's analysis read text outside it
        self._cues_read: list[tuple[int, int, bool]] = []

    # ----------------------------------------------------------------- public entry point
    def extract(self, cable: ParsedCable) -> list[Mention]:
        """All mentions in the cable's subject, paragraphs and signer, names normalised."""
        segments = [self._segment(0, cable.subject)] if cable.subject else []
        segments += [
            self._segment(p.position, p.text)
            for p in cable.paragraphs
            if p.text and not _CLASSIFIED_BY.match(p.text)
        ]
        host = self._host_country(cable.origin)
        definitions = self._acronym_definitions(segments)
        found: list[tuple[_Segment, list[_Candidate]]] = []
        for segment in segments:
            candidates = self._resolve_overlaps(self._candidates(segment, definitions, host))
            if not segment.upper and "State" in segment.text:
                candidates = _state_among_bodies(segment, candidates)
            found.append((segment, candidates))
        found = self._link_short_forms(found)
        mentions = [
            mention for seg, candidates in found for mention in self._reviewed(seg, candidates)
        ]
        mentions += self._acronym_bodies(segments, mentions, definitions)
        if not (cable.signer and cable.signer.strip()) and segments and segments[-1].position:
            mentions += self._trailing_signer(segments[-1], mentions)
        if cable.signer and cable.signer.strip():
            signer = cable.signer.strip()
            name = self._signer_name(signer, mentions)
            mentions.append(Mention(PERSON, name, signer, SIGNER_POSITION, 0, len(signer)))
        return as_written(mentions, (segment.text for segment in segments))

    def _reviewed(self, segment: _Segment, candidates: Sequence[_Candidate]) -> list[Mention]:
        """One segment's mentions after the passes that read whole phrases: people that are
        words or bodies, posts and national bodies, places by their context."""
        text, position = segment.text, segment.position
        mentions = [
            Mention(c.kind, c.name, text[c.start : c.end], position, c.start, c.end)
            for c in candidates
        ]
        mentions = reviewed_people(text, mentions, self._gazetteer, segment.upper)
        if segment.upper:
            return post_and_national_bodies(position, text, mentions, self._gazetteer, None)
        # The passes look for phrases around given words: they skip a segment without them.
        tokens = segment.tokens
        words = frozenset(t.text.rstrip("'’") for t in tokens)
        mentions = people_by_structure(position, text, mentions, self._gazetteer, tokens)
        mentions = post_and_national_bodies(position, text, mentions, self._gazetteer, words)
        mentions = split_at_and(mentions)
        if not words.isdisjoint(SHAPE_WORDS):
            mentions = bodies_by_shape(position, text, mentions, tokens)
        return places_by_context(position, text, mentions, self._gazetteer, tokens)

    def _acronym_bodies(
        self,
        segments: Sequence[_Segment],
        mentions: Sequence[Mention],
        definitions: dict[str, tuple[str, str]],
    ) -> list[Mention]:
        """Bodies the cable names only by an acronym, in the mixed-case segments."""
        taken: dict[int, list[tuple[int, int]]] = {}
        for mention in mentions:
            taken.setdefault(mention.paragraph_position, []).append((mention.start, mention.end))
        cable_text = "\n".join(segment.text for segment in segments)
        return [
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

    # ------------------------------------------------------------------------ helpers
    def _segment(self, position: int, text: str) -> _Segment:
        text = masked(text) if position else text
        upper = is_upper_text(text)
        tokens = tokenize(text) if upper else tokenize_capitalised(text)
        return _Segment(position, text, tokens, upper)

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

    def _trailing_signer(self, segment: _Segment, mentions: list[Mention]) -> list[Mention]:
        """A signer the parser left glued to the last paragraph (`... if needed. Scobey`)."""
        match = _TRAILING_SIGNER.search(segment.text)
        if not match or self._is_title(make_token(match.group(1), 0, 0, False, False)):
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

    def _signer_name(self, signer: str, mentions: Sequence[Mention]) -> str:
        key = fold(signer)
        for mention in mentions:
            if mention.kind == PERSON and fold(mention.name).split()[-1:] == [key]:
                return mention.name
        return _title_case(signer)

    # -------------------------------------------------------------- acronym definitions
    def _acronym_definitions(self, segments: Iterable[_Segment]) -> dict[str, tuple[str, str]]:
        """ACRONYM -> (kind, full name) for every `Full Name (ACR)` in the cable."""
        definitions: dict[str, tuple[str, str]] = {}
        for segment in segments:
            for match in _ACRONYM_DEFINITION.finditer(segment.text):
                acronym = match.group(1)
                start = match.start()
                # The first definition wins; a paragraph marking `(SBU)` follows no word.
                if (
                    acronym in definitions
                    or not segment.text[max(0, start - 8) : start].rstrip(" '’s")[-1:].isalnum()
                ):
                    continue
                # Lower-case words matter here (`Jaysh al-Mahdi (JAM)`): tokenise them all.
                before = tokenize_window(segment.text, max(0, start - 160), start)
                expansion = self._expansion(acronym, before, segment.text, match.start())
                if expansion:
                    definitions.setdefault(acronym, expansion)
        return definitions

    def _expansion(
        self, acronym: str, before: list[Token], text: str, paren: int
    ) -> tuple[str, str] | None:
        if not before or text[before[-1].end : paren].strip(" '’s"):
            return None
        run = [before[-1]]
        for token in reversed(before[:-1]):
            if not token.glued_to_next and not self._continues(token, text):
                break
            if not (token.is_capitalised or token.lower in CONNECTORS):
                break
            run.insert(0, token)
        words = [t for t in run if t.is_capitalised]
        letters = acronym.replace("/", "").replace("-", "").lower()
        chosen: list[Token] | None = None
        for index, token in enumerate(run):
            if not token.is_capitalised or token.text[0].lower() != letters[0]:
                continue
            if token.lower in lexicon.LEADING_NOISE and token.lower not in {"the", "for"}:
                continue  # `AN AGENCE FRANCE PRESSE (AFP)`: an article starts no name
            # The rest of the first word counts too (`Inter-Services Intelligence (ISI)`).
            rest = token.lower[1:] + "".join(t.lower for t in run[index + 1 :])
            if _is_subsequence(letters[1:], rest):
                chosen = run[index:]
                break
        if chosen is None:
            if not any(t.lower in lexicon.ORG_HEADS for t in words):
                return None
            chosen = run
        while chosen and not chosen[0].is_capitalised:
            chosen = chosen[1:]
        if len(chosen) < 2 and not chosen[0].is_acronym:
            return None
        start = chosen[0].start
        # A nationality adjective in front belongs to the name (`Egyptian State Security`).
        index = run.index(chosen[0])
        if index > 0 and _DEMONYM.search(run[index - 1].text) and run[index - 1].is_capitalised:
            start = run[index - 1].start
        surface = text[start : chosen[-1].end]
        if self._gazetteer.is_place(surface):
            return LOCATION, self._place_name(surface)
        if chosen[-1].lower in lexicon.NON_ORG_HEADS and not any(
            t.lower in lexicon.ORG_HEADS for t in chosen
        ):
            return None  # `Framework Agreement (TIFA)`, `General Conference (GC)`
        return ORGANIZATION, self._org_name(surface)

    @staticmethod
    def _continues(token: Token, text: str) -> bool:
        gap = text[token.end : token.end + 3]
        return (
            token.possessive
            and token.adjacent
            and gap[:2] in ("'s", "’s")
            and token.lower in _POSSESSIVE_ROLE_WORDS
        )

    # ------------------------------------------------------------------ chunk analysis
    def _chunks(self, segment: _Segment) -> list[list[Token]]:
        chunks: list[list[Token]] = []
        current: list[Token] = []
        text = segment.text
        for token in segment.tokens:
            if token.is_capitalised or (current and token.lower in CONNECTORS):
                current.append(token)
            else:
                if current:
                    chunks.append(current)
                current = []
                continue
            # Only a possessive can continue a run past a gap (see `_continues`).
            if not (token.glued_to_next or (token.possessive and self._continues(token, text))):
                chunks.append(current)
                current = []
        if current:
            chunks.append(current)
        trimmed = []
        for chunk in chunks:
            while chunk and not chunk[-1].is_capitalised:
                chunk = chunk[:-1]
            if chunk:
                trimmed.append(chunk)
        return trimmed

    @staticmethod
    def _is_title(token: Token) -> bool:
        return _is_title_word(token.lower, token.is_acronym)

    def _is_complement(self, tokens: Sequence[Token], index: int) -> bool:
        token = tokens[index]
        if token.lower in lexicon.ROLE_COMPLEMENTS or token.is_acronym:
            return True
        # `Secretary for Bangladesh`, but not `for External Trade Martin Eyjolfsson`.
        if self._is_place_surface(token.text, 1, False) or self._gazetteer.country(token.text):
            return True
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        return bool(
            _DEMONYM.search(token.text)
            and following is not None
            and (following.lower in lexicon.ROLE_COMPLEMENTS or self._is_title(following))
        )

    def _candidates(
        self, segment: _Segment, definitions: dict[str, tuple[str, str]], host: str | None
    ) -> list[_Candidate]:
        if segment.upper:
            return self._upper_candidates(segment, definitions, host)
        candidates: list[_Candidate] = []
        chunks = self._chunks(segment)
        memo = self._chunk_memo
        inert_memo = self._inert_memo
        text = segment.text
        for position, chunk in enumerate(chunks):
            single = len(chunk) == 1
            if not definitions:
                defined = False
            elif single:
                defined = chunk[0].text in definitions
            else:
                defined = any(t.text in definitions for t in chunk)
            # Most runs are one inert word: the memo is read here to spare a call per run.
            if single and not defined:
                inert = inert_memo.get(chunk[0].text)
                if inert or (inert is None and self._inert(chunk[0])):
                    continue
            base = chunk[0].start
            surface = text[base : chunk[-1].end]
            entry = None if defined else memo.get(surface)
            if entry is not None:
                cue_span, by_cue = entry
                cue = None if cue_span is None else self._cue_at(text, *cue_span, base)
                known = by_cue.get(cue)
                if known is not None:
                    candidates += [
                        _Candidate(kind, name, base + start, base + end, priority)
                        for kind, name, start, end, priority in known
                    ]
                    continue
            following = chunks[position + 1] if position + 1 < len(chunks) else None
            self._looked_around = False
            self._cues_read = []
            found = self._analyse_chunk(segment, chunk, following, definitions, host)
            candidates += found
            # A run gives the same answer wherever it recurs, given the one person cue (if
            # any) read around it: remember it so the next occurrence costs a lookup.
            if defined or self._looked_around or len(self._cues_read) > 1:
                continue
            if len(memo) >= _CHUNK_MEMO_LIMIT:
                memo.clear()
            relative = [(c.kind, c.name, c.start - base, c.end - base, c.priority) for c in found]
            if self._cues_read:
                start, end, cue = self._cues_read[0]
                previous = memo.get(surface)
                by_cue = (
                    previous[1] if previous and previous[0] == (start - base, end - base) else {}
                )
                memo[surface] = ((start - base, end - base), {**by_cue, cue: relative})
            else:
                memo[surface] = (None, {None: relative})
        return candidates

    def _inert(self, token: Token) -> bool:
        """True when a one-word run of mixed-case text can never yield a mention, whatever
        surrounds it (`The`, `However`, `Embassy`): most runs are such words, and deciding
        once per distinct word keeps extraction fast. Mirrors `_analyse_chunk`."""
        known = self._inert_memo.get(token.text)
        if known is None:
            if len(self._inert_memo) >= _CHUNK_MEMO_LIMIT:
                self._inert_memo.clear()
            known = self._inert_memo[token.text] = self._decide_inert(token)
        return known

    def _decide_inert(self, token: Token) -> bool:
        if token.lower in lexicon.LEADING_NOISE and not token.is_acronym:
            return True
        word = token.text
        gazetteer = self._gazetteer
        may_be_named = (
            word in {"NGO", "NGOs"}
            or self._is_title(token)
            or word in lexicon.KNOWN_ORGS
            or self._is_place_surface(word, 1, False)
            or word in lexicon.ORG_ACRONYMS
            or (word.startswith(lexicon.GOVERNMENT_PREFIX) and word.isupper())
            or token.lower in lexicon.NAME_PARTICLES
        )
        if may_be_named:
            return False
        # What `_weak_person` refuses before it looks at the context.
        return bool(
            token.is_acronym
            or token.lower in lexicon.ORG_HEADS
            or _PLURAL_ACRONYM.match(word)
            or ("-" in word and word[1:].islower() and gazetteer.is_common(word.split("-")[-1]))
            or gazetteer.is_place(word)
            or gazetteer.is_common(word)
        )

    def _analyse_chunk(
        self,
        segment: _Segment,
        chunk: list[Token],
        following: list[Token] | None,
        definitions: dict[str, tuple[str, str]],
        host: str | None,
    ) -> list[_Candidate]:
        text = segment.text
        while chunk and (chunk[0].lower in lexicon.LEADING_NOISE and not chunk[0].is_acronym):
            chunk = chunk[1:]
        while chunk and not chunk[0].is_capitalised:
            chunk = chunk[1:]
        if not chunk:
            return []
        if chunk[0].text in {"NGO", "NGOs"}:
            return self._ngo_chunk(segment, chunk, following, definitions, host)
        split = _and_the_body(chunk)
        if split:
            # `State and the Bahraini Foreign Ministry`: two runs joined by `and the`.
            return self._analyse_chunk(
                segment, chunk[:split], None, definitions, host
            ) + self._analyse_chunk(segment, chunk[split + 2 :], following, definitions, host)
        if self._splits_at_and(chunk):
            parts: list[list[Token]] = [[]]
            for token in chunk:
                if token.lower == "and":
                    parts.append([])
                else:
                    parts[-1].append(token)
            result: list[_Candidate] = []
            for index, part in enumerate(parts):
                nxt = following if index == len(parts) - 1 else None
                result += self._analyse_chunk(segment, part, nxt, definitions, host)
            # `President Idriss Deby and Muammar al-Qadhafi`: a run next to a person is one.
            if any(c.kind == PERSON for c in result):
                for part in parts:
                    # Only what overlaps the leading name counts: `Juan Salas of the MFA`.
                    name = self._leading_name(part)
                    inside = [c for c in result if name and name[0].start <= c.start < name[-1].end]
                    partial_places = all(c.kind == LOCATION for c in inside) and not any(
                        c.start == name[0].start and c.end == name[-1].end for c in inside
                    )
                    if name and (not inside or (len(name) >= 2 and partial_places)):
                        for person in self._weak_person(segment, name, cued=True, strict=False):
                            person.priority = 4
                            result.append(person)
            return result
        title_at = next(
            (
                i
                for i, t in enumerate(chunk)
                if self._is_title(t) and not t.is_acronym and not _members_of_a_body(chunk, i)
            ),
            None,
        )
        if title_at is None:
            title_at = next(
                (
                    i
                    for i, t in enumerate(chunk)
                    if self._is_title(t) and not _members_of_a_body(chunk, i)
                ),
                None,
            )
        if title_at is not None:
            return self._titled_chunk(segment, chunk, title_at, following, definitions, host)
        person_of = self._person_of_a_body(chunk)
        if person_of:
            name, body = person_of
            return self._weak_person(
                segment, name, cued=True, strict=False
            ) + self._name_candidates(segment, body, definitions, host)
        found = self._name_candidates(segment, chunk, definitions, host)
        if self._places_inside_a_name(segment, chunk, found):
            as_person = self._weak_person(segment, chunk, cued=True, strict=False)
            if as_person:
                return as_person
        covered = {t.start for c in found for t in chunk if c.start <= t.start < c.end}
        rest = [t for t in chunk if t.start not in covered]
        if rest and len(rest) == len(chunk):
            found += self._weak_person(
                segment, chunk, cued=lambda: self._has_person_cue(segment, chunk, following)
            )
        _ = text
        return found

    def _describes(self, token: Token) -> bool:
        """An ordinary adjective or participle (`PRESUMPTIVE`, `US-BASED`, `FUNDED`) that
        describes a body in capitals-only text rather than starting its name."""
        word = token.lower
        if word in lexicon.ROLE_COMPLEMENTS or word in _NAME_OPENING_PARTICIPLES:
            return False
        last = word.rsplit("-", 1)[-1]
        return last.endswith(_DESCRIPTIVE_ENDINGS) and self._gazetteer.is_common(last)

    def _initials_of_name(self, tokens: Sequence[Token], index: int) -> bool:
        """`M.K.` before `Narayanan` starts a name; `U.S.` before `Trade` is a role word."""
        token = tokens[index]
        if not _INITIALS.match(token.text) or self._gazetteer.is_place(token.text):
            return False
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        return bool(
            following is not None
            and following.is_capitalised
            and not following.is_acronym
            and not self._is_title(following)
            and following.lower not in lexicon.ROLE_COMPLEMENTS
            and not self._gazetteer.is_common(following.text)
        )

    def _person_of_a_body(self, chunk: list[Token]) -> tuple[list[Token], list[Token]] | None:
        """`Duncan Johnson of the Regional Issues Section`: a name, `of`, then a body."""
        cut = next((i for i, t in enumerate(chunk) if t.lower == "of"), None)
        if cut is None or not 2 <= cut <= 4:
            return None
        name, body = chunk[:cut], chunk[cut + 1 :]
        if body and body[0].lower == "the":
            body = body[1:]
        if not any(t.lower in lexicon.ORG_HEADS for t in body):
            return None
        gazetteer = self._gazetteer
        for token in name:
            if (
                not self._plain_name_word(token)
                or self._is_title(token)
                or (gazetteer.is_place(token.text) and not self._minor_place(token.text))
            ):
                return None
        return name, body

    def _plain_name_word(self, token: Token) -> bool:
        """Capitalised, not an acronym, a body's head word or a common English word."""
        return (
            token.is_capitalised
            and not token.is_acronym
            and token.lower not in lexicon.ORG_HEADS
            and not self._gazetteer.is_common(token.text)
        )

    def _minor_place(self, surface: str) -> bool:
        """A town that is also a surname often enough: not a country, capital or region."""
        gazetteer = self._gazetteer
        return not (
            gazetteer.country(surface)
            or gazetteer.is_prominent(surface)
            or surface in lexicon.REGIONS
            or surface.isupper()
        )

    def _places_inside_a_name(
        self, segment: _Segment, chunk: list[Token], found: list[_Candidate]
    ) -> bool:
        """`Paul Corcoran`, `Randolph Coto`: two to four uncommon words, of which only single
        words are (minor) places, read as a person's name rather than a list of towns."""
        if not 2 <= len(chunk) <= 4 or not found:
            return False
        gazetteer = self._gazetteer
        for token in chunk:
            if not self._plain_name_word(token):
                return False
        for candidate in found:
            surface = segment.text[candidate.start : candidate.end]
            if (
                candidate.kind != LOCATION
                or " " in surface.strip()
                or gazetteer.country(surface)
                or gazetteer.is_prominent(surface)
                or surface in lexicon.REGIONS
            ):
                return False
        return True

    @staticmethod
    def _splits_at_and(chunk: list[Token]) -> bool:
        """`Arias and Stagno` is two runs; `Ministry of Industry and Commerce` is one."""
        ands = [i for i, t in enumerate(chunk) if t.lower == "and"]
        if not ands:
            return False
        first = ands[0]
        if any(t.lower in lexicon.TITLE_WORDS for t in chunk[:first]):
            return False  # `Director for Europe and Middle East Jason Buntin`
        if first == 1:
            # `Foreign and Commonwealth Office` is one body, `Arias and Stagno` two people.
            return not any(t.lower in lexicon.ORG_HEADS for t in chunk)
        return not any(t.lower in lexicon.ORG_HEADS for t in chunk[:first])

    def _ngo_chunk(
        self,
        segment: _Segment,
        chunk: list[Token],
        following: list[Token] | None,
        definitions: dict[str, tuple[str, str]],
        host: str | None,
    ) -> list[_Candidate]:
        """`NGO World Vision`, `NGO AFESIP co-founder`: what follows `NGO` is the body."""
        body = chunk[1:]
        end = next((i for i, t in enumerate(body) if self._is_title(t)), len(body))
        name, rest = body[:end], body[end:]
        if not name:
            return []
        text = segment.text
        surface = text[name[0].start : name[-1].end]
        kind, full = definitions.get(surface, (ORGANIZATION, self._org_name(surface)))
        result = [_Candidate(kind, full, name[0].start, name[-1].end, 5)]
        if rest:
            result += self._analyse_chunk(segment, rest, following, definitions, host)
        return result

    def _titled_chunk(
        self,
        segment: _Segment,
        chunk: list[Token],
        title_at: int,
        following: list[Token] | None,
        definitions: dict[str, tuple[str, str]],
        host: str | None,
    ) -> list[_Candidate]:
        before, after = chunk[:title_at], chunk[title_at:]
        # Skip the role: title words, `of`-complements, further titles.
        index = 0
        while index < len(after):
            token = after[index]
            if self._is_title(token) and not (index and _members_of_a_body(after, index)):
                index += 1
            elif token.lower in {"of", "for", "to", "on", "the", "and", "in"}:
                index += 1
                while index < len(after) and (
                    self._is_complement(after, index)
                    or after[index].lower in {"of", "for", "and", "the"}
                ):
                    index += 1
            elif (
                token.is_acronym
                and index > 0
                and not self._initials_of_name(after, index)
                or (
                    token.lower in lexicon.ROLE_COMPLEMENTS
                    and index + 1 < len(after)
                    and self._is_title(after[index + 1])
                )
            ):
                index += 1
            else:
                break
        name = after[index:]
        remainder: list[Token] = []
        if any(t.lower == "and" for t in name):
            cut = next(i for i, t in enumerate(name) if t.lower == "and")
            name, remainder = name[:cut], name[cut + 1 :]
        candidates: list[_Candidate] = []
        if remainder:
            candidates += self._analyse_chunk(segment, remainder, following, definitions, host)
        if before:
            head_is_the_role = before[-1].lower in {"of", "the"}
            if head_is_the_role:
                return self._name_candidates(segment, chunk, definitions, host)
            candidates += self._name_candidates(segment, before, definitions, host)
        person_of = self._person_of_a_body(name) if len(name) > 3 else None
        if person_of:
            # `Secretary General Amr Moussa of the Arab League`: a name, then the body.
            person = self._person(segment, person_of[0], titled=True)
            body = self._name_candidates(segment, person_of[1], definitions, host)
            return candidates + ([person] if person else []) + body
        if name and any(t.lower in lexicon.ORG_HEADS for t in name):
            # The body's name starts inside the role: `Head of the Foreign Office`.
            begin = index
            while (
                begin > 0
                and after[begin - 1].lower not in {"of", "for", "to", "on", "the", "and", "in"}
                and not self._is_title(after[begin - 1])
            ):
                begin -= 1
            return candidates + self._name_candidates(segment, after[begin:], definitions, host)
        if name:
            name = name[:_MAX_NAME_TOKENS]
            if not (len(name) == 1 and name[0].is_acronym and name[0].text in definitions):
                # After a title a town name is a surname (`Bolivian President Morales`).
                person = self._person(segment, name, titled=True)
                if person:
                    return [*candidates, person]
            return candidates + self._name_candidates(segment, name, definitions, host)
        # A role followed by `, Name`: `Minister of Transportation, Karla Gonzalez`.
        self._looked_around = True
        gap = segment.text[chunk[-1].end : following[0].start] if following else ""
        if following and gap.strip() == "," and not self._is_title(following[0]):
            person = self._person(segment, self._leading_name(following))
            if person:
                candidates.append(person)
        # Named places and bodies inside the role: `Joint Secretary for Bangladesh`.
        role_rest = [t for t in after if not self._is_title(t)]
        if role_rest:
            # A body named with `the` is a mention (`Head of the Foreign Office`); a bare
            # domain is only the role (`Minister of Finance`).
            named = {t.end for i, t in enumerate(role_rest) if t.lower == "the" and i > 0}
            candidates += [
                c
                for c in self._name_candidates(segment, role_rest, definitions, host)
                if c.kind == LOCATION
                or (c.kind == ORGANIZATION and c.end - c.start <= 6)
                or (c.kind == ORGANIZATION and _follows_one_of(segment.text, c.start, named))
            ]
        return candidates

    def _leading_name(self, chunk: list[Token]) -> list[Token]:
        name: list[Token] = []
        for token in chunk:
            if self._is_title(token) or token.lower in {"of", "and", "for", "the"}:
                break
            name.append(token)
        return name[:_MAX_NAME_TOKENS]

    def _is_demonym(self, word: str) -> bool:
        """`Bolivian`, `Chadian`, `Sudanese`: an adjective of a place, not a name."""
        if len(word) < 5:
            return False
        for suffix in ("ian", "ean", "ese", "ish", "an", "i"):
            stem = word[: -len(suffix)] if word.endswith(suffix) else ""
            for candidate in (stem, stem + "a", stem + "ia", stem + "y", stem + "e"):
                if len(candidate) >= 3 and self._gazetteer.is_place(candidate):
                    return True
        return False

    def _person(
        self, segment: _Segment, name: list[Token], titled: bool = False
    ) -> _Candidate | None:
        cut = next((i for i, t in enumerate(name) if t.lower in lexicon.NAME_STOPPERS), None)
        if cut is not None:
            name = name[:cut]
        while name and not name[-1].is_capitalised:
            name = name[:-1]
        if name and self._is_demonym(name[0].text) and len(name) > 1:
            name = name[1:]
        if not name:
            return None
        if any(_ROMAN.match(t.text) for t in name) or any(
            t.lower in lexicon.ORG_HEADS for t in name
        ):
            return None
        surface = segment.text[name[0].start : name[-1].end]
        if len(name) > 1 and self._gazetteer.is_place(surface):
            return None  # `Sri Lanka` after `Joint Secretary for Bangladesh,`
        if len(name) == 1 and (
            (self._gazetteer.is_place(surface) and not (titled and self._minor_place(surface)))
            or name[0].text in lexicon.ORG_ACRONYMS
            or self._is_demonym(surface)
        ):
            return None
        return _Candidate(PERSON, _title_case(surface), name[0].start, name[-1].end, 3)

    def _has_person_cue(
        self, segment: _Segment, chunk: list[Token], following: list[Token] | None
    ) -> bool:
        cue = self._cue_at(segment.text, chunk[0].start, chunk[-1].end)
        self._cues_read.append((chunk[0].start, chunk[-1].end, cue))
        return cue

    def _cue_at(self, text: str, start: int, end: int, offset: int = 0) -> bool:
        """A role noun before the run, or a speech verb / `, former ...` after it."""
        start, end = start + offset, end + offset
        window_start = max(0, start - _CUE_WINDOW)
        window = text[window_start:start]
        # The alternation of role nouns is slow to search: most windows fail the cheap test.
        if (
            not window.isascii()
            or window.rstrip(_ASCII_NON_LETTERS).lower().endswith(_ROLE_NOUN_ENDINGS)
        ) and _ROLE_NOUN_BEFORE.search(text, window_start, start):
            return True
        # Both cues after the run need a blank or a comma right after it.
        after = text[end : end + 1]
        if not (after == "," or after.isspace()):
            return False
        nxt = word_after(text, end)
        if nxt is not None:
            gap = text[end : nxt.start]
            if gap.isspace() and nxt.lower in lexicon.SPEECH_VERBS:
                return True
            if gap.strip() == "," and (
                self._is_title(nxt)
                or nxt.lower in {"former", "the", "a", "an", "then", "from", "who", "deputy"}
                or nxt.lower in lexicon.ROLE_NOUNS
                or (nxt.is_capitalised and self._role_follows(text, nxt.start))
            ):
                return True
        return False

    def _role_follows(self, text: str, start: int) -> bool:
        """`, Nuclear Issues Desk Officer in ...`: a capitalised role ending in a title."""
        for token in tokens_from(text, start, _MAX_NAME_TOKENS):
            if self._is_title(token):
                return True
            if not (token.is_capitalised or token.lower in {"of", "for", "and", "the"}):
                return False
        return False

    def _weak_person(
        self,
        segment: _Segment,
        chunk: list[Token],
        cued: bool | Callable[[], bool],
        strict: bool = True,
    ) -> list[_Candidate]:
        """A run with no title in front: a person only when it looks like a name."""
        if not chunk or len(chunk) > _MAX_NAME_TOKENS:
            return []
        words = [t for t in chunk if t.lower not in lexicon.NAME_PARTICLES]
        if any(
            t.is_acronym
            or self._is_title(t)
            or t.lower in lexicon.ORG_HEADS
            or _PLURAL_ACRONYM.match(t.text)
            or (
                "-" in t.text
                and t.text[1:].islower()
                and self._gazetteer.is_common(t.text.split("-")[-1])
            )
            for t in words
        ):
            return []
        # Only words read as places elsewhere disqualify a name (`Ali` is a village too).
        if strict and any(self._is_place_surface(t.text, 1, segment.upper) for t in words):
            return []
        looks_like_name = len(words) >= 2 and not any(
            self._gazetteer.is_common(t.text) for t in words
        )
        if len(words) == 1 and self._gazetteer.is_common(words[0].text):
            return []
        # The cue looks at the words around the run: only read them when they decide.
        if not isinstance(cued, bool):
            cued = cued()
        if not (cued or looks_like_name):
            return []
        person = self._person(segment, chunk)
        if person is None:
            return []
        person.priority = 2 if cued else 1
        return [person]

    # -------------------------------------------------- organisations and places in a run
    def _name_candidates(
        self,
        segment: _Segment,
        chunk: list[Token],
        definitions: dict[str, tuple[str, str]],
        host: str | None,
    ) -> list[_Candidate]:
        text = segment.text
        candidates: list[_Candidate] = []
        taken: set[int] = set()
        # Organisation with a head word: `Ministry of Justice`, `High Criminal Court`; a body
        # nested in another (`Human Rights Division of the MFA`) leaves a second one to find.
        offset = 0
        while offset < len(chunk):
            org = self._org_span(chunk[offset:] if offset else chunk)
            if not org:
                break
            start, end = org[0] + offset, org[1] + offset
            offset = end + 1
            surface = text[chunk[start].start : chunk[end].end]
            if chunk[start].lower in {"embassy", "consulate"}:
                place = text[chunk[start + 1].start : chunk[end].end] if end > start else ""
                if place and self._gazetteer.is_place(place):
                    candidates.append(
                        _Candidate(
                            LOCATION,
                            self._place_name(place),
                            chunk[start + 1].start,
                            chunk[end].end,
                            4,
                        )
                    )
            else:
                candidates.append(
                    _Candidate(
                        ORGANIZATION, self._org_name(surface), chunk[start].start, chunk[end].end, 4
                    )
                )
            taken.update(range(start, end + 1))
        index = 0
        while index < len(chunk):
            if index in taken:
                index += 1
                continue
            match = self._match_at(chunk, index, taken, segment, definitions, host)
            if match:
                candidate, width = match
                candidates.append(candidate)
                taken.update(range(index, index + width))
                index += width
            else:
                index += 1
        return candidates

    def _org_span(self, chunk: list[Token]) -> tuple[int, int] | None:
        heads = [i for i, t in enumerate(chunk) if t.lower in lexicon.ORG_HEADS]
        government = [
            i
            for i, t in enumerate(chunk[:-1])
            if t.lower == "government" and chunk[i + 1].lower == "of"
        ]
        if not heads and not government:
            return None
        if government:
            return government[0], len(chunk) - 1
        first, last = heads[0], heads[-1]
        start = 0
        while start < first and (self._is_title(chunk[start]) or not chunk[start].is_capitalised):
            if chunk[start].lower in _ADJECTIVE_TITLES and _members_of_a_body(chunk, start):
                break  # `General Secretariat`, `General People's Committee`: part of the name
            start += 1
        # A known acronym in front is a mention of its own (`MOI State Security Service`).
        while start < first and (
            chunk[start].text in lexicon.ORG_ACRONYMS
            or _GOVERNMENT_ACRONYM.match(chunk[start].text)
            or not chunk[start].is_capitalised
            or (self._gazetteer.country(chunk[start].text) and start + 1 < first)
        ):
            start += 1
        end = last
        if last + 1 < len(chunk) and chunk[last + 1].lower in {"of", "for", "on"}:
            end = last + 1
            while end + 1 < len(chunk) and (
                not self._is_title(chunk[end + 1]) or _members_of_a_body(chunk, end + 1)
            ):
                end += 1
            while end > last and not chunk[end].is_capitalised:
                end -= 1
        end = self._nested_body_cut(chunk, start, end)
        if start == end and chunk[start].lower in lexicon.ORG_HEADS:
            return None  # `the Council`, `Ministry` alone name nothing
        return start, end

    def _nested_body_cut(self, chunk: Sequence[Token], start: int, end: int) -> int:
        """Where the first body ends when `chunk[start:end + 1]` names one inside another:
        `Human Rights Division of the MFA`, `Department of Consular Affairs of the Ministry of
        Foreign Affairs`; `end` otherwise. The `of` must follow a complete name and lead to a
        second one (with a head word, or an acronym)."""
        heads = lexicon.ORG_HEADS
        complete = False  # the words before the current one name a body by themselves
        for index in range(start + 1, end):
            token = chunk[index]
            if token.lower == "of":
                if complete:
                    tail = chunk[index + 1 : end + 1]
                    the = bool(tail) and tail[0].lower == "the"
                    if the:
                        tail = tail[1:]
                    previous = chunk[index - 1]
                    # `Georgian Ministry of Finance`: a ministry needs its domain; only `of
                    # the` can lead from it to another body (`Department of the FCO`).
                    leading = previous.lower in lexicon.ORG_LEADING_HEADS and not the
                    if (
                        tail
                        and not leading
                        and (tail[0].is_acronym or any(t.lower in heads for t in tail))
                    ):
                        cut = index - 1
                        while cut > start and not chunk[cut].is_capitalised:
                            cut -= 1
                        return cut
                # `Department of ...` is complete once its domain follows the `of`.
                complete = chunk[start].lower in heads
                continue
            if token.lower in heads:
                # `Criminal Division` is a name, `U.S. Department` or `Georgian Ministry` not.
                complete = any(not self._national(t) for t in chunk[start:index])
            elif not token.is_capitalised:
                complete = False
        return end

    def _national(self, token: Token) -> bool:
        """A country or nationality word (`U.S.`, `Georgian`, `Dutch`) in front of a body."""
        word = token.text
        return bool(
            word in _IRREGULAR_DEMONYMS
            or _DEMONYM.search(word)
            or self._gazetteer.country(word)
            or self._gazetteer.is_place(word)
        )

    def _match_at(
        self,
        chunk: list[Token],
        index: int,
        taken: set[int],
        segment: _Segment,
        definitions: dict[str, tuple[str, str]],
        host: str | None,
    ) -> tuple[_Candidate, int] | None:
        text = segment.text
        # Only names whose first word is this token can start here (most tokens: none).
        widest = self._gazetteer.widest_name_from(chunk[index].text)
        limit = min(len(chunk), index + widest)
        for end in range(limit, index, -1):
            if not taken.isdisjoint(range(index, end)):
                continue
            surface = text[chunk[index].start : chunk[end - 1].end]
            first, last = chunk[index], chunk[end - 1]
            if surface in lexicon.KNOWN_ORGS:
                return _Candidate(
                    ORGANIZATION, self._org_name(surface), first.start, last.end, 4
                ), end - index
            if self._is_place_surface(surface, end - index, segment.upper):
                return _Candidate(
                    LOCATION, self._place_name(surface), first.start, last.end, 3
                ), end - index
        token = chunk[index]
        word = token.text
        if word in definitions:
            kind, name = definitions[word]
            return _Candidate(kind, name, token.start, token.end, 4), 1
        acronym_name = lexicon.ORG_ACRONYMS.get(word)
        if acronym_name:
            return _Candidate(ORGANIZATION, acronym_name, token.start, token.end, 4), 1
        government = self._government(word, host, segment)
        if government:
            return _Candidate(ORGANIZATION, government, token.start, token.end, 4), 1
        return None

    def _is_place_surface(self, surface: str, width: int, upper: bool) -> bool:
        gazetteer = self._gazetteer
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

    def _government(self, word: str, host: str | None, segment: _Segment) -> str | None:
        """`GOE` → `Government of Egypt` when Egypt is the host country or the only match."""
        if not (
            word.startswith(lexicon.GOVERNMENT_PREFIX) and word.isupper() and 3 <= len(word) <= 5
        ):
            return None
        self._looked_around = True  # the host country and the segment decide
        code = word[len(lexicon.GOVERNMENT_PREFIX) :]
        host_first = [(host, *self._country_keys[host])] if host in self._country_keys else []
        others = (option for option in self._country_options if option[0] != host)
        for country, initials, iso in itertools.chain(host_first, others):
            matches = code in (initials, iso) or (len(code) == 1 and country[0] == code)
            if matches and (country == host or country.lower() in segment.text.lower()):
                article = (
                    "the " if country in {"Netherlands", "Philippines", "United States"} else ""
                )
                return f"Government of {article}{country}"
        return None

    # ---------------------------------------------------------------- capitals-only text
    def _upper_candidates(
        self, segment: _Segment, definitions: dict[str, tuple[str, str]], host: str | None
    ) -> list[_Candidate]:
        tokens = segment.tokens
        text = segment.text
        candidates: list[_Candidate] = []
        index = 0
        stop = lexicon.LEADING_NOISE | lexicon.SPEECH_VERBS
        while index < len(tokens):
            token = tokens[index]
            if self._is_title(token) or (
                token.lower in lexicon.ROLE_NOUNS
                and index + 1 < len(tokens)
                and not self._gazetteer.is_common(tokens[index + 1].text)
            ):
                name: list[Token] = []
                probe = index + 1
                while probe < len(tokens) and self._is_title(tokens[probe]):
                    probe += 1
                while (
                    probe < len(tokens)
                    and len(name) < 4
                    and tokens[probe].lower not in stop
                    and not self._is_title(tokens[probe])
                    and (
                        not self._gazetteer.is_common(tokens[probe].text)
                        or tokens[probe].lower in lexicon.NAME_PARTICLES
                    )
                    and not self._gazetteer.is_place(tokens[probe].text)
                ):
                    name.append(tokens[probe])
                    if not tokens[probe].glued_to_next:
                        break
                    probe += 1
                if name:
                    person = self._person(segment, name)
                    if person:
                        candidates.append(person)
                        index = probe + 1
                        continue
            if token.lower in lexicon.ORG_HEADS and index > 0:
                start = index
                while (
                    start > 0
                    and tokens[start - 1].glued_to_next
                    and index - start < 3
                    and tokens[start - 1].lower not in stop
                    and tokens[start - 1].lower not in {"of", "and", "for", "with", "to", "in"}
                    and not self._describes(tokens[start - 1])
                ):
                    start -= 1
                if start < index:
                    surface = text[tokens[start].start : token.end]
                    candidates.append(
                        _Candidate(
                            ORGANIZATION, self._org_name(surface), tokens[start].start, token.end, 4
                        )
                    )
                    index += 1
                    continue
            match = self._match_at(tokens[index : index + 6], 0, set(), segment, definitions, host)
            if match and not (
                match[0].kind == ORGANIZATION
                and self._gazetteer.is_common(token.text)
                and token.text not in definitions
            ):
                candidates.append(match[0])
                index += match[1]
                continue
            index += 1
        return candidates

    # ------------------------------------------------------------------- normalisation
    def _place_name(self, surface: str) -> str:
        country = self._gazetteer.country(surface)
        if country:
            return country
        return _title_case(surface)

    def _org_name(self, surface: str) -> str:
        name = _title_case(surface) if surface.isupper() and " " in surface else surface
        name = re.sub(r"^(?:[Tt]he)\s+", "", name)
        words = name.split()
        # `Bahraini Foreign Ministry`, `Dutch Ministry of ...`: the nationality is not kept.
        if (
            len(words) > 1
            and "Ministry" in words
            and (_DEMONYM.search(words[0]) or words[0] in _IRREGULAR_DEMONYMS)
            and words[0] not in {"Ministry"}
        ):
            words = words[1:]
            name = " ".join(words)
        name = re.sub(r"^Ministry of the ", "Ministry of ", name)
        if len(words) >= 2 and words[-1] == "Ministry" and words[0] != "Ministry":
            domain = " ".join(words[:-1])
            name = "Ministry of Foreign Affairs" if domain == "Foreign" else f"Ministry of {domain}"
        alias = lexicon.ORG_ALIASES.get(name.lower())
        return alias or name

    # ------------------------------------------------------------------ overlaps, links
    @staticmethod
    def _resolve_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
        if len(candidates) < 2:  # most segments: nothing can overlap
            return [c for c in candidates if c.name]
        chosen: list[_Candidate] = []
        # Chosen spans never overlap, so kept sorted they are checked by bisection: a long
        # text full of names would otherwise cost quadratic time.
        spans: list[tuple[int, int]] = []
        ordered = sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start))
        for candidate in ordered:
            if candidate.name and not _overlaps(spans, candidate.start, candidate.end):
                chosen.append(candidate)
                bisect.insort(spans, (candidate.start, candidate.end))
        return sorted(chosen, key=lambda c: c.start)

    def _link_short_forms(
        self, found: list[tuple[_Segment, list[_Candidate]]]
    ) -> list[tuple[_Segment, list[_Candidate]]]:
        # Ties are broken by the name itself: set order varies with the hash seed, and the
        # same cable must give the same entities in every process.
        orgs = sorted(
            {c.name for _, cs in found for c in cs if c.kind == ORGANIZATION},
            key=lambda o: (-len(o), o),
        )
        org_keys = {fold(o) for o in orgs}
        org_by_key = {fold(o): o for o in orgs}
        persons = sorted(
            {c.name for _, cs in found for c in cs if c.kind == PERSON} - set(orgs),
            key=lambda n: (-len(n.split()), -len(n), n),
        )
        part_index: dict[str, str] = {}
        for name in persons:
            if fold(name) in org_keys:
                continue
            for part in name.split():
                key = fold(part.strip("."))
                if len(key) >= 3 and key not in lexicon.NAME_PARTICLES:
                    part_index.setdefault(key, name)
        longest_orgs: dict[str, str] = {}
        fullest_persons: dict[str, str] = {}
        linked: list[tuple[_Segment, list[_Candidate]]] = []
        for segment, candidates in found:
            updated: list[_Candidate] = []
            for candidate in candidates:
                if candidate.kind == PERSON and fold(candidate.name) in org_keys:
                    candidate.kind = ORGANIZATION
                    candidate.name = org_by_key[fold(candidate.name)]
                elif candidate.kind == PERSON:
                    # A cable names the same person many times: resolve each name once.
                    fullest = fullest_persons.get(candidate.name)
                    if fullest is None:
                        fullest = self._fullest_person(candidate.name, part_index)
                        fullest_persons[candidate.name] = fullest
                    candidate.name = fullest
                elif candidate.kind == ORGANIZATION:
                    candidate.name = self._longest_org(candidate.name, orgs, longest_orgs)
                elif (
                    candidate.kind == LOCATION
                    and fold(candidate.name) in part_index
                    and " " not in candidate.name
                ):
                    candidate.kind = PERSON
                    candidate.name = part_index[fold(candidate.name)]
                updated.append(candidate)
            occupied = _merged_spans([(c.start, c.end) for c in updated])
            # Without a person's name in the cable no word can be a short form of one.
            short_form_of = part_index.get
            for token in segment.tokens if part_index else ():
                if not token.is_capitalised:
                    continue
                full = short_form_of(fold(token.text))
                if not full or _overlaps(occupied, token.start, token.start + 1):
                    continue
                if not segment.upper or len(token.text) >= 4:
                    updated.append(_Candidate(PERSON, full, token.start, token.end, 2))
            linked.append((segment, sorted(updated, key=lambda c: c.start)))
        return linked

    @staticmethod
    def _longest_org(name: str, orgs: list[str], known: dict[str, str]) -> str:
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
                        and o[: -len(ending)].split()[-1].lower() not in _NESTING_WORDS
                    ),
                    name,
                )
            known[name] = longest
        return longest

    @staticmethod
    def _fullest_person(name: str, part_index: dict[str, str]) -> str:
        parts = [fold(p.strip(".")) for p in name.split()]
        candidates = {part_index.get(p) for p in parts if p in part_index}
        candidates.discard(None)
        for full in sorted((c for c in candidates if c), key=lambda n: (-len(n.split()), n)):
            full_parts = [fold(p.strip(".")) for p in full.split()]
            if all(p in full_parts for p in parts if p not in lexicon.NAME_PARTICLES):
                return full
        return name


@lru_cache(maxsize=50_000)
def _is_title_word(lower: str, is_acronym: bool) -> bool:
    word = lower
    for prefix in ("then-", "ex-", "former-", "acting-"):
        word = word.removeprefix(prefix)
    for suffix in ("-elect", "-designate"):  # `President-elect Alan Garcia`
        word = word.removesuffix(suffix)
    if word.endswith("s") and word[:-1] in lexicon.TITLE_WORDS and len(word) > 4:
        word = word[:-1]  # `Directors Denise Abreu and Leur Lomanto`
    return word in lexicon.TITLE_WORDS and not (is_acronym and word == "who")


def _merged_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans covering the same positions as ``spans``."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) overlaps one of the sorted, non-overlapping ``spans``."""
    index = bisect.bisect_left(spans, (end, end))  # spans starting before ``end``
    return index > 0 and spans[index - 1][1] > start


def _follows_one_of(text: str, start: int, ends: set[int]) -> bool:
    """True when only blanks separate `start` from one of the token ends in `ends`."""
    return any(end <= start and text[end:start].isspace() for end in ends)


def _members_of_a_body(chunk: Sequence[Token], index: int) -> bool:
    """`Council of Ministers`, `Office of the President`, `General Secretariat`: a title word
    that is part of the name of a body is not a person's title."""
    if chunk[index].lower in _ADJECTIVE_TITLES:
        # `General Secretariat of Foreign Relations`, `General People's Committee`: a head
        # word within two capitalised words that are no titles.
        for following in chunk[index + 1 : index + 3]:
            if following.lower in lexicon.ORG_HEADS:
                return True
            if not following.is_capitalised or _is_title_word(
                following.lower, following.is_acronym
            ):
                break
    before = [t.lower for t in chunk[max(0, index - 3) : index]]
    if before[-1:] == ["of"]:
        return len(before) >= 2 and before[-2] in lexicon.ORG_HEADS
    if before[-2:] == ["of", "the"]:
        return len(before) >= 3 and before[-3] in lexicon.ORG_HEADS
    return False


def _state_among_bodies(segment: _Segment, candidates: list[_Candidate]) -> list[_Candidate]:
    """`with Treasury, State and the Foreign Ministry`, `CENTCOM, State (EUR/RPM), and OSD`:
    a bare `State` listed next to a body is the Department of State."""
    text = segment.text
    added: list[_Candidate] = []
    orgs = [c for c in candidates if c.kind == ORGANIZATION]
    if not orgs:
        return candidates
    occupied = _merged_spans([(c.start, c.end) for c in candidates])
    for token in segment.tokens:
        if token.text != "State" or token.possessive or _overlaps(occupied, token.start, token.end):
            continue
        before = next((c for c in reversed(orgs) if c.end <= token.start), None)
        after = next((c for c in orgs if c.start >= token.end), None)
        listed = (before is not None and _LIST_GAP.fullmatch(text, before.end, token.start)) or (
            after is not None and _LIST_GAP.fullmatch(text, token.end, after.start)
        )
        if listed:
            added.append(_Candidate(ORGANIZATION, "Department of State", token.start, token.end, 4))
    return sorted(candidates + added, key=lambda c: c.start) if added else candidates


def _and_the_body(chunk: Sequence[Token]) -> int:
    """Index of an `and` followed by `the` and a body with a head word, or 0: `State and the
    Foreign Ministry` is two bodies, as no name holds `and the` before its own head word."""
    for index in range(1, len(chunk) - 2):
        if (
            chunk[index].lower == "and"
            and chunk[index + 1].lower == "the"
            and any(t.lower in lexicon.ORG_HEADS for t in chunk[index + 2 :])
        ):
            return index
    return 0


def _is_subsequence(needle: str, haystack: str) -> bool:
    iterator = iter(haystack)
    return all(char in iterator for char in needle)
