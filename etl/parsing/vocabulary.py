"""The release's controlled vocabularies: classifications, origins, precedences, months.

Cables spell these many ways (``UNCLAS``, ``C O N F I D E N T I A L``, ``AMCONSUL SAO PAULO``);
the warehouse stores the spelling the 2010-11 release used, so analysts can filter on one value.
"""

from __future__ import annotations

UNCLASSIFIED = "UNCLASSIFIED"
UNCLASSIFIED_FOUO = "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
CONFIDENTIAL = "CONFIDENTIAL"
SECRET = "SECRET"
TOP_SECRET = "TOP SECRET"

#: Every classification value the release uses.
CLASSIFICATIONS: frozenset[str] = frozenset(
    {
        UNCLASSIFIED,
        UNCLASSIFIED_FOUO,
        CONFIDENTIAL,
        f"{CONFIDENTIAL}//NOFORN",
        SECRET,
        f"{SECRET}//NOFORN",
        TOP_SECRET,
        f"{TOP_SECRET}//NOFORN",
    }
)

#: Spellings of the classification word at the start of the body's classification line.
_CLASSIFICATION_WORDS: dict[str, str] = {
    "UNCLAS": UNCLASSIFIED,
    "UNCLASSIFIED": UNCLASSIFIED,
    "U N C L A S": UNCLASSIFIED,
    "U N C L A S S I F I E D": UNCLASSIFIED,
    "LIMITED OFFICIAL USE": UNCLASSIFIED_FOUO,
    "CONFIDENTIAL": CONFIDENTIAL,
    "C O N F I D E N T I A L": CONFIDENTIAL,
    "SECRET": SECRET,
    "S E C R E T": SECRET,
    "TOP SECRET": TOP_SECRET,
    "T O P S E C R E T": TOP_SECRET,
}

#: Precedence letters of the DTG line and the words used in address lines.
PRECEDENCE_LETTERS: dict[str, str] = {
    "Z": "FLASH",
    "O": "IMMEDIATE",
    "P": "PRIORITY",
    "R": "ROUTINE",
}
PRECEDENCE_WORDS: frozenset[str] = frozenset({"FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE", "NIACT"})

MONTHS: dict[str, int] = {
    name: number
    for number, names in enumerate(
        (
            ("JAN", "JANUARY"),
            ("FEB", "FEBRUARY"),
            ("MAR", "MARCH"),
            ("APR", "APRIL"),
            ("MAY",),
            ("JUN", "JUNE"),
            ("JUL", "JULY"),
            ("AUG", "AUGUST"),
            ("SEP", "SEPT", "SEPTEMBER"),
            ("OCT", "OCTOBER"),
            ("NOV", "NOVEMBER"),
            ("DEC", "DECEMBER"),
        ),
        start=1,
    )
    for name in names
}

#: Handling captions that appear alone on lines near the top of the body.
CAVEAT_WORDS: frozenset[str] = frozenset(
    {
        "SIPDIS",
        "SENSITIVE",
        "NOFORN",
        "EXDIS",
        "NODIS",
        "LIMDIS",
        "STADIS",
        "NOCONTRACT",
        "ORCON",
        "PROPIN",
        "REL",
        "CXHR",
        "EFTO",
        "SBU",
        "NOTE",
        "TERREP",
        "FOUO",
    }
)

#: Multi-word captions, matched against a whole upper-cased line.
CAVEAT_PHRASES: dict[str, str] = {
    "SENSITIVE BUT UNCLASSIFIED": "SENSITIVE BUT UNCLASSIFIED",
    "SENSITIVE BUT UNCLASSIFIED, NOT FOR INTERNET DISTRIBUTION": "SENSITIVE BUT UNCLASSIFIED",
    "FOR OFFICIAL USE ONLY": "FOR OFFICIAL USE ONLY",
    "NOT FOR INTERNET DISTRIBUTION": "NOT FOR INTERNET DISTRIBUTION",
    "E F T O": "EFTO",
    "N O F O R N": "NOFORN",
    "S I P D I S": "SIPDIS",
    "NO FOREIGN DISSEMINATION": "NOFORN",
}

