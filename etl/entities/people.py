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
from collections.abc import Callable, Sequence
from dataclasses import replace

from etl.entities import lexicon
from etl.entities.acronyms import NOT_BODIES
from etl.entities.canonical import is_short_form
from etl.entities.context import (
    LOCATION,
    MAX_NAME_TOKENS,
    PLURAL_ACRONYM,
    CableContext,
    Candidate,
    Segment,
    given_name_led,
    is_title,
    is_title_word,
    participle,
    place_adjective,
    title_case,
)
from etl.entities.gazetteer import Gazetteer
from etl.entities.organisations import as_organisation, is_demonym
from etl.entities.places import is_place_surface, minor_place
from etl.entities.tokens import Token, tokens_from, word_after
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


_SUFFIXES = frozenset(["Jr", "Sr", "Jr.", "Sr.", "II", "III"])
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
        # A person's initials the cable defines (`AWK`), not a word of the name (`PICH`).
        defined = mention.surface.lower() not in mention.name.lower().split() and is_short_form(
            mention.surface, mention.name
        )
        if len(words) == 1 and not (upper or defined) and words[0].isupper() and len(words[0]) < 6:
            # An acronym in mixed-case text (`SCA`) names a body, not a person.
            result.append(as_organisation(mention))
            continue
        lowered = [w.lower().strip(".") for w in words]
        if any(w in lexicon.FOREIGN_BODY_HEADS or w in lexicon.ORG_HEADS for w in lowered[1:]) or (
            lowered[0] in lexicon.FOREIGN_BODY_HEADS and len(words) > 1
        ):
            result.append(replace(mention, kind=ORGANIZATION, name=mention.surface))
            continue
        abbreviation = _ABBREVIATION_AFTER.match(text, mention.end)
        if (
            abbreviation
            and len(words) > 1
            and words[0] not in lexicon.GIVEN_NAMES
            and is_short_form(abbreviation.group(1), mention.name)
        ):
            result.append(replace(mention, kind=ORGANIZATION, name=mention.surface))
            continue
        if len(words) == 1 and words[0].endswith("s") and is_demonym(words[0][:-1]):
            continue  # `Italians`: a group
        if len(words) > 2 and is_title_word(lowered[-1], False) and mention.name == mention.surface:
            continue  # `Emergency Relief Coordinator`: a role, not a name
        if mention.name == mention.surface and all(
            _ordinary(w, gazetteer) or (i < len(words) - 1 and is_demonym(w))
            for i, w in enumerate(words)
        ):
            before = text[max(0, mention.start - 24) : mention.start].split()[-1:]
            # A participle is no surname even after a title (`President Appointed by`).
            if not (before and _honorific(before[0])) or participle(words[-1], gazetteer):
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
        or lower in lexicon.NAME_TITLES
        or (len(first) == 1 and first.isalpha())
    ):
        return mention
    start = mention.start + len(first) + 1
    name = mention.name if mention.name != surface else rest
    return Mention(PERSON, name, rest, mention.paragraph_position, start, mention.end)


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
    r"(?<![\w.])((?:[A-Z]\.\s?){1,3})([A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w-]|\.\w)"
)
_ROLES = lexicon.ROLE_NOUNS | _MORE_ROLE_NOUNS
_WORD_BEFORE = re.compile(r"(?<![\w-])([a-z][a-z-]+) $")
_NAME_RUN = re.compile(
    r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?: [A-Z][a-z]+(?:-[A-Z][a-z]+)?){1,2}(?![\w-])"
)


#: `the Zapatero government`, `the Moscoso administration`: a leader's name before the body
#: he heads (a place or a nationality there is the country's: `the Pakistan government`).
#: `[Tt](?<!\w[Tt])` is `\b[Tt]` with the boundary tested after the letter: sre then scans
#: for the letter instead of trying the boundary at every position.
_LEADERS_BODY = re.compile(
    r"[Tt](?<!\w[Tt])he\s+([A-Z][a-z]+(?:-[A-Z][a-z]+)?)\s+(?:government|administration|regime|"
    r"presidency|cabinet)\b"
)
_LEADERS_BODY_CUE = re.compile(r" (?:government|administration|regime|presidency|cabinet)\b")


