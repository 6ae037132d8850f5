"""Names as the cable writes them, identities across cables in `canonical`."""

from __future__ import annotations

from etl.entities import extract_mentions
from etl.entities.canonical import canonical_name, is_short_form
from etl.entities.organisations import org_name
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


def test_country_short_forms_are_one_place() -> None:
    for written in ("U.S.", "US", "USA", "America", "United States", "United States of America"):
        assert canonical_name("LOCATION", written) == "United States", written
    for written in ("UK", "U.K.", "Britain", "Great Britain", "United Kingdom"):
        assert canonical_name("LOCATION", written) == "United Kingdom", written
    # A government acronym taken in its country sense is the country.
    assert canonical_name("LOCATION", "USG") == "United States"
    assert canonical_name("LOCATION", "The Hague") == "The Hague"


def test_the_nations_of_the_united_kingdom_keep_their_own_identity() -> None:
    for written in ("England", "ENGLAND", "Scotland", "Wales", "Northern Ireland"):
        assert canonical_name("LOCATION", written) == written.title(), written
    found = mentions_of("Talks in England and Scotland pleased the United Kingdom.")
    assert pairs(found, "LOCATION") >= {
        ("England", "England"),
        ("Scotland", "Scotland"),
        ("United Kingdom", "United Kingdom"),
    }


def test_organisations_take_the_lexicon_expansion_and_the_country_name() -> None:
    government = {"USG", "U.S. Government", "US Government", "United States Government"}
    assert {canonical_name("ORGANIZATION", name) for name in government} == {
        "United States Government"
    }
    assert canonical_name("ORGANIZATION", "U.N.") == "United Nations"
    assert canonical_name("ORGANIZATION", "Foreign Ministry") == "Ministry of Foreign Affairs"
    assert canonical_name("ORGANIZATION", "MINISTRY OF INTERIOR") == "Ministry of Interior"
    # One word in capitals may be the organisation's own acronym: kept as written.
    assert canonical_name("ORGANIZATION", "TNK-BP") == "TNK-BP"
    # Abbreviations that are not the country's initials do not lead a rewritten name.
    assert canonical_name("ORGANIZATION", "PRC Embassy") == "PRC Embassy"


def test_people_in_one_letter_case() -> None:
    assert canonical_name("PERSON", "STAPLETON") == canonical_name("PERSON", "Stapleton")
    assert canonical_name("PERSON", "Craig STAPLETON") == "Craig Stapleton"
    assert canonical_name("PERSON", "SAR  KHENG") == "Sar Kheng"
    assert canonical_name("PERSON", "MCCAIN") == "McCain"
    assert canonical_name("PERSON", "O'NEILL") == "O'Neill"
    assert canonical_name("PERSON", "M.K. NARAYANAN") == "M.K. Narayanan"
    assert canonical_name("PERSON", "M.K. Narayanan") == "M.K. Narayanan"
    assert canonical_name("PLACE", "Anywhere") == "Anywhere"
    assert canonical_name("LOCATION", "KANDAHAR") == "Kandahar"
    assert canonical_name("LOCATION", "PHNOM PENH") == "Phnom Penh"


def test_the_recognisers_names_get_the_canonical_form() -> None:
    found = mentions_of("The U.S. Government and Britain met in KANDAHAR.")
    canonical = {(m.kind, m.canonical) for m in found}
    assert ("LOCATION", "United Kingdom") in canonical
    assert ("ORGANIZATION", "United States Government") in canonical


def test_a_nationality_keeps_ministries_of_different_countries_apart() -> None:
    """`Afghan Foreign Ministry` and `Chinese Foreign Ministry` are two bodies, not one."""
    afghan = canonical_name("ORGANIZATION", org_name("Afghan Foreign Ministry"))
    chinese = canonical_name("ORGANIZATION", org_name("Chinese Ministry of Foreign Affairs"))
    assert afghan == "Afghan Ministry of Foreign Affairs"
    assert chinese == "Chinese Ministry of Foreign Affairs"
    assert canonical_name("ORGANIZATION", org_name("Foreign Ministry")) == (
        "Ministry of Foreign Affairs"
    )
