"""The transmission header (``header``): routing, DTG, FM/TO/INFO, partial extracts. Fragments are
written for the tests; station names are made up."""

from __future__ import annotations

from datetime import UTC, date, datetime

from etl.parsing import parse_cable

from .conftest import HEADER, cable


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


# Headers inside a wrapper: a release record whose references column is filled, TAGS printed under
# the address list, an e-mail printout around the telegram.


TELEGRAM = (
    "C O N F I D E N T I A L SECTION 01 OF 03 RIVERTOWN 000042 \n \nSIPDIS \n \n"
    "E.O. 12958: DECL: 01/24/2016 \nTAGS: XX PGOV\nSUBJECT: A CANDIDATE'S ASSURANCES\n\n"
    "1. (C) Text.\n"
)


def test_record_with_a_references_column_keeps_the_header_after_it() -> None:
    record = (
        "\n51272\n2008-05-03 10:02:00\n08RIVERTOWN42\nEmbassy Rivertown\nCONFIDENTIAL\n"
        "08RIVERTOWN25|08RIVERTOWN31\n"
    )
    parsed = parse_cable(HEADER + record + HEADER + "TAGS: XX PGOV\n" + TELEGRAM)
    assert parsed.transmission_id == "VZCZCXRO1111"
    assert [r.name for r in parsed.recipients] == ["SECSTATE WASHDC", "AMEMBASSY HILLTOWN"]
    assert parsed.created_source == "dtg"
    assert parsed.created_at is not None and parsed.created_at.minute == 15  # DTG 031015Z
    assert parsed.tags == ["XX", "PGOV"]


def test_tags_under_the_address_list_is_no_recipient() -> None:
    parsed = parse_cable(HEADER + "TAGS: XX PGOV\nSUBJECT: ABOVE\n\n" + TELEGRAM)
    assert [r.name for r in parsed.recipients] == ["SECSTATE WASHDC", "AMEMBASSY HILLTOWN"]
    assert parsed.subject == "A CANDIDATE'S ASSURANCES"


def test_transmission_header_under_an_e_mail_printout() -> None:
    wrapper = (
        "A. Person  12/02/2009 11:08:08 AM  From  DB/Inbox:  Search \nResults\n\nCable \n"
        "Text:\n\nC O N F I D E N T I A L        RIVERTOWN 00042\nCXRIVER:\n"
        "    ACTION: AMB\n    INFO:   RSO P/E DCM\n\nDISSEMINATION: AMB /1\n\n"
    )
    parsed = parse_cable(wrapper + HEADER + "\n" + TELEGRAM)
    assert parsed.transmission_id == "VZCZCXRO1111"
    assert parsed.created_source == "dtg"
    assert len(parsed.recipients) == 2
    assert parsed.subject == "A CANDIDATE'S ASSURANCES"
