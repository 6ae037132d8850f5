"""Candidate mentions of a mixed-case segment: runs of capitalised words, each classified.

A segment is cut into runs of capitalised words (with the connectors between them); each run
is read with cues: titles and roles before a name, appositions and speech verbs after it,
organisation head words, the gazetteer. The people rules live in `people.py`, the bodies'
in `organisations.py`, the places' in `places.py`; this module cuts the runs, chooses which
reading applies and remembers the answer of a run that did not look outside itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from etl.entities import lexicon
from etl.entities.context import (
    LOCATION,
    MAX_NAME_TOKENS,
    ORGANIZATION,
    PERSON,
    PLURAL_ACRONYM,
    CableContext,
    Candidate,
    Lookups,
    Segment,
    continues,
    follows_one_of,
    given_name_led,
    is_title,
    members_of_a_body,
)
from etl.entities.organisations import (
    UNIQUE_INSTITUTIONS,
    and_the_body,
    demonym_shaped,
    government,
    one_body_across_and,
    org_name,
    org_span,
)
from etl.entities.people import (
    cue_at,
    has_person_cue,
    initials_of_name,
    leading_name,
    person,
    person_of_a_body,
    places_inside_a_name,
    weak_person,
)
from etl.entities.places import is_place_surface, place_name
from etl.entities.tokens import CONNECTORS, Token

_CHUNK_MEMO_LIMIT = 50_000


def chunks(segment: Segment) -> list[list[Token]]:
    """The runs of capitalised words (and connectors between them) of a segment."""
    found: list[list[Token]] = []
    current: list[Token] = []
    text = segment.text
    for token in segment.tokens:
        if token.is_capitalised or (current and token.lower in CONNECTORS):
            current.append(token)
        else:
            if current:
                found.append(current)
            current = []
            continue
        # Only a possessive can continue a run past a gap (see `continues`).
        if not (token.glued_to_next or (token.possessive and continues(token, text))):
            found.append(current)
            current = []
    if current:
        found.append(current)
    trimmed = []
    for chunk in found:
        while chunk and not chunk[-1].is_capitalised:
            chunk = chunk[:-1]
        if chunk:
            trimmed.append(chunk)
    return trimmed


def candidates(context: CableContext, segment: Segment) -> list[Candidate]:
    """Candidates of every run of a mixed-case segment, from the memo where it can answer."""
    definitions = context.definitions
    found: list[Candidate] = []
    runs = chunks(segment)
    memo = context.lookups.chunk_memo
    inert_memo = context.lookups.inert_memo
    text = segment.text
    for position, chunk in enumerate(runs):
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
            if inert or (inert is None and _inert(context.lookups, chunk[0])):
                continue
        base = chunk[0].start
        surface = text[base : chunk[-1].end]
        entry = None if defined else memo.get(surface)
        if entry is not None:
            cue_span, by_cue = entry
            cue = None if cue_span is None else cue_at(text, *cue_span, base)
            known = by_cue.get(cue)
            if known is not None:
                found += [
                    Candidate(kind, name, base + start, base + end, priority)
                    for kind, name, start, end, priority in known
                ]
                continue
        following = runs[position + 1] if position + 1 < len(runs) else None
        context.looked_around = False
        context.cues_read = []
        read = analyse_chunk(context, segment, chunk, following)
        found += read
        # A run gives the same answer wherever it recurs, given the one person cue (if
        # any) read around it: remember it so the next occurrence costs a lookup.
        if defined or context.looked_around or len(context.cues_read) > 1:
            continue
        if len(memo) >= _CHUNK_MEMO_LIMIT:
            memo.clear()
        relative = [(c.kind, c.name, c.start - base, c.end - base, c.priority) for c in read]
        if context.cues_read:
            start, end, cue = context.cues_read[0]
            previous = memo.get(surface)
            by_cue = previous[1] if previous and previous[0] == (start - base, end - base) else {}
            memo[surface] = ((start - base, end - base), {**by_cue, cue: relative})
        else:
            memo[surface] = (None, {None: relative})
    return found


def _inert(lookups: Lookups, token: Token) -> bool:
    """True when a one-word run of mixed-case text can never yield a mention, whatever
    surrounds it (`The`, `However`, `Embassy`): most runs are such words, and deciding
    once per distinct word keeps extraction fast. Mirrors `analyse_chunk`."""
    known = lookups.inert_memo.get(token.text)
    if known is None:
        if len(lookups.inert_memo) >= _CHUNK_MEMO_LIMIT:
            lookups.inert_memo.clear()
        known = lookups.inert_memo[token.text] = _decide_inert(lookups, token)
    return known


def _decide_inert(lookups: Lookups, token: Token) -> bool:
    if token.lower in lexicon.LEADING_NOISE and not token.is_acronym:
        return True
    word = token.text
    gazetteer = lookups.gazetteer
    may_be_named = (
        word in {"NGO", "NGOs"}
        or is_title(token)
        or word in lexicon.KNOWN_ORGS
        or is_place_surface(gazetteer, word, 1, False)
        or word in lexicon.ORG_ACRONYMS
        or (word.startswith(lexicon.GOVERNMENT_PREFIX) and word.isupper())
        or token.lower in lexicon.NAME_PARTICLES
    )
    if may_be_named:
        return False
    # What `weak_person` refuses before it looks at the context.
    return bool(
        token.is_acronym
        or token.lower in lexicon.ORG_HEADS
        or PLURAL_ACRONYM.match(word)
        or ("-" in word and word[1:].islower() and gazetteer.is_common(word.split("-")[-1]))
        or gazetteer.is_place(word)
        or gazetteer.is_common(word)
    )


def analyse_chunk(
    context: CableContext, segment: Segment, chunk: list[Token], following: list[Token] | None
) -> list[Candidate]:
    """The candidates of one run; `following`: the next run of the segment, if any."""
    gazetteer = context.gazetteer
    while chunk and (chunk[0].lower in lexicon.LEADING_NOISE and not chunk[0].is_acronym):
        chunk = chunk[1:]
    while chunk and not chunk[0].is_capitalised:
        chunk = chunk[1:]
    if not chunk:
        return []
    if _verb_before_the(context, chunk):  # `Founded the Federation of ...`
        chunk = chunk[2:]
    if chunk[0].text in {"NGO", "NGOs"}:
        return _ngo_chunk(context, segment, chunk, following)
    split = and_the_body(chunk)
    if split:
        # `State and the Bahraini Foreign Ministry`: two runs joined by `and the`.
        return analyse_chunk(context, segment, chunk[:split], None) + analyse_chunk(
            context, segment, chunk[split + 2 :], following
        )
    if _splits_at_and(chunk):
        return _parts_at_and(context, segment, chunk, following)
    title_at = _title_index(chunk)
    if title_at is not None:
        return _titled_chunk(context, segment, chunk, title_at, following)
    person_of = person_of_a_body(gazetteer, chunk)
    if person_of:
        name, body = person_of
        return weak_person(gazetteer, segment, name, cued=True, strict=False) + name_candidates(
            context, segment, body
        )
    found = name_candidates(context, segment, chunk)
    if places_inside_a_name(gazetteer, segment, chunk, found):
        as_person = weak_person(gazetteer, segment, chunk, cued=True, strict=False)
        if as_person:
            return as_person
    covered = {t.start for c in found for t in chunk if c.start <= t.start < c.end}
    rest = [t for t in chunk if t.start not in covered]
    if rest and len(rest) == len(chunk):
        found += weak_person(
            gazetteer,
            segment,
            chunk,
            cued=lambda: has_person_cue(context, segment, chunk, following),
        )
    elif rest and rest == chunk[-len(rest) :] and given_name_led(rest):
        # A body's acronym, then a name: `MOD Carme Chacon`, `UNHCR Antonio Guterres`.
        found += weak_person(gazetteer, segment, rest, cued=False)
    return found


def _verb_before_the(context: CableContext, chunk: list[Token]) -> bool:
    """The run opens with an ordinary word and `the` (`Founded the ...`): a word that is
    no title, no head word and opens no known body (`Save the Children`)."""
    if len(chunk) < 3 or chunk[1].lower != "the" or not chunk[2].is_capitalised:
        return False
    first = chunk[0]
    if first.is_acronym or is_title(first) or first.lower in lexicon.ORG_HEADS:
        return False
    if not context.gazetteer.is_common(first.lower):
        return False
    return not any(org.startswith(first.text + " the ") for org in lexicon.KNOWN_ORGS)


def _title_index(chunk: list[Token]) -> int | None:
    """Where the run's title starts: the first title word that is no acronym and no part of
    a body's name, else the first such acronym (`FM`), else None."""
    title_at = next(
        (
            i
            for i, t in enumerate(chunk)
            if is_title(t) and not t.is_acronym and not members_of_a_body(chunk, i)
        ),
        None,
    )
    if title_at is None:
        title_at = next(
            (i for i, t in enumerate(chunk) if is_title(t) and not members_of_a_body(chunk, i)),
            None,
        )
    return title_at


