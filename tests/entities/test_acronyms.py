"""Acronyms (`etl.entities.acronyms`): bodies known only by an acronym and acronyms defined in
the cable, on fragments built from the pattern."""

from __future__ import annotations

import pytest

from etl.entities import extract_mentions
from etl.parsing.records import Mention, Paragraph, ParsedCable
from tests.entities.fragments import mentions_of, names


def orgs(*paragraphs: str) -> set[str]:
    cable = ParsedCable(
        paragraphs=[Paragraph(i, text) for i, text in enumerate(paragraphs, start=1)]
    )
    found: list[Mention] = extract_mentions(cable)
    return {m.name for m in found if m.kind == "ORGANIZATION"}


@pytest.mark.parametrize(
    ("text", "acronym"),
    [
        ("The XQZP and its allies won the vote.", "XQZP"),
        ("Officers of the ZRV-K attended the briefing.", "ZRV-K"),
        ("He will consult Q/RTX before the meeting.", "Q/RTX"),
    ],
)
def test_an_undefined_acronym_in_mixed_case_text_is_a_body(text: str, acronym: str) -> None:
    assert acronym in orgs(text)


@pytest.mark.parametrize(
    "text",
    [
        "The samples held PU-239 and HEU-5 traces.",  # isotopes and models carry digits
        "(SBU) Post will report by septel. END COMMENT.",  # markings and message words
        "The DCM met the PolOff at 10 EDT.",  # roles and time zones
        "NEXT STEPS: the team will meet again.",  # a heading in capitals
        "A Trade Framework Agreement (TFA) was signed; the TFA enters into force soon.",
    ],
)
def test_non_bodies_in_capitals_are_not_acronyms_of_bodies(text: str) -> None:
    assert not orgs(text)


def test_an_acronym_in_capitals_written_elsewhere_in_mixed_case_is_not_a_body() -> None:
    assert "VORTANEK" not in orgs("VORTANEK said so.", "Ambassador Vortanek agreed.")


def test_an_acronym_defined_in_the_cable_takes_the_defined_name() -> None:
    found = orgs(
        "Officials of Inter-Services Zephyr (ISZ) met us.", "Later the ISZ said it would wait."
    )
    assert found == {"Inter-Services Zephyr"}


def test_acronym_defined_in_the_text_links_to_its_expansion() -> None:
    found = mentions_of(
        "The Cambodian National Police (CNP) arrested two men.",
        "The CNP said more arrests would follow.",
    )
    cnp = [m for m in found if m.surface == "CNP"]
    assert cnp
    assert {m.name for m in cnp} == {"Cambodian National Police"}
    assert all(m.kind == "ORGANIZATION" for m in cnp)


def test_an_article_does_not_start_an_acronym_expansion() -> None:
    found = mentions_of("IT WAS REPORTED IN AN AGENCE FRANCE PRESSE (AFP) ARTICLE ON 7 APRIL 2009.")
    assert names(found, "ORGANIZATION") == {"Agence France Presse"}


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


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # lower-case words inside the name: the acronym's letters span them
        (
            "Donors praised the Velorian Fund for Harbour and Rail Works (VFHRW) this week.",
            "Velorian Fund for Harbour and Rail Works",
        ),
        (
            "Staff of the Allied Watch Mission in Quorvania (AWMQ) left the border.",
            "Allied Watch Mission in Quorvania",
        ),
        (
            "He sits on the Board on Tidal Energy Standards (BTES) of the region.",
            "Board on Tidal Energy Standards",
        ),
        # a note after a dash instead of a closing parenthesis
        (
            "Deals pass through the Northern Dredging and Salvage Company (NDSC - see septel).",
            "Northern Dredging and Salvage Company",
        ),
    ],
)
def test_a_body_defined_by_an_acronym_is_taken_whole_where_written(text: str, name: str) -> None:
    found = orgs(text, f"Later the {name} and the {name.split()[-1]} staff met.")
    assert name in found
    # the pieces a run of capitalised words would cut it into are gone
    assert not {n for n in found if n != name and n in name}


