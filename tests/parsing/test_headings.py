"""Section headings (issue 15): a heading is the heading of the paragraphs under it, never a
paragraph of its own. Fragments are written for the tests from the patterns; station names
are made up."""

from __future__ import annotations

from etl.parsing import parse_cable

from .conftest import cable

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
