"""What is taken for a person's name but is a word, a group or a body."""

from __future__ import annotations

import pytest

from etl.entities import extract_mentions
from etl.parsing.records import Mention, Paragraph, ParsedCable


def kinds(text: str) -> set[tuple[str, str]]:
    found: list[Mention] = extract_mentions(ParsedCable(paragraphs=[Paragraph(1, text)]))
    return {(m.kind, m.name) for m in found}


def persons(text: str) -> set[str]:
    return {name for kind, name in kinds(text) if kind == "PERSON"}


@pytest.mark.parametrize(
    "text",
    [
        "The Chief Justice ruled on Monday.",  # an office, not a name
        "He cited a Prime Ministerial decree.",
        "The Secretary for Schools admitted it.",
        "The Canadians and the Iranians said so.",  # plural nationalities are groups
    ],
)
def test_ordinary_words_and_groups_are_not_persons(text: str) -> None:
    assert persons(text) == set()


def test_an_honorific_makes_an_english_word_a_surname() -> None:
    assert "Wood" in persons("Ambassador Wood said the talks would resume.")


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Officials of Grupo Zelmar said so.", "Grupo Zelmar"),
        ("Representatives of Vantor Telecom met the minister.", "Vantor Telecom"),
        ("Leaders of Comisiones Rurales (CR) spoke.", "Comisiones Rurales"),
    ],
)
def test_a_name_with_a_body_head_or_its_own_abbreviation_is_a_body(text: str, body: str) -> None:
    found = kinds(text)
    assert ("ORGANIZATION", body) in found
    assert ("PERSON", body) not in found


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Members: Lead engineer A.I. Zorkovyn and others.", "A.I. Zorkovyn"),
        ("The list named G.R. Velimov as the contact.", "G.R. Velimov"),
        ("We met desk officer Tavid Ormuzov on Monday.", "Tavid Ormuzov"),
    ],
)
def test_people_by_the_shape_of_their_names(text: str, person: str) -> None:
    assert person in persons(text)


def test_initials_of_a_country_are_not_a_person() -> None:
    assert not persons("The U.S. Government agreed.")


@pytest.mark.parametrize(
    ("text", "person", "not_person"),
    [
        ("Appointed by the President, Justice Marco Velandi said so.", "Marco Velandi", None),
        ("The POLMILCOUNS told Orlent so.", None, "POLMILCOUNS"),
        ("Observers from the XQA said so.", None, "XQA"),
    ],
)
def test_titles_role_abbreviations_and_acronyms_are_not_in_names(
    text: str, person: str | None, not_person: str | None
) -> None:
    found = persons(text)
    if person:
        assert person in found
    if not_person:
        assert not any(not_person.lower() in name.lower() for name in found)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Relations were cool under the Moscoso administration.", "Moscoso"),
        ("Exports grew steadily under the Toledo government, he said.", "Toledo"),  # a town too
        ("Dissidents fled the Castro regime.", "Castro"),
    ],
)
def test_a_leader_named_before_the_body_he_heads(text: str, person: str) -> None:
    assert ("PERSON", person) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "Talks with the Pakistan government stalled.",
        "He criticised the Iranian regime.",
        "Ties with the Georgian government improved.",
        "The Africa cabinet met.",
    ],
)
def test_a_country_or_nationality_before_government_is_no_leader(text: str) -> None:
    assert not any(kind == "PERSON" for kind, _ in kinds(text))


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("He met Chile's Ambassador to Norway Rodrigo Pellegrini yesterday.", "Rodrigo Pellegrini"),
        ("The Ministry's U/S for the Americas Marta Quiroga agreed.", "Marta Quiroga"),
        (
            "Brazil's Ambassador to the U.S. Tomas Aguado Couturier said so.",
            "Tomas Aguado Couturier",
        ),
        (
            "Uruguay's Ambassador to Cairo Esteban K. Mendez, a lawyer, met him.",
            "Esteban K. Mendez",
        ),
    ],
)
def test_a_holder_named_after_the_title_and_the_place_served(text: str, person: str) -> None:
    assert ("PERSON", person) in kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "The Ambassador to the OAS Executive Board spoke.",
        "The Minister for Europe Affairs left.",
        "He was Ambassador to Iraq. Washington agreed.",
    ],
)
def test_no_holder_after_a_body_or_a_clause_end(text: str) -> None:
    assert not any(kind == "PERSON" for kind, _ in kinds(text))


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("He left. MPA Tariq Hameed said the bill would pass.", "Tariq Hameed"),
        ("The brigade was led by MG Samir Haddad at the time.", "Samir Haddad"),
        ("LTG Ortwin said the convoy left.", "Ortwin"),
    ],
)
def test_an_abbreviated_rank_or_assembly_seat_is_a_title(text: str, person: str) -> None:
    assert ("PERSON", person) in kinds(text)


def test_a_chief_minister_abbreviated_cm_is_a_title_before_the_name() -> None:
    found = persons("Velora CM Ravindra Talmeki has been under pressure. Talmeki denied it.")
    assert "Ravindra Talmeki" in found
    assert not any(name.startswith("CM") for name in found)


@pytest.mark.parametrize(
    ("text", "company"),
    [
        ("Talks stalled. U.S. firm Corvanta pressed on. Corvanta said it would wait.", "Corvanta"),
        (
            "Its partner, state-owned Veltelekom, did not answer. Veltelekom said it would wait.",
            "Veltelekom",
        ),
        ("The rigs sat at Mirastal, a company owned by a senator. Mirastal sold them.", "Mirastal"),
        (
            "Rio Kestal is the Chilean subsidiary of a Velorian group. Rio Kestal said it grew.",
            "Rio Kestal",
        ),
    ],
)
def test_a_name_the_cable_calls_a_company_is_no_person(text: str, company: str) -> None:
    found = kinds(text)
    assert ("PERSON", company) not in found
    assert ("ORGANIZATION", company) in found


def test_a_person_in_apposition_to_a_role_in_a_company_stays_a_person() -> None:
    text = "Tomas Velkin, the Chairman of the Mirovo phone company, said Velkin would sell."
    assert "Tomas Velkin" in persons(text)


def test_a_prefect_is_a_title_before_the_name() -> None:
    found = persons("Prefect Tomas Velarde said so. Later Prefect Velarde left the meeting.")
    assert "Tomas Velarde" in found
    assert not any(name.startswith("Prefect") for name in found)
