"""Containers (``formats``): HTML pages, cables.csv records, tab-separated rows. Fragments are
written for the tests; station names are made up."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest

from etl.parsing import CableParseError, parse_document

from .conftest import HEADER


def test_tab_separated_release_row_inside_a_text_file() -> None:
    row = (
        "2005-11-14 10:58:00\t05RIVERTOWN1672\tEmbassy Rivertown\tCONFIDENTIAL\t\t"
        "header line\\\n\tC O N F I D E N T I A L RIVERTOWN 001672 \\\n \\\n"
        "TAGS: PREL\\\nSUBJECT: A ROW \\\n \\\n1. (C) Text.\\\n"
    )
    parsed = parse_document(("Some preamble\n\n" + row).encode())
    assert parsed.cable_id == "05RIVERTOWN1672"
    assert parsed.created_at == datetime(2005, 11, 14, 10, 58, tzinfo=UTC)
    assert parsed.origin == "Embassy Rivertown"
    assert parsed.subject == "A ROW"
    assert [p.text for p in parsed.paragraphs] == ["Text."]


def _page_content(serial: int = 42) -> str:
    """Table and the two ``<pre>`` blocks of an invented Cable Viewer page."""
    return (
        "<table class='cable'><tr><th>Reference ID</th><th>Created</th>"
        "<th>Released</th><th>Classification</th><th>Origin</th></tr>"
        f"<tr><td><a href='x'>08RIVERTOWN{serial}</a></td><td>2008-05-03 10:15</td>"
        "<td>2011-08-30 01:44</td><td>CONFIDENTIAL//NOFORN</td><td>Embassy Rivertown</td></tr>"
        "</table><code><pre>" + HEADER.replace("\n", "&#x000A;") + "</pre></code>"
        f"<code><pre>CONFIDENTIAL RIVERTOWN {serial:06d}&#x000A;&#x000A;TAGS: "
        "<a href='/tag/PREL_0.html'>PREL</a>&#x000A;SUBJECT: A &amp; B&#x000A;&#x000A;"
        "<a href='#par1'>¶</a>1. (C) Text.</pre></code>"
    )


def test_html_cable_page() -> None:
    page = "<html><body>" + _page_content() + "</body></html>"
    parsed = parse_document(page.encode(), "auto")
    assert parsed.cable_id == "08RIVERTOWN42"
    assert parsed.released_at == datetime(2011, 8, 30, 1, 44, tzinfo=UTC)
    assert parsed.classification == "CONFIDENTIAL//NOFORN"
    assert parsed.subject == "A & B"
    assert parsed.tags == ["PREL"]
    assert parsed.paragraphs[0].number_label == "1"


@pytest.mark.parametrize("glue", ["", "</body></html>\n<html><body>"])
def test_a_page_with_two_cables_is_rejected_naming_both(glue: str) -> None:
    page = "<html><body>" + _page_content(42) + glue + _page_content(43) + "</body></html>"
    with pytest.raises(CableParseError, match="holds 2 cables") as error:
        parse_document(page.encode(), "auto")
    assert "08RIVERTOWN42" in str(error.value) and "08RIVERTOWN43" in str(error.value)


def test_a_page_without_a_cable_is_rejected() -> None:
    page = "<html><body><h1>Not Found</h1><p>No such page on this mirror.</p></body></html>"
    with pytest.raises(CableParseError, match="not a cable"):
        parse_document(page.encode(), "auto")


def test_cables_csv_record() -> None:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(
        [
            "77",
            "5/3/2008 10:15",
            "08RIVERTOWN42",
            "Embassy Rivertown",
            "SECRET",
            "",
            HEADER.replace("\n", "\\\n"),
            "SECRET RIVERTOWN 000042\\\n\\\nSUBJECT: FROM CSV\\\n\\\n1. (S) Text.",
        ]
    )
    parsed = parse_document(buffer.getvalue().encode(), "auto")
    assert parsed.cable_id == "08RIVERTOWN42"
    assert parsed.classification == "SECRET"
    assert parsed.subject == "FROM CSV"
    assert parsed.recipients[0].name == "SECSTATE WASHDC"
