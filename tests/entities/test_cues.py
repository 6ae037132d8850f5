"""The cheap pre-test of role nouns before a run never hides one the full pattern finds."""

from __future__ import annotations

import re

import pytest

from etl.entities import phrases, shortforms
from etl.entities.people import ROLE_NOUN_BEFORE, cue_at

TEXTS = [
    "the party's spokesman, Sam Rainsy",
    "opposition ADVISER'S Sam Rainsy",
    "said the co-founder (Sam Rainsy",
    "an adviser's aide 2 Sam Rainsy",
    "a spokesman said; Sam Rainsy",
    "the blogger’s Sam Rainsy",
    "the chief. Sam Rainsy",
    "the mischief Sam Rainsy",
]


@pytest.mark.parametrize("text", TEXTS)
def test_role_noun_cue_agrees_with_the_full_pattern(text: str) -> None:
    start = text.index("Sam")
    end = len(text)
    before = bool(ROLE_NOUN_BEFORE.search(text, max(0, start - 48), start))
    # Nothing follows the run, so only the role noun before it can cue a person.
    assert cue_at(text, start, end) == before


def test_role_noun_cues_are_found() -> None:
    text = "the party's spokesman, Sam Rainsy"
    assert cue_at(text, text.index("Sam"), len(text))
    text = "the mischief Sam Rainsy"
    assert not cue_at(text, text.index("Sam"), len(text))


# The faster forms of the phrase cues give the answers of the patterns they replaced.
ADMINISTRATIVE_TEXTS = [
    "the Province of Herat",
    "PROVINCE of Herat",
    "the province OF Herat",
    "a city  of Herat",
    "the ISLAND of Java",
    "the regio of",
    "Chinatown of old",
    "of province of ",
    "",
]


@pytest.mark.parametrize("text", ADMINISTRATIVE_TEXTS)
def test_administrative_of_cue_matches_the_alternation(text: str) -> None:
    alternation = re.compile(rf"(?i:{phrases._ADMINISTRATIVE_WORDS}) of ")
    assert bool(phrases._ADMINISTRATIVE_OF_CUE.search(text)) == bool(alternation.search(text))


@pytest.mark.parametrize(
    "text", ["", " ", "  a  b ", "\n\nx\n", "x", "a\u00a0 b\u2003", "\tlead", "trail\r\n"]
)
def test_collapsed_matches_the_substitution(text: str) -> None:
    assert shortforms._collapsed(text) == re.sub(r"\s+", " ", text)


@pytest.mark.parametrize(
    "text",
    ["Cyprus-flagged", "a U.S.-led force", "al-Qaida-linked", "Russia-centric", "co-operate", ""],
)
def test_compound_cue_holds_wherever_the_pattern_matches(text: str) -> None:
    if phrases._COMPOUND.search(text):
        assert phrases._COMPOUND_CUE.search(text)
