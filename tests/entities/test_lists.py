"""People in a list after a plural title (`etl.entities.lists`), on invented fragments."""

from __future__ import annotations

from tests.entities.fragments import mentions_of, names


def test_every_name_of_a_list_after_a_plural_title_is_a_person() -> None:
    found = mentions_of("In fact, Generals Valdor, Bersenti and Trago are said to be fighting.")
    assert names(found, "PERSON") == {"Valdor", "Bersenti", "Trago"}


def test_two_names_after_a_plural_title() -> None:
    found = mentions_of("Ministers Odalo and Semret met the delegation.")
    assert names(found, "PERSON") == {"Odalo", "Semret"}


def test_a_list_with_an_english_word_is_no_list_of_people() -> None:
    found = mentions_of("Directors Pilot and Orange were chosen as project names.")
    assert names(found, "PERSON") == set()
