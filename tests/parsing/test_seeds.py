"""The five specification cables parse to what a careful reader sees in them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from etl.parsing import ParsedCable, parse_document

SAMPLES = Path(__file__).resolve().parents[2] / "etl" / "sample_cables"


def _parse(prefix: str) -> ParsedCable:
    (path,) = SAMPLES.glob(f"{prefix}_*.txt")
    return parse_document(path.read_bytes())


@pytest.fixture(scope="module")
def seed000() -> ParsedCable:
    return _parse("000")


@pytest.fixture(scope="module")
def seed001() -> ParsedCable:
    return _parse("001")


@pytest.fixture(scope="module")
def seed002() -> ParsedCable:
    return _parse("002")


@pytest.fixture(scope="module")
def seed003() -> ParsedCable:
    return _parse("003")


@pytest.fixture(scope="module")
def seed004() -> ParsedCable:
    return _parse("004")


@pytest.mark.parametrize(
    ("prefix", "cable_id", "created"),
    [
        ("000", "06PHNOMPENH1092", datetime(2006, 6, 9, 11, 22, tzinfo=UTC)),
        ("001", "09PHNOMPENH637", datetime(2009, 8, 28, 6, 47, tzinfo=UTC)),
        ("002", "06PHNOMPENH534", datetime(2006, 3, 21, 9, 59, tzinfo=UTC)),
        ("003", "09PHNOMPENH907", datetime(2009, 12, 14, 2, 33, tzinfo=UTC)),
        ("004", "06PHNOMPENH1606", datetime(2006, 9, 6, 11, 19, tzinfo=UTC)),
    ],
)
def test_identity_and_date(prefix: str, cable_id: str, created: datetime) -> None:
    cable = _parse(prefix)
    assert cable.cable_id == cable_id
    assert cable.created_at == created
    assert cable.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    assert cable.origin == "Embassy Phnom Penh"
    assert cable.precedence == "IMMEDIATE"
    assert cable.origin_routing_indicator == "RUEHPF"
    assert cable.declassification == "E.O. 12958: N/A"
    assert cable.declassify_on is None
    assert not cable.is_metadata_only
    assert not cable.is_partial_extract
    assert "SIPDIS" in cable.caveats and "SENSITIVE" in cable.caveats
    assert cable.problems == []


def test_layout_b_derives_everything_from_text(seed000: ParsedCable) -> None:
    assert seed000.transmission_id == "VZCZCXRO3465"
    assert seed000.station_serial == "1092"
    assert seed000.section_count == 2
    assert seed000.subject == "AMBASSADOR PRESSES CAMBODIAN DPM ON TIP"
    assert seed000.tags == ["PGOV", "PHUM", "PREL", "CB", "KWMN"]
    assert [(ref.label, ref.cited_id) for ref in seed000.references] == [
        ("A", "06STATE85578"),
        ("B", "06STATE89018"),
    ]
    assert [
        (r.kind, r.routing_indicator, r.name, r.precedence, r.serial) for r in seed000.recipients
    ] == [
        ("to", "RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "6838"),
        ("info", "RUEHBK", "AMEMBASSY BANGKOK", None, "1578"),
        ("info", "RUEHHI", "AMEMBASSY HANOI", None, "3940"),
        ("info", "RUEHKL", "AMEMBASSY KUALA LUMPUR", None, "0306"),
        ("info", "RUEHHM", "AMCONSUL HO CHI MINH CITY", None, "0042"),
        ("info", "RUEHGV", "USMISSION GENEVA", None, "1477"),
    ]
    assert seed000.signer == "STORELLA"


def test_layout_b_paragraphs_rejoined_and_renumbered(seed000: ParsedCable) -> None:
    paragraphs = seed000.paragraphs
    # "15." / "16." / "17." are the [1](#) artefact in front of 5, 6, 7.
    assert [p.number_label for p in paragraphs] == ["1", "2", "3", "4", "5", "6", "7"]
    assert all(p.marking == "SBU" for p in paragraphs)
    assert paragraphs[0].text.startswith("Summary: On June 8, the Ambassador delivered")
    assert paragraphs[0].is_summary and not paragraphs[1].is_summary
    assert paragraphs[1].heading == "TIP DEMARCHE"
    assert paragraphs[3].heading == "CORRUPTION IN CAMBODIA"
    # A blank line inside a sentence and a page break inside a sentence are both rejoined.
    assert "He added that passing such a law would affect how" in paragraphs[3].text
    assert "since earlier in the year. We plan to see" in paragraphs[6].text
    assert "PHNOM PENH 00001092" not in paragraphs[6].text
    assert paragraphs[6].is_comment and paragraphs[6].heading == "COMMENT"
    assert seed000.summary is not None and seed000.summary.startswith("On June 8, the Ambassador")
    assert seed000.summary.endswith("hurt TIP and other efforts.")
    assert seed000.comment is not None and seed000.comment.startswith("Sar Kheng did not appear")
    assert "PHNOM PENH 00001092 002 OF 002" not in seed000.body


def test_glued_classification_line_and_metadata_block(seed001: ParsedCable) -> None:
    assert seed001.subject == "CAMBODIA: TIP ACTION PLAN DELIVERED"
    assert seed001.tags == ["PGOV", "PHUM", "PREL", "KTIP", "KWMN", "CB"]
    assert [
        (r.kind, r.routing_indicator, r.name, r.precedence, r.serial) for r in seed001.recipients
    ] == [
        ("to", "RUEHC", "SECSTATE WASHDC", "IMMEDIATE", "1124"),
        ("info", "RUEHBK", "AMEMBASSY BANGKOK", "IMMEDIATE", "2767"),
        ("info", "RUCNASE", "ASEAN MEMBER COLLECTIVE", "PRIORITY", None),
    ]
    assert [(ref.label, ref.cited_id, ref.raw) for ref in seed001.references] == [
        (None, "09STATE87525", "STATE 87525")
    ]
    assert seed001.body.startswith("UNCLAS SECTION 01 OF 02 PHNOM PENH 000637")
    assert seed001.section_count == 2
    assert len(seed001.paragraphs) == 7
    assert seed001.paragraphs[1].heading == "Ministry of Justice"
    assert seed001.paragraphs[1].text.startswith("Pol/Econ Chief met Ministry of Justice Secretary")
    assert seed001.paragraphs[6].is_comment
    assert seed001.signer == "RODLEY"


def test_three_sections_and_mixed_case_signer(seed002: ParsedCable) -> None:
    assert seed002.section_count == 3
    assert seed002.tags == ["PHUM", "PREL", "CB"]
    assert seed002.references == []
    assert [r.name for r in seed002.recipients] == [
        "SECSTATE WASHDC",
        "ASEAN MEMBER COLLECTIVE",
        "HQ USPACOM",
        "USMISSION GENEVA",
    ]
    assert seed002.recipients[3].serial == "1357"
    assert [p.number_label for p in seed002.paragraphs] == [str(n) for n in range(1, 13)]
    assert all(p.marking is None for p in seed002.paragraphs)
    last = seed002.paragraphs[-1]
    assert last.heading == "Comment" and last.is_comment
    assert last.text.startswith("The Cambodian government has made good progress")
    assert seed002.signer == "Mussomeli"


def test_multiline_subject_and_unwrapped_paragraphs(seed003: ParsedCable) -> None:
    assert seed003.subject == "CAMBODIA LAUNCHES NEW NATIONAL COMMITTEE TO COMBAT HUMAN TRAFFICKING"
    assert seed003.tags == ["PGOV", "PHUM", "PREL", "KTIP", "CB"]
    assert [ref.cited_id for ref in seed003.references] == ["09PHNOMPENH744", "09PHNOMPENH709"]
    assert [p.number_label for p in seed003.paragraphs] == ["1", "2", "3", "4", "5"]
    assert seed003.paragraphs[4].is_comment
    assert "accepted seats on the Advisory Group" in seed003.paragraphs[4].text
    assert seed003.comment is not None and seed003.comment.startswith("The DPM's presence")
    assert seed003.summary is None
    assert seed003.signer == "RODLEY"
    assert "SENSITIVE BUT UNCLASSIFIED" in seed003.caveats


def test_doubled_reference_labels(seed004: ParsedCable) -> None:
    assert seed004.subject == "TIP MEETING WITH CAMBODIAN POLICE DEPUTY COMMISSIONER"
    assert [(ref.label, ref.cited_id) for ref in seed004.references] == [
        ("A", "06STATE123359"),
        ("B", "06PHNOMPENH1424"),
    ]
    assert seed004.section_count == 1
    assert [p.marking for p in seed004.paragraphs[:2]] == ["SBU", "U"]
    assert len(seed004.paragraphs) == 7
    assert seed004.paragraphs[2].heading == "MOI Deputy Commissioner Discusses TIP"
    assert seed004.signer == "MUSSOMELI"
    assert seed004.transmission_id == "VZCZCXYZ0005"