def _parts_at_and(
    context: CableContext, segment: Segment, chunk: list[Token], following: list[Token] | None
) -> list[Candidate]:
    """A run that is two or more runs joined by `and` (`Arias and Stagno`)."""
    parts: list[list[Token]] = [[]]
    for token in chunk:
        if token.lower == "and":
            parts.append([])
        else:
            parts[-1].append(token)
    result: list[Candidate] = []
    for index, part in enumerate(parts):
        nxt = following if index == len(parts) - 1 else None
        result += analyse_chunk(context, segment, part, nxt)
    # `President Idriss Deby and Muammar al-Qadhafi`: a run next to a person is one.
    if any(c.kind == PERSON for c in result):
        for part in parts:
            # Only what overlaps the leading name counts: `Juan Salas of the MFA`.
            name = leading_name(part)
            inside = [c for c in result if name and name[0].start <= c.start < name[-1].end]
            partial_places = all(c.kind == LOCATION for c in inside) and not any(
                c.start == name[0].start and c.end == name[-1].end for c in inside
            )
            if name and (not inside or (len(name) >= 2 and partial_places)):
                for found in weak_person(context.gazetteer, segment, name, cued=True, strict=False):
                    found.priority = 4
                    result.append(found)
    return result


def _is_complement(context: CableContext, tokens: Sequence[Token], index: int) -> bool:
    token = tokens[index]
    if token.lower in lexicon.ROLE_COMPLEMENTS or token.is_acronym:
        return True
    # `Secretary for Bangladesh`, but not `for External Trade Martin Eyjolfsson`.
    gazetteer = context.gazetteer
    if is_place_surface(gazetteer, token.text, 1, False) or gazetteer.country(token.text):
        return True
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return bool(
        demonym_shaped(token.text)
        and following is not None
        and (following.lower in lexicon.ROLE_COMPLEMENTS or is_title(following))
        and not members_of_a_body(tokens, index + 1)  # `of the Turkish General Staff`
    )


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
    context: CableContext, segment: Segment, chunk: list[Token], following: list[Token] | None
) -> list[Candidate]:
    """`NGO World Vision`, `NGO AFESIP co-founder`: what follows `NGO` is the body."""
    body = chunk[1:]
    if body and not body[0].is_capitalised:
        # `a local NGO and the Foo Ministry`: the NGO is unnamed, the run goes on after it.
        while body and not body[0].is_capitalised:
            body = body[1:]
        return analyse_chunk(context, segment, body, following) if body else []
    end = next((i for i, t in enumerate(body) if is_title(t)), len(body))
    name, rest = body[:end], body[end:]
    if not name:
        return []
    text = segment.text
    surface = text[name[0].start : name[-1].end]
    kind, full = context.definitions.get(surface, (ORGANIZATION, org_name(surface)))
    result = [Candidate(kind, full, name[0].start, name[-1].end, 5)]
    if rest:
        result += analyse_chunk(context, segment, rest, following)
    return result


