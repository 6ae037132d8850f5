"""The layout (a) metadata block (``metadata_block``). Fragments are written for the tests; station
names are made up."""

from __future__ import annotations

from datetime import UTC, datetime

from etl.parsing import parse_cable


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
