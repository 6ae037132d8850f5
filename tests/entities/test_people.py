"""The people rules (`etl.entities.people`): titles, roles and name shapes that make a person,
what is taken for a person's name but is a word, a group or a body, and the cheap pre-test of
role nouns, on fragments built from the pattern."""

from __future__ import annotations

import pytest

from etl.entities import extract_mentions
from etl.entities.people import ROLE_NOUN_BEFORE, cue_at
from etl.parsing.records import Mention, Paragraph, ParsedCable
from tests.entities.fragments import mentions_of, names


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


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Deputy Prime Minister and Minister of Interior Sar Kheng opened it.", "Sar Kheng"),
        ("Lieutenant General Neth Savoeun attended.", "Neth Savoeun"),
        ("G/TIP Ambassador Luis CdeBaca spoke.", "Luis CdeBaca"),
        ("MOI Secretary of State Chou Bun Eng said so.", "Chou Bun Eng"),
        ("NGO AFESIP co-founder Mam Somaly said so.", "Mam Somaly"),
        ("Minister of Women's Affairs Ing Kantha Phavi stated that.", "Ing Kantha Phavi"),
        ("Ministry of Justice Secretary of State, Neou Kassie, explained.", "Neou Kassie"),
        ("Prum Sokha, MOI Secretary of State, explained that.", "Prum Sokha"),
    ],
)
def test_titles_and_roles_introduce_a_person_without_the_title(text: str, person: str) -> None:
    assert person in names(mentions_of(text), "PERSON")
    assert all(
        not m.name.startswith(("Minister", "General", "Ambassador", "Secretary"))
        for m in mentions_of(text)
        if m.kind == "PERSON"
    )


def test_roles_without_a_name_and_establishments_are_not_persons() -> None:
    found = mentions_of(
        "The Ambassador met the Pol/Econ Chief after the Chhay Hour II incident.",
        "The Prime Minister said nothing.",
    )
    assert names(found, "PERSON") == set()


def test_a_name_whose_words_are_minor_towns_is_a_person() -> None:
    found = mentions_of("Paul Corcoran said the deal was close.")
    assert names(found, "PERSON") == {"Paul Corcoran"}
    assert not names(found, "LOCATION")


def test_hyphenated_arabic_article_is_part_of_the_person_name() -> None:
    found = mentions_of("Libyan leader Muammar al-Qadhafi arrived. Later al-Qadhafi left.")
    assert names(found, "PERSON") == {"Muammar al-Qadhafi"}


def test_after_a_title_a_town_name_is_a_surname() -> None:
    found = mentions_of("Brazilian President Lula met Bolivian President Morales in La Paz.")
    assert "Morales" in names(found, "PERSON")


def test_initials_start_a_name_but_a_country_abbreviation_stays_in_the_role() -> None:
    found = mentions_of(
        "National Security Adviser M.K. Narayanan told the Charge. Deputy Assistant U.S. "
        "Trade Representative Christopher Wilson agreed."
    )
    assert {"M.K. Narayanan", "Christopher Wilson"} <= names(found, "PERSON")


def test_each_name_joined_by_and_is_a_person_even_with_a_body_after_it() -> None:
    found = mentions_of("We met Adriana Murillo and Juan Salas of the MFA on Monday.")
    assert {"Adriana Murillo", "Juan Salas"} <= names(found, "PERSON")


def test_a_role_after_a_comma_marks_the_name_before_it() -> None:
    found = mentions_of("Jon Knight, Nuclear Issues Desk Officer in the department, said so.")
    assert "Jon Knight" in names(found, "PERSON")


def test_a_name_followed_by_of_and_a_body_is_a_person() -> None:
    found = mentions_of("Duncan Johnson of the Regional Issues Section told Poloff so.")
    assert names(found, "PERSON") == {"Duncan Johnson"}
    assert "Regional Issues Section" in names(found, "ORGANIZATION")


def test_a_short_village_name_does_not_stop_a_person_name() -> None:
    found = mentions_of("The committee issued a decree designating Ali Sugheir to assume it.")
    assert names(found, "PERSON") == {"Ali Sugheir"}


TEXTS = [
    "the party's spokesman, Sam Rainsy",
    "opposition ADVISER'S Sam Rainsy",
    "said the co-founder (Sam Rainsy",
    "an adviser's aide 2 Sam Rainsy",
    "a spokesman said; Sam Rainsy",
    "the blogger’s Sam Rainsy",
    "the chief. Sam Rainsy",
    "the mischief Sam Rainsy",
]


@pytest.mark.parametrize("text", TEXTS)
def test_role_noun_cue_agrees_with_the_full_pattern(text: str) -> None:
    start = text.index("Sam")
    end = len(text)
    before = bool(ROLE_NOUN_BEFORE.search(text, max(0, start - 48), start))
    # Nothing follows the run, so only the role noun before it can cue a person.
    assert cue_at(text, start, end) == before


