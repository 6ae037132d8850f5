"""The front matter (``front_matter``): captions, E.O., TAGS, SUBJECT, REF, Classified By.
Fragments are written for the tests; station names are made up."""

from __future__ import annotations

from datetime import date

import pytest

from etl.parsing import parse_cable
from etl.parsing.front_matter import read_front_matter

from .conftest import HEADER, cable


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


# Front-matter layouts nobody tuned for: fields above the classification line, fields run
# together, labels damaged or missing.


def test_tags_and_subject_above_the_classification_line() -> None:
    # The rendering repeats the header, prints TAGS/SUBJECT under it, then the body in
    # lower case with the fields lower-cased and the TAGS line wrapped after a comma.
    routing = "".join(f"RUEHXX/AMEMBASSY TOWN{n} 00{n:02d}\n" for n in range(20))
    text = (
        HEADER
        + routing
        + "\n>\n01.05.2008 10:15\n08RIVERTOWN42\nEmbassy Rivertown\nCONFIDENTIAL\n"
        + HEADER
        + routing
        + "TAGS: PREL PGOV XX\nSUBJECT: A SUBJECT PRINTED ABOVE THE LINE \n\n\n"
        + "C o n f i d e n t i a l section 01 of 02 rivertown 000042\n\nSipdis\n\n"
        + "E.o. 12958: decl: 07/28/2019\nTags: prel, pgov,\nxx\n"
        + "Subject: a subject printed above the line\n\n¶1. (C) Text.\n"
    )
    parsed = parse_cable(text)
    assert parsed.subject.upper() == "A SUBJECT PRINTED ABOVE THE LINE"
    assert parsed.tags == ["PREL", "PGOV", "XX"]
    assert parsed.classification == "CONFIDENTIAL"


def test_fields_above_the_line_fill_only_what_the_body_lacks() -> None:
    text = cable(
        "TAGS: PREL\nSUBJECT: ABOVE\n\nCONFIDENTIAL RIVERTOWN 000042\n\n"
        "E.O. 12958: DECL: 07/28/2019\nTAGS: PGOV\nSUBJECT: BELOW\n\n¶1. (C) Text.\n"
    )
    parsed = parse_cable(text)
    assert (parsed.subject, parsed.tags) == ("BELOW", ["PGOV"])


def test_eo_and_tags_run_together_after_a_long_office_line() -> None:
    offices = "DEPT FOR E, P, EB; " + "OFFICE X FOR PUBLIC AFFAIRS; " * 12
    parsed = parse_cable(
        cable(
            f"UNCLAS SECTION 01 OF 02 RIVERTOWN 000042\n\nSIPDIS\n{offices}\n"
            "E.O. 12958: N/A TAGS: OIIP KMDR XX\n\nSUBJECT:  DAILY PRESS SUMMARY\n\n1. Text.\n"
        )
    )
    assert parsed.tags == ["OIIP", "KMDR", "XX"]
    assert parsed.subject == "DAILY PRESS SUMMARY"


def test_eo_and_tags_glued_to_the_classification_line_and_to_a_date() -> None:
    offices = " ".join(f"AMEMBASSY TOWN{n} PASS TO AMCONSUL CITY{n}" for n in range(12))
    parsed = parse_cable(
        cable(
            f"C O N F I D E N T I A L SECTION 01 OF 02 RIVERTOWN 000042 NOFORN SIPDIS {offices}"
            " E.O. 12958: DECL: 2035/01/29 TAGS: PREL PGOV XX\n\n"
            "CLASSIFIED BY: A. Person, Ambassador; REASON: 1.4(B)\n\n1. (C) Text.\n"
        )
    )
    assert parsed.tags == ["PREL", "PGOV", "XX"]
    glued = parse_cable(
        cable("UNCLAS RIVERTOWN 000042\n\nE.O. 12958: DECL: 03/19/2024TAGS: AORC XX\n\n1. Text.\n")
    )
    assert glued.tags == ["AORC", "XX"]
    assert glued.declassification == "E.O. 12958: DECL: 03/19/2024"