#: A title, `to`/`for` and the place it serves, then the holder's name: `Ambassador to Brazil
#: Hernan Couturier`, `U/S for the Americas Luis Sandoval`. (No word before the title: tested
#: after its capital, so that sre scans for a capital.)
_ROLE_FOR_PLACE = re.compile(
    r"([A-Z](?<![\w/.-][A-Z])(?:[a-z]+|/[A-Z]{1,3}|[A-Z]{1,3}))\s+(?:to|for)\s+(?:the\s+)?"
    r"([A-Z][\w.’'-]*(?:[ \t]+[A-Z][\w.’'-]*){1,5})"
)
_ROLE_FOR_PLACE_CUE = re.compile(r" (?:to|for) (?:the )?[A-Z]")


def _holder_after_place(match: re.Match[str], gazetteer: Gazetteer) -> tuple[int, int] | None:
    """The span of the name after the place in a `_ROLE_FOR_PLACE` match, or None."""
    if not is_title_word(match.group(1).lower(), match.group(1).isupper()):
        return None
    words = match.group(2).split()
    for size in range(min(3, len(words) - 1), 0, -1):
        place = " ".join(words[:size])
        if not (gazetteer.is_place(place) or place in lexicon.REGIONS or place == "U.S."):
            continue
        if place.isupper() and not gazetteer.country(place):
            continue  # `Ambassador to the OAS`: a body, not a place
        kept: list[str] = []
        for written in words[size : size + 3]:
            word = written.rstrip(".,;:")
            if kept and _MIDDLE_INITIAL.fullmatch(written):
                kept.append(written)  # `Arun K. Singh`
                continue
            if not _NAME_WORD.fullmatch(word) or word.lower() in lexicon.NAME_STOPPERS:
                break
            # After a first name an English word can be a surname (`Hernan Couturier`).
            if (_not_a_name_word_but_english if kept else _not_a_name_word)(word, gazetteer):
                break
            if gazetteer.is_place(word) and not minor_place(gazetteer, word):
                break
            kept.append(word)
            if written != word:
                break  # the name ends with the clause
        while kept and _MIDDLE_INITIAL.fullmatch(kept[-1]):
            kept.pop()
        if not kept:
            return None
        start = end = match.start(2) + match.group(2).index(kept[0], len(place))
        for word in kept:
            end = match.string.index(word, end) + len(word)
        return start, end
    return None


def _not_a_name_word_but_english(word: str, gazetteer: Gazetteer) -> bool:
    """`_not_a_name_word` without the English-word test."""
    lower = word.lower()
    return bool(
        lower in lexicon.ORG_HEADS
        or lower in lexicon.TITLE_WORDS
        or gazetteer.country(word)
        or gazetteer.is_prominent(word)
    )


_MIDDLE_INITIAL = re.compile(r"[A-Z]\.")
_NAME_WORD = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?|(?:al|el)-[A-Z][a-z]+")


def _leader_name(word: str, gazetteer: Gazetteer) -> bool:
    """A word before `government` that names the leader rather than the country."""
    return not (
        _not_a_name_word(word, gazetteer)
        or is_demonym(word)
        or word in lexicon.REGIONS
        or (gazetteer.is_place(word) and not minor_place(gazetteer, word))
    )


