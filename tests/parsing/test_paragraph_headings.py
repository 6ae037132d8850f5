"""Paragraph headings (issue 15): inline labels, ruled and glued section lines, lines that only
look like headings. Each fragment is written from the pattern; station names are made up."""

from __future__ import annotations

import pytest

from etl.parsing import parse_cable
from etl.parsing.inline_labels import inline_label

from .conftest import cable

OPENING = "CONFIDENTIAL RIVERTOWN 000042\n\nSUBJECT: X\n\n"
#: An unwrapped paragraph line (records printed one paragraph per line are this long).
LONG = "The minister spoke at length about the budget and the coming elections in the north. " * 2


def headings(body: str) -> list[tuple[str | None, str | None]]:
    """(number, heading) of every paragraph of a made-up cable with this body."""
    parsed = parse_cable(cable(OPENING + body))
    return [(p.number_label, p.heading) for p in parsed.paragraphs]


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Summary: The talks went well.", "Summary"),
        ("KEY POINTS: Three things.", "KEY POINTS"),
        ("Reason for Request: The rifles are heavy.", "Reason for Request"),
        ("Question D (cont'd): More answers.", "Question D (cont'd)"),
        ("Key Points -- The court upheld it.", "Key Points"),
        ("Summary. With the draft resolution ...", "Summary"),
        ("Background continued. More history.", "Background continued"),
        ("E-VOTING. Estonia held the first vote.", "E-VOTING"),
        ("SUMMARY Egypt has announced a plan.", "SUMMARY"),
        ("Details of license applications:", "Details of license applications"),
        ("Question A: The minister said so.", "Question A"),
        ("PREVENTING A COLLAPSE OF YEMEN: Talks.", "PREVENTING A COLLAPSE OF YEMEN"),
        # a sentence that ends in a colon is no label
        ("Post is permitted to provide the following statement:", None),
        ("The multilateral priorities for the Summit include:", None),
        ("Subsequent media coverage revealed a striking split:", None),
        # a time or a web address is no label; a short sentence in capitals is none
        ("On June 16, 2009, at 10:30 the team met.", None),
        ("See http://example.org for more.", None),
        ("THE MINISTER AGREED. THE TALKS END TODAY.", None),
        ("Thanks. We appreciate the help.", None),
        ("Visit Rivertown's Classified Website: (http://x.sgov)", None),
    ],
)
def test_inline_label_shapes(text: str, label: str | None) -> None:
    assert inline_label(text) == label


def test_inline_label_heads_its_paragraph_and_text_is_kept() -> None:
    parsed = parse_cable(
        cable(OPENING + "1. (C) Summary: The talks went well.\n\n2. (C) Second point.\n")
    )
    first, second = parsed.paragraphs
    assert (first.heading, first.text) == ("Summary", "Summary: The talks went well.")
    assert second.heading is None  # the label heads its own paragraph only
    assert parsed.summary == "The talks went well."


def test_section_line_above_wins_over_the_inline_label_and_resumes_after_it() -> None:
    body = (
        "1. (C) Intro.\n\nCountry Notes\n-------------\n\n2. (C) Kenya: First.\n\n"
        "3. (C) Eritrea: Second.\n\n4. (C) Closing remarks.\n"
    )
    assert headings(body) == [
        ("1", None),
        ("2", "Country Notes"),
        ("3", "Eritrea"),
        ("4", "Country Notes"),
    ]


@pytest.mark.parametrize(
    "line",
    ["SUMMARY -------", "---------- Background ---------", "Background - - - - -"],
)
def test_rule_on_the_heading_line_is_not_part_of_the_heading(line: str) -> None:
    heading = line.strip("-= ").rstrip(" -")
    assert headings(f"{line}\n\n1. (C) Text.\n\n2. (C) More.\n") == [
        ("1", heading),
        ("2", heading),
    ]