def test_subject_glued_to_a_wrapped_tags_line() -> None:
    parsed = parse_cable(
        cable(
            "CONFIDENTIAL RIVERTOWN 000042\n\nE.O. 12958: DECL: 09/22/2019\n"
            "TAGS: PREL PGOV KPAL\nECON, PHUM, XX SUBJECT: A MINISTER'S TRIP  REF: RIVERTOWN 41"
            "  Classified By: A. Person, reasons 1.4 (b,d).\n\n1. (C) Text.\n"
        )
    )
    assert parsed.tags == ["PREL", "PGOV", "KPAL", "ECON", "PHUM", "XX"]
    assert parsed.subject == "A MINISTER'S TRIP"
    assert parsed.classified_by is not None


def test_subject_without_label_is_not_read_as_tags() -> None:
    parsed = parse_cable(
        cable(
            "CONFIDENTIAL RIVERTOWN 000042\n\nE.O. 12958: DECL: 08/19/2015\n"
            "TAGS: PREL MARR XX\nDISCUSS HAITI AND OTHER ISSUES, 19 AUGUST 2005\n\n"
            "REF: STATE 149277\n\n1. (C) Text.\n"
        )
    )
    assert parsed.tags == ["PREL", "MARR", "XX"]


def test_subject_label_with_first_letter_lost_and_ref_glued() -> None:
    parsed = parse_cable(
        cable(
            "SECRET RIVERTOWN 000042\n\nE.O. 12958: DECL: 02/26/2018\nTAGS: PGOV XX\n"
            "UBJECT: A REQUEST TO EXECUTE A JUDGMENT REF: A. RIVERTOWN 20\n\n1. (S) Text.\n"
        )
    )
    assert parsed.subject == "A REQUEST TO EXECUTE A JUDGMENT"
    assert parsed.tags == ["PGOV", "XX"]
    assert "REF" not in parsed.tags


def test_subject_starting_with_an_executive_order() -> None:
    parsed = parse_cable(
        cable(
            "UNCLAS RIVERTOWN 000042\n\nE.O. 12958: DECL: 12/07/2016\nTAGS: KNNP XX\n"
            "SUBJECT: E.O. 13382 ENTITIES -- EXAMPLES\n\n1. Text.\n"
        )
    )
    assert parsed.subject == "E.O. 13382 ENTITIES -- EXAMPLES"
    assert parsed.declassification == "E.O. 12958: DECL: 12/07/2016"


def test_spaced_corrected_copy_and_old_executive_order_with_pilcrow() -> None:
    parsed = parse_cable(
        "P 020834Z APR 73\nFM AMEMBASSY RIVERTOWN\nTO SECSTATE WASHDC PRIORITY 1692\n\n"
        "S E C R E T RIVERTOWN 2077\n \nDeclassified/Released US Department of State EO "
        "Systematic Review 30 JUN 2005\n \nC O R R E C T E D C O P Y ( FIRST PARAGRAPH)\n \n"
        "¶E. O. 11652: GDS\nTAGS: PFOR XX\nSUBJECT: AUDIENCE WITH THE KING APRIL 5\n\n"
        "1. I HAD AN AUDIENCE.\n"
    )
    assert parsed.subject == "AUDIENCE WITH THE KING APRIL 5"
    assert parsed.tags == ["PFOR", "XX"]
    assert parsed.declassification == "E. O. 11652: GDS"


def test_wrapped_office_line_that_looks_lettered_before_the_fields() -> None:
    parsed = parse_cable(
        cable(
            "UNCLAS STATE 114986\n \nSIPDIS \nDEPT OF JUSTICE - PASS TO OFFICE X (D. PERSON \n"
            "¶W. PERSON) \n \nE.O. 12958: N/A \nTAGS: PINS XX\nSUBJECT: AN ADVISOR ARRIVES\n\n"
            "1. Text.\n"
        )
    )
    assert parsed.subject == "AN ADVISOR ARRIVES"
    assert parsed.tags == ["PINS", "XX"]


def test_revised_section_repeating_the_subject_keeps_the_first() -> None:
    parsed = parse_cable(
        cable(
            "CONFIDENTIAL SECTION 01 OF 02 RIVERTOWN 000042\n\nE.O. 12958: DECL: 03/09/2019\n"
            "TAGS: PREL XX\nSUBJECT: A TRIP BEGINS WITH A\nFIVE-STEP PROPOSAL\n\nREF: STATE 518\n\n"
            "RIVERTOWN 00000042 001.2 OF 002\n\n\nSUBJECT: A TRIP BEGINS\nWITH A STEP\n\n"
            "REF: STATE 518\n\n¶1. (C) Text.\n"
        )
    )
    assert parsed.subject == "A TRIP BEGINS WITH A FIVE-STEP PROPOSAL"
    assert [p.text for p in parsed.paragraphs] == ["Text."]