def test_role_noun_cues_are_found() -> None:
    text = "the party's spokesman, Sam Rainsy"
    assert cue_at(text, text.index("Sam"), len(text))
    text = "the mischief Sam Rainsy"
    assert not cue_at(text, text.index("Sam"), len(text))


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


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("The report said Gerardo Baker departs for the capital in May.", "Gerardo Baker"),
        ("Rumours that Evo Tusk would resign spread quickly.", "Evo Tusk"),
        ("Delegates applauded when Manohar Carpenter arrived.", "Manohar Carpenter"),
    ],
)
def test_a_given_name_makes_a_dictionary_surname_a_name(text: str, person: str) -> None:
    assert person in persons(text)


def test_a_given_name_before_a_word_in_capitals_is_no_name() -> None:
    assert "Martin ABC" not in persons("The report went to Martin ABC yesterday.")


def test_a_given_name_is_no_adjective_of_a_place_that_shares_its_stem() -> None:
    # `Kamran` must not read as an adjective of a town `Kamra`, nor as a nationality.
    assert "Kamran Voss" in persons("Dr. Kamran Voss spoke to the students.")


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Officers met BG Telvarti at the base.", "Telvarti"),
        ("Reporters asked SYG Dumarek about the summit.", "Dumarek"),
        ("The agency's DG Ferrano replied in writing.", "Ferrano"),
    ],
)
def test_role_abbreviations_are_titles_before_a_name(text: str, person: str) -> None:
    assert person in persons(text)


def test_initials_a_cable_defines_for_a_person_name_the_person() -> None:
    found = kinds("Tariq Omar Veshani (TOV) chairs the council. Later TOV said so.")
    assert ("PERSON", "Tariq Omar Veshani") in found
    assert not any(kind == "ORGANIZATION" for kind, _ in found)


def test_an_acronym_of_a_body_stays_a_body() -> None:
    found = kinds("Leaders of Comisiones Rurales (CR) spoke. CR members agreed.")
    assert ("ORGANIZATION", "Comisiones Rurales") in found


def test_a_title_glued_to_a_name_is_no_part_of_its_fullest_form() -> None:
    found = mentions_of(
        "Justice Alberto Vindaro, President Appointed by former President Moscoso.",
        "Vindaro agreed. Justice was not served.",
    )
    assert names(found, "PERSON") == {"Alberto Vindaro", "Moscoso"}
    assert all(m.surface != "Justice" for m in found if m.kind == "PERSON")


def test_a_word_with_elect_or_designate_is_a_role_before_the_name() -> None:
    text = "Minister of Trade and Finance-designate Jose Raul Vindero told us so."
    assert "Jose Raul Vindero" in persons(text)


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Summary: MOD Carme Velosa continues to voice her wishes.", "Carme Velosa"),
        ("Protesters met UNHCR Antonio Deverra in the camp.", "Antonio Deverra"),
    ],
)
def test_a_given_name_after_a_body_acronym_is_a_person(text: str, person: str) -> None:
    assert person in persons(text)


def test_a_short_surname_is_no_stem_of_a_country_in_stan() -> None:
    # `Pak` + `istan` is a country, but a three-letter word is no nationality's stem.
    assert "Pak Sun-gi" in persons("He added that Finance Chief Pak Sun-gi had been sacked.")


def test_a_leading_abu_is_a_first_name() -> None:
    assert "Abu Tamir" in persons("Police detained Abu Tamir (alias Tamo) on Friday.")
    assert "Abu Ghraib" not in persons("Detainees at Abu Ghraib complained.")


def test_two_capitals_before_a_surname_after_a_title_are_initials() -> None:
    found = persons("The loser could be Party President LK Vardani, who spoke. Vardani left.")
    assert found == {"LK Vardani"}
    assert "Smith" in persons("The minister met UN Envoy Smith.")


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Committee Chairman: research associate V.D. Kerenko. Members agreed.", "V.D. Kerenko"),
        ("The report was prepared by Engineer O. Turaev.", "O. Turaev"),
    ],
)
def test_initials_and_a_surname_at_the_end_of_a_sentence(text: str, person: str) -> None:
    assert person in persons(text)


def test_a_town_and_a_dictionary_word_inside_a_given_name_led_name() -> None:
    # `Restrepo` is a town and `Flores` a dictionary word: after `Francisco` both are names.
    text = "The manager goes by the name of Francisco Alberto Restrepo Flores. He left."
    assert persons(text) == {"Francisco Alberto Restrepo Flores"}


def test_a_short_form_of_a_nationality_and_one_word_is_no_person() -> None:
    found = mentions_of(
        "The Swedish Vartex remains a strong competitor.", "Critics doubt the Vartex design."
    )
    assert names(found, "PERSON") == set()


def test_an_acronym_before_a_head_word_is_a_body_not_a_title() -> None:
    found = kinds("The block is run with BG Group and with Repsol.")
    assert ("ORGANIZATION", "BG Group") in found


def test_a_body_word_inside_a_person_name_stays_a_body() -> None:
    found = kinds("Chief Arturo Vendes of PICH, the police force, came. PICH officers agreed.")
    assert ("ORGANIZATION", "PICH") in found

