"""The partial-extract flag (issue 15): the release's notice marks an extract, wherever the
record it opens sits; PAGE lines alone do not. Fragments are written for the tests from the
patterns; station names are made up."""

from __future__ import annotations

from etl.parsing import parse_cable

NOTICE = (
    "This record is a partial extract of the original cable. The full text of the original "
    "cable is not available.\n\n"
)
TELEGRAM = (
    "UNCLAS SECTION 01 OF 02 RIVERTOWN 001695 \n \nSIPDIS \n \nE.O. 12958: N/A\n\n"
    "TAGS: PREL XX\n\nSUBJECT: PEACEKEEPING\n\n1. Text.\n"
)


def test_notice_above_an_embedded_release_record_flags_the_extract() -> None:
    record = "\n4512\n2000-06-07\n\n00RIVERTOWN1695\n\nEmbassy Rivertown\n\nUNCLASSIFIED\n"
    parsed = parse_cable(NOTICE + TELEGRAM + record + TELEGRAM)
    assert parsed.cable_id == "00RIVERTOWN1695"
    assert parsed.is_partial_extract
    assert not parse_cable(TELEGRAM + record + TELEGRAM).is_partial_extract


def test_full_old_record_with_page_lines_is_not_an_extract() -> None:
    text = (
        "CONFIDENTIAL\n\nPAGE 01        RIVERTO  00097  01 OF 03  182017Z\nACTION AF-00\n\n"
        "INFO  LOG-00   ADS-00   INR-05\n      P-02     T-01     /037 W\n"
        "                    ------------------352654  200910Z /23\n"
        "R 171512Z JAN 90\nFM AMCONSUL RIVERTOWN\nTO SECSTATE WASHDC 5365\n\n"
        "C O N F I D E N T I A L SECTION 01 OF 03 RIVERTOWN 00097\n\n"
        "E.O. 12356: DECL: OADR\nTAGS: PGOV XX\nSUBJECT: A SPEECH\n\n1. (C) TEXT.\n"
    )
    parsed = parse_cable(text)
    assert not parsed.is_partial_extract
    assert parsed.subject == "A SPEECH"
    assert parse_cable(NOTICE + text).is_partial_extract