def people_by_structure(
    segment: Segment, mentions: Sequence[Mention], gazetteer: Gazetteer
) -> list[Mention]:
    """People read from the shape of a name: initials and a surname (`A.I. Podkovyrin`), or
    two or three name words right after a lower-case role noun (`desk officer Hind Kamal`),
    a leader's name before the body he heads (`the Zapatero government`).
    A single minor place inside such a name gives way to it. Only the segment's capitalised
    tokens are looked at, each with one anchored match."""
    position, text = segment.position, segment.text
    found: list[tuple[int, int]] = []
    for token in segment.tokens:
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
    for match in _ROLE_FOR_PLACE.finditer(text) if _ROLE_FOR_PLACE_CUE.search(text) else ():
        holder = _holder_after_place(match, gazetteer)
        if holder and not any(
            m.kind == PERSON and m.name != m.surface and m.start < holder[1] and holder[0] < m.end
            for m in mentions
        ):  # a name linked to the cable's fuller form stays
            found.append(holder)
    for match in _LEADERS_BODY.finditer(text) if _LEADERS_BODY_CUE.search(text) else ():
        start, end = match.span(1)
        if _leader_name(match.group(1), gazetteer) and not any(
            m.kind == PERSON and m.start < end and start < m.end for m in mentions
        ):
            found.append((start, end))
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


# ------------------------------------------------------------ people in a run of words
_ROMAN = re.compile(r"^(?:II|III|IV|V|VI|VII|VIII|IX|X)$")
_INITIALS = re.compile(r"^(?:[A-Z]\.){1,3}$")  # `M.K.` in `Adviser M.K. Narayanan`
# The word before a run is a role noun (`spokesman Sam Rainsy`, `the party's adviser, Sok`).
ROLE_NOUN_BEFORE = re.compile(
    r"(?<![\w'’&-])(?:"
    + "|".join(sorted((re.escape(n) for n in lexicon.ROLE_NOUNS), key=len, reverse=True))
    + r")(?:['’][sS])?['’.]*[\W\d_]*\Z",
    re.IGNORECASE,
)
_CUE_WINDOW = 48
# A cheap necessary condition for `ROLE_NOUN_BEFORE` on ASCII text: with its trailing
# non-letters stripped, the window ends with a role noun (or its possessive).
_ROLE_NOUN_ENDINGS = tuple(
    ending for noun in lexicon.ROLE_NOUNS for ending in (noun.lower(), noun.lower() + "'s")
)
_ASCII_NON_LETTERS = "".join(chr(c) for c in range(128) if not chr(c).isalpha())


def initials_of_name(gazetteer: Gazetteer, tokens: Sequence[Token], index: int) -> bool:
    """`M.K.` before `Narayanan` starts a name; `U.S.` before `Trade` is a role word."""
    token = tokens[index]
    undotted = len(token.text) == 2 and token.text.isupper() and token.text not in NOT_BODIES
    if not (_INITIALS.match(token.text) or undotted) or gazetteer.is_place(token.text):
        return False  # `LK Advani` as `M.K. Narayanan`, but not `DG Amano` nor `US Rice`
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return bool(
        following is not None
        and following.is_capitalised
        and not following.is_acronym
        and not is_title(following)
        and following.lower not in lexicon.ROLE_COMPLEMENTS
        and not gazetteer.is_common(following.text)
    )


def person_of_a_body(
    gazetteer: Gazetteer, chunk: list[Token]
) -> tuple[list[Token], list[Token]] | None:
    """`Duncan Johnson of the Regional Issues Section`: a name, `of`, then a body."""
    cut = next((i for i, t in enumerate(chunk) if t.lower == "of"), None)
    if cut is None or not 2 <= cut <= 4:
        return None
    name, body = chunk[:cut], chunk[cut + 1 :]
    if body and body[0].lower == "the":
        body = body[1:]
    if not any(t.lower in lexicon.ORG_HEADS for t in body):
        return None
    for token in name:
        if (
            not plain_name_word(gazetteer, token)
            or is_title(token)
            or (gazetteer.is_place(token.text) and not minor_place(gazetteer, token.text))
        ):
            return None
    return name, body


def plain_name_word(gazetteer: Gazetteer, token: Token) -> bool:
    """Capitalised, not an acronym, a body's head word or a common English word."""
    return (
        token.is_capitalised
        and not token.is_acronym
        and token.lower not in lexicon.ORG_HEADS
        and not gazetteer.is_common(token.text)
    )


