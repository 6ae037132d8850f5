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
