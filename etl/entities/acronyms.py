"""Organisations known to the cable only by an acronym (`ISAF`, `PSOE`, `MNC-I`, `G/TIP`).

In mixed-case text a word written wholly in capitals is almost always an acronym, and the
acronyms a cable uses without a definition are mostly bodies: parties, missions, agencies,
companies, State and DoD office symbols. What is not a body is excluded by shape and by a
short list of the release's non-body abbreviations (markings, roles, units, documents);
places and titles are excluded through the gazetteer and the lexicon.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from etl.entities import lexicon
from etl.entities.context import ORGANIZATION, Segment, continues, given_name_led
from etl.entities.gazetteer import Gazetteer
from etl.entities.organisations import demonym_shaped, org_name
from etl.entities.places import place_name
from etl.entities.tokens import CONNECTORS, Token, tokenize_window
from etl.parsing.records import Mention

#: An all-capitals word of 2-8 letters, optionally joined by `-`, `/` or `.` to another
#: capitals part (`MNC-I`, `S/CT`, `EUR/WE`); not part of a longer word or number (tested
#: after the first capital, so that sre scans for a capital rather than trying a look-behind
#: at every position).
_ACRONYM = re.compile(
    r"([A-Z](?<![\w/&.-][A-Z])(?:[A-Z0-9&]*[A-Z](?:[-/][A-Z0-9]+)*|(?:/[A-Z]{2,6})+))(?![\w/&-])"
)

#: Abbreviations of the release that are not bodies: classification and handling markings,
#: document and message words, roles, measures, money, common nouns.
_NOT_BODIES = """
    SBU NF NOFORN FOUO REL ORCON LIMDIS EXDIS NODIS STADIS SIPDIS CONFIDENTIAL SECRET UNCLAS
    UNCLASSIFIED REF REFS REFTEL REFTELS SEPTEL SEPTELS PARA PARAS MSG TEL CABLE DTG EO TAGS
    SUBJ SUBJECT CLASSIFIED BY REASON NOTE END COMMENT SUMMARY ACTION INFO FM TO CC QUOTE
    UNQUOTE BEGIN TEXT XXXXXXXXXXXX XXXXX XX XXX
    CODEL STAFFDEL SCENESETTER
    DCM CDA AMB POL ECON POLOFF ECONOFF POLCOUNS ECONCOUNS POLMILOFF POLMILCOUNS POLECON
    PAO RSO DATT LEGATT CG CONGEN DAS ASEC SECSTATE SECDEF DPM PM FM MP MPS MPA MNA CEO CFO
    CTO VIP VIPS GEN LTG MG BG COL LTC MAJ CAPT ADM RADM VADM DR MR MRS MS JR SR
    NGO NGOS GDP GNP HIV AIDS TB SARS FDI ODA FY USD GBP JPY CNY RUB CHF KM KG
    MT MW GW KW BCM TCF BPD LNG LPG CNG OIL GMT UTC AM PM TV DVD CD SMS PDF IT ID IDS PIN
    IED IEDS UAV UAVS WMD RPG AK POW POWS IDP IDPS VBIED SVBIED MANPADS ICBM SLBM NPT CTBT
    FTA MOU MOA LOI MOUS ROE SOP SOFA DNA PCR OK II III IV VI VII VIII IX XI XII
    ASAP FYI AKA QTE UNQTE ETC VS NB KIA WIA MIA CV UNSCR UNSCRS SCR RES EDT EST CET
    OF IN TO AT ON BY OR AN AS IS IT BE DO GO NO SO WE HE ME MY UP IF AND THE FOR BUT NOT
    ALL ARE WAS HAS HAD CAN MAY NEW ONE TWO
    JAN FEB MAR APR JUN JUL AUG SEP SEPT OCT NOV DEC
    DG DDG ADG VP SYG SG POTUS VPOTUS FLOTUS COM CHOD LES FSN FSO TDY HQ A/DCM CDA/DCM
    CAFTA CAFTA-DR NAFTA CWC BWC FMF IMET PSI PKO IPR CPI CT CW CBW TIP GBV HIV/AIDS
    NIV IV DV DPOB POB DOB USS HMS US-EU
    POLCON ECONCON CONOFF CONSOFF MGMTOFF FSNI POLFSN ECONFSN IVLP NIE NIES
    CDMA GSM KORUS
    PLN INR PKR BRL MXN ZAR KRW EGP IDR THB VND NGN KES UAH KZT UZS AZN TJS KGS