def places_inside_a_name(
    gazetteer: Gazetteer, segment: Segment, chunk: list[Token], found: list[Candidate]
) -> bool:
    """`Paul Corcoran`, `Randolph Coto`: two to four uncommon words, of which only single
    words are (minor) places, read as a person's name rather than a list of towns."""
    if not 2 <= len(chunk) <= 4 or not found:
        return False
    if not (given_name_led(chunk) or all(plain_name_word(gazetteer, t) for t in chunk)):
        return False  # after a given name a surname may be an English word (`Flores`)
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


def leading_name(chunk: list[Token]) -> list[Token]:
    """The words of a run before its first title or connector, at most a name's length."""
    name: list[Token] = []
    for token in chunk:
        if is_title(token) or token.lower in {"of", "and", "for", "the"}:
            break
        name.append(token)
    return name[:MAX_NAME_TOKENS]


def person(
    gazetteer: Gazetteer, segment: Segment, name: list[Token], titled: bool = False
) -> Candidate | None:
    """The run `name` as a person, trimmed of stoppers and a nationality; None when it is
    a place, a body or an adjective. `titled`: a title stands before it."""
    cut = next((i for i, t in enumerate(name) if t.lower in lexicon.NAME_STOPPERS), None)
    if cut is not None:
        name = name[:cut]
    while name and not name[-1].is_capitalised:
        name = name[:-1]
    if name and place_adjective(gazetteer, name[0].text) and len(name) > 1:
        name = name[1:]
    if not name:
        return None
    if any(_ROMAN.match(t.text) for t in name) or any(t.lower in lexicon.ORG_HEADS for t in name):
        return None
    surface = segment.text[name[0].start : name[-1].end]
    if len(name) > 1 and gazetteer.is_place(surface):
        return None  # `Sri Lanka` after `Joint Secretary for Bangladesh,`
    if len(name) == 1 and (
        (gazetteer.is_place(surface) and not (titled and minor_place(gazetteer, surface)))
        or name[0].text in lexicon.ORG_ACRONYMS
        or place_adjective(gazetteer, surface)
    ):
        return None
    return Candidate(PERSON, title_case(surface), name[0].start, name[-1].end, 3)


def has_person_cue(
    context: CableContext, segment: Segment, chunk: list[Token], following: list[Token] | None
) -> bool:
    """`cue_at` around the run, recorded in the context (the run's memo depends on it)."""
    cue = cue_at(segment.text, chunk[0].start, chunk[-1].end)
    context.cues_read.append((chunk[0].start, chunk[-1].end, cue))
    return cue


def cue_at(text: str, start: int, end: int, offset: int = 0) -> bool:
    """A role noun before the run, or a speech verb / `, former ...` after it."""
    start, end = start + offset, end + offset
    window_start = max(0, start - _CUE_WINDOW)
    window = text[window_start:start]
    # The alternation of role nouns is slow to search: most windows fail the cheap test.
    if (
        not window.isascii()
        or window.rstrip(_ASCII_NON_LETTERS).lower().endswith(_ROLE_NOUN_ENDINGS)
    ) and ROLE_NOUN_BEFORE.search(text, window_start, start):
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
            is_title(nxt)
            or nxt.lower in {"former", "the", "a", "an", "then", "from", "who", "deputy"}
            or nxt.lower in lexicon.ROLE_NOUNS
            or (nxt.is_capitalised and _role_follows(text, nxt.start))
        ):
            return True
    return False


def _role_follows(text: str, start: int) -> bool:
    """`, Nuclear Issues Desk Officer in ...`: a capitalised role ending in a title."""
    for token in tokens_from(text, start, MAX_NAME_TOKENS):
        if is_title(token):
            return True
        if not (token.is_capitalised or token.lower in {"of", "for", "and", "the"}):
            return False
    return False