_ROLE_LINKS = frozenset(["of", "for", "to", "on", "the", "and", "in"])


def _role_end(context: CableContext, after: list[Token]) -> int:
    """Index of the first word after the role that opens `after` (title words,
    `of`-complements, further titles)."""
    index = 0
    while index < len(after):
        token = after[index]
        if is_title(token) and not (index and members_of_a_body(after, index)):
            index += 1
        elif token.lower in _ROLE_LINKS:
            index += 1
            while index < len(after) and (
                _is_complement(context, after, index)
                or after[index].lower in {"of", "for", "and", "the"}
            ):
                index += 1
        elif (
            token.is_acronym
            and index > 0
            and not initials_of_name(context.gazetteer, after, index)
            or (
                token.lower in lexicon.ROLE_COMPLEMENTS
                and index + 1 < len(after)
                and is_title(after[index + 1])
            )
        ):
            index += 1
        else:
            break
    return index


def _titled_chunk(
    context: CableContext,
    segment: Segment,
    chunk: list[Token],
    title_at: int,
    following: list[Token] | None,
) -> list[Candidate]:
    """A run with a title at `title_at`: what stands before it, the role, the name after."""
    gazetteer = context.gazetteer
    before, after = chunk[:title_at], chunk[title_at:]
    index = _role_end(context, after)
    name = after[index:]
    remainder: list[Token] = []
    if any(t.lower == "and" for t in name) and not one_body_across_and(name):
        cut = next(i for i, t in enumerate(name) if t.lower == "and")
        name, remainder = name[:cut], name[cut + 1 :]
    found: list[Candidate] = []
    if remainder:
        found += analyse_chunk(context, segment, remainder, following)
    if before:
        head_is_the_role = before[-1].lower in {"of", "the"}
        if head_is_the_role:
            return name_candidates(context, segment, chunk)
        found += name_candidates(context, segment, before)
    person_of = person_of_a_body(gazetteer, name) if len(name) > 3 else None
    if person_of:
        # `Secretary General Amr Moussa of the Arab League`: a name, then the body.
        titled = person(gazetteer, segment, person_of[0], titled=True)
        body = name_candidates(context, segment, person_of[1])
        return found + ([titled] if titled else []) + body
    if name and any(t.lower in lexicon.ORG_HEADS for t in name):
        # The body's name starts inside the role: `Head of the Foreign Office`.
        begin = index
        while (
            begin > 0
            and after[begin - 1].lower not in _ROLE_LINKS
            and not is_title(after[begin - 1])
        ):
            begin -= 1
        return found + _body_then_person(context, segment, after[begin:])
    if name:
        if index > 1 and after[index - 1].lower == "the" and after[index - 2].lower == "of":
            return found + _body_then_person(context, segment, name)
        name = name[:MAX_NAME_TOKENS]
        if not (len(name) == 1 and name[0].is_acronym and name[0].text in context.definitions):
            # After a title a town name is a surname (`Bolivian President Morales`).
            titled = person(gazetteer, segment, name, titled=True)
            if titled:
                return [*found, titled]
        return found + name_candidates(context, segment, name)
    return found + _role_alone(context, segment, chunk, after, following)


