"""The front matter (``front_matter``): captions, E.O., TAGS, SUBJECT, REF, Classified By.
Fragments are written for the tests; station names are made up."""

from __future__ import annotations

from datetime import date

import pytest

from etl.parsing import parse_cable

from .conftest import cable


def test_caveats_eo_classified_by_and_subject_marking() -> None:
    parsed = parse_cable(
        cable(
            "S E C R E T RIVERTOWN 000042\n\nNOFORN\nSIPDIS\nEXDIS\n\n"
            "DEPARTMENT FOR EAP/MLS\n\nE.O. 13526: DECL: 08/25/2019 \n"
            "TAGS: PREL\nSUBJECT: (C) A SUBJECT THAT IS WRAPPED \nONTO A SECOND LINE \n\n"
            "Classified By: Ambassador A. Person, for reasons \n1.4 (b) and (d). \n\n"
            "1. (S/NF) Text.\n"
        )
    )
    assert parsed.caveats == ["NOFORN", "SIPDIS", "EXDIS"]
    assert parsed.classification == "SECRET//NOFORN"
    assert parsed.declassification == "E.O. 13526: DECL: 08/25/2019"
    assert parsed.declassify_on == date(2019, 8, 25)
    assert parsed.subject == "A SUBJECT THAT IS WRAPPED ONTO A SECOND LINE"
    assert parsed.classified_by == "Ambassador A. Person, for reasons 1.4 (b) and (d)."
    assert parsed.paragraphs[0].marking == "S/NF"


def test_captions_opening_a_long_pass_line() -> None:
    pass_line = "NOFORN SIPDIS DEPT FOR NEA/MAG AND " + "OFFICE X, " * 30
    text = f"CONFIDENTIAL HILLTOWN 000759\n\n{pass_line}\nTAGS: PREL\nSUBJECT: X\n\n¶1. (C) Text.\n"
    parsed = parse_cable(text)
    assert parsed.classification == "CONFIDENTIAL//NOFORN"
    assert parsed.subject == "X"
    assert parsed.tags == ["PREL"]


def test_classified_by_does_not_swallow_the_body() -> None:
    text = (
        "CONFIDENTIAL HILLTOWN 004100\n\nSUBJECT: X\n\nClassified By: A/PolCouns for Reasons "
        "1.4\n(B) AND (D)\n(C) On June 12 the officer met the minister.\nSecond line.\n"
    )
    parsed = parse_cable(text)
    assert parsed.classified_by == "A/PolCouns for Reasons 1.4 (B) AND (D)"
    # An unnumbered paragraph's opening marking is its marking (issue 15).
    assert parsed.paragraphs[0].marking == "C"
    assert parsed.paragraphs[0].text.startswith("On June 12")


@pytest.mark.parametrize(
    "front",
    [
        "REF: STATE 74305  (SBU) According to the team leader, support is full.",
        "REF: STATE 74305\n\n(U) According to the team leader, support is full.",
        "REF: STATE 74305 CLASSIFIED BY: X, REASON: 1.4 (b) 1. (C) According to the team "
        "leader, support is full.",
    ],
)
def test_first_paragraph_glued_after_ref_or_classified_by(front: str) -> None:
    header = "P 231307Z FEB 09\nFM AMEMBASSY HILLTOWN\n\n"
    parsed = parse_cable(f"{header}UNCLAS HILLTOWN 001870\n\nSUBJECT: X\n\n{front}\n")
    assert parsed.references[0].cited_id == "09STATE74305"
    assert parsed.references[0].cited_id is not None
    assert parsed.paragraphs, parsed.body
    assert "support is full" in parsed.paragraphs[0].text


def test_lettered_ref_items_after_blank_lines_stay_references() -> None:
    text = "UNCLAS HILLTOWN 000002\n\nSUBJECT: X\n\nREF: (A) STATE 1\n\n(B) STATE 2\n\n"
    text += "(C) HILLTOWN 3\n\n¶1. (U) Body.\n"
    parsed = parse_cable(text)
    assert len(parsed.references) == 3
    assert parsed.paragraphs[0].text == "Body."


def test_unnumbered_body_after_the_ref_block_is_not_taken_for_references() -> None:
    from etl.parsing import parse_cable

    base = (
        "UNCLAS CAIRO 002099\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PREL EG\n"
        "SUBJECT: DEMARCHE REQUEST\n\n"
    )
    glued = parse_cable(
        base + "REF: SECSTATE 102414 We delivered points in reftel to the MFA on "
        "September 25. He was non-committal.\n\nSCOBEY"
    )
    assert [r.raw for r in glued.references] == ["SECSTATE 102414"]
    assert glued.paragraphs and glued.paragraphs[0].text.startswith("We delivered points")
    # After a blank line, "U)" is not item U of a REF block that never had items A to T.
    spaced = parse_cable(
        base + "REF: STATE 148540\n\nU) PolOffs delivered reftel points on October 30.\n"
    )
    assert [r.raw for r in spaced.references] == ["STATE 148540"]
    assert len(spaced.paragraphs) == 1
    # A lettered REF block still continues across blank lines.
    lettered = parse_cable(base + "REF: A. STATE 1\n\nB. STATE 2\n\n1. (U) Text follows here.\n")
    assert [(r.label, r.raw) for r in lettered.references] == [
        ("A", "STATE 1"),
        ("B", "STATE 2"),
    ]
