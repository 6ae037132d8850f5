"""A body that quotes another cable of the same station under its own envelope (issue 15):
the quoted cable's classification line lends no id. Fragments are written for the tests from
the patterns; station names are made up."""

from __future__ import annotations

from etl.parsing import parse_cable

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
