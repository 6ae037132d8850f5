"""Names as the cable writes them, identities across cables in `canonical`."""

from __future__ import annotations

from etl.entities import extract_mentions
from etl.entities.canonical import is_short_form
from etl.parsing.records import Mention, Paragraph, ParsedCable


def mentions_of(*paragraphs: str, **fields: object) -> list[Mention]:
    cable = ParsedCable(
        paragraphs=[Paragraph(i, text) for i, text in enumerate(paragraphs, start=1)],
        **fields,  # type: ignore[arg-type]
    )
    return extract_mentions(cable)


def pairs(mentions: list[Mention], kind: str) -> set[tuple[str, str]]:
    return {(m.name, m.canonical) for m in mentions if m.kind == kind}


def test_a_short_country_form_stays_as_written_when_the_cable_has_no_fuller_one() -> None:
    found = mentions_of("The U.S. and the UK disagreed with Britain.")
    assert pairs(found, "LOCATION") >= {
        ("U.S.", "United States"),
        ("UK", "United Kingdom"),
        ("Britain", "United Kingdom"),  # not a short form of `UK`: stays apart
    }


def test_a_short_form_merges_into_the_fuller_form_the_cable_writes() -> None:
    found = mentions_of("The United States agreed.", "The U.S. will send aid.")
    assert pairs(found, "LOCATION") == {("United States", "United States")}


def test_an_acronym_from_the_lexicon_is_never_expanded_into_the_name() -> None:
    found = mentions_of("The USG supports the EU position.")
    assert ("USG", "United States Government") in pairs(found, "ORGANIZATION")
    assert all(m.name in {"USG", "EU"} for m in found if m.kind == "ORGANIZATION")


def test_signer_and_person_share_one_canonical_form() -> None:
    in_capitals = mentions_of("Nothing happened.", signer="STAPLETON")
    in_text = mentions_of("Ambassador Stapleton met Chirac.")
    signer = {m.canonical for m in in_capitals if m.kind == "PERSON"}
    assert signer == {"Stapleton"}
    assert "Stapleton" in {m.canonical for m in in_text if m.kind == "PERSON"}


def test_short_forms() -> None:
    assert is_short_form("U.S.", "United States")
    assert is_short_form("USA", "United States")
    assert is_short_form("RGC", "Royal Government of Cambodia")
    assert is_short_form("Stapleton", "Craig Stapleton")
    assert not is_short_form("Britain", "United Kingdom")
    assert not is_short_form("UK", "Britain")


def test_the_entity_rows_carry_the_written_and_the_canonical_name() -> None:
    from etl.warehouse.rows import ENTITIES, child_rows

    cable = ParsedCable(
        cable_id="09TESTPOST1",
        paragraphs=[Paragraph(1, "The USG and the U.S. Embassy agreed with the UK.")],
        signer="STAPLETON",
    )
    cable.mentions = extract_mentions(cable)
    rows = child_rows(cable)[ENTITIES.name]
    name_at = ENTITIES.columns.index("name")
    canonical_at = ENTITIES.columns.index("canonical_name")
    pairs = {(row[name_at], row[canonical_at]) for row in rows}
    assert ("USG", "United States Government") in pairs
    assert ("UK", "United Kingdom") in pairs
    assert ("Stapleton", "Stapleton") in pairs
