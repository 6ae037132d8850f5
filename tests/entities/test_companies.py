"""Companies and media introduced by a common noun (`etl.entities.companies`), on invented
fragments."""

from __future__ import annotations

import pytest

from tests.entities.fragments import mentions_of, names


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("According to the newspaper “Morrow,” the spokesman agreed.", "Morrow"),
        ("The “Morrow” newspaper printed the letter.", "Morrow"),
        ("Its owner is the British firm Wolmer Metals. It bought land.", "Wolmer Metals"),
        ("Money came from the state oil company, Petrobix, last year.", "Petrobix"),
        ("The firm Tarvo Inc. bid for the licence.", "Tarvo Inc."),
        ("It bought shares in a mobile phone company called Skylon last May.", "Skylon"),
        ("A group wants to buy the Chilean steel manufacturer, Sidermax.", "Sidermax"),
        ("The state airline Aerolux cut two routes.", "Aerolux"),
    ],
)
def test_a_cue_word_introduces_a_company_or_a_paper(text: str, body: str) -> None:
    assert body in names(mentions_of(text), "ORGANIZATION")


@pytest.mark.parametrize(
    "text",
    [
        "The firm said on Monday that it would pay.",
        "The company XXXXXXXXXXXX paid the fine.",
        "The daily Friday briefing was cancelled.",
    ],
)
def test_no_name_after_the_cue_is_no_company(text: str) -> None:
    assert names(mentions_of(text), "ORGANIZATION") == set()


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("The shipper, known as ZORVEK LTDA, moved the cargo.", "zorvek ltda"),
        ("They sued Bravinco Holdings Ltd. in May.", "bravinco holdings ltd."),
        ("The contract went to KELMAR CORP. last year.", "kelmar corp."),
    ],
)
def test_a_legal_form_in_capitals_or_with_its_period_belongs_to_the_name(
    text: str, body: str
) -> None:
    found = {name.lower() for name in names(mentions_of(text), "ORGANIZATION")}
    assert body in found


def test_a_legal_form_in_a_capitals_subject_keeps_its_period() -> None:
    found = mentions_of("Nothing else here.", subject="TARVEX INC. WINS AGAIN")
    assert "Tarvex Inc." in names(found, "ORGANIZATION")


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("The network was built by Zentai Technologies for the state.", "Zentai Technologies"),
        ("Orvex Pharmaceuticals said no.", "Orvex Pharmaceuticals"),
        ("Calmor Telecom raised its prices.", "Calmor Telecom"),
    ],
)
def test_a_company_form_as_last_word_makes_a_body(text: str, body: str) -> None:
    found = mentions_of(text)
    assert body in names(found, "ORGANIZATION")
    assert not names(found, "PERSON")


def test_a_company_form_as_a_ministers_domain_leaves_the_person() -> None:
    found = mentions_of("Minister of Telecom Karla Dimas said no.")
    assert "Karla Dimas" in names(found, "PERSON")


def test_a_persons_name_after_a_cue_and_a_comma_is_no_company() -> None:
    text = (
        "Deputy Director Luis Marvao met us. As a possible regional supplier, Marvao said "
        "Brazil would wait."
    )
    assert "Marvao" not in names(mentions_of(text), "ORGANIZATION")
