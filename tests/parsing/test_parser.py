"""The whole parse (``parser``): structure check and which source each field comes from. Fragments
are written for the tests; station names are made up."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from etl.parsing import CableParseError, parse_cable, parse_document

from .conftest import ENVELOPE, PARTIAL_BODY, UNDATED, html_page


def test_text_without_cable_structure_is_rejected_with_a_sentence() -> None:
    with pytest.raises(CableParseError, match="not a cable"):
        parse_cable("Dear diary,\n\ntoday nothing happened.\n")
    with pytest.raises(CableParseError):
        parse_document(bytes(range(256)))


def test_name_fills_an_id_the_text_cannot_complete() -> None:
    without = parse_cable(UNDATED.replace("DECL: 03/05/11", "N/A"))
    assert without.cable_id is None
    named = parse_cable(
        UNDATED.replace("DECL: 03/05/11", "N/A"), source_path="x/01RIVERTOWN1261.txt"
    )
    assert named.cable_id == "01RIVERTOWN1261"
    assert any("file name" in problem for problem in named.problems)


def test_name_repairs_a_mangled_serial_of_the_same_station() -> None:
    text = "CONFIDENTIAL RIVERTOWN 002025\n\nSUBJECT: X\n\n¶1. (C) Text.\n"
    header = "O 121315Z JUN 06\nFM AMEMBASSY RIVERTOWN\nTO SECSTATE WASHDC IMMEDIATE 1\n\n"
    assert parse_cable(header + text).cable_id == "06RIVERTOWN2025"
    repaired = parse_cable(header + text, source_path="06RIVERTOWN22025.txt")
    assert repaired.cable_id == "06RIVERTOWN22025"
    assert any("looks mangled" in problem for problem in repaired.problems)


def test_text_wins_over_a_name_of_another_station() -> None:
    text = "O 121315Z JUN 06\nFM AMEMBASSY RIVERTOWN\nTO SECSTATE WASHDC\n\n"
    text += "CONFIDENTIAL RIVERTOWN 002025\n\nSUBJECT: X\n\n¶1. (C) Text.\n"
    parsed = parse_document(text.encode(), source_path="cable/2006/06/06HILLTOWN2025.html")
    assert parsed.cable_id == "06RIVERTOWN2025"
    assert any("text is kept" in problem for problem in parsed.problems)


def test_name_is_ignored_for_csv_rows() -> None:
    parsed = parse_cable(UNDATED.replace("DECL: 03/05/11", "N/A"), source_path="c.csv#row=3")
    assert parsed.cable_id is None


def test_html_page_of_a_partial_extract_is_dated_by_its_table() -> None:
    header, body = PARTIAL_BODY.split("\n\n", 1)
    parsed = parse_document(html_page("2003-04-18 09:59", [header, body]), "auto")
    assert parsed.is_partial_extract
    assert parsed.created_at == datetime(2003, 4, 18, 9, 59, tzinfo=UTC)
    assert not any(problem.startswith("The creation") for problem in parsed.problems)


def test_html_page_dtg_wins_over_the_table_minutes() -> None:
    # The table's minutes are unreliable; the DTG is the cable's own time.
    page = html_page(
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
