"""The end of a cable (``closing``): signer, end marks, redactions. Fragments are written for the
tests; station names are made up."""

from __future__ import annotations

import pytest

from etl.parsing import parse_cable
from etl.parsing.closing import split_signer

from .conftest import cable


def test_redactions_are_counted() -> None:
    parsed = parse_cable(
        cable("UNCLAS RIVERTOWN 000042\n\nSUBJECT: X\n\n1. XXXXXXXXXXXX met [SOURCE REMOVED].\n")
    )
    assert parsed.redaction_count == 2


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


@pytest.mark.parametrize(
    ("lines", "signer", "last"),
    [
        # Closing lines after the signer (issue 15).
        (
            ["Last sentence.", "WAYNE ", "=======================CABLE ENDS======="],
            "WAYNE",
            "Last sentence.",
        ),
        (["Last sentence. BROWNFIELD", "."], "BROWNFIELD", "Last sentence."),
        (["Last sentence.", "MURRAY ."], "MURRAY", "Last sentence."),
        (["Last sentence.", "NNNN", "End Cable Text"], None, "Last sentence."),
        # What may stand above the signer's line.
        (
            ["Text. Visit Rivertown's Classified Website: XXXXXXXXXXXX", "Person"],
            "Person",
            "Text. Visit Rivertown's Classified Website: XXXXXXXXXXXX",
        ),
        (
            ["Text.", "****************************", "CUNNINGHAM"],
            "CUNNINGHAM",
            "****************************",
        ),
        (["successor.  End comment.", "van Voorst"], "van Voorst", "successor.  End comment."),
        # Glued after a curly quote, a redaction or END COMMENT.
        (["it may come from.\u201d PERSON"], "PERSON", "it may come from.\u201d"),
        (["Website: XXXXXXXXXXXX TUTTLE"], "TUTTLE", "Website: XXXXXXXXXXXX"),
        (["so far lacking. END COMMENT FURUTA-TOY"], "FURUTA-TOY", "so far lacking. END COMMENT"),
        # Still no signer: a name line under text that did not end a sentence.
        (["the talks with the", "MINISTER"], None, "MINISTER"),
        (["E.O. 12958: DECL: 08/13/2028", "TAGS: PREL XX"], None, "TAGS: PREL XX"),
    ],
)
def test_signer_after_closing_lines(lines: list[str], signer: str | None, last: str) -> None:
    found, rest = split_signer(lines)
    assert found == signer
    assert (rest[-1] if rest else "") == last


def test_minimize_considered_is_no_part_of_the_name() -> None:
    found, rest = split_signer(["Department thanks Posts. MINIMIZE CONSIDERED CLINTON"])
    assert found == "CLINTON"
    assert rest == ["Department thanks Posts. MINIMIZE CONSIDERED"]


@pytest.mark.parametrize(
    ("lines", "signer"),
    [
        (["Last sentence.", "PERSON", '"'], "PERSON"),  # a stray quote line after the name
        (["End comment.", "PERSON 0 03/12/2008"], "PERSON"),  # a date stamp after the name
        (["Department cleared this cable.", "PERSON  PERSON"], "PERSON"),  # printed twice
        (["End Date: 6/29/2010", "PERSON"], "PERSON"),  # a lone upper-case surname
        (["Last sentence.", "THE HAGUE 00000302 002.2 OF 002", "Person"], None),
        (["achieve more. Person-Other"], "Person-Other"),
        (["Website: XXXXXXXXXXXX LeName"], "LeName"),
        (["will consider the country's participation. POST"], None),
    ],
)
def test_signer_layouts_of_the_hand_check(lines: list[str], signer: str | None) -> None:
    assert split_signer(lines)[0] == signer


# Signer lines: what may follow the name, what may stand above it, the name's own shapes.


LAST = "The talks will go on next week."


@pytest.mark.parametrize(
    ("lines", "signer"),
    [
        # lines after the name that close the record
        ([LAST, "HARLOW", " CONFIDENTIAL", ">"], "HARLOW"),
        ([LAST, "HARLOW", '"'], "HARLOW"),
        ([LAST, "Harlow", '"Visit Rivertown\'s Classified Web Site at http://x.sgov"'], "Harlow"),
        # cables.csv columns glued after the name
        ([LAST, "HARLOW 0 02/18/2008"], "HARLOW"),
        # what may stand above the name
        ([LAST, "http://www.example.sgov.gov/p/rivertown/", "HARLOW"], "HARLOW"),
        ([LAST, "Start Date: 4/5/2010", "End Date: 10/12/2010", "HARLOW"], "HARLOW"),
        ([LAST, "Visit Rivertown's Classified Website:", "*********** *", "harlow"], "harlow"),
        # the name's shapes
        ([f"{LAST[:-1]} and more. Thompson-Harlow"], "Thompson-Harlow"),
        ([f"{LAST} LeHarlow"], "LeHarlow"),
        ([f"{LAST[:-1]} detention.HARLOW"], "HARLOW"),
        ([LAST, "HARLOW HARLOW"], "HARLOW"),
        ([LAST, "XXXXXXXXXXXX HARLOW"], "HARLOW"),
        ([LAST, "Visit Rivertown's Classified Website: XXXXXXXXXXXX HARLOW"], "HARLOW"),
    ],
)
def test_signer_found(lines: list[str], signer: str) -> None:
    assert split_signer(lines)[0] == signer


@pytest.mark.parametrize(
    "lines",
    [
        [LAST, "XXXXXXXXXXXX"],  # a redaction is no name
        ["the talks went on", "harlow"],  # lower case only under a rule or banner
        [f"{LAST} U.S.ARMY"],  # initials end no sentence
    ],
)
def test_no_signer(lines: list[str]) -> None:
    assert split_signer(lines)[0] is None


def test_text_before_the_name_is_kept() -> None:
    signer, rest = split_signer([f"{LAST[:-1]} detention.HARLOW"])
    assert signer == "HARLOW"
    assert rest == [f"{LAST[:-1]} detention."]
