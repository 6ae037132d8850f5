"""Mentions decided by the phrase around a name (`etl.entities.phrases`), on fragments built
from each pattern, not from one cable; the faster cues agree with the patterns they replaced."""

from __future__ import annotations

import re

import pytest

from etl.entities import phrases
from tests.entities.fragments import mentions_of, names


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Growth was strong (Al Wafd, Al Ahram, 12/29/2009).", "Al Ahram"),
        ("The independent daily Al Masry Al Youm reported the sale.", "Al Masry Al Youm"),
        ("Al Alam Al Youm newspaper singled out the banks.", "Al Alam Al Youm"),
        ("The chairman of the Vodacell phone company spoke.", "Vodacell"),
    ],
)
def test_media_and_companies_by_their_phrase(text: str, body: str) -> None:
    found = mentions_of(text)
    assert body in names(found, "ORGANIZATION")
    assert body not in names(found, "PERSON")


def test_a_list_of_companies_and_legal_forms() -> None:
    found = mentions_of(
        "Oil firms including Kestrel Ltd., Norvanco, and Petrasol will bid. "
        "The deal with Kestrel Ltd. was signed."
    )
    bodies = names(found, "ORGANIZATION")
    assert {"Norvanco", "Petrasol"} <= bodies
    assert any(b.startswith("Kestrel Ltd") for b in bodies)
    assert not names(found, "PERSON")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Protesters gathered in Nisoor Square on Sunday.", "Nisoor Square"),
        ("The car reached the Sadakhlo border crossing at noon.", "Sadakhlo"),
        ("Russian troops are in the region of Racha today.", "Racha"),
        ("Two Malta-flagged ships were stopped.", "Malta"),
        ("The mine lies in Cesar Department near the coast.", "Cesar Department"),
    ],
)
def test_places_by_their_phrase(text: str, place: str) -> None:
    assert place in names(mentions_of(text), "LOCATION")


def test_a_participle_compound_starts_no_body() -> None:
    found = mentions_of("The Russia-centric Ministry of Defense objected.")
    assert "Ministry of Defense" in names(found, "ORGANIZATION")
    assert "Russia" in names(found, "LOCATION")


def test_region_heads_make_a_defined_acronym_a_place() -> None:
    found = mentions_of("Aid to the Federally Administered Tribal Areas (FATA) grew. FATA is poor.")
    assert "Federally Administered Tribal Areas" in names(found, "LOCATION")
    assert not names(found, "ORGANIZATION")


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("We met desk officer Hind Kamal on Monday.", "Hind Kamal"),
        (
            "We contacted Randolph Coto, Foreign Policy Coordinator of the ministry.",
            "Randolph Coto",
        ),
        ("A reception honoured Clint Eastwood, who was filming nearby.", "Clint Eastwood"),
        ("He recalled A/S Valenzuela's visit.", "Valenzuela"),
        ("Unions distrust the Aznar government.", "Aznar"),
        (
            "MFA Director for the Protection of Algerian Citizens Overseas Hocine Sahraoui spoke.",
            "Hocine Sahraoui",
        ),
        (
            "Police detained Ameer Hamza (Publications Chief) and Abu Talha (Member of the Shura).",
            "Ameer Hamza",
        ),
    ],
)
def test_people_by_their_phrase(text: str, person: str) -> None:
    found = mentions_of(text)
    assert person in names(found, "PERSON")
    assert not (set(person.split()) & names(found, "LOCATION"))


def test_nationality_and_one_word_or_a_feast_is_no_person() -> None:
    found = mentions_of("Swedish Gripen jets were shown after Eid al-Fitr ended.")
    assert not names(found, "PERSON")


@pytest.mark.parametrize(
    ("text", "body", "short"),
    [
        ("The Socialist Party (PS) split. The PS lost.", "Socialist Party", "PS"),
        ("He joined CCOO (Comisiones Obreras) in May. CCOO grew.", "Comisiones Obreras", "CCOO"),
        ("The Popular Party won. Neither the PP nor others expected it.", "Popular Party", "PP"),
        (
            "The UN Security Council met. The Security Council voted.",
            "UN Security Council",
            "Security Council",
        ),
    ],
)
def test_acronyms_and_shortenings_merge_into_the_written_full_name(
    text: str, body: str, short: str
) -> None:
    found = mentions_of(text)
    assert body in names(found, "ORGANIZATION")
    assert short not in names(found, "ORGANIZATION")


def test_a_body_of_a_place_stays_apart() -> None:
    found = mentions_of(
        "The State Customs Committee of Tashkent Province acted. "
        "The State Customs Committee agreed."
    )
    assert {"State Customs Committee", "State Customs Committee of Tashkent Province"} <= names(
        found, "ORGANIZATION"
    )


def test_a_portfolio_after_a_title_is_not_part_of_the_name_before_a_role() -> None:
    found = mentions_of(
        "He is a direct appointee of Minister of Interior Sar Kheng (DPM), and the Chair."
    )
    assert names(found, "PERSON") == {"Sar Kheng"}


# The faster forms of the phrase cues give the answers of the patterns they replaced.
ADMINISTRATIVE_TEXTS = [
    "the Province of Herat",
    "PROVINCE of Herat",
    "the province OF Herat",
    "a city  of Herat",
    "the ISLAND of Java",
    "the regio of",
    "Chinatown of old",
    "of province of ",
    "",
]


@pytest.mark.parametrize("text", ADMINISTRATIVE_TEXTS)
def test_administrative_of_cue_matches_the_alternation(text: str) -> None:
    alternation = re.compile(rf"(?i:{phrases._ADMINISTRATIVE_WORDS}) of ")
    assert bool(phrases._ADMINISTRATIVE_OF_CUE.search(text)) == bool(alternation.search(text))


@pytest.mark.parametrize(
    "text",
    ["Cyprus-flagged", "a U.S.-led force", "al-Qaida-linked", "Russia-centric", "co-operate", ""],
)
def test_compound_cue_holds_wherever_the_pattern_matches(text: str) -> None:
    if phrases._COMPOUND.search(text):
        assert phrases._COMPOUND_CUE.search(text)


@pytest.mark.parametrize(
    "text",
    [
        "Several Latin American diplomats said the summit failed.",
        "Western and Arab envoys met. Arab said no.",
        "Chilean officials said so. Chilean said the plan failed.",
        "The Peruvians told us that the vote would wait.",
    ],
)
def test_a_people_or_a_regions_people_is_no_person(text: str) -> None:
    assert not names(mentions_of(text), "PERSON")


@pytest.mark.parametrize(
    ("text", "person"),
    [
        # surnames shaped like an adjective of a town or of a country's short stem
        ("Minister Tarek Qandahari met us. Qandahari said the vote would wait.", "Tarek Qandahari"),
        ("Ambassador Selim Ghani said the talks would resume.", "Selim Ghani"),
    ],
)
def test_a_surname_shaped_like_a_nationality_stays_a_person(text: str, person: str) -> None:
    assert person in names(mentions_of(text), "PERSON")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "Officials from Kestrana Province told Ambassador Quill that Kestrana Province waits.",
            "Kestrana Province",
        ),
        ("Doctors at Velomo Hospital said Velomo Hospital lacks beds.", "Velomo Hospital"),
    ],
)
def test_a_name_ending_in_a_subdivision_or_facility_head_is_a_place(text: str, place: str) -> None:
    found = mentions_of(text)
    assert place in names(found, "LOCATION")
    assert place not in names(found, "PERSON")