def test_preview_cut_short_then_the_whole_cable_again() -> None:
    parsed = parse_cable(
        cable(
            "C O N F I D E N T I A L SECTION 01 OF 02 RIVERTOWN 000042 \n \nSIPDIS \n \n"
            "E.O. 12958: DECL: 08/13/2018 \nTAGS: ECON XX\nSUBJECT: A MINISTER RAISES AN ALARM \n"
            " \nREF: A) R...\n\n\nC O N F I D E N T I A L SECTION 01 OF 02 RIVERTOWN 000042 SIPDIS "
            "E.O. 12958: DECL: 08/13/2018 TAGS: ECON XX\n\nSUBJECT: A MINISTER RAISES AN ALARM "
            "REF: A) RIVERTOWN 646 B) RIVERTOWN 639 Classified By: CDA A. PERSON, REASONS "
            "1.5(B)(D) ------- SUMMARY ------- 1. (C) The minister called.\n"
        )
    )
    assert parsed.classified_by == "CDA A. PERSON, REASONS 1.5(B)(D)"
    assert [r.cited_id for r in parsed.references] == ["08RIVERTOWN646", "08RIVERTOWN639"]
    assert parsed.summary == "The minister called."
    assert parsed.paragraphs[0].heading == "SUMMARY"


def test_preview_value_kept_when_the_whole_copy_lacks_the_field() -> None:
    parsed = parse_cable(
        cable(
            "C O N F I D E N T I A L RIVERTOWN 000042 \n \nSIPDIS \n \nE.O. 12958: DECL: 08/14/2018"
            " \nTAGS: MOPS XX\nSUBJECT: A DEMARCHE DELIVERED: RUSSI...\n\n"
            "C O N F I D E N T I A L RIVERTOWN 000042 SIPDIS E.O. 12958: DECL: 08/14/2018 "
            "TAGS: MOPS XX\n\n¶1. (U) This is an action request.\n"
        )
    )
    assert parsed.subject == "A DEMARCHE DELIVERED: RUSSI..."
    assert parsed.tags == ["MOPS", "XX"]
    assert [p.text for p in parsed.paragraphs] == ["This is an action request."]


def test_fields_behind_quotes_left_by_a_damaged_csv_record() -> None:
    parsed = parse_cable(
        cable(
            'S E C R E T STATE 049854 "NOFORN \nSIPDIS E.O. 12958: DECL: 05/15/2034 "TAGS: PINR XX'
            '\n\nSUBJECT: (S/NF)  KUDOS TO AN EMBASSY FOR ,,""BIOGRAPHIC REPORTING ,,"" ,,""REF: '
            'STATE 174 ,,"" ,,"\n\n1. (S) Text.\n'
        )
    )
    assert parsed.tags == ["PINR", "XX"]
    assert parsed.declassification == "E.O. 12958: DECL: 05/15/2034"
    assert parsed.subject == "KUDOS TO AN EMBASSY FOR BIOGRAPHIC REPORTING"


# Bodies without a numbered paragraph, or run onto the front matter: the text is one paragraph,
# never none.


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


@pytest.mark.parametrize(
    ("subject_line", "expected"),
    [
        ("SUBJECT: A MADE-UP TITLE ABOUT TRADE 1.(SBU)", "A MADE-UP TITLE ABOUT TRADE"),
        ("SUBJECT: ANOTHER INVENTED TITLE ¶2. (C/NF)", "ANOTHER INVENTED TITLE"),
        # A number inside the subject is the subject's.
        ("SUBJECT: PHASE 2. (U) REVIEW OF THE PLAN", "PHASE 2. (U) REVIEW OF THE PLAN"),
    ],
)
def test_paragraph_opener_run_onto_the_subject_is_not_kept(
    subject_line: str, expected: str
) -> None:
    lines = ["TAGS: PGOV XY", subject_line, "", "SUMMARY: Text of the first paragraph.", ""]
    assert read_front_matter(lines).subject == expected
