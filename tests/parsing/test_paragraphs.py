"""Body paragraphs (``paragraphs``): numbering, markings, headings, passages. Fragments are written
for the tests; station names are made up."""

from __future__ import annotations

import pytest

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


# Section headings: a heading is the heading of the paragraphs under it, never a paragraph of its
# own.


FRONT = "CONFIDENTIAL RIVERTOWN 000042\n\nE.O. 12958: DECL: 01/19/2016\nTAGS: PREL XX\n"


def _headed(body: str) -> list[tuple[str | None, str]]:
    parsed = parse_cable(cable(FRONT + "SUBJECT: A VISIT\n\n" + body))
    return [(p.heading, p.text) for p in parsed.paragraphs]


def test_heading_with_its_rule_on_the_same_line() -> None:
    assert _headed(
        "¶4. (C) The poll showed a lead.\n\n--------- Divisions Dog the Party --------- \n\n"
        "¶5. (SBU) Asked why, he said so.\n\nHopeful for Early Elections -----------------\n\n"
        "¶6. (C) The parties expect a vote.\n"
    ) == [
        (None, "The poll showed a lead."),
        ("Divisions Dog the Party", "Asked why, he said so."),
        ("Hopeful for Early Elections", "The parties expect a vote."),
    ]


def test_long_title_cased_or_upper_case_heading() -> None:
    assert _headed(
        "¶3. (C) He expected a decision soon.\n\n"
        "A FOUNDATION: THE PEOPLE WILL DECIDE HOW THE PRISONER IS RECEIVED\n\n"
        "¶4. (C) During a meeting, the director said so.\n\n"
        "An Eager Country Gives Us the Opportunity to Invest for the Long-Term\n\n"
        "¶5. (C) In spite of their reticence, they continue.\n"
    ) == [
        (None, "He expected a decision soon."),
        (
            "A FOUNDATION: THE PEOPLE WILL DECIDE HOW THE PRISONER IS RECEIVED",
            "During a meeting, the director said so.",
        ),
        (
            "An Eager Country Gives Us the Opportunity to Invest for the Long-Term",
            "In spite of their reticence, they continue.",
        ),
    ]


def test_a_long_sentence_without_a_stop_is_no_heading() -> None:
    headed = _headed(
        "¶1. (C) Text.\n\nthe minister then said that the talks would go on for another week\n\n"
        "¶2. (C) More text.\n"
    )
    assert [heading for heading, _ in headed] == [None, None, None]


def test_subject_wrapped_across_a_blank_line_in_a_double_spaced_rendering() -> None:
    parsed = parse_cable(
        cable(
            FRONT + "\nSUBJECT: AN INVESTMENT PITCH MARRED BY POOR GRADES ON \n\n"
            "CORRUPTION, DOING BUSINESS \n\n \n\nREF: RIVERTOWN 1938 \n\n \n\n¶1. (U) Text.\n"
        )
    )
    assert (
        parsed.subject == "AN INVESTMENT PITCH MARRED BY POOR GRADES ON CORRUPTION, DOING BUSINESS"
    )
    assert [p.heading for p in parsed.paragraphs] == [None]
    assert len(parsed.references) == 1


def test_heading_straight_under_the_previous_sentence_above_a_rule() -> None:
    assert _headed(
        "¶1. (C) The summary ends here.\nTo Replace or Not to Replace\n-----------------\n"
        "¶2. (SBU) The media reported a decision.\nWeak Public Support\n--------\n"
        "¶3. (C) Polls show little support.\n"
    ) == [
        (None, "The summary ends here."),
        ("To Replace or Not to Replace", "The media reported a decision."),
        ("Weak Public Support", "Polls show little support."),
    ]


def test_dashed_headings_inside_a_long_unwrapped_line() -> None:
    filler = "The ministry reported strong results for the quarter again. " * 5
    assert _headed(
        f"¶1. (U) {filler}(Al Ahram, 12/17/09). ------------ A Forum Opens ------------ "
        f"{filler}------- A Law Passes ------- {filler}\n"
    ) == [
        (None, f"{filler}(Al Ahram, 12/17/09).".replace("  ", " ").strip()),
        ("A Forum Opens", filler.strip()),
        ("A Law Passes", filler.strip()),
    ]


def test_field_lines_captions_and_breaks_are_no_headings() -> None:
    headed = _headed(
        "¶1. (C) Text.\n\nREF USEU 3226\n\n¶2. (C) More.\n\nNOFORN\n\n¶3. (C) Still more.\n\n"
        "RIVERTOWN 00000744 003 of 003\n\n¶4. (C) And more.\n\n"
        "SUPPORT DRUG ABUSE EDUCATION EFFORTS AND\n\n¶5. (C) End.\n"
    )
    assert len(headed) == 9
    assert all(heading is None for heading, _ in headed)


# Paragraph headings: inline labels, ruled and glued section lines, lines that only look like
# headings.


OPENING = "CONFIDENTIAL RIVERTOWN 000042\n\nSUBJECT: X\n\n"
#: An unwrapped paragraph line (records printed one paragraph per line are this long).
LONG = "The minister spoke at length about the budget and the coming elections in the north. " * 2


def headings(body: str) -> list[tuple[str | None, str | None]]:
    """(number, heading) of every paragraph of a made-up cable with this body."""
    parsed = parse_cable(cable(OPENING + body))
    return [(p.number_label, p.heading) for p in parsed.paragraphs]


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
