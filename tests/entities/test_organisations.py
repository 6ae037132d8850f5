"""Posts and nation-plus-head bodies, on fragments built from the pattern."""

from __future__ import annotations

import pytest

from etl.entities import extract_mentions
from etl.parsing.records import Mention, Paragraph, ParsedCable


def kinds(text: str) -> set[tuple[str, str]]:
    found: list[Mention] = extract_mentions(ParsedCable(paragraphs=[Paragraph(1, text)]))
    return {(m.kind, m.name) for m in found}


@pytest.mark.parametrize(
    ("text", "body", "place"),
    [
        ("The Department asks Embassy Tirana to deliver the note.", "Embassy Tirana", "Tirana"),
        ("Consulate General Lahore reported the arrests.", "Consulate General Lahore", "Lahore"),
        ("Embassy Moscow's staff met them.", "Embassy Moscow", "Moscow"),
    ],
)
def test_a_post_is_a_body_and_its_city_is_not_annotated_apart(
    text: str, body: str, place: str
) -> None:
    found = kinds(text)
    assert ("ORGANIZATION", body) in found
    assert ("LOCATION", place) not in found


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("The Albanian Government has not replied.", "Albanian Government"),
        ("Officials said the Georgian Customs seized it.", "Georgian Customs"),
        ("He praised the U.S. Government for its help.", "U.S. Government"),
    ],
)
def test_a_nation_with_a_capitalised_head_is_a_body(text: str, body: str) -> None:
    assert ("ORGANIZATION", body) in kinds(text)


def test_a_lower_case_head_leaves_only_the_place() -> None:
    found = kinds("The Pakistan government has not replied.")
    assert ("LOCATION", "Pakistan") in found
    assert not {name for kind, name in found if kind == "ORGANIZATION"}


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("The bill now goes to Parliament for a vote.", "Parliament"),
        ("He said the Social Democrats would not join.", "Social Democrats"),
        ("Polls show the Socialists ahead.", "Socialists"),
        ("He spoke at the UN General Assembly in New York.", "UN General Assembly"),
    ],
)
def test_bodies_by_their_shape(text: str, body: str) -> None:
    assert ("ORGANIZATION", body) in kinds(text)


def test_two_bodies_joined_by_and_are_two() -> None:
    found = kinds("He met the Ministry of Culture and Ministry of Energy today.")
    assert {("ORGANIZATION", "Ministry of Culture"), ("ORGANIZATION", "Ministry of Energy")} <= (
        found
    )


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("The battalion reports to Regional Command-East in Bagram.", "Regional Command-East"),
        ("Officers of RC-Capital and RC-North met.", "RC-Capital"),
        ("Officers of RC-Capital and RC-North met.", "RC-North"),
        ("Aid went through Regional Platform-West.", "Regional Platform-West"),
        ("The Danish-led Task Force Helmand moved north.", "Task Force Helmand"),
        ("Elements of Task Force 373 took part.", "Task Force 373"),
    ],
)
def test_a_military_command_by_sector_or_task_force_name(text: str, body: str) -> None:
    assert ("ORGANIZATION", body) in kinds(text)


def test_a_pair_of_an_acronym_and_a_place_is_no_command() -> None:
    found = kinds("Ministers prepared the EU-South Africa summit.")
    assert not any(kind == "ORGANIZATION" and "South" in name for kind, name in found)


def test_a_hyphenated_acronym_merges_into_the_command_it_spells() -> None:
    found = kinds("Troops of Regional Command-East patrolled. RC-East reported no losses.")
    assert ("ORGANIZATION", "Regional Command-East") in found
    assert ("ORGANIZATION", "RC-East") not in found


@pytest.mark.parametrize(
    ("text", "body"),
    [
        (
            "A speaker from the Velorian Council on Harbour Trade joined the panel.",
            "Velorian Council on Harbour Trade",
        ),
        (
            "The Regional Commission on the Future of Tidal Energy met in the capital.",
            "Regional Commission on the Future of Tidal Energy",
        ),
    ],
)
def test_a_council_on_a_subject_is_one_body(text: str, body: str) -> None:
    found = kinds(text)
    assert ("ORGANIZATION", body) in found
    assert not {name for kind, name in found if name != body and name in body}


def test_a_council_on_a_day_is_not_extended() -> None:
    found = kinds("The Velorian Security Council on Monday approved the plan.")
    assert not any(" on " in name for _, name in found)
