"""The bodies' rules (`etl.entities.organisations`): posts, nation-plus-head bodies, bodies
nested in or joined to others, `State`, on fragments built from the pattern."""

from __future__ import annotations

import pytest

from etl.entities import extract_mentions
from etl.parsing.records import Mention, Paragraph, ParsedCable
from tests.entities.fragments import canonicals, mentions_of, names


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


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("He quoted the Secretary-General of the United Nations on the floods.", "United Nations"),
        ("Lena Varga, Deputy Chair of the Storting, spoke first.", "Storting"),
    ],
)
def test_the_body_after_a_role_of_the_is_no_person(text: str, body: str) -> None:
    found = kinds(text)
    assert ("ORGANIZATION", body) in found
    assert ("PERSON", body) not in found


def test_a_role_for_the_domain_still_names_the_person_after_it() -> None:
    found = kinds("MFA Director for the Welfare of Citizens Abroad Omar Benali called.")
    assert any(kind == "PERSON" and name.endswith("Omar Benali") for kind, name in found)


def test_an_acronym_is_not_merged_into_a_name_written_only_inside_a_longer_one() -> None:
    found = mentions_of(
        "The United Nations Mission in Freedonia (UNMIF) reported calm.",
        "UN agencies asked for more funds.",
    )
    assert "UN" in names(found, "ORGANIZATION")
    assert "United Nations" not in names(found, "ORGANIZATION")


def test_an_acronym_is_merged_into_its_name_written_alone() -> None:
    found = mentions_of("The United Nations sent a team.", "UN agencies asked for more funds.")
    assert names(found, "ORGANIZATION") >= {"United Nations"}
    assert "UN" not in names(found, "ORGANIZATION")


def test_a_body_is_not_a_short_form_of_its_mission_in_a_place() -> None:
    found = mentions_of(
        "Delegates of the Andean Union attended.",
        "They praised the Andean Union Mission in Ruritania (AUMR).",
    )
    assert {"Andean Union", "Andean Union Mission in Ruritania"} <= names(found, "ORGANIZATION")


@pytest.mark.parametrize(
    ("text", "body", "wrong"),
    [
        (
            "-- Founded the League of Rural Teachers in 1971 with friends.",
            "League of Rural Teachers",
            "Founded the League of Rural Teachers",
        ),
        ("Can the U.S. Embassy confirm the date?", "U.S. Embassy", "Can the U.S. Embassy"),
    ],
)
def test_an_ordinary_word_and_the_opening_a_sentence_are_not_the_name(
    text: str, body: str, wrong: str
) -> None:
    found = names(mentions_of(text), "ORGANIZATION")
    assert body in found
    assert wrong not in found


def test_a_known_body_opening_with_a_word_and_the_stays_whole() -> None:
    assert "Save the Children" in names(mentions_of("Save the Children sent food."), "ORGANIZATION")


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("The Ministry of Tin and Copper issued licences.", "Ministry of Tin and Copper"),
        (
            "Officials of the Ministry of Rivers and Lakes (MRL) agreed.",
            "Ministry of Rivers and Lakes",
        ),
        ("The Society of Weavers and Dyers met.", "Society of Weavers and Dyers"),
    ],
)
def test_a_body_with_two_domains_joined_by_and_is_one(text: str, body: str) -> None:
    assert body in names(mentions_of(text), "ORGANIZATION")


def test_two_bodies_with_their_own_heads_joined_by_and_are_two() -> None:
    found = names(mentions_of("The Ministry of Tin and Ministry of Lakes met."), "ORGANIZATION")
    assert {"Ministry of Tin", "Ministry of Lakes"} <= found


def test_a_body_whose_head_follows_and_is_one_after_a_role() -> None:
    text = "Adil Moro, Director of the Faith and Civics Foundation, spoke."
    found = names(mentions_of(text), "ORGANIZATION")
    assert "Faith and Civics Foundation" in found
    assert "Civics Foundation" not in found


@pytest.mark.parametrize(
    ("text", "body"),
    [
        (
            "A judge of the U.S. District Court for Eastern Ruritania ruled.",
            "U.S. District Court for Eastern Ruritania",
        ),
        ("Officials from the U.S. Treasury Department came.", "U.S. Treasury Department"),
        ("The UK Border Agency said no.", "UK Border Agency"),
    ],
)
def test_country_initials_in_front_of_a_body_are_part_of_its_name(text: str, body: str) -> None:
    assert body in names(mentions_of(text), "ORGANIZATION")


@pytest.mark.parametrize(
    ("text", "body", "person"),
    [
        ("Secretary-General of the United Nations Ivo Pell said no.", "United Nations", "Ivo Pell"),
        ("The Chief of the General Staff Orhan Tekel said no.", "General Staff", "Orhan Tekel"),
        ("Secretary General of the Arab League Amr Salem said no.", "Arab League", "Amr Salem"),
    ],
)
def test_a_role_of_the_body_then_the_person_gives_both(text: str, body: str, person: str) -> None:
    found = kinds(text)
    assert ("ORGANIZATION", body) in found
    assert ("PERSON", person) in found


@pytest.mark.parametrize(
    "text",
    ["Officers of the Kenyan General Staff briefed us.", "The Kenyan General Staff said no."],
)
def test_a_general_staff_is_a_body_with_its_nationality(text: str) -> None:
    found = kinds(text)
    assert ("ORGANIZATION", "Kenyan General Staff") in found
    assert not {name for kind, name in found if kind == "PERSON"}


@pytest.mark.parametrize(
    "text",
    [
        "Ana Soto, Chair of the Coalition Against Child Labour, will go.",
        "Meng, Chairman of the Denver Federal Reserve, agreed.",
    ],
)
def test_words_after_a_role_of_the_body_are_no_person(text: str) -> None:
    people = {name for kind, name in kinds(text) if kind == "PERSON"}
    assert not any(("Labour" in p or "Reserve" in p) for p in people)


def test_an_acronym_opening_the_second_body_after_and_parts_them() -> None:
    found = names(
        mentions_of("Links between the Board of Experts and NATO Headquarters grew."),
        "ORGANIZATION",
    )
    assert "Board of Experts and NATO Headquarters" not in found


def test_country_initials_before_a_role_stay_out_of_the_body() -> None:
    found = names(mentions_of("He met U.S. Members of Congress in May."), "ORGANIZATION")
    assert "U.S. Members of Congress" not in found