#: Cities where the United States has (or had) a consulate rather than an embassy. A station
#: named only on the classification line (no FM line) is an embassy unless listed here.
CONSULATE_CITIES: frozenset[str] = frozenset(
    {
        "ADANA", "ALEXANDRIA", "AMSTERDAM", "AUCKLAND", "BARCELONA", "BASRAH", "BELFAST",
        "BORDEAUX", "CALCUTTA", "CALGARY", "CAPE TOWN", "CASABLANCA", "CHENGDU", "CHENNAI",
        "CHIANG MAI", "CIUDAD JUAREZ", "CURACAO", "DHAHRAN", "DUBAI", "DURBAN", "DUSSELDORF",
        "EDINBURGH", "ERBIL", "FLORENCE", "FRANKFURT", "FUKUOKA", "GUADALAJARA", "GUANGZHOU",
        "GUAYAQUIL", "HALIFAX", "HAMBURG", "HERMOSILLO", "HO CHI MINH CITY", "HONG KONG",
        "HYDERABAD", "ISTANBUL", "JEDDAH", "JERUSALEM", "JOHANNESBURG", "KARACHI", "KIRKUK",
        "KOLKATA", "KRAKOW", "LAGOS", "LAHORE", "LEIPZIG", "LYON", "MARSEILLE", "MATAMOROS",
        "MELBOURNE", "MERIDA", "MILAN", "MONTERREY", "MONTREAL", "MOSUL", "MUMBAI", "MUNICH",
        "NAGOYA", "NAHA", "NAPLES", "NOGALES", "NUEVO LAREDO", "OSAKA KOBE", "PERTH",
        "PESHAWAR", "PONTA DELGADA", "QUEBEC", "RECIFE", "RENNES", "RIO DE JANEIRO",
        "SAO PAULO", "SAPPORO", "SHANGHAI", "SHENYANG", "ST PETERSBURG", "STRASBOURG",
        "SURABAYA", "SYDNEY", "THESSALONIKI", "TIJUANA", "TORONTO", "VANCOUVER",
        "VLADIVOSTOK", "WINNIPEG", "WUHAN", "YEKATERINBURG",
    }
)  # fmt: skip

#: Posts whose release name does not follow "Embassy X" / "Consulate X"; keyed by the words
#: after the post-type prefix of the FM line or by the classification-line station.
_SPECIAL_ORIGINS: dict[str, str] = {
    "SECSTATE WASHDC": "Secretary of State",
    "SECSTATE": "Secretary of State",
    "STATE": "Secretary of State",
    "USMISSION USNATO": "Mission USNATO",
    "USNATO": "Mission USNATO",
    "USMISSION USUN NEW YORK": "USUN New York",
    "USUN NEW YORK": "USUN New York",
    "USMISSION UNVIE VIENNA": "UNVIE",
    "UNVIE VIENNA": "UNVIE",
    "UNVIE": "UNVIE",
    "USEU BRUSSELS": "USEU Brussels",
    "USINT HAVANA": "US Interests Section Havana",
    "IRAN RPO DUBAI": "Iran RPO Dubai",
    "RPO DUBAI": "Iran RPO Dubai",
    "AIT TAIPEI": "American Institute Taiwan, Taipei",
    "USDEL SECRETARY": "US Delegation, Secretary",
    "USLO TRIPOLI": "Embassy Tripoli",
}

#: Stations whose canonical reference-id token differs from their written words.
_STATION_TOKENS: dict[str, str] = {
    "SECSTATE": "STATE",
    "SECSTATE WASHDC": "STATE",
    "USMISSION USNATO": "USNATO",
    "USMISSION USUN NEW YORK": "USUNNEWYORK",
    "USMISSION UNVIE VIENNA": "UNVIEVIENNA",
    "USMISSION GENEVA": "GENEVA",
    "USINT HAVANA": "HAVANA",
}

#: Posts the release names by the city's current name whatever the cable writes (an older
#: cable's ``FM AMEMBASSY KIEV`` is filed under "Embassy Kyiv").
_RENAMED_POSTS: dict[str, str] = {
    "KIEV": "KYIV",
    "CALCUTTA": "KOLKATA",
    "BOMBAY": "MUMBAI",
    "MADRAS": "CHENNAI",
}

_POST_PREFIXES: tuple[tuple[str, str], ...] = (
    ("AMEMBASSY ", "Embassy "),
    ("AMCONSUL ", "Consulate "),
    ("AMCONSULATE ", "Consulate "),
    ("USMISSION ", "US Mission "),
    ("USLO ", "US Liaison Office "),
)