def weak_person(
    gazetteer: Gazetteer,
    segment: Segment,
    chunk: list[Token],
    cued: bool | Callable[[], bool],
    strict: bool = True,
) -> list[Candidate]:
    """A run with no title in front: a person only when it looks like a name."""
    if not chunk or len(chunk) > MAX_NAME_TOKENS:
        return []
    words = [t for t in chunk if t.lower not in lexicon.NAME_PARTICLES]
    if chunk[0].text == "Abu" and len(chunk) > 1:
        words.insert(0, chunk[0])  # a leading `Abu` is a first name (`Abu Umar`)
    if any(
        t.is_acronym
        or is_title(t)
        or t.lower in lexicon.ORG_HEADS
        or PLURAL_ACRONYM.match(t.text)
        or ("-" in t.text and t.text[1:].islower() and gazetteer.is_common(t.text.split("-")[-1]))
        for t in words
    ):
        return []
    # Only words read as places elsewhere disqualify a name (`Ali` is a village too).
    if strict and any(is_place_surface(gazetteer, t.text, 1, segment.upper) for t in words):
        return []
    looks_like_name = len(words) >= 2 and (
        given_name_led(words) or not any(gazetteer.is_common(t.text) for t in words)
    )
    if len(words) == 1 and gazetteer.is_common(words[0].text):
        return []
    # The cue looks at the words around the run: only read them when they decide.
    if not isinstance(cued, bool):
        cued = cued()
    if not (cued or looks_like_name):
        return []
    found = person(gazetteer, segment, chunk)
    if found is None:
        return []
    found.priority = 2 if cued else 1
    return [found]


#: A company's descriptor right before its name (`U.S. firm Bechtel`, `state-owned Velcom`),
#: or its name in apposition to one (`Velcom, the state-owned telephone company,`; no `of`
#: between: `Smith, the Chairman of the phone company` is no company).
_COMPANY_NOUNS = r"(?:company|firm|subsidiary|conglomerate|corporation|giant|operator)"
_COMPANY_BEFORE = re.compile(
    rf"\b(?:{_COMPANY_NOUNS}|state-owned)\s+([A-Z][\w’'-]+(?: [A-Z][\w’'-]+){{0,3}})"
)
_COMPANY_AFTER = re.compile(
    r"(?<![\w.’'-])([A-Z][\w’'-]+(?: [A-Z][\w’'-]+){0,3}),? (?:is )?(?:a|an|the) "
    rf"(?:(?!of )[\w-]+ ){{0,5}}?{_COMPANY_NOUNS}"
    r"(?=[.,;:)]| (?:that|which|owned|based|in|of|with)\b)"
)
_COMPANY_WORDS: tuple[str, ...] = ("compan", "firm", "subsidiar", "conglomerat", "giant")
_COMPANY_WORDS += ("corporation", "operator", "state-owned")
_COMPANY_CUE = re.compile(rf"\b{_COMPANY_NOUNS}\b|\bstate-owned\b")


def companies_among_people(texts: Sequence[str], mentions: Sequence[Mention]) -> list[Mention]:
    """A "person" the cable calls a company (`firm X`, `X, a company owned by ...`) is an
    organisation, in every mention of that name."""
    people = {m.name for m in mentions if m.kind == PERSON}
    if not people:
        return list(mentions)
    named: set[str] = set()
    for text in texts:
        # Each cue once: the name after it, and a name in apposition up to 100 characters
        # before it (the regular expressions run near the cues, not over the whole text).
        if not any(word in text for word in _COMPANY_WORDS):
            continue  # substring tests are much cheaper than the cue's scan
        for cue in _COMPANY_CUE.finditer(text):
            before = _COMPANY_BEFORE.match(text, cue.start())
            if before:
                named.add(before.group(1))
            window = max(0, cue.start() - 100)
            named.update(m.group(1) for m in _COMPANY_AFTER.finditer(text, window, cue.end() + 12))
    companies = people & named
    if not companies:
        return list(mentions)
    return [
        Mention(ORGANIZATION, m.name, m.surface, m.paragraph_position, m.start, m.end, m.canonical)
        if m.kind == PERSON and m.name in companies
        else m
        for m in mentions
    ]