def _body_then_person(
    context: CableContext, segment: Segment, name: list[Token]
) -> list[Candidate]:
    """What follows `Role of the`: the body the role belongs to, then maybe the person
    (`Secretary-General of the United Nations Ban Ki-moon`, `Deputy Chair of the Sejm`)."""
    bodies = name_candidates(context, segment, name)
    if not bodies:
        if name[0].text in UNIQUE_INSTITUTIONS:
            return []  # an institution (`Sejm`, `Coalition Against ...`): no person
        # `Minister of Telecom Karla Diaz`: a head word alone is the role's domain.
        start = next((i for i, t in enumerate(name) if t.lower not in lexicon.ORG_HEADS), 0)
        named = name[start : start + MAX_NAME_TOKENS]
        if not (named and named[0].is_capitalised and named[0].lower not in CONNECTORS):
            return []  # `Chief of Mission and the Consul General`: no name after the head
        titled = person(context.gazetteer, segment, named, titled=True)
        return [titled] if titled else []
    end = max(c.end for c in bodies)
    # Only after a body: a place may open its name (`the New York Federal Reserve`).
    rest = (
        [t for t in name if t.start >= end] if any(c.kind == ORGANIZATION for c in bodies) else []
    )
    if rest and is_title(rest[0]):
        # `Ministry of Justice Director of Legal Affairs Ana Lind`: another role follows.
        bodies += analyse_chunk(context, segment, rest, None)
    elif (
        rest
        and rest[0].is_capitalised
        and not all(context.gazetteer.is_common(t.lower) for t in rest)
    ):  # `Coalition Against Human Trafficking`: words, not a name
        titled = person(context.gazetteer, segment, rest[:MAX_NAME_TOKENS], titled=True)
        if titled:
            bodies.append(titled)
    return bodies


