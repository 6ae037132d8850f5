"""Bodies without a numbered paragraph, or run onto the front matter (issue 15): the text is
one paragraph, never none. Fragments are written for the tests from the patterns; station
names are made up."""

from __future__ import annotations

from etl.parsing import parse_cable

from .conftest import cable

FRONT = "SECRET RIVERTOWN 000485\n \nSIPDIS \n \nE.O. 12958: DECL: 07/22/2018 \nTAGS: PREL XX\n"


def test_body_run_onto_the_classified_by_line_is_one_marked_paragraph() -> None:
    parsed = parse_cable(
        cable(
            FRONT + "SUBJECT: A CANDIDACY \n \nREF: STATE 77758 \n \n"
            "Classified By: CDA A. Person for reasons 1.4 (b) and (d). (S) A/DCM delivered "
            "reftel points to the ministry on July 21.\n \nPERSON\n"
        )
    )
    assert parsed.classified_by == "CDA A. Person for reasons 1.4 (b) and (d)."
    assert len(parsed.paragraphs) == 1
    assert parsed.paragraphs[0].marking == "S"
    assert parsed.paragraphs[0].text == "A/DCM delivered reftel points to the ministry on July 21."


def test_prose_run_onto_a_ref_line_after_a_date() -> None:
    parsed = parse_cable(
        cable(
            FRONT + "SUBJECT: DELEGATIONS TO A CONFERENCE REF: A) STATE 138248, B) PERSON-PERSON "
            "E-MAIL 11/21/2007 Per reftel, Post requests that the country be added to the list.\n"
        )
    )
    assert parsed.subject == "DELEGATIONS TO A CONFERENCE"
    assert [p.text for p in parsed.paragraphs] == [
        "Per reftel, Post requests that the country be added to the list."
    ]


def test_ref_and_first_paragraph_glued_onto_a_wrapped_subject_line() -> None:
    parsed = parse_cable(
        cable(
            FRONT + "SUBJECT: A RESPONSE TO THE SUSTAINABILITY \nLEGISLATION  REF: A. STATE 123492"
            "      B. STATE 1629  1. (SBU)  Post delivered ref A points on November 21.\n"
        )
    )
    assert parsed.subject == "A RESPONSE TO THE SUSTAINABILITY LEGISLATION"
    assert len(parsed.references) == 2
    assert [(p.number_label, p.marking) for p in parsed.paragraphs] == [("1", "SBU")]


def test_subject_label_alone_with_the_subject_after_a_blank_line() -> None:
    parsed = parse_cable(
        cable(
            FRONT + "\nSUBJECT:\n\nA CHIEF AND A COMMAND DISCUSS TWO COUNTRIES\n"
            "Classified By: A. Person for reasons 1.4 (b) and (d).\n1.(C) Key points.\n"
        )
    )
    assert parsed.subject == "A CHIEF AND A COMMAND DISCUSS TWO COUNTRIES"
    assert parsed.paragraphs[0].text == "Key points."


def test_subject_label_repeated_after_a_marking() -> None:
    parsed = parse_cable(
        cable(FRONT + "SUBJECT: (C) SUBJECT: BRIEFING FOR A CALL \n\n1. (C) Text.\n")
    )
    assert parsed.subject == "BRIEFING FOR A CALL"


def test_paragraphs_and_dashed_headings_run_together_on_one_unwrapped_line() -> None:
    filler = "The minister spoke at length about the plans of the government. " * 4
    line = (
        f"------- SUMMARY ------- 1. (SBU) {filler}End summary. --------------- A PIPELINE "
        f"--------------- 2. (SBU) {filler}The talks went on. 3. (C) {filler}"
        f"He left. Trust an Issue ------------------ 4. (C) {filler}"
    )
    parsed = parse_cable(cable(FRONT + "SUBJECT: ENERGY RELATIONS\n\n" + line + "\n"))
    assert [(p.number_label, p.marking, p.heading) for p in parsed.paragraphs] == [
        ("1", "SBU", "SUMMARY"),
        ("2", "SBU", "A PIPELINE"),
        ("3", "C", "A PIPELINE"),
        ("4", "C", "Trust an Issue"),
    ]
    assert parsed.paragraphs[0].text.endswith("End summary.")
    assert parsed.summary is not None and parsed.summary.startswith("The minister")
    # Numbers without a marking inside a sentence are not paragraph starts.
    prose = parse_cable(cable(FRONT + f"SUBJECT: X\n\n1. (C) {filler}It rose 2. (C) no.\n"))
    assert len(prose.paragraphs) == 1
