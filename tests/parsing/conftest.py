"""Fragments shared by the parsing tests (written for the tests; station names are made up)."""

from __future__ import annotations

HEADER = """VZCZCXRO1111
PP RUEHAA RUEHBB
DE RUEHZZ #0042/01 1231015
ZNY CCCCC ZZH
P 031015Z MAY 08
FM AMEMBASSY RIVERTOWN
TO RUEHC/SECSTATE WASHDC PRIORITY 1234
INFO RUEHXX/AMEMBASSY HILLTOWN 0001
"""


def cable(body: str, header: str = HEADER) -> str:
    return header + "\n" + body


PARTIAL = "This record is a partial extract of the original cable. The full text is gone.\n"


def partial_extract(body: str) -> str:
    return PARTIAL + "\n" + body


UNDATED = partial_extract(
    "C O N F I D E N T I A L RIVERTOWN 001261\n\nE.O. 12958: DECL: 03/05/11\n"
    "TAGS: PREL XX\nSUBJECT: A TEST\n\n¶1. (C) Text of the first paragraph.\n"
)


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


def key_value_record(refid: str, date: str) -> str:
    return (
        f"\nid: 224423\ndate: {date}\nrefid: {refid}\norigin: Embassy Rivertown\n"
        "classification: UNCLASSIFIED\ndestination:\nheader:\nVZCZCXYZ0000\n"
        "DE RUEHZZ #0561 2531207\nR 101207Z SEP 09\nFM AMEMBASSY RIVERTOWN\n"
        "----------------- header ends ----------------\n"
        "UNCLAS RIVERTOWN 000561\nTAGS: PREL\nSUBJECT: QUOTED\n1. (U) Text.\n"
    )


def html_page(created: str, pres: list[str]) -> bytes:
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