def _role_alone(
    context: CableContext,
    segment: Segment,
    chunk: list[Token],
    after: list[Token],
    following: list[Token] | None,
) -> list[Candidate]:
    """A run that is only a role: the name after a comma, the places and bodies inside."""
    found: list[Candidate] = []
    # A role followed by `, Name`: `Minister of Transportation, Karla Gonzalez`.
    context.looked_around = True
    gap = segment.text[chunk[-1].end : following[0].start] if following else ""
    if following and gap.strip() == "," and not is_title(following[0]):
        named = person(context.gazetteer, segment, leading_name(following))
        if named:
            found.append(named)
    # Named places and bodies inside the role: `Joint Secretary for Bangladesh`.
    role_rest = [t for t in after if not is_title(t)]
    if role_rest:
        # A body named with `the` is a mention (`Head of the Foreign Office`); a bare
        # domain is only the role (`Minister of Finance`).
        ends = {t.end for i, t in enumerate(role_rest) if t.lower == "the" and i > 0}
        found += [
            c
            for c in name_candidates(context, segment, role_rest)
            if c.kind == LOCATION
            or (c.kind == ORGANIZATION and c.end - c.start <= 6)
            or (c.kind == ORGANIZATION and follows_one_of(segment.text, c.start, ends))
        ]
    return found


# -------------------------------------------------- organisations and places in a run
def name_candidates(context: CableContext, segment: Segment, chunk: list[Token]) -> list[Candidate]:
    """Bodies with a head word, then known bodies, places, defined and known acronyms and
    `GOx` governments among the words left."""
    gazetteer = context.gazetteer
    text = segment.text
    found: list[Candidate] = []
    taken: set[int] = set()
    # Organisation with a head word: `Ministry of Justice`, `High Criminal Court`; a body
    # nested in another (`Human Rights Division of the MFA`) leaves a second one to find.
    offset = 0
    while offset < len(chunk):
        org = org_span(gazetteer, chunk[offset:] if offset else chunk)
        if not org:
            break
        start, end = org[0] + offset, org[1] + offset
        offset = end + 1
        surface = text[chunk[start].start : chunk[end].end]
        if chunk[start].lower in {"embassy", "consulate"}:
            place = text[chunk[start + 1].start : chunk[end].end] if end > start else ""
            if place and gazetteer.is_place(place):
                found.append(
                    Candidate(
                        LOCATION,
                        place_name(gazetteer, place),
                        chunk[start + 1].start,
                        chunk[end].end,
                        4,
                    )
                )
        else:
            found.append(
                Candidate(ORGANIZATION, org_name(surface), chunk[start].start, chunk[end].end, 4)
            )
        taken.update(range(start, end + 1))
    index = 0
    while index < len(chunk):
        if index in taken:
            index += 1
            continue
        match = match_at(context, chunk, index, taken, segment)
        if match:
            candidate, width = match
            found.append(candidate)
            taken.update(range(index, index + width))
            index += width
        else:
            index += 1
    return found


def match_at(
    context: CableContext, chunk: list[Token], index: int, taken: set[int], segment: Segment
) -> tuple[Candidate, int] | None:
    """The known body or place that starts at `chunk[index]` (widest first), or the defined
    or known acronym or the `GOx` government there, with the number of words it takes."""
    gazetteer = context.gazetteer
    text = segment.text
    # Only names whose first word is this token can start here (most tokens: none).
    widest = gazetteer.widest_name_from(chunk[index].text)
    limit = min(len(chunk), index + widest)
    for end in range(limit, index, -1):
        if not taken.isdisjoint(range(index, end)):
            continue
        surface = text[chunk[index].start : chunk[end - 1].end]
        first, last = chunk[index], chunk[end - 1]
        if surface in lexicon.KNOWN_ORGS:
            return Candidate(ORGANIZATION, org_name(surface), first.start, last.end, 4), end - index
        if is_place_surface(gazetteer, surface, end - index, segment.upper):
            return Candidate(
                LOCATION, place_name(gazetteer, surface), first.start, last.end, 3
            ), end - index
    token = chunk[index]
    word = token.text
    if word in context.definitions:
        kind, name = context.definitions[word]
        return Candidate(kind, name, token.start, token.end, 4), 1
    acronym_name = lexicon.ORG_ACRONYMS.get(word)
    if acronym_name:
        return Candidate(ORGANIZATION, acronym_name, token.start, token.end, 4), 1
    body = government(context, word, segment)
    if body:
        return Candidate(ORGANIZATION, body, token.start, token.end, 4), 1
    return None
