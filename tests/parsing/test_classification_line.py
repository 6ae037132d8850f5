"""The body's classification line (``classification_line``), damaged forms included. Fragments are
written for the tests; station names are made up."""

from __future__ import annotations

import pytest

from etl.parsing import parse_cable


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
