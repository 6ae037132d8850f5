"""Headers inside a wrapper (issue 15): a release record whose references column is filled,
TAGS printed under the address list, an e-mail printout around the telegram. Fragments are
written for the tests from the patterns; station names are made up."""

from __future__ import annotations

from etl.parsing import parse_cable

from .conftest import HEADER

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
