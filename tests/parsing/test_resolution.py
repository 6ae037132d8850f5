"""Which value a field keeps when container, header and text disagree (``resolution``), and
where each creation date comes from. Fragments are written for the tests; station names are
made up."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime

import pytest

from etl.parsing import parse_cable, parse_document
from etl.parsing.header import Header
from etl.parsing.records import CREATED_SOURCES, SourceHints
from etl.parsing.resolution import (
    ContainerEvidence,
    TextEvidence,
    resolve_created,
    resolve_fields,
    resolve_subject,
    same_id,
)
from etl.parsing.source_name import NameHint

from .conftest import ENVELOPE, PARTIAL_BODY, UNDATED, html_page

DTG = datetime(2008, 5, 3, 10, 15, tzinfo=UTC)
TELEGRAM = (
    "O 121315Z JUN 06\nFM AMEMBASSY RIVERTOWN\nTO SECSTATE WASHDC IMMEDIATE 1\n\n"
    "CONFIDENTIAL RIVERTOWN 002025\n\nTAGS: PREL\nSUBJECT: X\n\n¶1. (C) Text.\n"
)


def _csv_record(created: str, refid: str, header: str, body: str) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(
        ["77", created, refid, "Embassy Rivertown", "CONFIDENTIAL", "", header, body]
    )
    return buffer.getvalue().encode()


# --- created: the rule ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dtg", "stated", "source", "expected"),
    [
        # the DTG wins over the container's unreliable minutes; a day apart is agreement
        (DTG, datetime(2008, 5, 3, 10, 8, tzinfo=UTC), "page", (DTG, "dtg", None)),
        (DTG, datetime(2008, 5, 4, 0, 0, tzinfo=UTC), "metadata", (DTG, "dtg", None)),
        # days apart: the DTG is kept, the container's date recorded for the quality stage
        (
            DTG,
            datetime(2008, 3, 6, 9, 0, tzinfo=UTC),
            "page",
            (DTG, "dtg", datetime(2008, 3, 6, 9, 0, tzinfo=UTC)),
        ),
        # without a DTG the container's date is a stated date, minutes and all
        (
            None,
            datetime(2008, 3, 6, 9, 7, tzinfo=UTC),
            "csv",
            (datetime(2008, 3, 6, 9, 7, tzinfo=UTC), "csv", None),
        ),
        (None, None, None, (None, "none", None)),
    ],
)
def test_resolve_created(
    dtg: datetime | None,
    stated: datetime | None,
    source: str | None,
    expected: tuple[datetime | None, str, datetime | None],
) -> None:
    problems: list[str] = []
    hints = SourceHints(created_at=stated, created_source=source) if stated else None
    created = resolve_created(dtg, hints, problems)
    assert (created.created_at, created.created_source, created.container_created_at) == expected
    assert created.created_estimate is None
    assert bool(problems) == (expected[2] is not None)


def test_html_page_of_a_partial_extract_is_dated_by_its_table() -> None:
    header, body = PARTIAL_BODY.split("\n\n", 1)
    parsed = parse_document(html_page("2003-04-18 09:59", [header, body]), "auto")
    assert parsed.is_partial_extract
    assert parsed.created_at == datetime(2003, 4, 18, 9, 59, tzinfo=UTC)
    assert parsed.created_source == "page"
    assert parsed.created_estimate is None


def test_html_page_dtg_wins_over_the_table_minutes() -> None:
    page = html_page(
        "2008-05-03 10:08",
        [
            ENVELOPE.replace("O R 082055Z OCT 09", "P 031015Z MAY 08"),
            "CONFIDENTIAL RIVERTOWN 000595\n\nSUBJECT: X\n",
        ],
    )
    parsed = parse_document(page, "html")
    assert (parsed.created_at, parsed.created_source) == (DTG, "dtg")
    assert parsed.container_created_at is None


def test_html_page_table_days_from_the_dtg_is_kept_apart() -> None:
    page = html_page(
        "2008-03-06 09:08",
        [
            ENVELOPE.replace("O R 082055Z OCT 09", "P 031015Z MAY 08"),
            "CONFIDENTIAL RIVERTOWN 000595\n\nSUBJECT: X\n",
        ],
    )
    parsed = parse_document(page, "html")
    assert (parsed.created_at, parsed.created_source) == (DTG, "dtg")
    assert parsed.container_created_at == datetime(2008, 3, 6, 9, 8, tzinfo=UTC)
    assert any("days apart" in problem for problem in parsed.problems)


def test_cables_csv_record_of_a_partial_extract_is_dated_by_its_date_column() -> None:
    header, body = PARTIAL_BODY.split("\n\n", 1)
    data = _csv_record("4/18/2003 9:59", "03RIVERTOWN42", header, body.replace("\n", "\\\n"))
    parsed = parse_document(data, "auto")
    assert parsed.cable_id == "03RIVERTOWN42"
    assert parsed.created_at == datetime(2003, 4, 18, 9, 59, tzinfo=UTC)
    assert parsed.created_source == "csv"


def test_metadata_block_date_is_stated() -> None:
    block = "06RIVERTOWN2025\nX\nMon Jun 12 00:00:00 +0100 2006\nCONFIDENTIAL\nEmbassy Rivertown\n"
    undated = TELEGRAM.split("\n\n", 1)[1]
    parsed = parse_cable(block + undated)
    assert (parsed.created_at, parsed.created_source) == (
        datetime(2006, 6, 12, tzinfo=UTC),
        "metadata",
    )
    # with the header's DTG the same block only confirms the day
    dated = parse_cable(block + TELEGRAM)
    assert (dated.created_at, dated.created_source) == (
        datetime(2006, 6, 12, 13, 15, tzinfo=UTC),
        "dtg",
    )


def test_relay_line_states_the_sections_dtg() -> None:
    text = UNDATED.replace(
        "TAGS:",
        "INFO LOG-00 NP-00 ------------------392832  021704Z /38 O 021655Z NOV 01 FM AMEMBASSY "
        "RIVERTOWN TO SECSTATE WASHDC IMMEDIATE 0000\nTAGS:",
    )
    parsed = parse_cable(text)
    assert (parsed.created_at, parsed.created_source) == (
        datetime(2001, 11, 2, 16, 55, tzinfo=UTC),
        "dtg",
    )
    assert parsed.cable_id == "01RIVERTOWN1261"


def test_an_estimate_never_lands_in_created_at() -> None:
    text = UNDATED.replace("¶1. (C) Text", "PAGE 02 RIVERT 01261 061419Z\n¶1. (C) Text")
    parsed = parse_cable(text, source_path="01RIVERTOWN1261.txt")
    assert parsed.created_at is None
    assert parsed.created_source == "estimate"
    assert parsed.created_estimate == datetime(2001, 3, 6, 14, 19, tzinfo=UTC)
    assert any("estimated" in problem for problem in parsed.problems)
    # the declassification date alone still estimates the year of the id
    alone = parse_cable(UNDATED)
    assert (alone.cable_id, alone.created_at, alone.created_source) == (
        "01RIVERTOWN1261",
        None,
        "estimate",
    )
    assert alone.created_estimate == datetime(2001, 3, 5, tzinfo=UTC)


def test_no_evidence_at_all_is_none() -> None:
    parsed = parse_cable(UNDATED.replace("DECL: 03/05/11", "N/A"))
    assert (parsed.created_at, parsed.created_source, parsed.created_estimate) == (
        None,
        "none",
        None,
    )


def test_created_source_vocabulary() -> None:
    assert CREATED_SOURCES == ("dtg", "metadata", "page", "csv", "estimate", "none")


# --- id ---------------------------------------------------------------------------------


def test_text_id_differing_from_the_container_id_is_kept_apart() -> None:
    row = _csv_record("6/12/2006 13:15", "06RIVERTOWN22025", *TELEGRAM.split("\n\n", 1))
    parsed = parse_document(row, "csv-row")
    assert parsed.cable_id == "06RIVERTOWN22025"
    assert parsed.text_cable_id == "06RIVERTOWN2025"
    assert any("container's id is kept" in problem for problem in parsed.problems)


def test_name_is_the_release_id_over_the_text() -> None:
    # a body filed by the release under another station's id (a quoted cable, a wrong line)
    for path in (
        "cable/2006/06/06HILLTOWN2025.html",
        "in/06HILLTOWN2025.txt",
        "in/06HILLTOWN2025__rev20101213.txt",
    ):
        parsed = parse_document(TELEGRAM.encode(), source_path=path)
        assert parsed.cable_id == "06HILLTOWN2025", path
        assert parsed.text_cable_id == "06RIVERTOWN2025"
    same = parse_document(TELEGRAM.encode(), source_path="in/06RIVERTOWN2025.txt")
    assert (same.cable_id, same.text_cable_id) == ("06RIVERTOWN2025", None)
    assert parse_cable(TELEGRAM).cable_id == "06RIVERTOWN2025"


def test_name_fills_an_id_the_text_cannot_complete() -> None:
    undated = UNDATED.replace("DECL: 03/05/11", "N/A")
    assert parse_cable(undated).cable_id is None
    named = parse_cable(undated, source_path="x/01RIVERTOWN1261.txt")
    assert (named.cable_id, named.text_cable_id) == ("01RIVERTOWN1261", None)


def test_name_is_ignored_for_csv_rows() -> None:
    parsed = parse_cable(UNDATED.replace("DECL: 03/05/11", "N/A"), source_path="c.csv#row=3")
    assert parsed.cable_id is None


def test_year_printed_before_the_station_stays_in_the_id() -> None:
    text = (
        "O R 181205Z NOV 75\nFM AMEMBASSY HILLTOWN\nTO SECSTATE WASHDC IMMEDIATE 7102\n\n"
        "C O N F I D E N T I A L 75 HILLTOWN 1895\nE.O. 11652: NGDS\nTAGS: PFOR\n"
        "SUBJ: X\n\n¶1. Text.\n"
    )
    parsed = parse_cable(text)
    assert parsed.cable_id == "7575HILLTOWN1895"  # as the release filed such cables
    assert parsed.origin == "Embassy Hilltown"
    named = parse_cable(text, source_path="cable/1975/11/7575HILLTOWN1895.html")
    assert (named.cable_id, named.text_cable_id) == ("7575HILLTOWN1895", None)


def test_release_id_with_a_glued_section_marker_is_kept_as_written() -> None:
    text = TELEGRAM.replace("CONFIDENTIAL RIVERTOWN", "CONFIDENTIAL SCTION 02 OF 02 RIVERTOWN")
    parsed = parse_cable(text, source_path="06SCTION02OF02RIVERTOWN2025.txt")
    assert parsed.cable_id == "06SCTION02OF02RIVERTOWN2025"


@pytest.mark.parametrize(
    ("derived", "given", "same"),
    [
        ("10EFTORIVERTOWN21", "10RIVERTOWN21", True),  # the release drops EFTO now and then
        ("10XXXXXXXXXXXX4", "10RIVERTOWN4", True),  # a redacted station hides only the name
        ("09RIVERTOWN561", "09RIVERTOWN595", False),
        ("09HILLTOWN132", "09RIVERTOWN132", False),
    ],
)
def test_same_id(derived: str, given: str, same: bool) -> None:
    assert same_id(derived, given) is same


# --- other fields -----------------------------------------------------------------------


def test_container_classification_and_origin_win_and_subject_keeps_the_full_text() -> None:
    hints = SourceHints(
        cable_id="06RIVERTOWN2025",
        classification="SECRET",
        origin="Consulate Rivertown",
        subject="A LONG SUBJECT",
    )
    resolved = resolve_fields(
        ContainerEvidence(hints, NameHint()),
        Header(sender="AMEMBASSY RIVERTOWN"),
        TextEvidence(classification="CONFIDENTIAL", subject="A LONG SUBJECT THAT WRAPS"),
    )
    assert (resolved.classification, resolved.origin) == ("SECRET", "Consulate Rivertown")
    assert resolved.subject == "A LONG SUBJECT THAT WRAPS"
    assert resolve_subject("SOMETHING ELSE", "A LONG SUBJECT") == "A LONG SUBJECT"
    assert resolve_subject(None, None) == ""


def test_declassification_year_guess_only_where_the_default_applied() -> None:
    resolved = resolve_fields(
        ContainerEvidence(),
        Header(sender="AMEMBASSY RIVERTOWN", station_serial="0042"),
        TextEvidence(declassify_on=date(1985, 1, 1)),
    )
    assert resolved.cable_id is None
    assert any("could not be derived" in problem for problem in resolved.problems)
