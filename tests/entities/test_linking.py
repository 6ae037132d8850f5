"""Linking within a cable (`etl.entities.linking`): a short form takes the fullest name the
same cable uses."""

from __future__ import annotations

from tests.entities.fragments import mentions_of, names


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


def test_a_short_form_is_not_linked_to_a_body_nested_in_another() -> None:
    found = mentions_of(
        "The case goes to the Criminal Division of the National Court. The National Court "
        "will rule. The Migration Board agreed with the Swedish Migration Board."
    )
    orgs = names(found, "ORGANIZATION")
    assert "National Court" in orgs
    assert "Swedish Migration Board" in orgs
    assert "Migration Board" not in orgs  # still linked to the fuller name


def test_a_two_letter_surname_alone_is_the_person_named_in_full() -> None:
    found = mentions_of("Director Xu Danmei met us. Xu said the talks would go on. In May, too.")
    assert names(found, "PERSON") == {"Xu Danmei"}


def test_the_body_a_leader_heads_is_no_part_of_his_name() -> None:
    found = mentions_of("She feared a Dorvani Presidency. Dorvani said little.")
    assert names(found, "PERSON") == {"Dorvani"}


def test_a_longer_name_ending_in_government_is_kept_whole() -> None:
    found = mentions_of("The Transitional Federal Government (TFG) met. The TFG agreed.")
    assert "Transitional Federal" not in names(found, "PERSON")


def test_a_role_ending_in_a_title_is_no_person_and_no_short_form_of_one() -> None:
    found = mentions_of(
        "Tom Verley, Under Secretary for Aid and Emergency Relief Coordinator, spoke.",
        "The UN Resident Coordinator will set a date.",
    )
    assert names(found, "PERSON") == {"Tom Verley"}


def test_a_letter_left_by_a_split_abbreviation_is_no_part_of_the_fullest_name() -> None:
    found = mentions_of(
        "In a meeting with S/E Darnell, the minister praised the plan.", "Darnell thanked him."
    )
    assert names(found, "PERSON") == {"Darnell"}


def test_a_name_ends_at_its_possessive() -> None:
    found = mentions_of(
        "Marcel Dunoyer, President Marquand's National Security Advisor, spoke.",
        "He said President Marquand agreed.",
    )
    assert names(found, "PERSON") == {"Marcel Dunoyer", "Marquand"}


def test_a_possessive_mark_is_no_part_of_a_name() -> None:
    found = mentions_of("The plan rests on President Marquand' belief that crime will fall.")
    assert names(found, "PERSON") == {"Marquand"}