@pytest.mark.parametrize(
    "glued",
    [
        " ------------- Economic Outlook -------------",  # between two rules
        " Economic Outlook -------------",  # after the last sentence, rule after it
        " End Summary. Economic Outlook",  # title case, no rule, over a numbered paragraph
    ],
)
def test_section_line_glued_onto_the_paragraph_above(glued: str) -> None:
    body = f"1. (C) {LONG.strip()}{glued}\n\n2. (C) Growth is slow.\n"
    parsed = parse_cable(cable(OPENING + body))
    assert [(p.number_label, p.heading) for p in parsed.paragraphs] == [
        ("1", None),
        ("2", "Economic Outlook"),
    ]
    assert parsed.paragraphs[0].text.endswith(".")


def test_initials_end_no_sentence_before_a_glued_heading() -> None:
    body = f"1. (C) {LONG.strip()} U.S. Exports to Mexico -----------\n\n2. (C) Exports grew.\n"
    assert headings(body)[1] == ("2", "U.S. Exports to Mexico")


def test_ruled_heading_glued_before_the_next_numbered_paragraph() -> None:
    body = f"1. (C) {LONG.strip()}\n---------- Czech Message ---------- 2. (C) Text.\n"
    assert headings(body) == [("1", None), ("2", "Czech Message")]


def test_heading_line_with_no_blank_line_above() -> None:
    over_rule = f"1. (C) {LONG.strip()}\nFORCED CONSCRIPTION\n--------------\n2. (C) Text.\n"
    assert headings(over_rule) == [("1", None), ("2", "FORCED CONSCRIPTION")]
    unwrapped = f"1. (C) {LONG.strip()}\nOther Issues: NPT, Fuel Bank\n\n2. (C) Text.\n"
    assert headings(unwrapped) == [("1", None), ("2", "Other Issues: NPT, Fuel Bank")]


def test_wrapped_sentence_over_a_rule_stays_text() -> None:
    # hard-wrapped lines are short: text after a sentence end on one is the text going on
    body = "1. (C) The minister said that\nit passed. Then the vote -------\n\n2. (C) Text.\n"
    assert headings(body) == [("1", None), ("2", None)]


@pytest.mark.parametrize(
    "line",
    [
        "REASON: 1.4 (b), (c), (d)",
        "Visit Rivertown's Classified Website",
        "XXXXXXXXXXXX",
        "END SUMMARY",
    ],
)
def test_lines_shaped_like_headings_that_are_none(line: str) -> None:
    assert headings(f"{line}\n\n1. (C) Text.\n")[-1] == ("1", None)


def test_short_line_over_unnumbered_text_in_a_numbered_body_is_no_heading() -> None:
    body = (
        "1. (C) The list is below.\n\nPURPOSE:\n\nTo be used by the guard\n\n"
        "A list item.\n\n2. (C) End.\n"
    )
    assert all(heading is None for _, heading in headings(body))


def test_comment_heading_with_a_subtitle_opens_the_comment() -> None:
    body = "1. (C) Text.\n\nCOMMENT - WHAT NEXT? ----------\n\n2. (C) We think so.\n"
    parsed = parse_cable(cable(OPENING + body))
    assert parsed.paragraphs[1].heading == "COMMENT - WHAT NEXT?"
    assert parsed.paragraphs[1].is_comment
    assert parsed.comment == "We think so."


def test_value_under_a_field_label_is_no_heading() -> None:
    body = "1. (C) Text.\n\nPURPOSE:\n\nTo be used by the guard\n\n2. (C) Documents.\n"
    assert headings(body)[-1] == ("2", None)


def test_number_glued_to_the_first_word_starts_a_paragraph() -> None:
    body = "1.Key Points: The court ruled.\n\n2.The minister said 1.4 percent.\n"
    parsed = parse_cable(cable(OPENING + body))
    assert [(p.number_label, p.heading) for p in parsed.paragraphs] == [
        ("1", "Key Points"),
        ("2", None),
    ]
    assert parsed.paragraphs[1].text == "The minister said 1.4 percent."


def test_ruled_heading_over_unnumbered_text_in_a_numbered_body() -> None:
    body = "1. (U) Press summary.\n\nA Forum Opens\n-------------\n\nThe forum opened.\n"
    assert headings(body) == [("1", None), (None, "A Forum Opens")]
