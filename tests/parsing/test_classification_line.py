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


@pytest.mark.parametrize(
    ("line", "next_line", "expected", "tags"),
    [
        # A caption glued onto the serial, another onto the next field.
        (
            "S E C R E T SECTION 01 OF 03 HILLTOWN 004417SIPDIS",
            "NOFORNE.O. 12958: DECL: 05/11/2016 TAGS: PGOV PREL XY",
            "SECRET//NOFORN",
            ["PGOV", "PREL", "XY"],
        ),
        # Captions glued to each other and to the E.O. line on the classification line.
        (
            "C O N F I D E N T I A L SECTION 02 OF 02 HILLTOWN 008112SIPDISNOFORN SIPDISE.O. "
            "12958: DECL: 01/02/2018",
            "TAGS: PHUM XY",
            "CONFIDENTIAL//NOFORN",
            ["PHUM", "XY"],
        ),
        # Unwrapped record: captions and a pass line run on after the serial.
        (
            "C O N F I D E N T I A L HILLTOWN 000093 NOFORN SIPDIS AMEMBASSY RIVERTON PASS TO "
            "AMCONSUL LAKESIDE",
            "E.O. 12958: DECL: 03/03/2019 TAGS: PTER XY",
            "CONFIDENTIAL//NOFORN",
            ["PTER", "XY"],
        ),
        # The same run-on with the fields themselves on the classification line.
        (
            "CONFIDENTIAL HILLTOWN 000512 SIPDIS SENSITIVE SIPDIS E.O. 12958: DECL: 04/04/2017 "
            "TAGS: ECON XY",
            "SUBJECT: A MADE-UP SUBJECT",
            "CONFIDENTIAL",
            ["ECON", "XY"],
        ),
    ],
)
def test_glued_and_run_on_captions_are_read(
    line: str, next_line: str, expected: str, tags: list[str]
) -> None:
    text = (
        f"P 231307Z FEB 09\nFM AMEMBASSY HILLTOWN\nTO SECSTATE WASHDC PRIORITY 0001\n\n{line}\n"
        f"{next_line}\n\nSUBJECT: A MADE-UP SUBJECT\n\n1. (C) Some text of the cable.\n"
    )
    parsed = parse_cable(text)
    assert parsed.classification == expected
    assert parsed.tags == tags
    assert parsed.cable_id is not None and parsed.cable_id.startswith("09HILLTOWN")
    assert "SIPDIS" in parsed.caveats


def test_a_caption_inside_a_word_is_not_split_off() -> None:
    # "INSENSITIVE" on a pass line is no caption; digits then prose are not either.
    text = (
        "P 231307Z FEB 09\nFM AMEMBASSY HILLTOWN\nTO SECSTATE WASHDC PRIORITY 0001\n\n"
        "UNCLAS HILLTOWN 000221\n\nE.O. 12958: N/A\nTAGS: PGOV XY\n"
        "SUBJECT: AN INSENSITIVE REMARK ABOUT 2009SIPDISTRICTS\n\n1. Text.\n"
    )
    parsed = parse_cable(text)
    assert parsed.classification == "UNCLASSIFIED"
    assert parsed.subject == "AN INSENSITIVE REMARK ABOUT 2009SIPDISTRICTS"
    assert parsed.cable_id == "09HILLTOWN221"
