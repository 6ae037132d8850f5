"""The word in front of a body (`etl.entities.body_prefixes`): a nationality is part of the
name, a describing word is not; fragments in invented text."""

from __future__ import annotations

import pytest

from tests.entities.fragments import mentions_of, names


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Officials of the Estonian MFA declined to comment.", "Estonian MFA"),
        ("The Latvian MOD sent a note on Tuesday.", "Latvian MOD"),
        ("A speaker of the Iranian Majlis visited the port.", "Iranian Majlis"),
    ],
)
def test_a_nationality_in_front_of_a_national_body_is_part_of_its_name(
    text: str, body: str
) -> None:
    assert body in names(mentions_of(text), "ORGANIZATION")


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Incoming National Police Director Smoot spoke first.", "National Police"),
        ("Powerful Ministry of Interior officials objected.", "Ministry of Interior"),
        ("He said the ARP-led Constituent Assembly would meet.", "Constituent Assembly"),
        ("Newly Restructured Ministry of Health staff agreed.", "Ministry of Health"),
    ],
)
def test_a_describing_word_in_front_of_a_body_is_dropped(text: str, body: str) -> None:
    found = names(mentions_of(text), "ORGANIZATION")
    assert body in found
    assert not any(name != body and name.endswith(body) for name in found)


def test_a_place_that_starts_like_a_describing_word_stays() -> None:
    found = names(mentions_of("The New Zealand Defence Force sailed."), "ORGANIZATION")
    assert "New Zealand Defence Force" in found


def test_a_describing_word_before_a_generic_word_leaves_no_body() -> None:
    found = names(mentions_of("", subject="LOCAL NGO TO VISIT PRISON"), "ORGANIZATION")
    assert not any("NGO" in name.upper() for name in found)


def test_an_international_body_takes_no_nationality() -> None:
    found = names(mentions_of("Estonian NATO officers left."), "ORGANIZATION")
    assert "Estonian NATO" not in found


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("The Uzbek Government has not replied to the note.", "Uzbek Government"),
        ("The Costa Rican Government has not replied.", "Costa Rican Government"),
        ("Kyrgyz Border Guards stopped the truck.", "Kyrgyz Border Guards"),
        ("He met the Lao Ministry of Defense (MOD) on Monday.", "Lao Ministry of Defense"),
    ],
)
def test_a_nationality_without_a_telling_suffix_is_a_nationality(text: str, body: str) -> None:
    found = names(mentions_of(text), "ORGANIZATION")
    assert body in found
    assert not any(name != body and body.endswith(name) for name in found)


def test_an_unnamed_ngo_before_a_body_does_not_swallow_it() -> None:
    found = names(
        mentions_of("A local NGO and the Latvian Ministry of Health met."), "ORGANIZATION"
    )
    assert found == {"Latvian Ministry of Health"}


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("The Yemeni Taliban issued a statement on Monday.", "Yemeni Taliban"),
        ("He met the Chadian Hamas envoy in the capital.", "Chadian Hamas"),
        (
            "He saw the Premier of the Somali Interim Federal Government (SIFG), Ali Dool.",
            "Somali Interim Federal Government",
        ),
    ],
)
def test_a_nationality_joins_a_movement_and_a_government_without_a_nation(
    text: str, body: str
) -> None:
    assert body in names(mentions_of(text), "ORGANIZATION")
