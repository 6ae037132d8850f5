"""Bodies named by a post or a nation and a capitalised head word.

Two shapes the run classifier reads as a place or as nothing:

- a post: `Embassy Tirana`, `Consulate General Lahore`, `U.S. Embassy`: the post is the body,
  the city inside it is not annotated separately (flat annotation, outermost name);
- a nation and a capitalised head: `Albanian Government`, `U.S. Government`, `Georgian
  Customs`, `Pakistan Air Force`. With a lower-case head (`the Pakistan government`) only the
  place is an entity, so the head must be capitalised.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from etl.entities import lexicon
from etl.entities.context import (
    ADJECTIVE_TITLES,
    CableContext,
    Candidate,
    Segment,
    is_title,
    members_of_a_body,
    merged_spans,
    overlaps,
    title_case,
)
from etl.entities.gazetteer import Gazetteer
from etl.entities.tokens import Token
from etl.parsing.records import Mention

ORGANIZATION, LOCATION = "ORGANIZATION", "LOCATION"

#: Nationality adjectives by suffix, and the common ones the suffixes miss.
DEMONYM_ENDING = re.compile(r"(?:ian|ean|ese|ish|an|i|ic)$")
#: (`Uzbek`, `Thai`, `Swiss`: see `lexicon.NATIONALITY_WORDS`).
IRREGULAR_DEMONYMS = lexicon.NATIONALITY_WORDS


def demonym_shaped(word: str) -> bool:
    """A word shaped like a nationality adjective: by its suffix or by the lexicon."""
    return word in IRREGULAR_DEMONYMS or bool(DEMONYM_ENDING.search(word))


_POST = re.compile(
    r"\b(?:Embassy|Consulate(?: General)?|Mission|Interests Section|USMission|USNATO|USUN)"
    r"\s+([A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)?)"
)
_NATIONAL_HEAD = re.compile(
    r"(?<![\w.])((?:U\.S\.|US|UK|[A-Z][a-z]+(?:[ -][A-Z][a-z]+)?))\s+"
    r"(Government|Embassy|Consulate|Customs|Navy|Army|Air Force|Coast Guard|Armed Forces|"
    r"Military|Border Guards?|Parliament|Cabinet)\b(?!\s+(?:of|[A-Z]))"
)


#: A military command or its area, named by a compass sector (`Regional Command-South`,
#: `RC-North`, `MND-Baghdad` is left to the classifier) or a task force by its name or number
#: (`Task Force Kandahar`, `Task Force 121`).
_SECTORS = r"(?:North|South|East|West)(?:east|west)?|Center|Central|Capital"
_COMMAND = re.compile(
    r"(?<![\w.’'-])((?:[A-Z][a-z]+\s+)?(?:Command|Platform|Division|Corps|Brigade|Sector)"
    rf"|[A-Z]{{2,4}})-(?:{_SECTORS})(?![\w’'-])"
    r"|\bTask\s+Force\s+(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|\d{1,4})(?![\w’'-])"
)
_COMMAND_CUE = re.compile(r"-(?:North|South|East|West|Cent|Capital)|Task\s+Force\s")
_NEXT_WORD = re.compile(r"\s+([A-Z][\w.-]*)")


def _command_bodies(text: str, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """The spans of the military commands and task forces `_COMMAND` finds in `text`; an
    acronym-and-sector before another name (`EU-South Africa`) is a pair of places."""
    found: list[tuple[int, int]] = []
    for match in _COMMAND.finditer(text):
        surface = match.group(0)
        acronym = match.group(1) if match.group(1) and match.group(1).isupper() else None
        following = _NEXT_WORD.match(text, match.end())
        if acronym and following and not is_title_word(following.group(1)):
            continue  # `EU-South Africa`
        if surface.split()[-1].lower() in lexicon.TITLE_WORDS:
            continue  # `Task Force Commander`
        if acronym and gazetteer.country(acronym):
            continue  # `US-South`: a country and a compass word
        found.append(match.span())
    return found


def is_title_word(word: str) -> bool:
    """A word of a role title (`Commander`), by the lexicon."""
    return word.lower().strip(".,;:") in lexicon.TITLE_WORDS or word.lower() in lexicon.ROLE_NOUNS


_HEAD_WORDS: tuple[str, ...] = (
    "Government",
    "Embassy",
    "Consulate",
    "Customs",
    "Navy",
    "Army",
    "Air Force",
) + ("Coast Guard", "Armed Forces", "Military", "Border Guard", "Parliament", "Cabinet")


_HEAD_FIRST_WORDS = frozenset(head.split()[0] for head in _HEAD_WORDS) | {"Guards"}
_POST_WORDS = frozenset(["Embassy", "Consulate", "Mission", "Interests", "USMission", "USNATO"])
_POST_WORDS |= {"USUN"}


#: Adjectives of a people or a region that no suffix shows (`Arab`, `Latin American`).
_PEOPLE_ADJECTIVES = frozenset(["Arab", "Latin", "Pan"])


def people_word(word: str, gazetteer: Gazetteer) -> bool:
    """A word that names a people or a region's people, not a person: strict, because many
    surnames end like an adjective of a town (`Ghani`, `Qomi`, `Moran`), so the stem must be
    a country or a region, and `-i` only joins a country's whole name (`Iraqi`)."""
    if word in _PEOPLE_ADJECTIVES or word in IRREGULAR_DEMONYMS:
        return True
    word = word.rstrip("'’")
    if word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]  # `Peruvians`
    if word.endswith("i"):
        return gazetteer.country(word[:-1]) == word[:-1]
    for suffix in ("ian", "ean", "ese", "ish", "an"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            for extra in ("", "a", "ia", "y", "e", "o"):
                if gazetteer.country(stem + extra) or stem + extra in lexicon.REGIONS:
                    return True
    return False


def is_demonym(word: str) -> bool:
    """A nationality adjective (`Albanian`, `Dutch`) by its shape."""
    if word in IRREGULAR_DEMONYMS or word in lexicon.NATIONALITY_COMPOUNDS:
        return True
    return word[:1].isupper() and word[1:].islower() and bool(DEMONYM_ENDING.search(word))


def as_organisation(mention: Mention) -> Mention:
    """The mention read as an organisation named as it is written (canonical name unset)."""
    return Mention(
        ORGANIZATION,
        mention.surface,
        mention.surface,
        mention.paragraph_position,
        mention.start,
        mention.end,
    )


def _is_nation(word: str, gazetteer: Gazetteer) -> bool:
    return word in {"U.S.", "US", "UK"} or is_demonym(word) or bool(gazetteer.country(word))


def post_and_national_bodies(
    position: int,
    text: str,
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
    words: frozenset[str] | None,
) -> list[Mention]:
    """The mentions of one segment with posts and nation-plus-head bodies added; mentions
    inside such a body give way to it."""
    bodies: list[tuple[int, int]] = []
    if words is None:  # text in capitals: look for the words themselves
        posts = "Embassy" in text or "Consulate" in text or "Mission" in text or "US" in text
        posts = posts or "Interests Section" in text
        heads = any(head in text for head in _HEAD_WORDS)
    else:
        posts = not words.isdisjoint(_POST_WORDS)
        heads = not words.isdisjoint(_HEAD_FIRST_WORDS)
    for match in _POST.finditer(text) if posts else ():
        place = match.group(1)
        parts = place.split()
        # The city may be one word or two (`Embassy Tirana`, `Embassy Addis Ababa`).
        for size in range(len(parts), 0, -1):
            candidate = " ".join(parts[:size])
            if gazetteer.is_place(candidate.rstrip("'’s")) or gazetteer.is_place(candidate):
                end = match.start(1) + len(candidate)
                if candidate.endswith(("'s", "’s")):
                    end -= 2
                bodies.append((match.start(), end))
                break
    for match in _NATIONAL_HEAD.finditer(text) if heads else ():
        nation, start = match.group(1), match.start(1)
        if not _is_nation(nation, gazetteer) and " " in nation:
            # `The Albanian Government`: the nation is the last word only.
            start += nation.rindex(" ") + 1
            nation = text[start : match.end(1)]
        if _is_nation(nation, gazetteer):
            bodies.append((start, match.end(2)))
    if _COMMAND_CUE.search(text):
        bodies.extend(_command_bodies(text, gazetteer))
    # A longer body the classifier found (`Egyptian Customs Administration`) stays.
    bodies = [
        (s, e)
        for s, e in bodies
        if not any(
            m.kind == ORGANIZATION and m.start <= s and e <= m.end and m.end - m.start > e - s
            for m in mentions
        )
    ]
    if not bodies:
        return list(mentions)
    kept = [m for m in mentions if not any(s < m.end and m.start < e for s, e in bodies)]
    added = [Mention(ORGANIZATION, text[s:e], text[s:e], position, s, e) for s, e in bodies]
    return sorted(kept + added, key=lambda m: m.start)


#: Institutions a country has one of, a body even when named by the bare capitalised word.
UNIQUE_INSTITUTIONS = frozenset(
    ["Parliament", "Cabinet", "Senate", "Congress", "Judiciary", "Procuracy", "Bundestag"]
    + ["Bundesrat", "Knesset", "Duma", "Majlis", "Sejm", "Riksdag", "Storting", "Althing"]
    + ["Coalition", "Politburo", "Presidium", "Gendarmerie", "Assembly", "Legislature"]
)
#: Plural names of party members, used for the party (`the Socialists`, `Social Democrats`).
_PARTY_MEMBER_WORDS = frozenset(
    ["Democrats", "Socialists", "Republicans", "Conservatives", "Liberals", "Greens"]
    + ["Communists", "Tories", "Maoists", "Islamists", "Nationalists"]
)
_PARTY_ADJECTIVES = frozenset(["Social", "Christian", "Free", "Liberal", "National", "Young"])
#: Words one of which a segment must hold for `bodies_by_shape` to find a body in it.
SHAPE_WORDS = UNIQUE_INSTITUTIONS | _PARTY_MEMBER_WORDS | frozenset(["UN", "U.N.", "EU", "E.U."])
_INTERNATIONAL_PREFIX = ("UN ", "U.N. ", "EU ", "E.U. ")
_AND_THE = re.compile(r"\s+and\s+(?:the\s+)?(?=[A-Z])")


def bodies_by_shape(
    position: int, text: str, mentions: Sequence[Mention], tokens: Sequence[Token]
) -> list[Mention]:
    """Bare unique institutions and party nicknames as bodies, and `UN` joined to the body it
    names (`UN General Assembly`)."""
    result = _join_international(list(mentions), text)
    found: list[tuple[int, int]] = []
    for index, token in enumerate(tokens):
        word = token.text.rstrip("'’")  # `the Socialists' candidate`
        end = token.start + len(word)
        if word in UNIQUE_INSTITUTIONS:
            following = tokens[index + 1] if index + 1 < len(tokens) else None
            if not (following and token.glued_to_next and token.adjacent):
                found.append((token.start, end))  # not the head of a longer name
        elif word in _PARTY_MEMBER_WORDS:
            start = token.start
            previous = tokens[index - 1] if index else None
            if previous and previous.glued_to_next and previous.text in _PARTY_ADJECTIVES:
                start = previous.start
            found.append((start, end))
    for start, end in found:
        if any(m.start < end and start < m.end for m in result):
            continue
        surface = text[start:end]
        result.append(Mention(ORGANIZATION, surface, surface, position, start, end))
    return sorted(result, key=lambda m: m.start)


def split_at_and(mentions: Sequence[Mention]) -> list[Mention]:
    """Each organisation that is two bodies joined by `and` taken apart."""
    result: list[Mention] = []
    for mention in mentions:
        if mention.kind == ORGANIZATION and " and " in mention.surface:
            result.extend(_split_at_and(mention))
        else:
            result.append(mention)
    return result


def _split_at_and(mention: Mention) -> list[Mention]:
    """`Ministry of External Relations and Ministry of Defense` is two bodies; `Claims and
    Condolence Committee` is one (its first part has no head word)."""
    if mention.kind != ORGANIZATION or " and " not in mention.surface:
        return [mention]
    match = _AND_THE.search(mention.surface)
    if not match:
        return [mention]
    left, right = mention.surface[: match.start()], mention.surface[match.end() :]
    left_words = [w.lower() for w in left.split()]
    if not (
        any(w in lexicon.ORG_HEADS for w in left_words)
        or ("the" in match.group(0) and len(left_words) >= 2)
    ):
        return [mention]
    # `Ministry of Mines and Energy` is one ministry: what follows `and` must name a body
    # by itself (a head word, an acronym, a known body) unless `and the` parts the two.
    right_words = right.split()
    if not (
        "the" in match.group(0)
        or any(w.lower() in lexicon.ORG_HEADS for w in right_words)
        or right.isupper()
        or right_words[0].isupper()
        or right in lexicon.KNOWN_ORGS
    ):
        return [mention]
    start = mention.start
    right_start = start + match.end()
    return [
        Mention(ORGANIZATION, left, left, mention.paragraph_position, start, start + len(left)),
        Mention(ORGANIZATION, right, right, mention.paragraph_position, right_start, mention.end),
    ]


def _join_international(mentions: list[Mention], text: str) -> list[Mention]:
    """`UN` + `General Assembly` → `UN General Assembly`: the prefix names the body."""
    if not any(prefix in text for prefix in _INTERNATIONAL_PREFIX):
        return mentions
    joined: list[Mention] = []
    for mention in sorted(mentions, key=lambda m: m.start):
        previous = joined[-1] if joined else None
        if (
            previous is not None
            and previous.kind == ORGANIZATION
            and mention.kind == ORGANIZATION
            and (previous.surface + " ") in _INTERNATIONAL_PREFIX
            and text[previous.end : mention.start] == " "
            and mention.surface[:1].isupper()
        ):
            surface = text[previous.start : mention.end]
            joined[-1] = Mention(
                ORGANIZATION,
                surface,
                surface,
                mention.paragraph_position,
                previous.start,
                mention.end,
            )
            continue
        joined.append(mention)
    return joined


# ------------------------------------------------------------ bodies inside a run of words
_GOVERNMENT_ACRONYM = re.compile(r"^GO[A-Z]{1,3}$")  # `GOI`, `GOE`: see `government`
_DESCRIPTIVE_ENDINGS = ("ive", "ed", "ing", "ous", "ful", "less")
_NAME_OPENING_PARTICIPLES = frozenset(["united", "armed", "allied", "organized", "revolutionary"])
# What separates two items of a list: a comma or `and`, maybe a parenthesis before.
_LIST_GAP = re.compile(r"(?:\s*\([^()]{0,40}\))?\s*(?:,|,?\s+and)\s+(?:the\s+)?")
#: Words after which a body's name is another body it belongs to (`Division of the Court`).
NESTING_WORDS = frozenset(["of", "the", "to", "for", "at", "in", "on"])


def org_name(surface: str) -> str:
    """The name of a body as the run classifier gives it: no leading `the`, the nationality
    of a ministry kept in front, `Foreign Ministry` → `Ministry of Foreign Affairs`, aliases."""
    name = title_case(surface) if surface.isupper() and " " in surface else surface
    name = re.sub(r"^(?:[Tt]he)\s+", "", name)
    words = name.split()
    # `Bahraini Foreign Ministry`, `Dutch Ministry of ...`: the nationality names whose
    # ministry it is, so it stays in the identity (set aside while the rest is normalised).
    nationality = ""
    if (
        len(words) > 1
        and "Ministry" in words
        and demonym_shaped(words[0])
        and words[0] not in {"Ministry"}
    ):
        nationality = words[0]
        words = words[1:]
        name = " ".join(words)
    base = _ministry_name(name, words)
    return f"{nationality} {base}" if nationality else base


def _ministry_name(name: str, words: list[str]) -> str:
    """`Foreign Ministry` → `Ministry of Foreign Affairs`, `X Ministry` → `Ministry of X`,
    then the lexicon's aliases."""
    name = re.sub(r"^Ministry of the ", "Ministry of ", name)
    if len(words) >= 2 and words[-1] == "Ministry" and words[0] != "Ministry":
        domain = " ".join(words[:-1])
        name = "Ministry of Foreign Affairs" if domain == "Foreign" else f"Ministry of {domain}"
    alias = lexicon.ORG_ALIASES.get(name.lower())
    return alias or name


#: Country initials written as the adjective of a body's name (`U.S. Africa Command`, `UK
#: Border Agency`): they stay in the name however far the head word is.
_ADJECTIVAL_COUNTRIES = frozenset(["U.S.", "UK", "U.K."])


def org_span(gazetteer: Gazetteer, chunk: list[Token]) -> tuple[int, int] | None:
    """First and last index of the body with a head word in a run, or None."""
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
    while start < first and (is_title(chunk[start]) or not chunk[start].is_capitalised):
        if (
            chunk[start].lower in ADJECTIVE_TITLES or chunk[start].is_acronym
        ) and members_of_a_body(chunk, start):
            break  # `General Secretariat`, `General People's Committee`: part of the name
        start += 1
    # A known acronym in front is a mention of its own (`MOI State Security Service`).
    while start < first and (
        chunk[start].text in lexicon.ORG_ACRONYMS
        or _GOVERNMENT_ACRONYM.match(chunk[start].text)
        or not chunk[start].is_capitalised
        or (
            gazetteer.country(chunk[start].text)
            and start + 1 < first
            and not (
                chunk[start].text in _ADJECTIVAL_COUNTRIES
                and not is_title_word(chunk[start + 1].text.rstrip("s"))
            )
        )
    ):
        start += 1
    end = last
    if last + 1 < len(chunk) and chunk[last + 1].lower in {"of", "for", "on"}:
        end = last + 1
        while end + 1 < len(chunk) and (
            not is_title(chunk[end + 1]) or members_of_a_body(chunk, end + 1)
        ):
            end += 1
        while end > last and not chunk[end].is_capitalised:
            end -= 1
    end = _nested_body_cut(gazetteer, chunk, start, end)
    if start == end and chunk[start].lower in lexicon.ORG_HEADS:
        return None  # `the Council`, `Ministry` alone name nothing
    return start, end


def _nested_body_cut(gazetteer: Gazetteer, chunk: Sequence[Token], start: int, end: int) -> int:
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
            complete = any(not _national(gazetteer, t) for t in chunk[start:index])
        elif not token.is_capitalised:
            complete = False
    return end


def _national(gazetteer: Gazetteer, token: Token) -> bool:
    """A country or nationality word (`U.S.`, `Georgian`, `Dutch`) in front of a body."""
    word = token.text
    return bool(demonym_shaped(word) or gazetteer.country(word) or gazetteer.is_place(word))


def government(context: CableContext, word: str, segment: Segment) -> str | None:
    """`GOE` → `Government of Egypt` when Egypt is the host country or the only match."""
    if not (word.startswith(lexicon.GOVERNMENT_PREFIX) and word.isupper() and 3 <= len(word) <= 5):
        return None
    context.looked_around = True  # the host country and the segment decide
    code = word[len(lexicon.GOVERNMENT_PREFIX) :]
    host = context.host
    keys = context.lookups.country_keys
    host_first = [(host, *keys[host])] if host in keys else []
    others = (option for option in context.lookups.country_options if option[0] != host)
    for country, initials, iso in itertools.chain(host_first, others):
        matches = code in (initials, iso) or (len(code) == 1 and country[0] == code)
        if matches and (country == host or country.lower() in segment.text.lower()):
            article = "the " if country in {"Netherlands", "Philippines", "United States"} else ""
            return f"Government of {article}{country}"
    return None


def describes(gazetteer: Gazetteer, token: Token) -> bool:
    """An ordinary adjective or participle (`PRESUMPTIVE`, `US-BASED`, `FUNDED`) that
    describes a body in capitals-only text rather than starting its name."""
    word = token.lower
    if word in lexicon.ROLE_COMPLEMENTS or word in _NAME_OPENING_PARTICIPLES:
        return False
    last = word.rsplit("-", 1)[-1]
    return last.endswith(_DESCRIPTIVE_ENDINGS) and gazetteer.is_common(last)


def state_among_bodies(segment: Segment, candidates: list[Candidate]) -> list[Candidate]:
    """`with Treasury, State and the Foreign Ministry`, `CENTCOM, State (EUR/RPM), and OSD`:
    a bare `State` listed next to a body is the Department of State."""
    text = segment.text
    added: list[Candidate] = []
    orgs = [c for c in candidates if c.kind == ORGANIZATION]
    if not orgs:
        return candidates
    occupied = merged_spans([(c.start, c.end) for c in candidates])
    for token in segment.tokens:
        if token.text != "State" or token.possessive or overlaps(occupied, token.start, token.end):
            continue
        before = next((c for c in reversed(orgs) if c.end <= token.start), None)
        after = next((c for c in orgs if c.start >= token.end), None)
        listed = (before is not None and _LIST_GAP.fullmatch(text, before.end, token.start)) or (
            after is not None and _LIST_GAP.fullmatch(text, token.end, after.start)
        )
        if listed:
            added.append(Candidate(ORGANIZATION, "Department of State", token.start, token.end, 4))
    return sorted(candidates + added, key=lambda c: c.start) if added else candidates


def one_body_across_and(name: Sequence[Token]) -> bool:
    """`Faith and Civics Foundation`: the head word comes after the `and` only, so the one
    word before it has no head of its own and names no second body (two words there may
    be a person: `Sarkis Karmirian and Levant Division`)."""
    cut = next(i for i, t in enumerate(name) if t.lower == "and")
    heads = lexicon.ORG_HEADS
    before, after = name[:cut], name[cut + 1 :]
    return (
        len(before) == 1
        and 2 <= len(after) <= 3
        and not any(t.lower in heads for t in before)
        and after[-1].lower in heads
        and not after[-1].is_acronym
        and not any(t.lower == "the" for t in after)
    )


def and_the_body(chunk: Sequence[Token]) -> int:
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


#: A deliberative body named by its subject: `Council on Foreign Relations`, `Commission on
#: the Status of Women`. Capitalised runs stop at the lower-case `on`, which leaves the head
#: alone as the body and the subject as another name (or nothing).
_BODY_ON = re.compile(
    r"\b(?:Council|Commission|Committee|Subcommittee)\s+on\s+(?:the\s+)?"
    r"([A-Z][a-z][\w'’-]*(?:\s+(?:(?:of|and|for|the)\s+)*[A-Z][a-z][\w'’-]*)*)"
)
_CALENDAR = frozenset(
    ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    + ["January", "February", "March", "April", "May", "June", "July", "August"]
    + ["September", "October", "November", "December"]
)


def bodies_on_a_subject(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """A body mention ending at `Council`/`Commission`/`Committee` is extended over `on (the)
    Subject` when the subject is a run of capitalised words (not a date: `Council on
    Monday`); the names inside the subject give way to the body."""
    if not ("Council on " in text or "ssion on " in text or "ttee on " in text):
        return list(mentions)
    result = list(mentions)
    for match in _BODY_ON.finditer(text):
        if match.group(1).split()[0] in _CALENDAR:
            continue
        head_end = text.rfind(" on ", match.start(), match.start(1))
        body = next(
            (m for m in result if m.kind == ORGANIZATION and m.end == head_end),
            None,
        )
        if body is None:
            continue
        start, end = body.start, match.end(1)
        surface = text[start:end]
        result = [m for m in result if m is not body and not (start <= m.start and m.end <= end)]
        result.append(Mention(ORGANIZATION, surface, surface, body.paragraph_position, start, end))
    return sorted(result, key=lambda m: m.start)
