"""Signer lines (issue 15): what may follow the name, what may stand above it, the name's own
shapes. Each fragment is written from the pattern; names and stations are made up."""

from __future__ import annotations

import pytest

from etl.parsing.closing import split_signer

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