def test_two_bodies_joined_by_and_the_leave_the_acronym_to_the_last() -> None:
    found = orgs(
        "Sanctions named Brelo Air Freight and the Maritime Union of Kestria Lines (MUKL)."
    )
    assert "Maritime Union of Kestria Lines" in found
    assert not any(n.startswith("Brelo Air Freight and") for n in found)


@pytest.mark.parametrize(
    "text",
    [
        "He met the Representative of Velor in Quorvania (RVQ) on Monday.",  # a role
        "Both sides signed the Accord on Harbour Safety (AHS) this week.",  # not a body
    ],
)
def test_a_defined_role_or_document_is_no_body(text: str) -> None:
    assert not {n for n in orgs(text) if " in " in n or " on " in n}


def test_an_acronym_that_spells_a_role_in_a_body_is_no_body() -> None:
    found = orgs(
        "The Chairman of the Harbour Commission (CHC) met the mayor.", "Later the CHC left."
    )
    assert not any(name.startswith("Chairman") or name == "CHC" for name in found)


@pytest.mark.parametrize(
    ("text", "thing"),
    [
        ("The Long Range Sensor Device (LRSD) was shipped; the LRSD works.", "LRSD"),
        ("Militants planted roadside explosive devices (REDs); REDs killed two.", "RED"),
        ("The Baltic Fisheries Treaty (BFT) lapsed. BFT talks resume.", "BFT"),
        ("Guards use vehicle scanning monitors (VSMs) at the gate. VSM data helps.", "VSM"),
        ("The Ports Needs Assessment (PNA) is due; the PNA is late.", "PNA"),
    ],
)
def test_an_acronym_the_cable_defines_as_a_thing_is_no_body(text: str, thing: str) -> None:
    found = names(mentions_of(text), "ORGANIZATION")
    assert not found, found


def test_a_defined_body_after_a_verb_and_the_leaves_the_verb_out() -> None:
    found = mentions_of("-- Founded the Federation of Harbour Workers (FTP) in 1961.")
    assert "Federation of Harbour Workers" in names(found, "ORGANIZATION")
    assert not any(n.startswith("Founded") for n in names(found, "ORGANIZATION"))


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("He said DoD would send a team in May.", "DoD"),
        ("The GoR wants the talks to go on.", "GoR"),
    ],
)
def test_a_department_or_government_acronym_with_a_lower_case_o_is_a_body(
    text: str, body: str
) -> None:
    assert body in names(mentions_of(text), "ORGANIZATION")


@pytest.mark.parametrize(
    "text",
    [
        "The grant was PLN 26 million for schools.",
        "POLCON met the editor on Monday.",
        "Three IVLP alumni joined the panel.",
        "The new CDMA network covers the valley.",
    ],
)
def test_currencies_roles_programmes_and_technologies_are_not_bodies(text: str) -> None:
    assert names(mentions_of(text), "ORGANIZATION") == set()


def test_a_name_in_parentheses_after_the_acronym_it_spells_is_the_body() -> None:
    found = mentions_of(
        "KORVAL sold the parts to SEI (Servicios Estatales Integrados) of Chile. SEI paid."
    )
    assert names(found, "ORGANIZATION") >= {"Servicios Estatales Integrados"}
    assert "SEI" not in names(found, "ORGANIZATION")
    assert not names(found, "PERSON")


def test_a_translated_name_before_a_foreign_acronym_is_the_body() -> None:
    found = mentions_of("Liberal Change (CL) adviser Juan Ortiz said no. CL will win.")
    assert "Liberal Change" in names(found, "ORGANIZATION")
    assert "CL" not in names(found, "ORGANIZATION")


def test_a_company_name_with_and_before_its_acronym_is_whole() -> None:
    found = mentions_of("He sold it to Ortega Leasing and Consulting (OLC). OLC paid.")
    assert "Ortega Leasing and Consulting" in names(found, "ORGANIZATION")
    assert "Ortega Leasing" not in names(found, "ORGANIZATION")


@pytest.mark.parametrize(
    "text",
    [
        "They agreed a Joint Action Plan (JAP) in May. The JAP covers trade.",
        "They signed the Joint Framework Agreement last year.",
    ],
)
def test_a_defined_plan_or_agreement_after_an_adjective_title_is_no_person(text: str) -> None:
    assert not names(mentions_of(text), "PERSON")