"""
NOT_BODIES: frozenset[str] = frozenset(_NOT_BODIES.split())


_ANY_CAPITALS = re.compile(r"[A-Z][A-Z]")
_DEFINED = re.compile(r"\(\s*([A-Z][A-Za-z&/-]*[A-Z])s?\s*[,)]")
_DEFINED_MEMO: dict[str, frozenset[str]] = {}


def defined_acronyms(cable_text: str) -> frozenset[str]:
    """Every `(ACR)` that follows a word in the cable: the acronyms it defines."""
    found = _DEFINED_MEMO.get(cable_text)
    if found is None:
        found = frozenset(
            match.group(1)
            for match in _DEFINED.finditer(cable_text)
            # after a word: `Trade Framework Agreement (TFA)`, not a marking `(SBU)` alone
            if cable_text[max(0, match.start() - 8) : match.start()].rstrip(" '’s")[-1:].isalnum()
        )
        _DEFINED_MEMO.clear()  # one cable at a time: its segments ask in a row
        _DEFINED_MEMO[cable_text] = found
    return found


def acronym_mentions(
    position: int,
    text: str,
    taken: Iterable[tuple[int, int]],
    gazetteer: Gazetteer,
    definitions: Mapping[str, tuple[str, str]],
    cable_text: str,
) -> list[Mention]:
    """ORG mentions for the acronyms of one mixed-case segment outside the spans `taken`;
    an acronym the cable defines (`definitions`) takes the defined kind and name."""
    if not _ANY_CAPITALS.search(text):
        return []
    defined = defined_acronyms(cable_text)
    occupied = sorted(taken)
    found: list[Mention] = []
    for match in _ACRONYM.finditer(text):
        word = match.group(1)
        start, end = match.span(1)
        if word in NOT_BODIES or _overlaps(occupied, start, end):
            continue
        if word in definitions:
            kind, name = definitions[word]
            found.append(Mention(kind, name, word, position, start, end))
            continue
        if word in defined:
            continue  # defined in the cable as something that is not a body (`TIFA`)
        letters = word.replace("-", "").replace("/", "").replace("&", "")
        if len(letters) < 2 or not letters.isalpha():
            continue  # `PU-239`, `EP-3`: isotopes, models, units
        lower = word.lower()
        if lower in lexicon.TITLE_WORDS or lower in lexicon.ROLE_NOUNS:
            continue
        if gazetteer.is_place(word) or gazetteer.country(word):
            continue
        if len(word) == 2 and word in gazetteer.country_codes:
            continue  # `GE`, `MA`: a country code (in capitals text mostly a tag or a place)
        if set(word) == {"X"}:
            continue  # a redaction
        if _heading_word(text, start, end, gazetteer):
            continue  # a heading or an emphasised phrase in capitals, not an acronym
        if gazetteer.is_common(letters) and len(letters) >= 4:
            continue  # `NOTE`, `NEXT`: a word in capitals
        if len(letters) >= 4 and word.capitalize() in cable_text:
            continue  # a name the cable also writes in mixed case (`MILAM` / `Milam`)
        found.append(Mention("ORGANIZATION", word, word, position, start, end))
    return found


#: A department or government acronym written with a lower-case `o` (`DoD`, `DoE`, `GoP`).
_MIXED_ACRONYM = re.compile(r"(?<![\w/&.-])(?:Do|Go)[A-Z]{1,3}(?![\w/&-])")


def mixed_case_acronyms(
    position: int, text: str, taken: Iterable[tuple[int, int]]
) -> list[Mention]:
    """ORG mentions for `DoD`-shaped acronyms (a department's or a government's) outside the
    spans `taken`, named as written."""
    if "o" not in text:
        return []
    occupied = sorted(taken)
    return [
        Mention(ORGANIZATION, match.group(), match.group(), position, *match.span())
        for match in _MIXED_ACRONYM.finditer(text)
        if not _overlaps(occupied, *match.span())
    ]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)


_CAPITAL_WORD = re.compile(r"[A-Z][A-Z'’-]{2,}")


def _heading_word(text: str, start: int, end: int, gazetteer: Gazetteer) -> bool:
    """True when a neighbouring word is an English word in capitals (`KARZAI VISIT`, `END
    COMMENT`): capitals there mark a heading or emphasis rather than an acronym."""
    before = text[max(0, start - 24) : start].split()[-1:]
    after = text[end : end + 24].split()[:1]
    for word in before + after:
        word = word.strip(".,:;()\"'")
        if _CAPITAL_WORD.fullmatch(word) and gazetteer.is_common(word):
            return True
    return False


# ------------------------------------------------------------ acronyms the cable defines
#: `(ACR)`, `(ACR, ...)` or `(ACR - a note)`.
_ACRONYM_DEFINITION = re.compile(r"\(\s*([A-Z][A-Za-z]*[A-Z](?:[/-][A-Z]+)?)(?:\s*[,)]|\s+[-–—]\s)")
#: Lower-case words that may sit inside a name the cable defines by an acronym, besides the
#: connectors of any run (`Mission in Somalia (AMISOM)`, `Council on Islamic Education`); the
#: acronym's letters must still match the words, so a run cannot reach past the name.
_EXPANSION_CONNECTORS: frozenset[str] = CONNECTORS | {"in", "on"}


def acronym_definitions(
    gazetteer: Gazetteer, segments: Iterable[Segment]
) -> dict[str, tuple[str, str]]:
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
            expansion = _expansion(gazetteer, acronym, before, segment.text, match.start())
            if expansion:
                definitions.setdefault(acronym, expansion)
    return definitions


def _expansion(
    gazetteer: Gazetteer, acronym: str, before: list[Token], text: str, paren: int
) -> tuple[str, str] | None:
    if not before or text[before[-1].end : paren].strip(" '’s"):
        return None
    run = [before[-1]]
    for token in reversed(before[:-1]):
        if not token.glued_to_next and not continues(token, text):
            break
        if not (token.is_capitalised or token.lower in _EXPANSION_CONNECTORS):
            break
        run.insert(0, token)
    # `X and the Y (ACR)` lists two names: the acronym belongs to the last.
    for index in range(len(run) - 2, 0, -1):
        if run[index].lower == "the" and run[index - 1].lower == "and":
            run = run[index + 1 :]
            break
    chosen = _expanded_words(acronym, run)
    if chosen is None:
        return None
    start = chosen[0].start
    # A nationality adjective in front belongs to the name (`Egyptian State Security`).
    index = run.index(chosen[0])
    if index > 0 and demonym_shaped(run[index - 1].text) and run[index - 1].is_capitalised:
        start = run[index - 1].start
    surface = text[start : chosen[-1].end]
    if gazetteer.is_place(surface):
        return "LOCATION", place_name(gazetteer, surface)
    if not any(t.lower in lexicon.ORG_HEADS for t in chosen) and (
        chosen[-1].lower in lexicon.NON_ORG_HEADS
        or any(t.lower in lexicon.NON_ORG_HEADS for t in chosen if t.is_capitalised)
        or chosen[0].lower in lexicon.TITLE_WORDS
    ):
        # `Framework Agreement (TIFA)`, `General Conference (GC)`, `Agreement on Defense
        # Cooperation (ADC)`; a role (`Representative of Canada in Kandahar (ROCK)`)
        return None
    if (
        chosen[0].lower in lexicon.TITLE_WORDS
        and chosen[0].lower[0] == acronym[0].lower()
        and len(chosen) > 2
        and chosen[1].lower == "of"
    ):
        return None  # the acronym spells a role in a body: `Chief of Mission (COM)`
    if given_name_led(chosen) and not any(t.lower in lexicon.ORG_HEADS for t in chosen):
        return "PERSON", surface  # a person known by initials: `Ahmed Wali Karzai (AWK)`
    return "ORGANIZATION", org_name(surface)


def _expanded_words(acronym: str, run: list[Token]) -> list[Token] | None:
    """The words of `run` (the capitalised words before the parenthesis) that the acronym
    abbreviates, or None."""
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
    if chosen is None and 2 <= len(letters) <= min(3, len(words)):
        # A foreign acronym of a translated name, its words in another order (`Democratic
        # Change (CD)` for Cambio Democratico): the last words' initials are its letters.
        last = words[-len(letters) :]
        if sorted(t.lower[0] for t in last) == sorted(letters) and not any(
            t.lower in lexicon.TITLE_WORDS for t in last
        ):
            chosen = run[run.index(last[0]) :]
    if chosen is None:
        if not any(t.lower in lexicon.ORG_HEADS for t in words):
            return None
        chosen = run
        if (
            len(chosen) > 2
            and chosen[1].lower == "the"
            and chosen[0].lower not in lexicon.ORG_HEADS
        ):
            chosen = chosen[2:]  # `Founded the Federation of ... (FMC)`: a verb opens the run
    while chosen and not chosen[0].is_capitalised:
        chosen = chosen[1:]
    if len(chosen) < 2 and not chosen[0].is_acronym:
        return None
    return chosen


def _is_subsequence(needle: str, haystack: str) -> bool:
    iterator = iter(haystack)
    return all(char in iterator for char in needle)


def _spelled_body(acronym: str, name: str) -> bool:
    """A defined name with lower-case words inside that is headed as a body, not a role,
    and that the acronym spells from its start (a nationality word in front aside): a name
    taken whole for want of a spelling (`Finance Ministry and Central Bank (CBR)`) is not."""
    words = name.lower().split()
    return (
        any(w[:1].islower() for w in name.split())
        and acronym[0].lower() in {w[0] for w in words[:2]}
        and words[0] not in lexicon.TITLE_WORDS
        and any(w in lexicon.ORG_HEADS for w in words)
    )


def spelled_out_bodies(
    segments: Iterable[Segment],
    mentions: Sequence[Mention],
    definitions: Mapping[str, tuple[str, str]],
) -> list[Mention]:
    """The mentions with each body the cable defines by an acronym taken whole where its full
    name is written: runs of capitalised words stop at lower-case words, so `Arab Fund for
    Economic and Social Development (AFESD)` or `Mission in Somalia (AMISOM)` would otherwise
    be cut into pieces; the pieces inside the written name give way to it."""
    names = sorted(
        {
            name
            for acronym, (kind, name) in definitions.items()
            if kind == ORGANIZATION and _spelled_body(acronym, name)
        },
        key=lambda n: (-len(n), n),
    )
    if not names:
        return list(mentions)
    spans: dict[int, list[tuple[int, int, str]]] = {}
    for segment in segments:
        if segment.upper:
            continue
        taken: list[tuple[int, int, str]] = []
        for name in names:
            for match in re.finditer(re.escape(name), segment.text):
                start, end = match.span()
                if not _overlaps([(s, e) for s, e, _ in taken], start, end):
                    taken.append((start, end, name))
        if taken:
            spans[segment.position] = taken
    if not spans:
        return list(mentions)
    # In place of the pieces, so the order of the mentions stays that of the other passes.
    kept: list[Mention] = []
    placed: set[tuple[int, int]] = set()
    for mention in mentions:
        position = mention.paragraph_position
        cover = [
            span
            for span in spans.get(position, ())
            if _overlaps([span[:2]], mention.start, mention.end)
        ]
        if not cover:
            kept.append(mention)
            continue
        for start, end, name in cover:
            if (position, start) not in placed:
                placed.add((position, start))
                kept.append(Mention(ORGANIZATION, name, name, position, start, end))
    for position, found in spans.items():
        kept += [
            Mention(ORGANIZATION, name, name, position, s, e)
            for s, e, name in found
            if (position, s) not in placed
        ]
    return kept


# ------------------------------------------------------ a body's name after its acronym
#: `SAI (Servicios Aeronauticos Integrales)`: an acronym, then the name it stands for.
_NAME_AFTER_ACRONYM = re.compile(
    r"(?<![\w/&.-])([A-Z][A-Z&]{1,7})\s+\(\s*([A-Z][\w'’-]*(?:\s+(?:[A-Z][\w'’-]*"
    r"|de|del|la|las|los|el|do|da|dos|das|des|du|di|of|for|and|the|y|e|et))+)\s*\)"
)
_NAME_WORDS_SKIPPED = frozenset(["de", "del", "la", "las", "los", "el", "do", "da", "dos"])
_NAME_WORDS_SKIPPED |= {"das", "des", "du", "di", "of", "for", "and", "the", "y", "e", "et"}


def _spells(acronym: str, name: str, place_first: bool = False) -> bool:
    """The acronym's letters are the initials of the name's words, the small words left
    out or kept, in the name's order or (a translated name) in another one; with
    `place_first` a word in front may be left out (`Ghazni Provincial Reconstruction
    Team (PRT)`)."""
    letters = acronym.replace("&", "").lower()
    words = name.split()
    content = [w for w in words if w.lower() not in _NAME_WORDS_SKIPPED]
    for chosen in (content, words):
        initials = "".join(w[0].lower() for w in chosen)
        if initials == letters or (place_first and initials[1:] == letters):
            return True
    return 2 <= len(content) <= 3 and sorted(w[0].lower() for w in content) == sorted(letters)


def bodies_after_their_acronym(
    segments: Iterable[Segment],
    mentions: Sequence[Mention],
    gazetteer: Gazetteer,
    definitions: Mapping[str, tuple[str, str]],
) -> list[Mention]:
    """The mentions with each name written in parentheses after the acronym it spells, and
    each body's name written before the acronym that defines it (`Democratic Change (CD)`),
    taken as a body; what was found inside that name gives way to it."""
    added: list[Mention] = []
    bodies = {a: n for a, (kind, n) in definitions.items() if kind == ORGANIZATION}
    for segment in segments:
        text = segment.text
        if segment.upper or " (" not in text:
            continue
        for match in _NAME_AFTER_ACRONYM.finditer(text):
            acronym, name = match.group(1), match.group(2)
            if acronym in NOT_BODIES or not _spells(acronym, name) or gazetteer.is_place(name):
                continue
            start, end = match.span(2)
            added.append(Mention(ORGANIZATION, name, name, segment.position, start, end))
        for acronym, name in bodies.items():
            start = text.find(f"{name} ({acronym})")
            # Only a name the letters spell (`Finance Ministry and Central Bank (CBR)` is
            # taken whole for want of a spelling and may be two bodies).
            if start >= 0 and _spells(acronym, name, place_first=True):
                end = start + len(name)
                added.append(Mention(ORGANIZATION, name, name, segment.position, start, end))
    if not added:
        return list(mentions)
    # A body found already over the name (or a longer one around it) stays.
    added = [
        a
        for a in added
        if not any(
            m.kind == ORGANIZATION
            and m.paragraph_position == a.paragraph_position
            and m.start <= a.start
            and a.end <= m.end
            for m in mentions
        )
    ]
    kept = [
        m
        for m in mentions
        if not any(
            a.paragraph_position == m.paragraph_position and a.start < m.end and m.start < a.end
            for a in added
        )
    ]
    return kept + added
