"""Places read from the words around them, on fragments built from the pattern."""

from __future__ import annotations

import pytest

from etl.entities import extract_mentions
from etl.parsing.records import Mention, Paragraph, ParsedCable


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
