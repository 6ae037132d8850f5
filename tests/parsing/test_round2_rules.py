"""Rules added in parser round 2 (issue 9): source-name hints, inferred creation dates,
damaged classification lines, glued paragraph numbers and signers. Fragments are written for
the tests; station names are made up."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from etl.parsing import parse_cable, parse_document
from etl.parsing.closing import split_signer
from etl.parsing.date_inference import find_day_time, infer_created
from etl.parsing.dates import find_dtg_near_top
from etl.parsing.source_name import (
    hint_from_source_path,
    serials_plausibly_same,
    stations_match,
)

PARTIAL = "This record is a partial extract of the original cable. The full text is gone.\n"


def partial_extract(body: str) -> str:
    return PARTIAL + "\n" + body


# --- source-name hints ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "cable_id", "folder"),
    [
        ("/data/in/06RIVERTOWN534.txt", "06RIVERTOWN534", (None, None)),
        ("cable/2001/03/01HILLTOWN1261.html", "01HILLTOWN1261", (2001, 3)),
        ("mirror/04HILLTOWN6983__rev20101213.txt", "04HILLTOWN6983", (None, None)),
        ("bundle.zip!cable/2009/11/09RIVERTOWN0042.html", "09RIVERTOWN42", (2009, 11)),
        ("bundle.tar.gz!nested.zip!07HILLTOWN12.txt.gz", "07HILLTOWN12", (None, None)),
        ("cables.csv#row=12", None, (None, None)),
        ("notes/readme.txt", None, (None, None)),
        ("08SCTION02OF02RIVERTOWN335.txt", None, (None, None)),  # malformed release id
    ],
)
def test_hint_from_source_path(
    path: str, cable_id: str | None, folder: tuple[int | None, int | None]
) -> None:
    hint = hint_from_source_path(path)
    assert hint.cable_id == cable_id
    assert (hint.folder_year, hint.folder_month) == folder


def test_serials_plausibly_same() -> None:
    assert serials_plausibly_same("2025", "22025")  # a digit dropped
    assert serials_plausibly_same("401", "40")  # a digit added
    assert serials_plausibly_same("4428", "4427")  # a digit changed
    assert serials_plausibly_same("927", "30927")  # leading digits lost
    assert serials_plausibly_same("000534", "534")  # zero padding is not damage
    assert not serials_plausibly_same("13", "71")
    assert not serials_plausibly_same("561", "595")


def test_stations_match_ignores_efto_and_redaction() -> None:
    assert stations_match("EFTORIVERTOWN", "RIVERTOWN")
    assert stations_match("XXXXXXXXXXXX", "RIVERTOWN")
    assert not stations_match("HILLTOWN", "RIVERTOWN")


UNDATED = partial_extract(
    "C O N F I D E N T I A L RIVERTOWN 001261\n\nE.O. 12958: DECL: 03/05/11\n"
    "TAGS: PREL XX\nSUBJECT: A TEST\n\n¶1. (C) Text of the first paragraph.\n"
)


def test_name_fills_an_id_the_text_cannot_complete() -> None:
    without = parse_cable(UNDATED.replace("DECL: 03/05/11", "N/A"))
    assert without.cable_id is None
    named = parse_cable(
        UNDATED.replace("DECL: 03/05/11", "N/A"), source_path="x/01RIVERTOWN1261.txt"
    )
    assert named.cable_id == "01RIVERTOWN1261"
    assert any("file name" in problem for problem in named.problems)


def test_name_repairs_a_mangled_serial_of_the_same_station() -> None:
    text = "CONFIDENTIAL RIVERTOWN 002025\n\nSUBJECT: X\n\n¶1. (C) Text.\n"
    header = "O 121315Z JUN 06\nFM AMEMBASSY RIVERTOWN\nTO SECSTATE WASHDC IMMEDIATE 1\n\n"
    assert parse_cable(header + text).cable_id == "06RIVERTOWN2025"
    repaired = parse_cable(header + text, source_path="06RIVERTOWN22025.txt")
    assert repaired.cable_id == "06RIVERTOWN22025"
    assert any("looks mangled" in problem for problem in repaired.problems)


def test_text_wins_over_a_name_of_another_station() -> None:
    text = "O 121315Z JUN 06\nFM AMEMBASSY RIVERTOWN\nTO SECSTATE WASHDC\n\n"
    text += "CONFIDENTIAL RIVERTOWN 002025\n\nSUBJECT: X\n\n¶1. (C) Text.\n"
    parsed = parse_document(text.encode(), source_path="cable/2006/06/06HILLTOWN2025.html")
    assert parsed.cable_id == "06RIVERTOWN2025"
    assert any("text is kept" in problem for problem in parsed.problems)


def test_name_is_ignored_for_csv_rows() -> None:
    parsed = parse_cable(UNDATED.replace("DECL: 03/05/11", "N/A"), source_path="c.csv#row=3")
    assert parsed.cable_id is None


# --- inferred creation dates ------------------------------------------------------------


def test_day_time_from_page_line_and_dashed_relay_line() -> None:
    found = find_day_time("x\nPAGE 02 HILLTO 01261 061419Z\ny")
    assert found is not None and (found.day, found.hour, found.minute) == (6, 14, 19)
    dashed = find_day_time("      ------------------8A8E0D  271459Z /38\n")
    assert dashed is not None and dashed.day == 27
    assert find_day_time("PAGE 02 HILLTO 01261 991419Z\n") is None  # day 99 is no day


def test_page_day_with_declassification_month() -> None:
    text = "PAGE 02 HILLTO 01261 061419Z\n"
    inferred = infer_created(text, 2001, None, date(2011, 3, 5))
    assert inferred is not None
    assert inferred.created_at == datetime(2001, 3, 6, 14, 19, tzinfo=UTC)


def test_page_day_before_declassification_day_is_next_month() -> None:
    inferred = infer_created("PAGE 02 HILLTO 01261 021419Z\n", 2001, None, date(2011, 12, 28))
    assert inferred is not None
    assert inferred.created_at == datetime(2002, 1, 2, 14, 19, tzinfo=UTC)


def test_release_folder_month_wins_over_declassification_month() -> None:
    inferred = infer_created("PAGE 02 HILLTO 01261 061419Z\n", 2001, 4, date(2011, 3, 5))
    assert inferred is not None and inferred.created_at.month == 4


def test_without_day_time_the_declassification_day_is_an_approximation() -> None:
    inferred = infer_created("no day here", 2003, None, date(2013, 4, 14))
    assert inferred is not None
    assert inferred.created_at == datetime(2003, 4, 14, tzinfo=UTC)
    assert "approximate" in inferred.explanation
    assert infer_created("no day here", None, None, date(2013, 4, 14)) is None
    assert infer_created("no day here", 2003, None, None) is None
    assert infer_created("no day here", 2003, 5, date(2013, 4, 14)) is None  # months disagree


def test_partial_extract_gets_an_inferred_date_with_a_problem_note() -> None:
    text = UNDATED.replace("¶1. (C) Text", "PAGE 02 RIVERT 01261 061419Z\n¶1. (C) Text")
    parsed = parse_cable(text, source_path="01RIVERTOWN1261.txt")
    assert parsed.created_at == datetime(2001, 3, 6, 14, 19, tzinfo=UTC)
    assert any(problem.startswith("The creation time is inferred") for problem in parsed.problems)


def test_dtg_line_behind_a_mail_banner() -> None:
    text = "Cable Text:\nVZCZCXYZ1\nDE RUEHZZ #0001\nnoise line\nP 251638Z OCT 07\n"
    assert find_dtg_near_top(text) == datetime(2007, 10, 25, 16, 38, tzinfo=UTC)
    assert find_dtg_near_top("Thursday, 25 October 2007, 16:38\n") == datetime(
        2007, 10, 25, 16, 38, tzinfo=UTC
    )
    assert find_dtg_near_top("the meeting on 251638Z was held\n") is None


# --- classification ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("S e c r e t state 015220", "SECRET"),
        ("C o n f i d e n t i a l section 01 of 04 hilltown 000348", "CONFIDENTIAL"),
        ("SS E C R E T HILLTOWN 000041", "SECRET"),
        ('","C O N F I D E N T I A L SECTION 01 OF 02 HILLTOWN 005693', "CONFIDENTIAL"),
        ("S E C R E T HILLTOWN 000326FOR NEA AND HE.O. 12958: DECL: 02/23/2019", "SECRET"),
    ],
)
def test_damaged_classification_lines(line: str, expected: str) -> None:
    parsed = parse_cable(f"P 231307Z FEB 09\nFM AMEMBASSY HILLTOWN\n\n{line}\n\nSUBJECT: X\n")
    assert parsed.classification == expected


def test_unclassified_noforn_is_for_official_use_only() -> None:
    text = "UNCLAS HILLTOWN 000868\n\nNOFORN SIPDIS\n\nSUBJECT: X\n\n¶1. (SBU) Text.\n"
    assert parse_cable(text).classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"


def test_captions_opening_a_long_pass_line() -> None:
    pass_line = "NOFORN SIPDIS DEPT FOR NEA/MAG AND " + "OFFICE X, " * 30
    text = f"CONFIDENTIAL HILLTOWN 000759\n\n{pass_line}\nTAGS: PREL\nSUBJECT: X\n\n¶1. (C) Text.\n"
    parsed = parse_cable(text)
    assert parsed.classification == "CONFIDENTIAL//NOFORN"
    assert parsed.subject == "X"
    assert parsed.tags == ["PREL"]


# --- paragraphs and signer --------------------------------------------------------------


def test_number_glued_to_marking_starts_a_paragraph() -> None:
    text = "CONFIDENTIAL HILLTOWN 000001\n\nSUBJECT: X\n\n1.(C/NF) First point.\n\n2.(C) Second.\n"
    paragraphs = parse_cable(text).paragraphs
    assert [(p.number_label, p.marking, p.text) for p in paragraphs] == [
        ("1", "C/NF", "First point."),
        ("2", "C", "Second."),
    ]


@pytest.mark.parametrize(
    ("lines", "signer", "last"),
    [
        (["the Ministry of Social Affairs. RODLEY"], "RODLEY", "the Ministry of Social Affairs."),
        (["End comment. URBAN \\"], "URBAN", "End comment."),
        (["Final sentence.", "", "STORELLA", "NNNN"], "STORELLA", ""),
        (["Final sentence.", "", "CRETZ NNNN"], "CRETZ", ""),
        (["End Comment. Scobey"], "Scobey", "End Comment."),
        (["he met officials of the GOA"], None, "he met officials of the GOA"),
        (["We will report septel. END COMMENT"], None, "We will report septel. END COMMENT"),
    ],
)
def test_signer(lines: list[str], signer: str | None, last: str) -> None:
    found, rest = split_signer(lines)
    assert found == signer
    assert (rest[-1] if rest else "") == last


def test_classified_by_does_not_swallow_the_body() -> None:
    text = (
        "CONFIDENTIAL HILLTOWN 004100\n\nSUBJECT: X\n\nClassified By: A/PolCouns for Reasons "
        "1.4\n(B) AND (D)\n(C) On June 12 the officer met the minister.\nSecond line.\n"
    )
    parsed = parse_cable(text)
    assert parsed.classified_by == "A/PolCouns for Reasons 1.4 (B) AND (D)"
    assert parsed.paragraphs[0].text.startswith("(C) On June 12")


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


def test_section_header_inside_an_unwrapped_line_is_cut_out() -> None:
    from etl.parsing.page_breaks import remove_page_breaks

    lines = [
        "support for Estonia's role in TALLINN 00000247 002 OF 002 Afghanistan.",
        "a strong reserve BUENOS AIR 00000118 002 OF 006 position.",
        "MEETING WITH THE MINISTER OF FOREIGN AFFAIRS",
    ]
    tallinn, breaks = remove_page_breaks(lines[:1], station="TALLINN")
    assert tallinn == ["support for Estonia's role in Afghanistan."] and breaks == 1
    # The header prints the station cut short; a prefix of the cable's own station matches.
    buenos, _ = remove_page_breaks(lines[1:2], station="BUENOS AIRES")
    assert buenos == ["a strong reserve position."]
    # Without the cable's station, all-caps words are never taken for one.
    untouched, breaks = remove_page_breaks(lines[2:], station="TALLINN")
    assert untouched == lines[2:] and breaks == 0


def test_old_page_header_without_section_count_is_a_break() -> None:
    from etl.parsing.page_breaks import PAGE_BREAK, remove_page_breaks

    cleaned, breaks = remove_page_breaks(
        ["CONFIDENTIAL", "", "PAGE 02 VATICA 01261 061419Z", "TO PRESENT A PRO MEMORIA"]
    )
    assert breaks == 1
    assert cleaned == [PAGE_BREAK, "TO PRESENT A PRO MEMORIA"]


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


def test_intelligence_reports_are_references_but_not_cables() -> None:
    from etl.parsing.references import parse_references

    refs = parse_references("A. IIR 6 902 9642 06 B. 03 USDAO BRASILIA IIR 6 809 0235 03", 8)
    assert [(r.label, r.cited_id, r.kind) for r in refs] == [
        ("A", None, "intelligence report"),
        ("B", None, "intelligence report"),
    ]