def classification_word(word: str) -> str | None:
    """Release classification for a classification word as written (``UNCLAS``, ``S E C R E T``)."""
    return _CLASSIFICATION_WORDS.get(" ".join(word.upper().split()))


def classification_from_parts(base: str, *, noforn: bool, sensitive: bool) -> str:
    """Combine a base classification with NOFORN / SBU captions into the release vocabulary."""
    # The release has no UNCLASSIFIED//NOFORN: an unclassified cable kept from foreign
    # nationals is controlled, and the release files it as FOR OFFICIAL USE ONLY.
    if base == UNCLASSIFIED and (sensitive or noforn):
        return UNCLASSIFIED_FOUO
    if noforn and base in (CONFIDENTIAL, SECRET, TOP_SECRET):
        return f"{base}//NOFORN"
    return base


def normalise_classification(value: str) -> str | None:
    """Map a classification as given by a container (HTML table, CSV column) to the vocabulary."""
    text = " ".join(value.upper().replace("/ /", "//").split())
    if text in CLASSIFICATIONS:
        return text
    base, _, caveat = text.partition("//")
    mapped = classification_word(base.strip())
    if mapped is None:
        return None
    caveat = caveat.strip()
    return classification_from_parts(
        mapped,
        noforn="NOFORN" in caveat,
        sensitive=caveat in ("FOR OFFICIAL USE ONLY", "FOUO", "SBU", "SENSITIVE"),
    )


def _title(words: str) -> str:
    return " ".join(part.capitalize() for part in words.split())


def origin_from_sender(sender: str) -> str | None:
    """Release origin for the sender of an ``FM`` line, e.g. ``AMEMBASSY PHNOM PENH``."""
    text = " ".join(sender.upper().replace("\\", " ").split("//")[0].split())
    if not text:
        return None
    if text in _SPECIAL_ORIGINS:
        return _SPECIAL_ORIGINS[text]
    for prefix, release_prefix in _POST_PREFIXES:
        if text.startswith(prefix):
            place = text[len(prefix) :]
            if text in _SPECIAL_ORIGINS:
                return _SPECIAL_ORIGINS[text]
            return release_prefix + _title(_RENAMED_POSTS.get(place, place))
    for key, origin in _SPECIAL_ORIGINS.items():
        if text.startswith(key + " ") or text == key:
            return origin
    return None


def origin_from_station(station: str) -> str:
    """Release origin guessed from the station words of a classification line (no FM line)."""
    text = " ".join(station.upper().split())
    if text in _SPECIAL_ORIGINS:
        return _SPECIAL_ORIGINS[text]
    renamed = _RENAMED_POSTS.get(text, text)
    consulate = text in CONSULATE_CITIES or renamed in CONSULATE_CITIES
    return ("Consulate " if consulate else "Embassy ") + _title(renamed)


def station_token(station: str) -> str:
    """Canonical reference-id token for station words: ``PHNOM PENH`` → ``PHNOMPENH``."""
    text = " ".join(station.upper().split())
    return _STATION_TOKENS.get(text, text.replace(" ", ""))


def station_token_from_sender(sender: str) -> str | None:
    """Reference-id station token for an ``FM`` sender: ``AMEMBASSY PHNOM PENH`` → ``PHNOMPENH``."""
    text = " ".join(sender.upper().replace("\\", " ").split("//")[0].split())
    if text in _STATION_TOKENS:
        return _STATION_TOKENS[text]
    for prefix in ("AMEMBASSY ", "AMCONSUL ", "AMCONSULATE ", "USMISSION ", "USLO ", "USINT "):
        if text.startswith(prefix):
            return station_token(text[len(prefix) :])
    if text.startswith("SECSTATE"):
        return "STATE"
    return station_token(text) if text else None


def station_words_from_sender(sender: str) -> str | None:
    """Station words as break headers print them for an ``FM`` sender: ``AMEMBASSY BUENOS
    AIRES`` → ``BUENOS AIRES``, ``SECSTATE WASHDC`` → ``STATE``."""
    text = " ".join(sender.upper().replace("\\", " ").split("//")[0].split())
    if text.startswith("SECSTATE"):
        return "STATE"
    for prefix in ("AMEMBASSY ", "AMCONSUL ", "AMCONSULATE ", "USMISSION ", "USLO ", "USINT "):
        if text.startswith(prefix):
            return text[len(prefix) :] or None
    return None
