"""The gazetteer (`etl.entities.gazetteer`): large cities are places even when their name is
also a word."""

from __future__ import annotations

from tests.entities.fragments import mentions_of, names


def test_capital_cities_that_are_also_dictionary_words_are_places() -> None:
    found = mentions_of("Diplomats in Tripoli said the minister visited Paris last week.")
    assert {"Tripoli", "Paris"} <= names(found, "LOCATION")
