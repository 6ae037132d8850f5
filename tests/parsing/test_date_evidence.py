"""Where a cable's creation date comes from (issue 9, round 3): DTG lines behind banners,
records quoted under another cable's envelope, and the containers' created columns.
Fragments are written for the tests; station names are made up."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from etl.parsing import parse_cable, parse_document
from etl.parsing.dates import find_dtg_near_top

ENVELOPE = """VZCZCXYZ0000
OO RUEHWEB
DE RUEHZZ #0595/01 2812055
ZNY CCCCC ZZH
O R 082055Z OCT 09
FM AMEMBASSY RIVERTOWN
TO RUEHC/SECSTATE WASHDC IMMEDIATE 0083
"""
PARTIAL_BODY = (
    "This record is a partial extract of the original cable. The full text is gone.\n\n"
    "CONFIDENTIAL RIVERTOWN 000042\n\nTAGS: PREL\nSUBJECT: NO DTG HERE\n\n1. (C) Text.\n"
)


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


def _key_value_record(refid: str, date: str) -> str:
    return (
        f"\nid: 224423\ndate: {date}\nrefid: {refid}\norigin: Embassy Rivertown\n"
        "classification: UNCLASSIFIED\ndestination:\nheader:\nVZCZCXYZ0000\n"
        "DE RUEHZZ #0561 2531207\nR 101207Z SEP 09\nFM AMEMBASSY RIVERTOWN\n"
        "----------------- header ends ----------------\n"
        "UNCLAS RIVERTOWN 000561\nTAGS: PREL\nSUBJECT: QUOTED\n1. (U) Text.\n"
    )


def test_record_of_another_serial_under_an_envelope_does_not_date_the_cable() -> None:
    parsed = parse_cable(ENVELOPE + _key_value_record("09RIVERTOWN561", "9/10/2009 12:07"))
    assert parsed.created_at == datetime(2009, 10, 8, 20, 55, tzinfo=UTC)


def test_record_of_the_envelope_serial_still_gives_its_columns() -> None:
    envelope = ENVELOPE.replace("#0595/01", "#0561/01")
    parsed = parse_cable(envelope + _key_value_record("09RIVERTOWN561", "9/10/2009 12:07"))
    assert parsed.cable_id == "09RIVERTOWN561"
    assert parsed.created_at == datetime(2009, 9, 10, 12, 7, tzinfo=UTC)


def _html_page(created: str, pres: list[str]) -> bytes:
    cells = "".join(
        f"<td>{value}</td>"
        for value in (
            "08RIVERTOWN42",
            created,
            "2011-08-30 01:44",
            "CONFIDENTIAL",
            "Embassy Rivertown",
        )
    )
    blocks = "".join(f"<code><pre>{pre.replace(chr(10), '&#x000A;')}</pre></code>" for pre in pres)
    return (
        "<html><body><table class='cable'><tr><th>Reference ID</th><th>Created</th>"
        "<th>Released</th><th>Classification</th><th>Origin</th></tr>"
        f"<tr>{cells}</tr></table>{blocks}</body></html>"
    ).encode()


def test_html_page_of_a_partial_extract_is_dated_by_its_table() -> None:
    header, body = PARTIAL_BODY.split("\n\n", 1)
    parsed = parse_document(_html_page("2003-04-18 09:59", [header, body]), "auto")
    assert parsed.is_partial_extract
    assert parsed.created_at == datetime(2003, 4, 18, 9, 59, tzinfo=UTC)
    assert not any(problem.startswith("The creation") for problem in parsed.problems)


def test_html_page_dtg_wins_over_the_table_minutes() -> None:
    # The table's minutes are unreliable; the DTG is the cable's own time.
    page = _html_page(
        "2008-05-03 10:08",
        [
            ENVELOPE.replace("O R 082055Z OCT 09", "P 031015Z MAY 08"),
            "CONFIDENTIAL RIVERTOWN 000595\n\nSUBJECT: X\n",
        ],
    )
    parsed = parse_document(page, "html")
    assert parsed.created_at == datetime(2008, 5, 3, 10, 15, tzinfo=UTC)


def test_cables_csv_record_of_a_partial_extract_is_dated_by_its_date_column() -> None:
    buffer = io.StringIO()
    header, body = PARTIAL_BODY.split("\n\n", 1)
    csv.writer(buffer).writerow(
        [
            "77",
            "4/18/2003 9:59",
            "03RIVERTOWN42",
            "Embassy Rivertown",
            "CONFIDENTIAL",
            "",
            header,
            body.replace("\n", "\\\n"),
        ]
    )
    parsed = parse_document(buffer.getvalue().encode(), "auto")
    assert parsed.cable_id == "03RIVERTOWN42"
    assert parsed.created_at == datetime(2003, 4, 18, 9, 59, tzinfo=UTC)
