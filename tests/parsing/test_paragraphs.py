"""Body paragraphs (``paragraphs``): numbering, markings, headings, passages. Fragments are written
for the tests; station names are made up."""

from __future__ import annotations

from etl.parsing import parse_cable

from .conftest import cable


def test_paragraph_numbering_forms_headings_and_passages() -> None:
    body = (
        "UNCLAS SECTION 01 OF 02 RIVERTOWN 000042\n\nSUBJECT: X\n\n"
        "¶1. (SBU) SUMMARY: First sentence \nwrapped. END SUMMARY. \n\n"
        "Section Heading \n--------------- \n\n"
        "[1](#)2. (C) Second paragraph that is cut \n\n"
        "RIVERTOWN 00000042  002 OF 002 \n\n"
        "by a page break.\n\n"
        "2a. Sub-paragraph.\n\n"
        "COMMENT \n------- \n\n"
        "¶3. (U) Comment text. END COMMENT.\n\n"
        "SMITH\nNNNN\n"
    )
    parsed = parse_cable(cable(body))
    labels = [(p.number_label, p.marking, p.heading) for p in parsed.paragraphs]
    assert labels == [
        ("1", "SBU", "SUMMARY"),  # the inline label heads its paragraph
        ("2", "C", "Section Heading"),
        ("2a", None, "Section Heading"),
        ("3", "U", "COMMENT"),
    ]
    assert parsed.paragraphs[0].text == "SUMMARY: First sentence wrapped. END SUMMARY."
    assert parsed.paragraphs[1].text == "Second paragraph that is cut by a page break."
    assert parsed.summary == "First sentence wrapped."
    assert parsed.comment == "Comment text."
    assert [p.is_summary for p in parsed.paragraphs] == [True, False, False, False]
    assert [p.is_comment for p in parsed.paragraphs] == [False, False, False, True]
    assert parsed.signer == "SMITH"
    assert "00000042" not in parsed.body


def test_number_glued_to_marking_starts_a_paragraph() -> None:
    text = "CONFIDENTIAL HILLTOWN 000001\n\nSUBJECT: X\n\n1.(C/NF) First point.\n\n2.(C) Second.\n"
    paragraphs = parse_cable(text).paragraphs
    assert [(p.number_label, p.marking, p.text) for p in paragraphs] == [
        ("1", "C/NF", "First point."),
        ("2", "C", "Second."),
    ]
