"""Acronyms merged into the full name the cable writes (`etl.entities.shortforms`)."""

from __future__ import annotations

import re

import pytest

from etl.entities import shortforms
from tests.entities.fragments import canonicals, mentions_of, names


def test_common_acronyms_share_the_full_name() -> None:
    found = mentions_of("The MOI and the Ministry of Interior agreed; IOM, ILO and USAID too.")
    orgs = names(found, "ORGANIZATION")
    assert "Ministry of Interior" in orgs
    assert "MOI" not in orgs  # merged into the fuller form this cable writes
    # Acronyms the cable never expands stay as written; the expansion is their identity.
    assert {"IOM", "ILO", "USAID"} <= orgs
    assert {
        "International Organization for Migration",
        "International Labor Organization",
        "United States Agency for International Development",
    } <= canonicals(found, "ORGANIZATION")


@pytest.mark.parametrize(
    "text", ["", " ", "  a  b ", "\n\nx\n", "x", "a\u00a0 b\u2003", "\tlead", "trail\r\n"]
)
def test_collapsed_matches_the_substitution(text: str) -> None:
    assert shortforms._collapsed(text) == re.sub(r"\s+", " ", text)
