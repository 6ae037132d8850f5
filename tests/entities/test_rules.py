"""Each extraction rule of issue 5, on small fragments built by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.entities import SIGNER_POSITION, RuleBasedExtractor, extract_mentions
from etl.entities.gazetteer import load_gazetteer
from etl.parsing import parse_document
from etl.parsing.records import Mention, Paragraph, ParsedCable

SEEDS = Path(__file__).resolve().parents[2] / "etl" / "sample_cables"


def mentions_of(*paragraphs: str, subject: str = "", **fields: object) -> list[Mention]:
    cable = ParsedCable(
        subject=subject,
        paragraphs=[Paragraph(i, text) for i, text in enumerate(paragraphs, start=1)],
        **fields,  # type: ignore[arg-type]
    )
    return extract_mentions(cable)


def names(mentions: list[Mention], kind: str) -> set[str]:
    return {m.name for m in mentions if m.kind == kind}


def canonicals(mentions: list[Mention], kind: str) -> set[str]:
    return {m.canonical for m in mentions if m.kind == kind}


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


def test_short_forms_take_the_fullest_name_of_the_same_cable() -> None:
    found = mentions_of(
        "Lieutenant General Neth Savoeun and NGO LICADHO president Chan Sotheavy met.",
        "Savoeun said the police would act. Chan disagreed.",
        "Ministry of Justice Secretary of State, Neou Kassie, spoke. Later Kassie left.",
    )
    surfaces = {m.surface: m.name for m in found if m.kind == "PERSON"}
    assert surfaces["Savoeun"] == "Neth Savoeun"
    assert surfaces["Chan"] == "Chan Sotheavy"
    assert surfaces["Kassie"] == "Neou Kassie"


def test_offsets_point_at_the_surface_text() -> None:
    text = "On Monday Minister of Interior Sar Kheng met Post."
    for mention in mentions_of(text, subject="CAMBODIA: SAR KHENG VISIT"):
        source = text if mention.paragraph_position == 1 else "CAMBODIA: SAR KHENG VISIT"
        assert source[mention.start : mention.end] == mention.surface


def test_capitals_only_text_is_handled() -> None:
    found = mentions_of(
        "THE FOREIGN MINISTER TOLD US THAT PRESIDENT AHMADINEJAD WILL VISIT CAIRO AND THE "
        "IAEA WILL MEET IN TEHRAN."
    )
    assert "Ahmadinejad" in names(found, "PERSON")
    assert {"Cairo", "Tehran"} <= names(found, "LOCATION")
    assert "United States" not in names(found, "LOCATION")  # `US` is the pronoun here
    assert "IAEA" in names(found, "ORGANIZATION")  # as written: the cable never expands it
    assert "International Atomic Energy Agency" in canonicals(found, "ORGANIZATION")


def test_acronym_defined_in_the_text_links_to_its_expansion() -> None:
    found = mentions_of(
        "The Cambodian National Police (CNP) arrested two men.",
        "The CNP said more arrests would follow.",
    )
    cnp = [m for m in found if m.surface == "CNP"]
    assert cnp
    assert {m.name for m in cnp} == {"Cambodian National Police"}
    assert all(m.kind == "ORGANIZATION" for m in cnp)


def test_common_acronyms_share_the_full_name() -> None:
    found = mentions_of("The MOI and the Ministry of Interior agreed; IOM, ILO and USAID too.")
    orgs = names(found, "ORGANIZATION")
    assert "Ministry of Interior" in orgs
    assert "MOI" not in orgs  # merged into the fuller form this cable writes
    # Acronyms the cable never expands stay as written; the expansion is their identity.
    assert {"IOM", "ILO", "USAID"} <= orgs
    assert {
        "International Organization for Migration",
        "International Labor Organization",
        "United States Agency for International Development",
    } <= canonicals(found, "ORGANIZATION")


def test_places_from_the_gazetteer_and_the_cables_context() -> None:
    found = mentions_of("Police in Sihanoukville, Siem Reap and Toul Kork raided Thailand's bars.")
    assert {"Sihanoukville", "Siem Reap", "Toul Kork", "Thailand"} <= names(found, "LOCATION")


def test_tags_are_not_mentions() -> None:
    found = mentions_of("The workshop went well.", tags=["PHUM", "KTIP", "CB"])
    assert names(found, "LOCATION") == set()


def test_roles_without_a_name_and_establishments_are_not_persons() -> None:
    found = mentions_of(
        "The Ambassador met the Pol/Econ Chief after the Chhay Hour II incident.",
        "The Prime Minister said nothing.",
    )
    assert names(found, "PERSON") == set()


def test_government_acronym_resolves_to_the_host_country() -> None:
    found = mentions_of("The GOE offered a compromise.", origin="Embassy Cairo")
    assert names(found, "ORGANIZATION") == {"GOE"}
    assert "Government of Egypt" in canonicals(found, "ORGANIZATION")


def test_signer_is_a_person_outside_the_paragraphs() -> None:
    found = mentions_of("Nothing happened.", signer="MUSSOMELI")
    signer = [m for m in found if m.paragraph_position == SIGNER_POSITION]
    assert [(m.kind, m.name) for m in signer] == [("PERSON", "Mussomeli")]


def test_seed_002_persons_are_exactly_the_people_in_it() -> None:

    seed = next(SEEDS.glob("002_*.txt"))
    found = extract_mentions(parse_document(seed.read_bytes()))
    expected = {
        "Sally Neumann",
        "David Atkinson",
        "Prum Sokha",
        "Sar Kheng",
        "Ing Kantha Phavi",
        "Neou Kassie",
        "Hun Sen",
        "Hok Lundy",
        "Mam Somaly",
        "Christian Guth",
        "Kaign Christy",
    }
    persons = names(found, "PERSON")
    assert persons - {"Mussomeli"} == expected
    organisations = names(found, "ORGANIZATION")
    assert "Ministry of Interior" in canonicals(found, "ORGANIZATION")
    assert {
        "MOI",  # the cable never writes "Ministry of Interior"
        "Ministry of Justice",
        "World Vision",
        "AFESIP",
    } <= organisations
    assert "Chhay Hour II" not in persons


def test_capital_cities_that_are_also_dictionary_words_are_places() -> None:
    found = mentions_of("Diplomats in Tripoli said the minister visited Paris last week.")
    assert {"Tripoli", "Paris"} <= names(found, "LOCATION")


def test_a_name_whose_words_are_minor_towns_is_a_person() -> None:
    found = mentions_of("Paul Corcoran said the deal was close.")
    assert names(found, "PERSON") == {"Paul Corcoran"}
    assert not names(found, "LOCATION")


def test_hyphenated_arabic_article_is_part_of_the_person_name() -> None:
    found = mentions_of("Libyan leader Muammar al-Qadhafi arrived. Later al-Qadhafi left.")
    assert names(found, "PERSON") == {"Muammar al-Qadhafi"}


def test_an_article_does_not_start_an_acronym_expansion() -> None:
    found = mentions_of("IT WAS REPORTED IN AN AGENCE FRANCE PRESSE (AFP) ARTICLE ON 7 APRIL 2009.")
    assert names(found, "ORGANIZATION") == {"Agence France Presse"}


def test_a_repeated_run_gives_the_same_mentions_each_time() -> None:
    sentence = "Prime Minister Hun Sen met Minister of Interior Sar Kheng in Siem Reap."
    found = mentions_of(sentence, sentence, sentence)
    per_paragraph = [
        sorted((m.kind, m.name, m.start, m.end) for m in found if m.paragraph_position == p)
        for p in (1, 2, 3)
    ]
    assert per_paragraph[0] == per_paragraph[1] == per_paragraph[2]
    assert {"Hun Sen", "Sar Kheng"} <= names(found, "PERSON")


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


def test_a_nationality_in_front_of_a_ministry_is_kept_in_name_and_identity() -> None:
    found = mentions_of("Officials of the Dutch Ministry of Economic Affairs declined.")
    assert "Dutch Ministry of Economic Affairs" in names(found, "ORGANIZATION")
    # The nationality stays in the identity: the Dutch ministry is not any other country's.
    assert "Dutch Ministry of Economic Affairs" in canonicals(found, "ORGANIZATION")


def test_a_government_acronym_in_front_of_a_ministry_is_its_own_mention() -> None:
    found = mentions_of(
        "We met the GOI Ministry of External Affairs Joint Secretary for Bangladesh, Sri "
        "Lanka, and Maldives.",
        origin="Embassy New Delhi",
    )
    assert {"GOI", "Ministry of External Affairs"} <= names(found, "ORGANIZATION")
    assert "Government of India" in canonicals(found, "ORGANIZATION")
    assert "Sri Lanka" in names(found, "LOCATION")
    assert not names(found, "PERSON")


def test_title_words_inside_the_name_of_a_body_are_not_titles() -> None:
    found = mentions_of(
        "The Council of Ministers approved it, and the General Secretariat of Foreign "
        "Relations agreed."
    )
    assert {"Council of Ministers", "General Secretariat of Foreign Relations"} <= names(
        found, "ORGANIZATION"
    )
    assert not names(found, "PERSON")


def test_a_body_named_inside_a_role_is_a_mention() -> None:
    found = mentions_of("Isabella McRae, Deputy Head of the Foreign Office, said so.")
    assert "Foreign Office" in names(found, "ORGANIZATION")
    assert "Foreign and Commonwealth Office" in canonicals(found, "ORGANIZATION")
    assert "Isabella McRae" in names(found, "PERSON")


def test_a_name_followed_by_of_and_a_body_is_a_person() -> None:
    found = mentions_of("Duncan Johnson of the Regional Issues Section told Poloff so.")
    assert names(found, "PERSON") == {"Duncan Johnson"}
    assert "Regional Issues Section" in names(found, "ORGANIZATION")


def test_a_short_village_name_does_not_stop_a_person_name() -> None:
    found = mentions_of("The committee issued a decree designating Ali Sugheir to assume it.")
    assert names(found, "PERSON") == {"Ali Sugheir"}


def test_descriptive_words_in_capitals_are_not_part_of_a_body() -> None:
    found = mentions_of(
        "THE PROSPECTS FOR PRESUMPTIVE WORKERS' PARTY CANDIDATE DILMA ROUSSEFF ARE GOOD."
    )
    assert "Workers' Party" in names(found, "ORGANIZATION")


def test_remembered_runs_give_what_a_fresh_extractor_gives() -> None:
    cables = [parse_document(path.read_bytes()) for path in sorted(SEEDS.glob("*.txt"))]
    warm = RuleBasedExtractor(load_gazetteer())
    for cable in cables:  # fills the per-process memos
        warm.extract(cable)
    for cable in reversed(cables):
        assert warm.extract(cable) == RuleBasedExtractor(load_gazetteer()).extract(cable)


def test_a_short_form_is_not_linked_to_a_body_nested_in_another() -> None:
    found = mentions_of(
        "The case goes to the Criminal Division of the National Court. The National Court "
        "will rule. The Migration Board agreed with the Swedish Migration Board."
    )
    orgs = names(found, "ORGANIZATION")
    assert "National Court" in orgs
    assert "Swedish Migration Board" in orgs
    assert "Migration Board" not in orgs  # still linked to the fuller name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Duncan Johnson of the Regional Issues Section of the FCO spoke.",
            {"Regional Issues Section", "FCO"},
        ),
        (
            "He heads the Department of Consular Affairs of the Ministry of Foreign Affairs now.",
            {"Department of Consular Affairs", "Ministry of Foreign Affairs"},
        ),
        (
            "He briefed the Board of Governors of the IAEA.",
            {"Board of Governors", "IAEA"},
        ),
    ],
)
def test_a_body_nested_in_another_gives_both(text: str, expected: set[str]) -> None:
    assert names(mentions_of(text), "ORGANIZATION") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He addressed the Council of the European Union.", "Council of the European Union"),
        ("He met the Islamic Republic of Iran Shipping Lines.", None),
        ("Officials of the Georgian Ministry of Finance met.", "Georgian Ministry of Finance"),
        (
            "The U.S. Department of the Treasury's Office of Foreign Assets Control acted.",
            None,
        ),
    ],
)
def test_one_body_named_with_of_is_not_cut(text: str, expected: str | None) -> None:
    orgs = names(mentions_of(text), "ORGANIZATION")
    assert "Ministry" not in orgs and "U.S. Department" not in orgs and "Council" not in orgs
    assert "Islamic Republic" not in orgs
    if expected:
        assert expected in orgs


def test_an_adjective_title_before_a_head_word_belongs_to_the_body() -> None:
    found = mentions_of(
        "He said that the Secretary of the General People's Committee issued a decree.",
        "It was the General People's Committee that met.",
    )
    assert names(found, "ORGANIZATION") == {"General People's Committee"}


def test_a_titled_name_of_a_body_is_a_person_and_the_body() -> None:
    found = mentions_of("Secretary General Amr Moussa of the Arab League said so.")
    assert names(found, "PERSON") == {"Amr Moussa"}
    assert names(found, "ORGANIZATION") == {"Arab League"}


def test_and_the_joins_two_bodies() -> None:
    found = mentions_of("He agreed to work with Treasury, State and the Bahraini Foreign Ministry.")
    orgs = names(found, "ORGANIZATION")
    assert "Bahraini Foreign Ministry" in orgs
    assert "Bahraini Ministry of Foreign Affairs" in canonicals(found, "ORGANIZATION")
    assert not any(" and " in name for name in orgs)


@pytest.mark.parametrize(
    "text",
    [
        "We will coordinate this with CENTCOM, State (EUR/RPM and ARP), and OSD.",
        "He agreed to work with Treasury, State and the Bahraini Foreign Ministry.",
    ],
)
def test_state_listed_with_bodies_is_the_department_of_state(text: str) -> None:
    found = mentions_of(text)
    assert "State" in names(found, "ORGANIZATION")
    assert "Department of State" in canonicals(found, "ORGANIZATION")


def test_state_alone_is_not_the_department_of_state() -> None:
    found = mentions_of("The State will pay. Secretary of State Clinton arrived.")
    assert "Department of State" not in names(found, "ORGANIZATION")


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("They signed a Trade and Investment Framework Agreement (TIFA) today.", None),
        ("Debates at the General Conference (GC) went on.", None),
        (
            "The Organization of the Islamic Conference (OIC) met.",
            "Organization of the Islamic Conference",
        ),
    ],
)
def test_defined_acronyms_of_treaties_and_events_are_no_bodies(text: str, kept: str | None) -> None:
    assert names(mentions_of(text), "ORGANIZATION") == ({kept} if kept else set())
