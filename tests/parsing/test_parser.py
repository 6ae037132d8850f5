"""The whole parse (``parser``): what is not a cable at all, and the invariants of every parse."""

from __future__ import annotations

import pytest

from etl.parsing import CableParseError, parse_cable, parse_document


def test_text_without_cable_structure_is_rejected_with_a_sentence() -> None:
    with pytest.raises(CableParseError, match="not a cable"):
        parse_cable("Dear diary,\n\ntoday nothing happened.\n")
    with pytest.raises(CableParseError):
        parse_document(bytes(range(256)))


# The partial-extract flag: the release's notice marks an extract, wherever the record it opens
# sits; PAGE lines alone do not.


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


def test_a_notice_wrapped_over_lines_flags_the_extract() -> None:
    wrapped = NOTICE.replace("This record", "This\nrecord").replace("cable is not", "cable\nis not")
    parsed = parse_cable(wrapped + TELEGRAM)
    assert parsed.is_partial_extract
    assert parsed.subject == "PEACEKEEPING"
    # The same words deep in a body are a quotation, not the notice.
    quoted = TELEGRAM.replace("1. Text.", "1. " + "Text. " * 80 + NOTICE.replace("\n", " "))
    assert not parse_cable(quoted).is_partial_extract


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


# A body that quotes another cable of the same station under its own envelope: the quoted cable's
# classification line lends no id.


ENVELOPE = (
    "VZCZCXYZ0000\nOO RUEHWEB\n\nDE RUEHZZ #0595/01 2812055\nZNY CCCCC ZZH\n"
    "O R 082055Z OCT 09\nFM AMEMBASSY RIVERTOWN\nTO RUEHC/SECSTATE WASHDC IMMEDIATE 0083\n\n"
)
QUOTED = (
    "id: 224423\ndate: 9/10/2009 12:07\nrefid: 09RIVERTOWN561\norigin: Embassy Rivertown\n"
    "classification: UNCLASSIFIED\ndestination:\nheader:\nVZCZCXYZ0000\nRR RUEHWEB\n"
    "DE RUEHZZ #0561 2531207\nZNR UUUUU ZZH\nR 101207Z SEP 09\nFM AMEMBASSY RIVERTOWN\n"
    "TO RUEHC/SECSTATE WASHDC 0015\n\nUNCLAS RIVERTOWN 000561\n\nE.O. 12958: N/A\n"
    "TAGS: PREL XX\nSUBJECT: ARMS PURCHASES\n\n1. Text.\n"
)


def test_quoted_cable_of_the_same_station_lends_no_id() -> None:
    parsed = parse_cable(ENVELOPE + QUOTED)
    assert parsed.cable_id == "09RIVERTOWN595"
    assert parsed.text_cable_id is None
    assert parsed.subject == "ARMS PURCHASES"


def test_the_cables_own_line_under_its_own_header_still_gives_the_id() -> None:
    own = QUOTED.replace("#0561", "#0595").replace("000561", "000595")
    assert parse_cable(ENVELOPE + own).cable_id == "09RIVERTOWN595"
    plain = ENVELOPE + "UNCLAS RIVERTOWN 000561\n\nTAGS: XX\nSUBJECT: X\n\n1. Text.\n"
    # No quoted header in between: the line is the cable's own, as before.
    assert parse_cable(plain).cable_id == "09RIVERTOWN561"
