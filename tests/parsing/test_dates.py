"""Date forms (``dates``): DTG lines, long dates, DTG lines behind banners. Fragments are written
for the tests; station names are made up."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from etl.parsing import parse_cable
from etl.parsing.dates import find_dtg_near_top


def test_dtg_line_behind_a_mail_banner() -> None:
    text = "Cable Text:\nVZCZCXYZ1\nDE RUEHZZ #0001\nnoise line\nP 251638Z OCT 07\n"
    assert find_dtg_near_top(text) == datetime(2007, 10, 25, 16, 38, tzinfo=UTC)
    assert find_dtg_near_top("Thursday, 25 October 2007, 16:38\n") == datetime(
        2007, 10, 25, 16, 38, tzinfo=UTC
    )
    assert find_dtg_near_top("the meeting on 251638Z was held\n") is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("O R 291314Z DEC 08", datetime(2008, 12, 29, 13, 14, tzinfo=UTC)),
        ("P R 090942Z FEB 09", datetime(2009, 2, 9, 9, 42, tzinfo=UTC)),
        ("O 160836Z AUG 08 ZFF4", datetime(2008, 8, 16, 8, 36, tzinfo=UTC)),
        ("P 021530Z JUN 08 ZDK", datetime(2008, 6, 2, 15, 30, tzinfo=UTC)),
        ("R 101632Z NOV 08 ZDK ZFF6", datetime(2008, 11, 10, 16, 32, tzinfo=UTC)),
    ],
)
def test_dtg_line_with_two_precedences_or_operating_signals(line: str, expected: datetime) -> None:
    assert find_dtg_near_top(f"From: a mail client\nUNCLAS\n\n{line}\nFM X\n") == expected


def test_dtg_followed_by_prose_is_not_a_header_line() -> None:
    assert find_dtg_near_top("O R 291314Z DEC 08 THE MINISTER SAID\n") is None


def test_header_behind_a_mail_banner_gives_date_and_id_year() -> None:
    text = (
        "From: SOMEONE\nSent: Monday, December 29, 2008 3:05 PM\nSubject: RIVERTOWN 982\n\n"
        "UNCLAS\n\nVZCZCXRO5965\nOO RUEHZZ\nDE RUEHZZ #0982 3641314\nZNR UUUUU ZZH\n"
        "O R 291314Z DEC 08\nFM AMEMBASSY RIVERTOWN\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 4271\n\n"
        "UNCLAS RIVERTOWN 000982\n\nTAGS: PREL\nSUBJECT: BEHIND A BANNER\n\n1. (U) Text.\n"
    )
    parsed = parse_cable(text)
    assert parsed.created_at == datetime(2008, 12, 29, 13, 14, tzinfo=UTC)
    assert parsed.cable_id == "08RIVERTOWN982"
