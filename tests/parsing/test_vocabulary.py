"""The release's vocabularies (``vocabulary``): origins, classifications. Fragments are written for
the tests; station names are made up."""

from __future__ import annotations

import pytest

from etl.parsing import parse_cable
from etl.parsing.vocabulary import origin_from_sender, origin_from_station

from .conftest import cable


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
        # Renamed cities: the release files the post under its current name.
        ("AMEMBASSY KIEV", "Embassy Kyiv"),
        ("AMEMBASSY KYIV", "Embassy Kyiv"),
        ("AMCONSUL CALCUTTA", "Consulate Kolkata"),
        ("AMCONSUL BOMBAY", "Consulate Mumbai"),
    ],
)
def test_sender_maps_to_release_origin(sender: str, origin: str) -> None:
    assert origin_from_sender(sender) == origin


def test_unclassified_sensitive_is_fouo() -> None:
    parsed = parse_cable(cable("UNCLAS RIVERTOWN 000042\n\nSENSITIVE\nSIPDIS\n\nTAGS: PREL\n"))
    assert parsed.classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"


def test_unclassified_noforn_is_for_official_use_only() -> None:
    text = "UNCLAS HILLTOWN 000868\n\nNOFORN SIPDIS\n\nSUBJECT: X\n\n¶1. (SBU) Text.\n"
    assert parse_cable(text).classification == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"


@pytest.mark.parametrize(
    ("station", "origin"),
    [("KIEV", "Embassy Kyiv"), ("MADRAS", "Consulate Chennai"), ("HILLTOWN", "Embassy Hilltown")],
)
def test_station_without_fm_line_maps_renamed_posts(station: str, origin: str) -> None:
    assert origin_from_station(station) == origin
