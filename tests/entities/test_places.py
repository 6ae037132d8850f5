"""Places read from the words around them, on fragments built from the pattern."""

from __future__ import annotations

import pytest

from etl.entities import extract_mentions
from etl.parsing.records import Mention, Paragraph, ParsedCable
from tests.entities.fragments import mentions_of, names


def places(text: str) -> set[str]:
    found: list[Mention] = extract_mentions(ParsedCable(paragraphs=[Paragraph(1, text)]))
    return {m.name for m in found if m.kind == "LOCATION"}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("He met the union leader in Geneva.", "Geneva"),  # also an English word
        ("The convoy came from Geneva, officials said.", "Geneva"),
        ("Customs officers of Tashkent Province acted.", "Tashkent Province"),
        ("Fighting went on in Dand district yesterday.", "Dand"),
        ("The army moved a brigade into North Waziristan.", "North Waziristan"),
    ],
)
def test_a_place_read_from_its_context(text: str, place: str) -> None:
    assert place in places(text)


def test_a_direction_alone_is_no_place() -> None:
    assert "North" not in places("Troops are in North and South Waziristan.")


def test_a_possessive_stays_out_of_the_place() -> None:
    assert not any("'" in p for p in places("He spoke of Berlin's district of Mitte."))


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Voters in Lower Saxony and Thuringia went to the polls.", "Lower Saxony"),
        ("Voters in Lower Saxony and Thuringia went to the polls.", "Thuringia"),
        ("The party lost ground in Saxony-Anhalt last spring.", "Saxony-Anhalt"),
        ("Unemployment in Baden-Wuerttemberg fell.", "Baden-Wuerttemberg"),
        ("Separatists in Catalonia met officials from Flanders.", "Catalonia"),
        ("Separatists in Catalonia met officials from Flanders.", "Flanders"),
        ("Clashes were reported in Dagestan and Ingushetia.", "Ingushetia"),
    ],
)
def test_the_english_name_of_a_first_level_subdivision_is_a_place(text: str, place: str) -> None:
    assert place in places(text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Relations with the West have cooled.", "West"),
        ("Donors spend most of their money in the South and East, he said.", "South"),
        ("Donors spend most of their money in the South and East, he said.", "East"),
        ("Security in the North improved.", "North"),
        ("The Director for the Americas visited Quito.", "Americas"),
    ],
)
def test_a_compass_region_and_the_americas_are_places(text: str, place: str) -> None:
    assert place in places(text)


@pytest.mark.parametrize(
    "text",
    [
        "Settlers in the West Bank protested.",
        "He flew over the North Atlantic.",
        "The South-East region is dry.",
        "Fighting in the North and South Waziristan agencies went on.",
        "Go west and then south.",
    ],
)
def test_a_compass_word_before_a_name_or_in_lower_case_is_no_region(text: str) -> None:
    assert not {"West", "North", "South", "East"} & places(text)


def test_a_world_region_department_is_a_ministry_body() -> None:
    found = extract_mentions(
        ParsedCable(paragraphs=[Paragraph(1, "Mr. Lind, head of the Americas Department, spoke.")])
    )
    assert ("ORGANIZATION", "Americas Department") in {(m.kind, m.name) for m in found}


def test_places_from_the_gazetteer_and_the_cables_context() -> None:
    found = mentions_of("Police in Sihanoukville, Siem Reap and Toul Kork raided Thailand's bars.")
    assert {"Sihanoukville", "Siem Reap", "Toul Kork", "Thailand"} <= names(found, "LOCATION")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Doctors at the Nandavi Hospital treated the wounded.", "Nandavi Hospital"),
        ("Workers struck at the Korvanek Mine on Monday.", "Korvanek Mine"),
        ("The ferry to Pelmaro Island was cancelled.", "Pelmaro Island"),
        ("Wreaths were laid at the Tarvish Memorial yesterday.", "Tarvish Memorial"),
        ("The summit opened at the Osteria Conference Center.", "Osteria Conference Center"),
        ("A fire closed the Brelvan Refinery.", "Brelvan Refinery"),
    ],
)
def test_a_named_facility_with_a_capital_head_is_a_place(text: str, place: str) -> None:
    assert place in places(text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Growers moved their fields to Southern Chile last year.", "Southern Chile"),
        ("Floods hit Eastern Bolivia in March.", "Eastern Bolivia"),
        ("Militias in Upper Zarvand are resisting the army.", "Upper Zarvand"),
        ("The convoy came from Lower Pemsk on Monday.", "Lower Pemsk"),
    ],
)
def test_a_direction_before_a_country_or_an_unknown_name_after_a_locative(
    text: str, place: str
) -> None:
    assert place in places(text)


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("He spoke of the North Korea policy.", "North"),  # a country known whole
        ("Delegates in Upper House debates objected.", "Upper House"),  # an English word
        ("Officials in Central Zarvand Bank agreed.", "Central Zarvand"),  # the name runs on
        ("South Chile is rarely said.", "South Chile"),  # a noun of direction: no adjective
    ],
)
def test_a_direction_that_makes_no_place(text: str, absent: str) -> None:
    assert absent not in places(text)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # Gazetteer names that are also words or surnames, joined to a place by a list.
        ("Talks will be held in Lima, Rosario and Quito next month.", "Rosario"),
        ("The fleet uses the ports of Valparaiso and Moron.", "Moron"),
        ("Flights link Moron or Lima daily.", "Moron"),
    ],
)
def test_a_gazetteer_name_in_a_list_of_places_is_a_place(text: str, place: str) -> None:
    assert place in places(text)


def test_a_gazetteer_name_beside_no_place_stays_out() -> None:
    assert "Rosario" not in places("He met Rosario and Juan in Lima.")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Protesters gathered in the poor neighborhood of Tesvaro at dawn.", "Tesvaro"),
        ("Rioters burned cars in the suburb of Kelmonte on Sunday.", "Kelmonte"),
        ("The mayor of the township of Orvasi resigned.", "Orvasi"),
    ],
)
def test_a_neighbourhood_or_suburb_of_a_name_is_a_place(text: str, place: str) -> None:
    assert place in places(text)


def test_a_gazetteer_word_that_ends_a_longer_name_is_no_listed_place() -> None:
    assert "Coast" not in places("The road runs from Tarvona, on the Adriatic Coast, and Lima.")
