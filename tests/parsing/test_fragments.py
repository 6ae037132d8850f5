"""Edge cases of cable-anatomy.md, each on a small fragment written for the test."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from etl.parsing import CableParseError, decode_bytes, parse_cable, parse_document
from etl.parsing.references import parse_references
from etl.parsing.tags import parse_tags, tags_label_end
from etl.parsing.vocabulary import origin_from_sender

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


# --- decoding ---------------------------------------------------------------------------


def test_decode_utf8_cp1252_crlf_and_nul() -> None:
    assert decode_bytes("¶1. caf\u00e9\r\n".encode()) == "¶1. caf\u00e9\n"
    assert decode_bytes(b"\xb61. (C) text\r\nnext\r\n") == "¶1. (C) text\nnext\n"
    assert decode_bytes(b"\x93quoted\x94 a\x00b") == "\u201cquoted\u201d ab"


# --- metadata block, header -------------------------------------------------------------


def test_metadata_block_alone_is_kept_and_flagged() -> None:
    parsed = parse_cable(
        "01TOWN1261\nA SUBJECT LINE\nTue Mar 06 00:00:00 +0100 2001\nCONFIDENTIAL\nEmbassy Town\n"
    )
    assert parsed.cable_id == "01TOWN1261"
    assert parsed.is_metadata_only
    assert parsed.created_at == datetime(2001, 3, 6, tzinfo=UTC)
    assert parsed.classification == "CONFIDENTIAL"
    assert parsed.origin == "Embassy Town"
    assert parsed.subject == "A SUBJECT LINE"
    assert parsed.problems


def test_header_fields_and_derived_id() -> None:
    parsed = parse_cable(cable("CONFIDENTIAL SECTION 01 OF 03 RIVERTOWN 000042\n\nSIPDIS\n"))
    assert parsed.transmission_id == "VZCZCXRO1111"
    assert parsed.origin_routing_indicator == "RUEHZZ"
    assert parsed.station_serial == "0042"
    assert parsed.precedence == "PRIORITY"
    assert parsed.created_at == datetime(2008, 5, 3, 10, 15, tzinfo=UTC)
    assert parsed.cable_id == "08RIVERTOWN42"
    assert parsed.origin == "Embassy Rivertown"
    assert parsed.section_count == 3
    assert parsed.classification == "CONFIDENTIAL"


def test_glued_classification_line_and_addressee_without_indicator() -> None:
    header = HEADER.replace(
        "INFO RUEHXX/AMEMBASSY HILLTOWN 0001\n",
        "INFO ASEAN MEMBER COLLECTIVE\nRUEHXX/AMEMBASSY HILLTOWN PRIORITYSECRET RIVERTOWN 000042\n",
    )
    parsed = parse_cable(cable("NOFORN\n\nTAGS: PREL\nSUBJECT: TEST\n", header=header))
    assert [
        (r.kind, r.routing_indicator, r.name, r.precedence, r.serial) for r in parsed.recipients
    ] == [
        ("to", "RUEHC", "SECSTATE WASHDC", "PRIORITY", "1234"),
        ("info", None, "ASEAN MEMBER COLLECTIVE", None, None),
        ("info", "RUEHXX", "AMEMBASSY HILLTOWN", "PRIORITY", None),
    ]
    assert parsed.classification == "SECRET//NOFORN"
    assert parsed.body.startswith("SECRET RIVERTOWN 000042")


@pytest.mark.parametrize(
    ("sender", "origin"),
    [
        ("AMEMBASSY PORT AU PRINCE", "Embassy Port Au Prince"),
        ("AMCONSUL SAO PAULO", "Consulate Sao Paulo"),
        ("SECSTATE WASHDC", "Secretary of State"),
        ("USMISSION USNATO", "Mission USNATO"),
        ("USINT HAVANA", "US Interests Section Havana"),
        ("USMISSION GENEVA", "US Mission Geneva"),
        ("USEU BRUSSELS", "USEU Brussels"),
    ],
)
def test_sender_maps_to_release_origin(sender: str, origin: str) -> None:
    assert origin_from_sender(sender) == origin


def test_partial_extract_old_format() -> None:
    text = (
        "This record is a partial extract of the original cable. The full text of the original "
        "cable is not available.\n\n"
        "                 CONFIDENTIAL     PTQ1234\n\n"
        "PAGE 01        RIVERTOWN  05461  01 OF 02  271458Z \n"
        "ACTION AF-00    \n\n"
        "INFO  LOG-00   NP-00    ACQ-00   CIAE-00 \n"
        "      DS-00    EUR-00     /006W\n"
        "                  ------------------8A8E0D  271459Z /38    \n"
        "FM AMEMBASSY RIVERTOWN\nTO SECSTATE WASHDC IMMEDIATE 7212\n\n"
        "C O N F I D E N T I A L SECTION 01 OF 02 RIVERTOWN 005461 \n\n"
        "EO 12958 DECL: 09/21/10 \nTAGS PGOV, PINS, ZANU-PF \n\n"
        "SUBJECT:  THE FIRST LINE \n CONFIDENTIAL\n"
        "PAGE 02 RIVERTOWN 05461 01 OF 02 271458Z AND ITS SECOND LINE\n\n"
        "1. (C) TEXT OF THE FIRST PARAGRAPH.\n"
    )
    parsed = parse_cable(text)
    assert parsed.is_partial_extract
    assert parsed.classification == "CONFIDENTIAL"
    assert parsed.tags == ["PGOV", "PINS", "ZANU-PF"]
    assert parsed.subject == "THE FIRST LINE AND ITS SECOND LINE"
    assert parsed.declassify_on == date(2010, 9, 21)
    assert parsed.recipients[0].name == "SECSTATE WASHDC"
    # No year anywhere but the declassification date: the id's year is inferred and said so.
    assert parsed.cable_id == "00RIVERTOWN5461"
    assert any("inferred" in problem for problem in parsed.problems)


# --- front matter -----------------------------------------------------------------------


def test_caveats_eo_classified_by_and_subject_marking() -> None:
    parsed = parse_cable(
        cable(
            "S E C R E T RIVERTOWN 000042\n\nNOFORN\nSIPDIS\nEXDIS\n\n"
            "DEPARTMENT FOR EAP/MLS\n\nE.O. 13526: DECL: 08/25/2019 \n"
            "TAGS: PREL\nSUBJECT: (C) A SUBJECT THAT IS WRAPPED \nONTO A SECOND LINE \n\n"
            "Classified By: Ambassador A. Person, for reasons \n1.4 (b) and (d). \n\n"
            "1. (S/NF) Text.\n"
        )
    )
    assert parsed.caveats == ["NOFORN", "SIPDIS", "EXDIS"]
    assert parsed.classification == "SECRET//NOFORN"
    assert parsed.declassification == "E.O. 13526: DECL: 08/25/2019"
    assert parsed.declassify_on == date(2019, 8, 25)
    assert parsed.subject == "A SUBJECT THAT IS WRAPPED ONTO A SECOND LINE"
    assert parsed.classified_by == "Ambassador A. Person, for reasons 1.4 (b) and (d)."
    assert parsed.paragraphs[0].marking == "S/NF"


def test_unclassified_sensitive_is_fouo() -> None:
    parsed = parse_cable(cable("UNCLAS RIVERTOWN 000042\n\nSENSITIVE\nSIPDIS\n\nTAGS: PREL\n"))
    assert parsed.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"


@pytest.mark.parametrize(
    ("line", "tags"),
    [
        ("TAGS: PGOV PHUM CB", ["PGOV", "PHUM", "CB"]),
        ("TAGS PGOV, PINS, ZI, ZANU-PF", ["PGOV", "PINS", "ZI", "ZANU-PF"]),
        ("TAGE: PREL KTIP", ["PREL", "KTIP"]),
        ("TAS: PREL", ["PREL"]),
        ("TGS: ECON", ["ECON"]),
        ("TAGS: [PGOV](#) [CB](#)", ["PGOV", "CB"]),
        ("TAGS: OVIP (CLINTON, HILLARY), PREL", ["OVIP (CLINTON, HILLARY)", "PREL"]),
    ],
)
def test_tags_forms(line: str, tags: list[str]) -> None:
    parsed = parse_cable(cable(f"UNCLAS RIVERTOWN 000042\n\n{line}\nSUBJECT: X\n"))
    assert parsed.tags == tags


def test_tags_continuation_line_and_prose_is_not_a_label() -> None:
    parsed = parse_cable(cable("UNCLAS RIVERTOWN 000042\n\nTAGS: PGOV PREL\nKTIP CB\nSUBJECT: X\n"))
    assert parsed.tags == ["PGOV", "PREL", "KTIP", "CB"]
    assert tags_label_end("Task force members met") is None
    assert parse_tags("PGOV,PREL  ,KDEM") == ["PGOV", "PREL", "KDEM"]


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        ("A. SECSTATE 85578 B. SECSTATE 89018", [("A", "08STATE85578"), ("B", "08STATE89018")]),
        (
            "A. A) SECSTATE 123359 ¶B. B) PHNOM PENH 1424",
            [("A", "08STATE123359"), ("B", "08PHNOMPENH1424")],
        ),
        (
            "(A) 05 STATE 226504 (B) 2007 HAVANA 3721",
            [("A", "05STATE226504"), ("B", "07HAVANA3721")],
        ),
        ("BRASILIA 2799 AND 2764", [(None, "08BRASILIA2799"), (None, "08BRASILIA2764")]),
        ("a) vienna 350 b) 05 vienna 1760", [("A", "08VIENNA350"), ("B", "05VIENNA1760")]),
    ],
)
def test_reference_forms(block: str, expected: list[tuple[str | None, str]]) -> None:
    references = parse_references(block, 2008)
    assert [(ref.label, ref.cited_id) for ref in references] == expected
    assert all(ref.kind == "cable" for ref in references)


def test_non_cable_reference_keeps_its_kind() -> None:
    references = parse_references("A. EMAIL OF MARCH 3 FROM POLOFF B. STATE 1234", 2009)
    assert [(ref.label, ref.cited_id, ref.kind) for ref in references] == [
        ("A", None, "email"),
        ("B", "09STATE1234", "cable"),
    ]


def test_reference_block_across_blank_lines_with_markdown_labels() -> None:
    parsed = parse_cable(
        cable(
            "UNCLAS RIVERTOWN 000042\n\nSUBJECT: X\n\n"
            "REF: A. STATE 1\n\n[1](#)B. STATE 2\n\n1. Text.\n"
        )
    )
    assert [ref.cited_id for ref in parsed.references] == ["08STATE1", "08STATE2"]
    assert [p.text for p in parsed.paragraphs] == ["Text."]


# --- body -------------------------------------------------------------------------------


def test_paragraph_numbering_forms_headings_and_passages() -> None:
    body = (
        "UNCLAS SECTION 01 OF 02 RIVERTOWN 000042\n\nSUBJECT: X\n\n"
        "¶1. (SBU) SUMMARY: First sentence \nwrapped. END SUMMARY. \n\n"
        "Section Heading \n--------------- \n\n"
        "[1](#)2. (C) Second paragraph that is cut \n\n"
        "RIVERTOWN 00000042  002 OF 002 \n\n"
        "by a page break.\n\n"
        "2a. Sub-paragraph.\n\n"
        "COMMENT \n------- \n\n"
        "¶3. (U) Comment text. END COMMENT.\n\n"
        "SMITH\nNNNN\n"
    )
    parsed = parse_cable(cable(body))
    labels = [(p.number_label, p.marking, p.heading) for p in parsed.paragraphs]
    assert labels == [
        ("1", "SBU", None),
        ("2", "C", "Section Heading"),
        ("2a", None, "Section Heading"),
        ("3", "U", "COMMENT"),
    ]
    assert parsed.paragraphs[0].text == "SUMMARY: First sentence wrapped. END SUMMARY."
    assert parsed.paragraphs[1].text == "Second paragraph that is cut by a page break."
    assert parsed.summary == "First sentence wrapped."
    assert parsed.comment == "Comment text."
    assert [p.is_summary for p in parsed.paragraphs] == [True, False, False, False]
    assert [p.is_comment for p in parsed.paragraphs] == [False, False, False, True]
    assert parsed.signer == "SMITH"
    assert "00000042" not in parsed.body


def test_markdown_one_prefix_is_restored_to_the_paragraph_number() -> None:
    body = (
        "UNCLAS RIVERTOWN 000042\n\nSUBJECT: X\n\n"
        "[1](#)1. One.\n\n[1](#)2. Two.\n\n13. Three.\n\n14. Four.\n"
    )
    parsed = parse_cable(cable(body))
    assert [p.number_label for p in parsed.paragraphs] == ["1", "2", "3", "4"]


def test_redactions_are_counted() -> None:
    parsed = parse_cable(
        cable("UNCLAS RIVERTOWN 000042\n\nSUBJECT: X\n\n1. XXXXXXXXXXXX met [SOURCE REMOVED].\n")
    )
    assert parsed.redaction_count == 2


# --- containers -------------------------------------------------------------------------


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


def test_html_cable_page() -> None:
    page = (
        "<html><body><table class='cable'><tr><th>Reference ID</th><th>Created</th>"
        "<th>Released</th><th>Classification</th><th>Origin</th></tr>"
        "<tr><td><a href='x'>08RIVERTOWN42</a></td><td>2008-05-03 10:15</td>"
        "<td>2011-08-30 01:44</td><td>CONFIDENTIAL//NOFORN</td><td>Embassy Rivertown</td></tr>"
        "</table><code><pre>" + HEADER.replace("\n", "&#x000A;") + "</pre></code>"
        "<code><pre>CONFIDENTIAL RIVERTOWN 000042&#x000A;&#x000A;TAGS: "
        "<a href='/tag/PREL_0.html'>PREL</a>&#x000A;SUBJECT: A &amp; B&#x000A;&#x000A;"
        "<a href='#par1'>¶</a>1. (C) Text.</pre></code></body></html>"
    )
    parsed = parse_document(page.encode(), "auto")
    assert parsed.cable_id == "08RIVERTOWN42"
    assert parsed.released_at == datetime(2011, 8, 30, 1, 44, tzinfo=UTC)
    assert parsed.classification == "CONFIDENTIAL//NOFORN"
    assert parsed.subject == "A & B"
    assert parsed.tags == ["PREL"]
    assert parsed.paragraphs[0].number_label == "1"


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


def test_text_without_cable_structure_is_rejected_with_a_sentence() -> None:
    with pytest.raises(CableParseError, match="not a cable"):
        parse_cable("Dear diary,\n\ntoday nothing happened.\n")
    with pytest.raises(CableParseError):
        parse_document(bytes(range(256)))
